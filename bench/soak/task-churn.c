// Creates and destroys processes and cgroups without end, RATE a second, for bench/soak.sh: each
// round makes a cgroup v2 directory under ROOT, starts a child in it (clone3 CLONE_INTO_CGROUP:
// moving a running task between cgroups waits for an RCU grace period), which takes a comm of its own ("soak" + round number), faults a few pages and sleeps 1 ms (a wakeup the
// run-queue latency program sees under the new cgroup), then reaps the child and removes the
// cgroup. So every comm, pid and cgroup id is new, and each is gone a moment later. On SIGTERM it
// finishes its round and prints how many it made.
//   task-churn ROOT RATE
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t stopping;

static void stop(int signal)
{
    (void)signal;
    stopping = 1;
}

static void child(unsigned long round)
{
    char name[16];
    snprintf(name, sizeof(name), "soak%lu", round);
    prctl(PR_SET_NAME, name);
    char *pages = mmap(NULL, 4 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    for (int i = 0; pages != MAP_FAILED && i < 4; i++)
        pages[i * 4096] = 1;
    usleep(1000);
    _exit(0);
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: %s CGROUP_ROOT RATE\n", argv[0]);
        return 2;
    }
    signal(SIGTERM, stop);
    const char *root = argv[1];
    long period_ns = 1000000000L / atol(argv[2]);
    struct timespec next;
    clock_gettime(CLOCK_MONOTONIC, &next);
    unsigned long round;
    for (round = 0; !stopping; round++) {
        char cgroup[4096];
        snprintf(cgroup, sizeof(cgroup), "%s/c%lu", root, round);
        if (mkdir(cgroup, 0755) != 0) {
            perror(cgroup);
            return 1;
        }
        int cgroup_fd = open(cgroup, O_DIRECTORY | O_CLOEXEC);
        struct clone_args args = {
            .flags = CLONE_INTO_CGROUP, .exit_signal = SIGCHLD, .cgroup = (unsigned)cgroup_fd};
        pid_t pid = cgroup_fd < 0 ? -1 : syscall(SYS_clone3, &args, sizeof(args));
        if (pid < 0) {
            perror("clone3 into the new cgroup");
            return 1;
        }
        if (pid == 0)
            child(round);
        close(cgroup_fd);
        waitpid(pid, NULL, 0);
        // The exited child can stay charged to the cgroup for a moment after it is reaped.
        for (int tries = 0; rmdir(cgroup) != 0; tries++) {
            if (errno != EBUSY || tries == 1000) {
                perror(cgroup);
                return 1;
            }
            usleep(100);
        }
        next.tv_nsec += period_ns;
        if (next.tv_nsec >= 1000000000L) {
            next.tv_sec++;
            next.tv_nsec -= 1000000000L;
        }
        clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, NULL);
    }
    printf("%lu\n", round);
    return 0;
}
