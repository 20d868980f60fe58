// Test helper: writes, then reads back, known sizes to a block device with O_DIRECT, one call at a
// time, so each call reaches the device as block requests that complete before it returns (no
// page cache, nothing left in flight at exit).
//
//   direct-io DEVICE   ->   prints "writes=W write_bytes=B reads=R read_bytes=B"
//
// W and R count the calls: a call larger than the device's max_sectors_kb is split into several
// requests, which /sys/block/<dev>/stat and the BPF program both count as such.
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define ALIGN 4096
#define MIB (1024 * 1024)

struct batch {
    size_t size;
    int count;
};

// 4 KiB, 64 KiB and 1 MiB calls at consecutive offsets (100 + 1024 + 4096 KiB = 5.1 MiB in all).
static const struct batch BATCHES[] = { { 4096, 25 }, { 65536, 16 }, { MIB, 4 } };
#define BATCH_COUNT (sizeof(BATCHES) / sizeof(BATCHES[0]))

// Runs every batch as pwrite (write != 0) or pread calls; adds calls and bytes to *calls, *bytes.
static int run(int fd, char *buffer, int write, long *calls, long *bytes)
{
    off_t offset = 0;

    for (size_t b = 0; b < BATCH_COUNT; b++) {
        for (int i = 0; i < BATCHES[b].count; i++) {
            size_t size = BATCHES[b].size;
            ssize_t done = write ? pwrite(fd, buffer, size, offset) : pread(fd, buffer, size, offset);

            if (done != (ssize_t)size) {
                perror(write ? "pwrite" : "pread");
                return -1;
            }
            offset += size;
            *calls += 1;
            *bytes += size;
        }
    }
    return 0;
}

int main(int argc, char **argv)
{
    long writes = 0, write_bytes = 0, reads = 0, read_bytes = 0;
    char *buffer;
    int fd;

    if (argc != 2) {
        fprintf(stderr, "usage: direct-io DEVICE\n");
        return 2;
    }
    if (posix_memalign((void **)&buffer, ALIGN, MIB)) {
        perror("posix_memalign");
        return 1;
    }
    memset(buffer, 0x5a, MIB);
    fd = open(argv[1], O_RDWR | O_DIRECT);
    if (fd < 0) {
        perror(argv[1]);
        return 1;
    }
    if (run(fd, buffer, 1, &writes, &write_bytes) || run(fd, buffer, 0, &reads, &read_bytes))
        return 1;
    close(fd);
    printf("writes=%ld write_bytes=%ld reads=%ld read_bytes=%ld\n", writes, write_bytes, reads, read_bytes);
    return 0;
}
