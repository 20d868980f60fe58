// Test helper for MapValuesIT: pinned to one CPU and under a comm of the caller's choosing, calls
// getpgid(V) N times for each V given, then restores its comm. The map-values test program counts
// and observes those calls by the CPU they ran on, so the helper knows exactly what each per-CPU
// series must gain.
//
//   pinned-getpgid COMM CPU N V...   ->   prints "cpu=CPU calls=N values=V..."
//
// getpgid(V) fails for a V that is no process (ESRCH); the tracepoint sees the argument anyway.
// sched_setaffinity happens before the first call and the comm is set after it, so every counted
// call runs on CPU.
#define _GNU_SOURCE
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc < 5 || atol(argv[3]) <= 0) {
        fprintf(stderr, "usage: pinned-getpgid COMM CPU N V...\n");
        return 2;
    }
    int cpu = atoi(argv[2]);
    long n = atol(argv[3]);
    char original[16] = { 0 };
    cpu_set_t set;

    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    if (sched_setaffinity(0, sizeof(set), &set) != 0) {
        perror("sched_setaffinity");
        return 1;
    }
    if (prctl(PR_GET_NAME, original) != 0 || prctl(PR_SET_NAME, argv[1]) != 0) {
        perror("prctl");
        return 1;
    }
    for (int v = 4; v < argc; v++) {
        long value = atol(argv[v]);
        for (long i = 0; i < n; i++) {
            syscall(SYS_getpgid, value);
        }
    }
    prctl(PR_SET_NAME, original);
    printf("cpu=%d calls=%ld values=%d\n", cpu, n, argc - 4);
    return 0;
}
