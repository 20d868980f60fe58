package dev.ebpfexporter.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loop device over a file, attached with {@code losetup} for a test. Closing it restores the I/O
 * scheduler the device had (the setting outlives the attachment: the next user of the device
 * would inherit ours) and detaches it, whatever happened in between.
 */
final class LoopDevice implements AutoCloseable {
    private static final Pattern ACTIVE_SCHEDULER = Pattern.compile("\\[([^\\]]+)\\]");

    private final Path device;
    private final String name;
    private final Path sysBlock;
    private final String originalScheduler;

    private LoopDevice(Path device) throws IOException {
        this.device = device;
        this.name = device.getFileName().toString();
        this.sysBlock = Path.of("/sys/block", name);
        this.originalScheduler = scheduler();
    }

    /** Attaches the first free loop device to {@code file}. */
    static LoopDevice attach(Path file) throws IOException, InterruptedException {
        String device = TestHelper.runCommand(30, List.of("losetup", "--find", "--show", file.toString())).strip();
        try {
            return new LoopDevice(Path.of(device));
        } catch (IOException | RuntimeException e) {
            TestHelper.runCommand(30, List.of("losetup", "--detach", device));
            throw e;
        }
    }

    /** The device node, e.g. /dev/loop3. */
    Path device() {
        return device;
    }

    /** The disk's name, e.g. loop3: what /proc/partitions and the majorminor decoder call it. */
    String name() {
        return name;
    }

    /** Switches the I/O scheduler, e.g. "none" or "mq-deadline". */
    void useScheduler(String scheduler) throws IOException {
        Files.writeString(sysBlock.resolve("queue/scheduler"), scheduler);
        if (!scheduler().equals(scheduler)) {
            throw new AssertionError(name + " did not take scheduler " + scheduler + ": " + scheduler());
        }
    }

    BlockStat stat() throws IOException {
        return BlockStat.parse(Files.readString(sysBlock.resolve("stat")));
    }

    private String scheduler() throws IOException {
        String line = Files.readString(sysBlock.resolve("queue/scheduler"));
        Matcher active = ACTIVE_SCHEDULER.matcher(line);
        return active.find() ? active.group(1) : line.strip();
    }

    @Override
    public void close() throws IOException {
        try {
            useScheduler(originalScheduler);
        } finally {
            try {
                TestHelper.runCommand(30, List.of("losetup", "--detach", device.toString()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while detaching " + device + ": run losetup --detach " + device, e);
            }
        }
    }
}
