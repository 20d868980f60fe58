// The kernel's share of a drain: times bpf_map_lookup_batch reading a whole map in one call, the
// call the exporter's drain makes, with no Java around it.
//   batch-read MAP_ID ROUNDS      prints one "ms entries" line per read
#include <bpf/bpf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: %s MAP_ID ROUNDS\n", argv[0]);
        return 2;
    }
    int fd = bpf_map_get_fd_by_id(atoi(argv[1]));
    struct bpf_map_info info = {0};
    __u32 info_size = sizeof(info);
    if (fd < 0 || bpf_obj_get_info_by_fd(fd, &info, &info_size) != 0) {
        perror("map");
        return 1;
    }
    long cpus = sysconf(_SC_NPROCESSORS_CONF);
    size_t value_stride = (info.value_size + 7) / 8 * 8 * cpus; // enough for per-CPU maps too
    char *keys = malloc((size_t)info.key_size * info.max_entries);
    char *values = malloc(value_stride * info.max_entries);
    __u64 token = 0;
    for (int round = 0; round < atoi(argv[2]); round++) {
        __u32 count = info.max_entries;
        double start = now_ms();
        int rc = bpf_map_lookup_batch(fd, NULL, &token, keys, values, &count, NULL);
        double took = now_ms() - start;
        if (rc != 0 && rc != -ENOENT) { // -ENOENT: the whole map was read
            fprintf(stderr, "bpf_map_lookup_batch: %d\n", rc);
            return 1;
        }
        printf("%.2f %u\n", took, count);
    }
    return 0;
}
