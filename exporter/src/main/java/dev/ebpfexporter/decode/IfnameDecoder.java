package dev.ebpfexporter.decode;

import dev.ebpfexporter.config.DecoderConfig;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * A network interface index (the label's first 4 bytes, a u32 in host byte order) → the
 * interface's name, {@code eth0}, as ebpf_exporter's {@code ifname} decoder does; an index no
 * interface has becomes {@code unknown:<index>}. Names come from {@code /sys/class/net}, one
 * directory per interface of this network namespace with its index in the file {@code ifindex}.
 *
 * <p>Interfaces come and go (a container's veth), so an index the table lacks re-reads the
 * directory, at most once per {@code minReread} however many indexes miss ({@link RereadLimit}).
 * The exporter decodes a key once while it stays in its map, so an index that missed keeps its
 * {@code unknown} label; with the default interval (1 s, no longer than a drain interval) the first
 * miss of a drain re-reads, after the map was read, so only an interface created within a second of
 * a previous miss's re-read can go unnamed. Re-reads add and rename but forget nothing, so a new
 * key of a deleted interface still gets its name while the table remembers it: the {@code capacity}
 * indexes used last. Thread-safe.
 */
public final class IfnameDecoder implements Decoder {
    static final int DEFAULT_CAPACITY = 4096;
    private static final Path SYS_CLASS_NET = Path.of("/sys/class/net");
    private static final Duration MIN_REREAD = Duration.ofSeconds(1);

    private final Path sysClassNet;
    private final ByteOrder order;
    private final RereadLimit rereads;
    private final Map<Integer, String> nameByIndex;

    /**
     * @param sysClassNet a folder of interface folders holding an {@code ifindex} file, as {@code /sys/class/net}
     * @param order the byte order of map keys: the host's
     * @param minReread the least time between two reads of {@code sysClassNet}
     * @param nanoClock a monotonic clock, as {@link System#nanoTime()}
     * @param capacity how many indexes the table holds at most
     */
    IfnameDecoder(Path sysClassNet, ByteOrder order, Duration minReread, LongSupplier nanoClock, int capacity) {
        this.sysClassNet = sysClassNet;
        this.order = order;
        this.rereads = new RereadLimit(minReread, nanoClock);
        this.nameByIndex = new LruCache<>(capacity);
    }

    /** Names the host's interfaces, re-reading /sys/class/net at most once a second. */
    public static IfnameDecoder ofThisHost() {
        return new IfnameDecoder(SYS_CLASS_NET, ByteOrder.nativeOrder(), MIN_REREAD, System::nanoTime, DEFAULT_CAPACITY);
    }

    @Override
    public synchronized byte[] decode(byte[] in, DecoderConfig config) throws DecodeException {
        if (in.length < Integer.BYTES) {
            throw new DecodeException("ifname needs the 4 bytes of a u32 interface index, got " + in.length);
        }
        int index = ByteBuffer.wrap(in, 0, Integer.BYTES).order(order).getInt(); // like theirs: the first 4 bytes
        String name = nameByIndex.get(index);
        if (name == null && rereads.allows()) {
            name = readInterfaces(index);
        }
        return (name != null ? name : "unknown:" + Integer.toUnsignedString(index)).getBytes(StandardCharsets.UTF_8);
    }

    /** Fails when the folder cannot be listed: every index would read unknown. */
    @Override
    public void checkUsable() throws DecodeException {
        try (DirectoryStream<Path> interfaces = Files.newDirectoryStream(sysClassNet)) {
            interfaces.iterator().hasNext();
        } catch (IOException e) {
            throw new DecodeException("cannot list network interfaces in " + sysClassNet + " (" + e
                    + "), so no index could be named: mount sysfs at /sys in the exporter's network namespace");
        }
    }

    /**
     * Adds every interface listed (ones that vanish meanwhile are skipped) and returns the name of
     * {@code wanted}, null when none has it; {@code wanted} is added last, so a host with more
     * interfaces than the table holds cannot evict it at once.
     */
    private String readInterfaces(int wanted) {
        rereads.reading();
        String found = null;
        try (DirectoryStream<Path> interfaces = Files.newDirectoryStream(sysClassNet)) {
            for (Path iface : interfaces) {
                Integer index = indexOf(iface);
                if (index != null) {
                    String name = iface.getFileName().toString();
                    nameByIndex.put(index, name);
                    if (index == wanted) {
                        found = name;
                    }
                }
            }
        } catch (IOException e) {
            // A partial listing still named what it reached; the rest stay unknown.
        }
        if (found != null) {
            nameByIndex.put(wanted, found);
        }
        return found;
    }

    private static Integer indexOf(Path iface) {
        try {
            return Integer.parseUnsignedInt(Files.readString(iface.resolve("ifindex"), StandardCharsets.US_ASCII).trim());
        } catch (IOException | NumberFormatException e) {
            return null;
        }
    }

    /** How many indexes the table holds now. */
    synchronized int tableSize() {
        return nameByIndex.size();
    }
}
