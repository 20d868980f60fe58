// Test helper: stalls in direct reclaim under a comm of the caller's choosing and prints how many
// reclaims the kernel's own perf counters saw this process enter, an oracle independent of BPF.
//
//   direct-reclaim-stall COMM CGROUP_PROCS read FILE PASSES
//       joins the memory cgroup whose cgroup.procs (or v1 tasks) file is CGROUP_PROCS, then reads
//       FILE PASSES times through the page cache, dropping its cached pages before each pass: each
//       page read is charged to the cgroup, so a FILE larger than the cgroup's limit makes the
//       charges reclaim (clean page cache: no swap needed, no OOM).
//   direct-reclaim-stall COMM - fill MIB
//       stays where it is and touches MIB MiB of fresh anonymous memory in transparent huge pages
//       (MADV_HUGEPAGE: their allocations may reclaim directly, the kernel's default "madvise"
//       defrag): once free memory is short of whole 2 MiB blocks, each fault compacts or enters
//       global direct reclaim, of page cache on a machine that has enough of it (the caller sees
//       to that), rather than waiting for kswapd.
//   -> prints "memcg=M global=G" (mm_vmscan_memcg_reclaim_begin and
//      mm_vmscan_direct_reclaim_begin events of this process while its comm was COMM)
//
// The counters are per task and enabled just before the comm is set, disabled just after it is
// restored: the window holds every reclaim a BPF program attributes to COMM, and nothing between
// the enabling and the renaming allocates.
#include <fcntl.h>
#include <linux/perf_event.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#define PAGE 4096
#define CHUNK (1 << 16)

static long tracepoint_id(const char *event)
{
    char path[256];
    FILE *file;
    long id = -1;

    snprintf(path, sizeof(path), "/sys/kernel/tracing/events/vmscan/%s/id", event);
    file = fopen(path, "r");
    if (!file || fscanf(file, "%ld", &id) != 1) {
        perror(path);
        exit(1);
    }
    fclose(file);
    return id;
}

static int counter(const char *event)
{
    struct perf_event_attr attr = {
        .type = PERF_TYPE_TRACEPOINT,
        .size = sizeof(attr),
        .config = tracepoint_id(event),
        .disabled = 1,
    };
    int fd = syscall(SYS_perf_event_open, &attr, 0, -1, -1, 0);

    if (fd < 0) {
        perror(event);
        exit(1);
    }
    return fd;
}

static void join(const char *procs)
{
    FILE *file = fopen(procs, "w");

    if (!file || fprintf(file, "%d\n", getpid()) < 0 || fclose(file) != 0) {
        perror(procs);
        exit(1);
    }
}

static void read_passes(const char *path, long passes)
{
    static char buffer[CHUNK];
    int fd = open(path, O_RDONLY);

    if (fd < 0) {
        perror(path);
        exit(1);
    }
    for (long pass = 0; pass < passes; pass++) {
        posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
        lseek(fd, 0, SEEK_SET);
        while (read(fd, buffer, sizeof(buffer)) > 0)
            ;
    }
    close(fd);
}

static void fill(long mib)
{
    size_t size = (size_t)mib << 20;
    volatile char *memory = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

    if (memory == MAP_FAILED || madvise((void *)memory, size, MADV_HUGEPAGE) != 0) {
        perror("mmap/madvise");
        exit(1);
    }
    for (size_t i = 0; i < size; i += PAGE)
        memory[i] = 1;
}

static uint64_t count(int fd)
{
    uint64_t value = 0;

    if (read(fd, &value, sizeof(value)) != sizeof(value)) {
        perror("read counter");
        exit(1);
    }
    return value;
}

int main(int argc, char **argv)
{
    int fill_mode = argc == 5 && !strcmp(argv[3], "fill") && atol(argv[4]) > 0;
    int read_mode = argc == 6 && !strcmp(argv[3], "read") && atol(argv[5]) > 0;

    if (!fill_mode && !read_mode) {
        fprintf(stderr, "usage: direct-reclaim-stall COMM CGROUP_PROCS read FILE PASSES\n"
                        "       direct-reclaim-stall COMM - fill MIB\n");
        return 2;
    }
    char original[16] = { 0 };
    int memcg = counter("mm_vmscan_memcg_reclaim_begin");
    int global = counter("mm_vmscan_direct_reclaim_begin");

    if (strcmp(argv[2], "-"))
        join(argv[2]);
    prctl(PR_GET_NAME, original);

    ioctl(memcg, PERF_EVENT_IOC_ENABLE, 0);
    ioctl(global, PERF_EVENT_IOC_ENABLE, 0);
    prctl(PR_SET_NAME, argv[1]);
    if (fill_mode)
        fill(atol(argv[4]));
    else
        read_passes(argv[4], atol(argv[5]));
    prctl(PR_SET_NAME, original);
    ioctl(memcg, PERF_EVENT_IOC_DISABLE, 0);
    ioctl(global, PERF_EVENT_IOC_DISABLE, 0);

    printf("memcg=%llu global=%llu\n", (unsigned long long)count(memcg), (unsigned long long)count(global));
    return 0;
}
