package dev.ebpfexporter.load;

import dev.ebpfexporter.bpf.BpfException;
import dev.ebpfexporter.bpf.BpfMap;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a {@code cgroup_id_map} holding, as keys (u64, host order) with value 1, the ids of the
 * cgroups whose path matches one of the config's regexps, as ebpf_exporter does (a cgrp_storage map
 * instead holds 1 in the storage of each matching cgroup, and the kernel frees it with its cgroup): a program looks
 * its task's cgroup id up to decide whether to count. A path is the cgroup's directory under the
 * cgroup2 mount ({@code /sys/fs/cgroup/system.slice/ssh.service}, what the {@code cgroup} decoder
 * shows), and a regexp matches when it is found anywhere in it (anchor it with {@code ^…$}); the
 * id is the directory's inode number, which is what {@code bpf_get_current_cgroup_id()} returns.
 *
 * <p>The map is filled before the config's programs attach, then kept current from inotify: every
 * cgroup directory is watched, and a cgroup created or removed anywhere makes the hierarchy be
 * walked again and the map brought to match it (added ids put, gone ones deleted). A directory is
 * watched before it is listed, so a cgroup created during a walk is either listed or reported.
 * Events that pile up during a walk cost one more walk, not one each. Between a mkdir and the map
 * update the new cgroup's events are not yet counted as matching: an inotify wake-up and a walk,
 * typically well under a millisecond per hundred cgroups.
 */
public final class CgroupIdMapFiller implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CgroupIdMapFiller.class);
    private static final byte[] PRESENT = u64(1);

    private final String source;
    private final BpfMap map;
    /** A cgrp_storage map: keyed from here by a cgroup's fd, and its entries go with their cgroup. */
    private final boolean cgroupStorage;
    private final List<Pattern> regexps;
    private final Path root;
    private final WatchService watcher;
    private final Set<Long> inMap = new HashSet<>();
    private final Thread thread;
    private String lastFailure;

    private CgroupIdMapFiller(String source, BpfMap map, boolean cgroupStorage, List<Pattern> regexps, Path root,
            WatchService watcher) {
        this.source = source;
        this.map = map;
        this.cgroupStorage = cgroupStorage;
        this.regexps = regexps;
        this.root = root;
        this.watcher = watcher;
        this.thread = new Thread(this::followChanges, "cgroup-id-map " + map.name());
        thread.setDaemon(true);
    }

    /**
     * Fills {@code map} from the hierarchy under {@code root} and keeps it current until closed.
     *
     * @param source the config, for messages
     * @param cgroupStorage whether {@code map} is a cgrp_storage map rather than a hash map
     * @throws BpfException when the first fill cannot update the map
     * @throws IOException when the hierarchy cannot be watched
     */
    static CgroupIdMapFiller start(String source, BpfMap map, boolean cgroupStorage, List<String> regexps, Path root)
            throws BpfException, IOException {
        WatchService watcher = root.getFileSystem().newWatchService();
        CgroupIdMapFiller filler = new CgroupIdMapFiller(source, map, cgroupStorage,
                regexps.stream().map(Pattern::compile).toList(), root, watcher);
        try {
            filler.sync();
        } catch (BpfException | IOException | RuntimeException e) {
            watcher.close();
            throw e;
        }
        filler.thread.start();
        return filler;
    }

    private void followChanges() {
        try {
            while (true) {
                // One walk covers every change reported so far, whatever the events say.
                for (WatchKey changed = watcher.take(); changed != null; changed = watcher.poll()) {
                    changed.pollEvents();
                    changed.reset();
                }
                syncLoggingFailures();
            }
        } catch (ClosedWatchServiceException | InterruptedException closed) {
            // close() ends the thread
        }
    }

    private void syncLoggingFailures() {
        try {
            sync();
            if (lastFailure != null) {
                LOG.info("{}: cgroup_id_map '{}' is current again", source, map.name());
                lastFailure = null;
            }
        } catch (BpfException | IOException e) {
            // Said once per distinct failure, not on every cgroup change while it lasts.
            if (!e.getMessage().equals(lastFailure)) {
                lastFailure = e.getMessage();
                LOG.warn("{}: cgroup_id_map '{}' may be out of date, the counts filtered by it may be wrong: {}",
                        source, map.name(), e.getMessage());
            }
        }
    }

    /** Walks the hierarchy (watching every directory) and makes the map hold exactly the matching ids. */
    private synchronized void sync() throws BpfException, IOException {
        Map<Long, Path> matching = new HashMap<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                try {
                    dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE);
                } catch (IOException vanished) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                String path = dir.toString();
                if (regexps.stream().anyMatch(r -> r.matcher(path).find())) {
                    try {
                        matching.put((Long) Files.getAttribute(dir, "unix:ino"), dir);
                    } catch (IOException vanished) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE; // removed while walked: its delete event follows
            }
        });
        for (long id : Set.copyOf(inMap)) { // first, to make room
            if (!matching.containsKey(id)) {
                if (!cgroupStorage) { // a cgroup's storage went with it
                    map.delete(u64(id));
                }
                inMap.remove(id);
            }
        }
        for (Map.Entry<Long, Path> cgroup : matching.entrySet()) {
            if (!inMap.contains(cgroup.getKey())) {
                if (!cgroupStorage) {
                    map.update(u64(cgroup.getKey()), PRESENT);
                } else if (!map.updateForCgroup(cgroup.getValue(), PRESENT)) {
                    continue; // removed since the walk: its delete event follows
                }
                inMap.add(cgroup.getKey());
            }
        }
        // A hash map refuses the id past its size (E2BIG above); an LRU map evicts another one silently.
        if (!cgroupStorage && matching.size() > map.maxEntries()) {
            throw new BpfException("cgroup_id_map", map.name(), 0, matching.size() + " cgroups match, but the map"
                    + " holds at most " + map.maxEntries() + ", so some are missing from it; raise its max_entries");
        }
    }

    private static byte[] u64(long value) {
        return ByteBuffer.allocate(Long.BYTES).order(ByteOrder.nativeOrder()).putLong(value).array();
    }

    /** Stops following changes; the map keeps what it holds until its object closes. */
    @Override
    public void close() {
        try {
            watcher.close();
            thread.join();
        } catch (IOException e) {
            LOG.warn("{}: closing the cgroup watch: {}", source, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
