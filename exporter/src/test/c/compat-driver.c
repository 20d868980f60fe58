// Driver of the compatibility suite (CompatSuiteIT): under the comm "ebpf-compat", which the
// suite's programs (src/test/bpf/compat.bpf.h) wait for, calls getppid(2) N times, then restores
// its comm. Each program counts fixed keys on each call, so N calls give exact, known values.
//
//   compat-driver N   ->   prints "calls=N"
//
// getppid goes through syscall(2) so that no C library can answer it without entering the kernel.
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc != 2 || atol(argv[1]) <= 0) {
        fprintf(stderr, "usage: compat-driver N\n");
        return 2;
    }
    long n = atol(argv[1]);
    char original[16] = { 0 };

    if (prctl(PR_GET_NAME, original) != 0 || prctl(PR_SET_NAME, "ebpf-compat") != 0) {
        perror("prctl");
        return 1;
    }
    for (long i = 0; i < n; i++)
        syscall(SYS_getppid);
    prctl(PR_SET_NAME, original);
    printf("calls=%ld\n", n);
    return 0;
}
