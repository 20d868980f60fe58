package dev.ebpfexporter.it;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Global direct reclaim in a guest ({@link GuestVm}, 3 GiB, no swap): its page cache is filled
 * with {@value #CACHE_MIB} MiB of a host file (the guest's root is 9p with cache=loose, so a file
 * read there stays cached in guest memory as clean, reclaimable pages), then a helper faults in
 * huge pages up to {@value #HEADROOM_MIB} MiB short of what the guest has available: past its free
 * memory, the faults reclaim that cache themselves (global direct reclaim) before kswapd does,
 * without an OOM. The file is sparse, made on the host outside the shared folder and removed on
 * close.
 */
final class GuestDirectReclaim implements AutoCloseable {
    private static final long CACHE_MIB = 1536;
    /** Left for the exporter's JVM and the guest's own allocations while the helper holds its memory. */
    private static final long HEADROOM_MIB = 300;
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(300);

    private final GuestVm vm;
    private final Path file;

    private GuestDirectReclaim(GuestVm vm, Path file) {
        this.vm = vm;
        this.file = file;
    }

    /** Makes the sparse file and reads it into the guest's page cache. */
    static GuestDirectReclaim fillPageCache(GuestVm vm) throws IOException, InterruptedException {
        Path file = Files.createDirectories(Path.of("target/direct-reclaim-it").toAbsolutePath())
                .resolve("guest-page-cache-" + vm.kernel().id() + ".dat");
        try (RandomAccessFile sparse = new RandomAccessFile(file.toFile(), "rw")) {
            sparse.setLength(CACHE_MIB << 20);
        }
        GuestDirectReclaim reclaim = new GuestDirectReclaim(vm, file);
        try {
            vm.runOk(READ_TIMEOUT, "cat " + file + " > /dev/null");
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            reclaim.close();
            throw e;
        }
        return reclaim;
    }

    /** The guest's /proc/vmstat allocstall_* summed over zones: global direct reclaims so far. */
    long allocstalls() throws IOException, InterruptedException {
        return Long.parseLong(vm.runOk(READ_TIMEOUT, "awk '/^allocstall_/ {n += $2} END {print n}' /proc/vmstat").trim());
    }

    /** Runs the helper under {@code comm}, faulting in what the guest has available but the headroom. */
    DirectReclaimStall.Counts stall(String comm) throws IOException, InterruptedException {
        long available = Long.parseLong(vm.runOk(READ_TIMEOUT,
                "awk '/^MemAvailable:/ {print int($2 / 1024)}' /proc/meminfo").trim());
        return DirectReclaimStall.fillIn(vm, comm, available - HEADROOM_MIB);
    }

    @Override
    public void close() throws IOException {
        Files.deleteIfExists(file);
    }
}
