package dev.ebpfexporter.bpf;

/**
 * What the kernel counts for a loaded program (bpf_prog_info): the time spent in it and how often
 * it ran. Both only grow while run-time stats are on (kernel.bpf_stats_enabled, or an fd from
 * {@link RunTimeStats#enable()}); otherwise they stand still, usually at 0.
 *
 * @param id the kernel's program id, as bpftool prog list shows it
 */
public record ProgramRunStats(int id, long runTimeNanos, long runCount) {
    /** Mean nanoseconds per run, or 0 before the first counted run. */
    public double nanosPerRun() {
        return runCount == 0 ? 0 : (double) runTimeNanos / runCount;
    }
}
