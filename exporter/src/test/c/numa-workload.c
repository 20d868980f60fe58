// Test helper for the numa program on a two-node guest (CPU 0 on node 0, CPU 1 on node 1): makes
// automatic NUMA balancing act, in one of four ways, until a kernel counter shows it did.
//
//   numa-workload MODE MIB SECONDS COUNTER MIN
//
//   pages  MIB of memory is first touched on node 0, then the task runs on CPU 1 and keeps
//          touching it: NUMA hinting faults migrate the pages to node 1 (numa_pages_migrated,
//          mm_migrate_pages with reason numa_misplaced).
//   move   the memory is bound to node 0 (MPOL_BIND | MPOL_F_NUMA_BALANCING: scanned, never
//          migrated), the task starts on CPU 1 and may run on both: balancing moves the task
//          to the memory (sched_move_numa).
//   swap   two tasks, each with memory bound to one node and running on the other node's CPU,
//          both busy, then free to run anywhere: balancing swaps them (sched_swap_numa).
//   stick  as move, but the task stays pinned to CPU 1: balancing wants to move it and cannot
//          (sched_stick_numa).
//
// It stops once COUNTER rose by MIN or after SECONDS. COUNTER is "vmstat:KEY" (a /proc/vmstat
// line) or a tracefs hist file (its "Hits:" line). The workload reads it itself, twice a second,
// so no polling process of the test runs on the CPUs meanwhile. Exit 0 when the counter rose.
#define _GNU_SOURCE
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define PAGE 4096
#define MPOL_BIND 2
#define MPOL_F_NUMA_BALANCING (1 << 13) // Linux 5.18+

static const char *counter;
static long counter_start;
static long counter_min;

static long read_counter(void)
{
    char line[256];
    long value = -1;
    int vmstat = strncmp(counter, "vmstat:", 7) == 0;
    FILE *file = fopen(vmstat ? "/proc/vmstat" : counter, "r");

    if (!file)
        return -1;
    while (fgets(line, sizeof(line), file)) {
        char key[128];
        long v;

        if (vmstat && sscanf(line, "%127s %ld", key, &v) == 2 && strcmp(key, counter + 7) == 0) {
            value = v;
            break;
        }
        if (!vmstat && sscanf(line, " Hits: %ld", &v) == 1) {
            value = v;
            break;
        }
    }
    fclose(file);
    return value;
}

static int counter_rose(void)
{
    return read_counter() - counter_start >= counter_min;
}

static double now(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

// cpu < 0: both CPUs.
static void run_on(int cpu)
{
    cpu_set_t set;

    CPU_ZERO(&set);
    for (int c = 0; c < 2; c++)
        if (cpu < 0 || cpu == c)
            CPU_SET(c, &set);
    if (sched_setaffinity(0, sizeof(set), &set) != 0) {
        perror("sched_setaffinity");
        exit(2);
    }
    sched_yield(); // be on the CPU before touching anything
}

// Small pages only: each migrates on its own, so counts are in pages, not huge pages.
static char *map_memory(size_t bytes, int bind_node)
{
    char *memory = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

    if (memory == MAP_FAILED || madvise(memory, bytes, MADV_NOHUGEPAGE) != 0) {
        perror("mmap/madvise");
        exit(2);
    }
    if (bind_node >= 0) {
        unsigned long nodes = 1UL << bind_node;

        if (syscall(SYS_mbind, memory, bytes, MPOL_BIND | MPOL_F_NUMA_BALANCING, &nodes, 64, 0) != 0) {
            perror("mbind");
            exit(2);
        }
    }
    for (size_t i = 0; i < bytes; i += PAGE)
        memory[i] = 1;
    return memory;
}

// Touches every page until the counter rose or time is up; 1 if the counter rose.
static int touch_until_done(char *memory, size_t bytes, double seconds)
{
    double end = now() + seconds, next_check = now() + 0.5;

    while (now() < end) {
        for (size_t i = 0; i < bytes; i += PAGE)
            memory[i]++;
        if (now() >= next_check) {
            if (counter_rose())
                return 1;
            next_check = now() + 0.5;
        }
    }
    return counter_rose();
}

static int swap(size_t bytes, double seconds)
{
    int *busy = mmap(NULL, sizeof(int), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);

    for (int node = 0; node < 2; node++) {
        if (fork() == 0) {
            prctl(PR_SET_PDEATHSIG, SIGKILL);
            run_on(node);
            char *memory = map_memory(bytes, node);
            // Both tasks busy on the wrong node before either may move: then no CPU is idle and
            // only a NUMA swap, not idle balancing, fixes the placement.
            run_on(1 - node);
            __sync_fetch_and_add(busy, 1);
            while (*(volatile int *)busy < 2)
                ;
            run_on(-1);
            _exit(touch_until_done(memory, bytes, seconds) ? 0 : 1);
        }
    }
    int status, rose = 0;
    while (wait(&status) > 0)
        rose |= WIFEXITED(status) && WEXITSTATUS(status) == 0;
    return rose;
}

int main(int argc, char **argv)
{
    if (argc != 6) {
        fprintf(stderr, "usage: numa-workload pages|move|swap|stick MIB SECONDS COUNTER MIN\n");
        return 2;
    }
    const char *mode = argv[1];
    size_t bytes = (size_t)atol(argv[2]) << 20;
    double seconds = atof(argv[3]);
    int rose;

    counter = argv[4];
    counter_min = atol(argv[5]);
    counter_start = read_counter();
    if (counter_start < 0) {
        fprintf(stderr, "numa-workload: cannot read %s\n", counter);
        return 2;
    }
    if (strcmp(mode, "pages") == 0) {
        run_on(0);
        char *memory = map_memory(bytes, -1);
        run_on(1);
        rose = touch_until_done(memory, bytes, seconds);
    } else if (strcmp(mode, "move") == 0 || strcmp(mode, "stick") == 0) {
        run_on(1);
        char *memory = map_memory(bytes, 0);
        if (strcmp(mode, "move") == 0)
            run_on(-1);
        rose = touch_until_done(memory, bytes, seconds);
    } else if (strcmp(mode, "swap") == 0) {
        rose = swap(bytes, seconds);
    } else {
        fprintf(stderr, "numa-workload: unknown mode %s\n", mode);
        return 2;
    }
    printf("numa-workload %s: %s rose by %ld\n", mode, counter, read_counter() - counter_start);
    return rose ? 0 : 1;
}
