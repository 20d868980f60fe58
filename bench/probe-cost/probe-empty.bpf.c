/* Does nothing: the cost of the tracepoint and the program call alone. */
#include "probes.bpf.h"

PROBE_COUNTER(probe_empty_total, u32); /* never written: the config needs a metric */

SEC("tracepoint/syscalls/sys_enter_getpid")
int probe_empty(void *ctx)
{
    return 0;
}
