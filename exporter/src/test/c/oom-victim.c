// Test helper: a task that the OOM killer of its memory cgroup kills, under a comm of the caller's
// choosing.
//
//   oom-victim COMM MIB exit|hold CGROUP_PROCS_FILE...
//
// Moves itself into each cgroup (writes its pid to each cgroup.procs file: a v1 memory cgroup and
// a v2 cgroup on a hybrid host, the one v2 cgroup on a unified one), takes the comm COMM, then
// writes to MIB MiB of fresh anonymous memory, one byte per page, so that each page is charged to
// the cgroup. With a memory limit below MIB the charge that does not fit runs the cgroup's OOM
// killer, which kills the cgroup's largest task. Alone in the cgroup, it is that task and dies of
// SIGKILL; if it survives (the limit was not applied) it exits 1 ("exit"). With "hold" it writes
// less than the limit, prints "held" and waits, the largest task of the cgroup, until a growing
// task's charge runs the OOM killer, which kills it (the running task is then not the victim).
// Exits 2 on bad arguments.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <unistd.h>

#define PAGE 4096

static void join(const char *procs)
{
    FILE *f = fopen(procs, "w");

    if (!f || fprintf(f, "%d\n", getpid()) < 0 || fclose(f) != 0) {
        perror(procs);
        exit(2);
    }
}

int main(int argc, char **argv)
{
    if (argc < 5 || atol(argv[2]) <= 0 || (strcmp(argv[3], "exit") != 0 && strcmp(argv[3], "hold") != 0)) {
        fprintf(stderr, "usage: oom-victim COMM MIB exit|hold CGROUP_PROCS_FILE...\n");
        return 2;
    }
    size_t size = (size_t)atol(argv[2]) << 20;

    for (int i = 4; i < argc; i++)
        join(argv[i]);
    if (prctl(PR_SET_NAME, argv[1]) != 0) {
        perror("prctl(PR_SET_NAME)");
        return 2;
    }
    volatile char *memory = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (memory == MAP_FAILED) {
        perror("mmap");
        return 2;
    }
    for (size_t offset = 0; offset < size; offset += PAGE)
        memory[offset] = 1;
    if (strcmp(argv[3], "hold") == 0) {
        printf("held\n");
        fflush(stdout);
        for (;;)
            pause();
    }
    printf("oom-victim: wrote %s MiB and was not killed\n", argv[2]);
    return 1;
}
