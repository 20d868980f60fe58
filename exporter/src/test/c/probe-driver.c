// Test helper for the probe-kind programs (src/test/bpf/{kprobe,fentry,uprobe}.bpf.c): under a
// comm of the caller's choosing, calls getppid(2) and its own probe_driver_call() N times each,
// then restores its comm. The programs count by comm, so those N calls are exactly what they
// must count for it, whoever else calls the same functions meanwhile.
//
//   probe-driver COMM N   ->   prints "calls=N"
//
// getppid goes through syscall(2) so that no C library can answer it without entering the kernel.
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

// Not inlined and not optimised away: a uprobe needs a real call to this symbol each time.
__attribute__((noinline)) int probe_driver_call(int i)
{
    __asm__ volatile("" : "+r"(i));
    return i + 1;
}

int main(int argc, char **argv)
{
    if (argc != 3 || atol(argv[2]) <= 0) {
        fprintf(stderr, "usage: probe-driver COMM N\n");
        return 2;
    }
    long n = atol(argv[2]);
    char original[16] = { 0 };
    long sum = 0;

    if (prctl(PR_GET_NAME, original) != 0 || prctl(PR_SET_NAME, argv[1]) != 0) {
        perror("prctl");
        return 1;
    }
    for (long i = 0; i < n; i++) {
        syscall(SYS_getppid);
        sum += probe_driver_call((int)i);
    }
    prctl(PR_SET_NAME, original);
    printf("calls=%ld (checksum %ld)\n", n, sum);
    return 0;
}
