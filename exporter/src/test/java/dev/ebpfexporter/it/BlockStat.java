package dev.ebpfexporter.it;

/**
 * The counters of /sys/block/DEV/stat this test compares (Documentation/ABI/stable/sysfs-block:
 * reads completed, reads merged, sectors read, ms reading, writes completed, writes merged,
 * sectors written, ms writing, requests in flight, ...). The kernel counts a read or write when its
 * request ends and its sectors (512 bytes) as each part of it completes, in the same call that
 * fires block_rq_complete; requests that do not carry data for the disk (flushes, passthrough)
 * are not counted here.
 */
record BlockStat(long reads, long sectorsRead, long writes, long sectorsWritten, long inFlight) {
    static final int SECTOR = 512;

    static BlockStat parse(String text) {
        String[] fields = text.strip().split("\\s+");
        return new BlockStat(Long.parseLong(fields[0]), Long.parseLong(fields[2]), Long.parseLong(fields[4]),
                Long.parseLong(fields[6]), Long.parseLong(fields[8]));
    }

    /** What completed between {@code earlier} and this reading. */
    BlockStat minus(BlockStat earlier) {
        return new BlockStat(reads - earlier.reads, sectorsRead - earlier.sectorsRead, writes - earlier.writes,
                sectorsWritten - earlier.sectorsWritten, inFlight);
    }

    long bytesRead() {
        return sectorsRead * SECTOR;
    }

    long bytesWritten() {
        return sectorsWritten * SECTOR;
    }
}
