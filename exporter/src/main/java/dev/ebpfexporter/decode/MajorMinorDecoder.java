package dev.ebpfexporter.decode;

import dev.ebpfexporter.config.DecoderConfig;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * A block device number → the device's name, e.g. {@code vda}, {@code loop0}, as ebpf_exporter's
 * {@code majorminor} decoder does. Input: the label's 4 raw key bytes, a u32 in host byte order
 * holding the kernel's {@code new_encode_dev()} encoding, the one userspace's {@code major()} and
 * {@code minor()} decode: {@code minor & 0xff | major << 8 | (minor & ~0xff) << 12} (not the
 * kernel's internal {@code major << 20 | minor}). Output: the name {@code /proc/partitions} gives
 * that major and minor, else {@code unknown:MAJOR:MINOR}.
 *
 * <p>Devices come and go (loop devices are attached and detached all the time), so a number the
 * table lacks re-reads {@code /proc/partitions}, at most once per {@code minReread} whatever the
 * number of misses; re-reads add to the table and correct changed names, so a new key of a device
 * removed meanwhile still gets its name. The table keeps the {@code capacity} numbers used last
 * (the exporter asks once per map key, so a churn of loop devices cannot grow it without bound).
 * {@code /proc/partitions} omits
 * disks of zero capacity (a loop device detached before its keys were first decoded), so a number
 * still missing is looked up as the link {@code /sys/dev/block/MAJOR:MINOR}, whose target is named
 * like the device for as long as the kernel has it. Thread-safe.
 */
public final class MajorMinorDecoder implements Decoder {
    private static final Path PARTITIONS = Path.of("/proc/partitions");
    private static final Path SYS_DEV_BLOCK = Path.of("/sys/dev/block");
    private static final Duration MIN_REREAD = Duration.ofSeconds(1);
    private static final int ENCODED_SIZE = Integer.BYTES;
    static final int DEFAULT_CAPACITY = 4096;

    private final Path partitions;
    private final Path sysDevBlock;
    private final ByteOrder order;
    private final RereadLimit rereads;
    private final Map<String, String> nameByNumber; // "major:minor" → name, least recently used out first

    /**
     * @param partitions a file in the format of {@code /proc/partitions}
     * @param sysDevBlock a folder of {@code MAJOR:MINOR} links, as {@code /sys/dev/block}
     * @param order the byte order of map keys: the host's
     * @param minReread the least time between two reads of {@code partitions}
     * @param nanoClock a monotonic clock, as {@link System#nanoTime()}
     * @param capacity how many device numbers the table holds at most
     */
    MajorMinorDecoder(Path partitions, Path sysDevBlock, ByteOrder order, Duration minReread, LongSupplier nanoClock,
            int capacity) {
        this.partitions = partitions;
        this.sysDevBlock = sysDevBlock;
        this.order = order;
        this.rereads = new RereadLimit(minReread, nanoClock);
        this.nameByNumber = new LruCache<>(capacity);
    }

    /** Names the host's devices, re-reading /proc/partitions at most once a second. */
    public static MajorMinorDecoder ofThisHost() {
        return new MajorMinorDecoder(PARTITIONS, SYS_DEV_BLOCK, ByteOrder.nativeOrder(), MIN_REREAD, System::nanoTime,
                DEFAULT_CAPACITY);
    }

    @Override
    public synchronized byte[] decode(byte[] in, DecoderConfig config) throws DecodeException {
        if (in.length != ENCODED_SIZE) {
            throw new DecodeException("majorminor needs the 4 bytes of a u32 device number, got " + in.length);
        }
        int dev = ByteBuffer.wrap(in).order(order).getInt();
        String number = ((dev >>> 8) & 0xfff) + ":" + ((dev & 0xff) | ((dev >>> 12) & 0xfff00));
        String name = nameByNumber.get(number);
        if (name == null && rereads.allows()) {
            name = readPartitions(number);
        }
        if (name == null) {
            name = sysfsName(number);
        }
        return (name == null ? "unknown:" + number : name).getBytes(StandardCharsets.UTF_8);
    }

    /** How many device numbers the table holds now. */
    synchronized int tableSize() {
        return nameByNumber.size();
    }

    /**
     * Adds every "major minor #blocks name" line (an unreadable file adds nothing) and returns the
     * name of {@code wanted}, null when the file lacks it; {@code wanted} is added last, so a file
     * listing more devices than the table holds cannot evict it at once.
     */
    private String readPartitions(String wanted) {
        rereads.reading();
        List<String> lines;
        try {
            lines = Files.readAllLines(partitions, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        }
        String found = null;
        for (String line : lines) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length == 4 && isNumber(fields[0]) && isNumber(fields[1])) {
                String number = Integer.parseInt(fields[0]) + ":" + Integer.parseInt(fields[1]);
                nameByNumber.put(number, fields[3]);
                if (number.equals(wanted)) {
                    found = fields[3];
                }
            }
        }
        if (found != null) {
            nameByNumber.put(wanted, found);
        }
        return found;
    }

    private static boolean isNumber(String field) {
        return !field.isEmpty() && field.length() < 10 && field.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /** The name of {@code sysDevBlock/number}'s target, remembered; null when there is no such link. */
    private String sysfsName(String number) {
        try {
            Path target = Files.readSymbolicLink(sysDevBlock.resolve(number)).getFileName();
            if (target == null) {
                return null;
            }
            nameByNumber.put(number, target.toString());
            return target.toString();
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }
}
