// Test helper: faults exactly N fresh anonymous pages under a comm of the caller's choosing and
// prints how many faults the kernel counted for it (getrusage), an oracle independent of BPF.
//
//   faulter COMM PAGES   ->   prints "faults=F" where F = (ru_minflt + ru_majflt) over the window
//
// The window is exact: the comm is COMM only between the two getrusage() calls (it is set right
// after the first and restored right after the second), so every fault the BPF program attributes
// to COMM is inside the window, and nothing else in the window can fault: the memory is mapped,
// THP is off for it (one fault per 4 KiB page), and stdio is warmed up before.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>

static long faults(void)
{
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_minflt + usage.ru_majflt;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: faulter COMM PAGES\n");
        return 2;
    }
    long pages = atol(argv[2]);
    size_t size = (size_t)pages * 4096;
    char original[16] = { 0 };
    char *memory = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

    if (memory == MAP_FAILED || madvise(memory, size, MADV_NOHUGEPAGE) != 0) {
        perror("mmap/madvise");
        return 1;
    }
    prctl(PR_GET_NAME, original);
    printf("faulter: %ld pages\n", pages); // stdio allocates its buffer here, outside the window
    fflush(stdout);

    long before = faults();
    prctl(PR_SET_NAME, argv[1]);
    for (long i = 0; i < pages; i++)
        memory[i * 4096] = 1;
    long after = faults();
    prctl(PR_SET_NAME, original);

    printf("faults=%ld\n", after - before);
    return 0;
}
