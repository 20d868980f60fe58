// hold-thread PID COMM: stops the one thread of process PID named COMM, as a thread hung in a
// system call would be, and keeps it stopped until this helper is killed (the kernel then detaches
// and resumes it). The rest of the process runs on. The thread is held only while it waits in
// futex(2) (a JVM thread parked between tasks): a Java thread stopped while running Java code
// would hold up every safepoint and with it the whole JVM. Prints "held TID" once held.
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>

static pid_t find_thread(const char *pid, const char *comm) {
    char path[600];
    snprintf(path, sizeof path, "/proc/%s/task", pid);
    DIR *tasks = opendir(path);
    if (!tasks) {
        perror(path);
        exit(1);
    }
    pid_t found = 0;
    for (struct dirent *task; (task = readdir(tasks)) && !found;) {
        if (task->d_name[0] == '.') {
            continue;
        }
        char name[64] = "";
        snprintf(path, sizeof path, "/proc/%s/task/%s/comm", pid, task->d_name);
        FILE *f = fopen(path, "r");
        if (f && fgets(name, sizeof name, f)) {
            name[strcspn(name, "\n")] = 0;
            if (strcmp(name, comm) == 0) {
                found = atoi(task->d_name);
            }
        }
        if (f) {
            fclose(f);
        }
    }
    closedir(tasks);
    return found;
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: hold-thread PID COMM\n");
        return 2;
    }
    pid_t tid = find_thread(argv[1], argv[2]);
    if (!tid) {
        fprintf(stderr, "process %s has no thread named %s\n", argv[1], argv[2]);
        return 1;
    }
    for (int attempt = 0; attempt < 1000; attempt++) {
        if (ptrace(PTRACE_SEIZE, tid, 0, 0) || ptrace(PTRACE_INTERRUPT, tid, 0, 0)) {
            perror("ptrace");
            return 1;
        }
        int status;
        if (waitpid(tid, &status, __WALL) != tid) {
            perror("waitpid");
            return 1;
        }
        struct user_regs_struct regs;
        if (ptrace(PTRACE_GETREGS, tid, 0, &regs)) {
            perror("PTRACE_GETREGS");
            return 1;
        }
        if (regs.orig_rax == SYS_futex) {
            printf("held %d\n", tid);
            fflush(stdout);
            for (;;) {
                pause();
            }
        }
        ptrace(PTRACE_DETACH, tid, 0, 0); // running Java code: let it reach its wait, then try again
        usleep(10000);
    }
    fprintf(stderr, "thread %d never waited in futex\n", tid);
    return 1;
}
