/* ReloadIT's "swapped" config: counts getpgid calls of comm "reloadit" (see reload-counter.bpf.h). */
#include "reload-counter.bpf.h"

RELOAD_COUNTER(reload_swapped_calls_total, count_swapped);
