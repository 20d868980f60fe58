// Test helper: makes a task wait a known time in a run queue, and measures that wait itself.
//
//   run-queue-latency-waiter CPU ROUNDS HOLD_MS [CGROUP_DIR]
//
// Two processes pinned to one CPU. The hog (SCHED_FIFO) wakes the victim (SCHED_OTHER, blocked
// in read() on a pipe) by writing the current CLOCK_MONOTONIC time into the pipe, then keeps the
// CPU busy for HOLD_MS: the victim is runnable on that CPU but cannot run, since a FIFO task is
// never preempted by a CFS one and the victim may not migrate. When the hog goes to sleep, the
// victim runs. Each round the victim computes (now - time written) when read() returns: an upper
// bound of its run-queue wait, larger by the wakeup path and the return from read (microseconds).
// The victim prints one "wait_ns=N" line per round when all rounds are done (printing mid-run
// would itself wake other tasks), and the hog exits with the victim's status. With CGROUP_DIR
// (a cgroup v2 directory) the victim alone moves into that cgroup before the first round.
#define _GNU_SOURCE
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_ROUNDS 1000
#define SETTLE_NS 30000000L // between rounds the victim gets the CPU back and blocks again

static int64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000L + ts.tv_nsec;
}

static void pin(int cpu)
{
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    if (sched_setaffinity(0, sizeof(set), &set) != 0) {
        perror("sched_setaffinity");
        exit(1);
    }
}

static int join_cgroup(const char *dir)
{
    char procs[4096];
    snprintf(procs, sizeof(procs), "%s/cgroup.procs", dir);
    FILE *f = fopen(procs, "w");
    if (!f || fprintf(f, "%d\n", getpid()) < 0 || fclose(f) != 0) {
        perror(procs);
        return 1;
    }
    return 0;
}

static int victim(int in, int rounds)
{
    static int64_t waits[MAX_ROUNDS];
    for (int i = 0; i < rounds; i++) {
        int64_t woken_at;
        if (read(in, &woken_at, sizeof(woken_at)) != sizeof(woken_at)) {
            perror("victim read");
            return 1;
        }
        waits[i] = now_ns() - woken_at;
    }
    for (int i = 0; i < rounds; i++)
        printf("wait_ns=%lld\n", (long long)waits[i]);
    return 0;
}

static int hog(int out, int rounds, int64_t hold_ns)
{
    struct sched_param fifo = { .sched_priority = 10 };
    struct timespec settle = { .tv_sec = 0, .tv_nsec = SETTLE_NS };
    if (sched_setscheduler(0, SCHED_FIFO, &fifo) != 0) {
        perror("sched_setscheduler SCHED_FIFO");
        return 1;
    }
    for (int i = 0; i < rounds; i++) {
        nanosleep(&settle, NULL);
        int64_t start = now_ns();
        if (write(out, &start, sizeof(start)) != sizeof(start)) {
            perror("hog write");
            return 1;
        }
        while (now_ns() - start < hold_ns)
            ; // busy: the victim stays runnable behind us
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 4 && argc != 5) {
        fprintf(stderr, "usage: run-queue-latency-waiter CPU ROUNDS HOLD_MS [CGROUP_DIR]\n");
        return 2;
    }
    int cpu = atoi(argv[1]), rounds = atoi(argv[2]);
    int64_t hold_ns = atol(argv[3]) * 1000000L;
    int fds[2];
    if (rounds < 1 || rounds > MAX_ROUNDS || pipe(fds) != 0) {
        fprintf(stderr, "bad rounds or pipe failed\n");
        return 2;
    }
    pin(cpu); // both inherit it
    pid_t child = fork();
    if (child == 0) {
        close(fds[1]);
        if (argc == 5 && join_cgroup(argv[4]) != 0)
            return 1;
        return victim(fds[0], rounds);
    }
    close(fds[0]);
    int status, failed = hog(fds[1], rounds, hold_ns);
    close(fds[1]);
    if (waitpid(child, &status, 0) != child || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
        failed = 1;
    return failed;
}
