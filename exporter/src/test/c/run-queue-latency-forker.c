// Test helper: new tasks born in a cgroup, and the exact number of times each was switched in.
//
//   run-queue-latency-forker CHILDREN CGROUP_DIR
//
// Forks CHILDREN children in batches of BATCH straight into the cgroup v2 directory (clone3 with
// CLONE_INTO_CGROUP: not one of their switch-ins happens elsewhere). Each child yields, sleeps
// briefly (so it is woken as well as preempted) and exits. Once a child has exited, and before it
// is reaped, its /proc/PID/schedstat still holds pcount, the number of times it was switched in;
// a zombie never runs again, so that count is final. Prints "children=N switch_ins=SUM".
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/sched.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define BATCH 100

static void child(void)
{
    struct timespec nap = {0, 100000};
    sched_yield();
    nanosleep(&nap, NULL);
    sched_yield();
    _exit(0);
}

static pid_t fork_into(int cgroup_fd)
{
    struct clone_args args;
    memset(&args, 0, sizeof(args));
    args.flags = CLONE_INTO_CGROUP;
    args.exit_signal = SIGCHLD;
    args.cgroup = (unsigned long)cgroup_fd;
    return (pid_t)syscall(SYS_clone3, &args, sizeof(args));
}

// pcount, the third field of /proc/PID/schedstat, of an exited child not yet reaped.
static long switch_ins(pid_t pid)
{
    char path[64];
    long long run_ns, wait_ns;
    long pcount;
    snprintf(path, sizeof(path), "/proc/%d/schedstat", pid);
    FILE *f = fopen(path, "r");
    if (!f || fscanf(f, "%lld %lld %ld", &run_ns, &wait_ns, &pcount) != 3) {
        perror(path);
        exit(1);
    }
    fclose(f);
    return pcount;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: %s CHILDREN CGROUP_DIR\n", argv[0]);
        return 2;
    }
    int children = atoi(argv[1]);
    int cgroup_fd = open(argv[2], O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (cgroup_fd < 0) {
        perror(argv[2]);
        return 1;
    }
    long total = 0;
    for (int done = 0; done < children;) {
        pid_t pids[BATCH];
        int n = children - done < BATCH ? children - done : BATCH;
        for (int i = 0; i < n; i++) {
            pids[i] = fork_into(cgroup_fd);
            if (pids[i] < 0) {
                perror("clone3");
                return 1;
            }
            if (pids[i] == 0)
                child();
        }
        for (int i = 0; i < n; i++) {
            siginfo_t info;
            if (waitid(P_PID, pids[i], &info, WEXITED | WNOWAIT) != 0) {
                perror("waitid");
                return 1;
            }
            total += switch_ins(pids[i]);
            waitpid(pids[i], NULL, 0);
        }
        done += n;
    }
    printf("children=%d switch_ins=%ld\n", children, total);
    return 0;
}
