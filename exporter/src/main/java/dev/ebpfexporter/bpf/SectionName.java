package dev.ebpfexporter.bpf;

/**
 * A program's SEC() name split at its first '/': the kind of hook ("tp_btf", "uprobe") and what
 * it names ("sched_switch", "/bin/bash:readline"; empty for a bare kind such as "perf_event").
 */
record SectionName(String kind, String target) {
    static SectionName of(String section) {
        int slash = section.indexOf('/');
        return slash < 0
                ? new SectionName(section, "")
                : new SectionName(section.substring(0, slash), section.substring(slash + 1));
    }
}
