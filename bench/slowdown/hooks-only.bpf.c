/* Empty programs on every hook the default configs attach: what attaching alone costs a workload
 * (the tracepoint call, the program's entry and exit), the floor under the exporter's slowdown. */
#include <vmlinux.h>
#include <bpf/bpf_helpers.h>
#include "maps.bpf.h"

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 1);
    __type(key, u32);
    __type(value, u64);
} hooks_only_total SEC(".maps"); /* never written: a config needs a metric */
METRIC_OVERFLOW_MAP(hooks_only_total);

#define EMPTY(section, name)                                                                       \
    SEC(section) int name(void *ctx) { return 0; }

EMPTY("tp_btf/sched_wakeup", empty_sched_wakeup)
EMPTY("tp_btf/sched_wakeup_new", empty_sched_wakeup_new)
EMPTY("tp_btf/sched_switch", empty_sched_switch)
EMPTY("tp_btf/softirq_raise", empty_softirq_raise)
EMPTY("tp_btf/softirq_entry", empty_softirq_entry)
EMPTY("tp_btf/softirq_exit", empty_softirq_exit)
EMPTY("tp_btf/page_fault_user", empty_page_fault_user)
EMPTY("tp_btf/page_fault_kernel", empty_page_fault_kernel)
EMPTY("tp_btf/sched_move_numa", empty_sched_move_numa)
EMPTY("tp_btf/sched_swap_numa", empty_sched_swap_numa)
EMPTY("tp_btf/sched_stick_numa", empty_sched_stick_numa)
EMPTY("tracepoint/migrate/mm_migrate_pages_start", empty_migrate_start)
EMPTY("tracepoint/migrate/mm_migrate_pages", empty_migrate_end)
EMPTY("tp_btf/timer_expire_entry", empty_timer_expire_entry)
EMPTY("tp_btf/timer_expire_exit", empty_timer_expire_exit)
EMPTY("tp_btf/hrtimer_expire_entry", empty_hrtimer_expire_entry)
EMPTY("tp_btf/hrtimer_expire_exit", empty_hrtimer_expire_exit)
EMPTY("tp_btf/irq_handler_entry", empty_irq_handler_entry)
EMPTY("tp_btf/irq_handler_exit", empty_irq_handler_exit)
EMPTY("tp_btf/block_rq_insert", empty_block_rq_insert)
EMPTY("tp_btf/block_rq_issue", empty_block_rq_issue)
EMPTY("tp_btf/block_rq_complete", empty_block_rq_complete)
EMPTY("tp_btf/block_rq_merge", empty_block_rq_merge)
EMPTY("tp_btf/mm_vmscan_direct_reclaim_begin", empty_direct_reclaim_begin)
EMPTY("tp_btf/mm_vmscan_direct_reclaim_end", empty_direct_reclaim_end)
EMPTY("tp_btf/mm_vmscan_memcg_reclaim_begin", empty_memcg_reclaim_begin)
EMPTY("tp_btf/mm_vmscan_memcg_reclaim_end", empty_memcg_reclaim_end)
EMPTY("tp_btf/mark_victim", empty_mark_victim)
EMPTY("tp_btf/tcp_retransmit_skb", empty_tcp_retransmit_skb)
EMPTY("tp_btf/tcp_retransmit_synack", empty_tcp_retransmit_synack)

char LICENSE[] SEC("license") = "GPL";
