// numa-fragment MB: fragments MB of anonymous memory so that compaction has pages to migrate on a
// one-node machine (where NUMA balancing never migrates): touches every 4 KiB page, frees every
// other one, then holds the rest until stdin closes. bench/numa-cost.sh compacts meanwhile.
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

int main(int argc, char **argv) {
    size_t bytes = (size_t)(argc > 1 ? atol(argv[1]) : 512) << 20;
    char *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) { perror("mmap"); return 1; }
    madvise(p, bytes, MADV_NOHUGEPAGE);
    for (size_t i = 0; i < bytes; i += 4096) p[i] = 1;
    for (size_t i = 0; i < bytes; i += 8192) madvise(p + i, 4096, MADV_DONTNEED);
    printf("ready\n");
    fflush(stdout);
    char c;
    while (read(0, &c, 1) > 0) ;
    return 0;
}
