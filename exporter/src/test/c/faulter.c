// Test helper: faults exactly N fresh anonymous pages under a comm of the caller's choosing and
// prints how many faults the kernel counted for it (getrusage), an oracle independent of BPF.
//
//   faulter COMM PAGES   ->   prints "faults=F" where F = (ru_minflt + ru_majflt) over the window
//
// The window is exact. The comm is COMM only between the two getrusage() calls: it is set right
// after the first and restored right after the second, so every fault the BPF program attributes
// to COMM lies inside the window, and the window holds nothing that faults except the N touches:
// - the memory is mapped before, with THP off for it (MADV_NOHUGEPAGE also rules out mTHP), so
//   each 4 KiB write is one fault of its own;
// - prctl() and getrusage() are called once before the window, so their PLT entries are bound and
//   their code, and the stack they use, are already mapped;
// - stdio allocates its buffer at the first printf, before the window.
// Restoring the old comm (rather than waiting for the test to close stdin before exiting) means
// the final printf and the exit-time faults (unmapping, libc teardown) are counted under the old
// comm, whatever the test is doing at that moment.
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>

#define PAGE 4096

static long faults(void)
{
    struct rusage usage;

    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_minflt + usage.ru_majflt;
}

int main(int argc, char **argv)
{
    if (argc != 3 || atol(argv[2]) <= 0) {
        fprintf(stderr, "usage: faulter COMM PAGES\n");
        return 2;
    }
    long pages = atol(argv[2]);
    size_t size = (size_t)pages * PAGE;
    char original[16] = { 0 };
    volatile char *memory = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

    if (memory == MAP_FAILED || madvise((void *)memory, size, MADV_NOHUGEPAGE) != 0) {
        perror("mmap/madvise");
        return 1;
    }
    if (prctl(PR_GET_NAME, original) != 0) {
        perror("prctl(PR_GET_NAME)");
        return 1;
    }
    printf("faulter: %ld pages, baseline %ld faults\n", pages, faults()); // warms stdio and getrusage
    fflush(stdout);

    long before = faults();
    prctl(PR_SET_NAME, argv[1]);
    for (long i = 0; i < pages; i++)
        memory[i * PAGE] = 1;
    long after = faults();
    prctl(PR_SET_NAME, original);

    printf("faults=%ld\n", after - before);
    return 0;
}
