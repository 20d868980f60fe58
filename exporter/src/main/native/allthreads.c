// Sets the capabilities and no_new_privs of every thread of the process. Linux keeps both per
// thread, and a JVM runs threads the exporter never runs code in (the launcher's first thread,
// which /proc/PID/status shows, the collector's, the compiler's); so, as libcap's psx does for C
// programs, each thread is sent a signal whose handler makes the same system calls in that
// thread. Only system calls run in the handler: it is async-signal-safe.
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <linux/capability.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define MAX_THREADS 8192
#define PENDING 0
#define DONE 1

static struct __user_cap_data_struct wanted[_LINUX_CAPABILITY_U32S_3];
static unsigned long long bounding_drop; // capabilities to take out of the bounding set
static pid_t tids[MAX_THREADS];
static _Atomic int results[MAX_THREADS]; // PENDING, DONE, or the failing call's -errno
static _Atomic int thread_count;

static int apply_in_this_thread(void) {
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
        return -errno;
    }
    for (int cap = 0; cap < 64; cap++) {
        if ((bounding_drop >> cap & 1) && prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0) {
            return -errno;
        }
    }
    struct __user_cap_header_struct header = {.version = _LINUX_CAPABILITY_VERSION_3, .pid = 0};
    if (syscall(SYS_capset, &header, wanted) != 0) {
        return -errno;
    }
    return DONE;
}

static void on_signal(int signo) {
    (void)signo;
    int saved_errno = errno;
    pid_t self = (pid_t)syscall(SYS_gettid);
    int count = atomic_load(&thread_count);
    for (int i = 0; i < count; i++) {
        if (tids[i] == self) {
            atomic_store(&results[i], apply_in_this_thread());
            break;
        }
    }
    errno = saved_errno;
}

static int thread_exists(pid_t tid) {
    char path[64];
    snprintf(path, sizeof path, "/proc/self/task/%d", tid);
    return access(path, F_OK) == 0;
}

static long long now_millis(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (long long)now.tv_sec * 1000 + now.tv_nsec / 1000000;
}

static int known(pid_t tid) {
    int count = atomic_load(&thread_count);
    for (int i = 0; i < count; i++) {
        if (tids[i] == tid) {
            return 1;
        }
    }
    return 0;
}

/* Signals every thread not yet seen; returns how many there were, or -1 with error filled. */
static int signal_new_threads(int signo, char *error, size_t error_size) {
    DIR *tasks = opendir("/proc/self/task");
    if (tasks == NULL) {
        snprintf(error, error_size, "cannot list /proc/self/task: %s", strerror(errno));
        return -1;
    }
    pid_t pid = getpid();
    pid_t self = (pid_t)syscall(SYS_gettid);
    int found = 0;
    struct dirent *entry;
    while ((entry = readdir(tasks)) != NULL) {
        pid_t tid = (pid_t)atoi(entry->d_name);
        if (tid <= 0 || known(tid)) {
            continue;
        }
        int index = atomic_load(&thread_count);
        if (index == MAX_THREADS) {
            closedir(tasks);
            snprintf(error, error_size, "more than %d threads", MAX_THREADS);
            return -1;
        }
        tids[index] = tid;
        atomic_store(&results[index], PENDING);
        atomic_store(&thread_count, index + 1);
        found++;
        if (tid == self) {
            atomic_store(&results[index], apply_in_this_thread());
        } else if (syscall(SYS_tgkill, pid, tid, signo) != 0) {
            // ESRCH: it ended meanwhile, nothing left to change.
            atomic_store(&results[index], errno == ESRCH ? DONE : -errno);
        }
    }
    closedir(tasks);
    return found;
}

/* Waits for every signalled thread; a thread that ended before handling its signal counts as done. */
static int await_threads(long long deadline, char *error, size_t error_size) {
    int count = atomic_load(&thread_count);
    for (;;) {
        int pending = 0;
        for (int i = 0; i < count; i++) {
            int result = atomic_load(&results[i]);
            if (result < 0) {
                snprintf(error, error_size, "thread %d: %s", tids[i], strerror(-result));
                return -1;
            }
            if (result == PENDING && thread_exists(tids[i])) {
                pending++;
            }
        }
        if (pending == 0) {
            return 0;
        }
        if (now_millis() > deadline) {
            snprintf(error, error_size, "%d threads did not handle signal %d (blocked?)", pending,
                     SIGRTMIN + 6);
            return -1;
        }
        struct timespec pause = {.tv_sec = 0, .tv_nsec = 1000000};
        nanosleep(&pause, NULL);
    }
}

/*
 * Gives every thread exactly the capabilities in keep (bit n for capability n) that it holds now,
 * none inheritable or ambient, drops the rest from the bounding set when the caller may (it holds
 * CAP_SETPCAP), and sets no_new_privs. Threads started meanwhile are found by listing the threads
 * again until a pass finds none new. Returns 0, or -1 with a sentence in error.
 */
int ebpf_exporter_restrict_all_threads(unsigned long long keep, int timeout_millis, char *error, int error_size) {
    static int handler_installed;
    int signo = SIGRTMIN + 6;
    if (!handler_installed) {
        struct sigaction existing;
        if (sigaction(signo, NULL, &existing) != 0 || existing.sa_handler != SIG_DFL) {
            snprintf(error, error_size, "signal %d is already in use", signo);
            return -1;
        }
        // Stays installed: a signal handled late must not meet the default action, which ends the process.
        struct sigaction action = {.sa_handler = on_signal, .sa_flags = SA_RESTART};
        sigemptyset(&action.sa_mask);
        if (sigaction(signo, &action, NULL) != 0) {
            snprintf(error, error_size, "sigaction: %s", strerror(errno));
            return -1;
        }
        handler_installed = 1;
    }
    struct __user_cap_header_struct header = {.version = _LINUX_CAPABILITY_VERSION_3, .pid = 0};
    struct __user_cap_data_struct current[_LINUX_CAPABILITY_U32S_3];
    if (syscall(SYS_capget, &header, current) != 0) {
        snprintf(error, error_size, "capget: %s", strerror(errno));
        return -1;
    }
    for (int i = 0; i < _LINUX_CAPABILITY_U32S_3; i++) {
        unsigned int kept = (unsigned int)(keep >> (32 * i));
        wanted[i].permitted = current[i].permitted & kept;
        wanted[i].effective = current[i].permitted & kept;
        wanted[i].inheritable = 0;
    }
    bounding_drop = 0;
    if (current[0].effective >> CAP_SETPCAP & 1) {
        for (int cap = 0; cap < 64; cap++) {
            if (!(keep >> cap & 1) && prctl(PR_CAPBSET_READ, cap, 0, 0, 0) == 1) {
                bounding_drop |= 1ULL << cap;
            }
        }
    }
    atomic_store(&thread_count, 0);
    long long deadline = now_millis() + timeout_millis;
    for (;;) {
        int found = signal_new_threads(signo, error, (size_t)error_size);
        if (found < 0 || await_threads(deadline, error, (size_t)error_size) != 0) {
            return -1;
        }
        if (found == 0) {
            return 0;
        }
    }
}
