// Drives bench/churn/churn.bpf.c: counts once under each of the keys 0 .. N-1, RATE keys a second
// (one getpriority(0x7a11, key) call each), so every key is new and then idle for good.
//   churn-driver N RATE
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define CHURN_WHICH 0x7a11

static double now(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    if (argc != 3 || atol(argv[1]) <= 0 || atol(argv[2]) <= 0) {
        fprintf(stderr, "usage: churn-driver N RATE\n");
        return 2;
    }
    long n = atol(argv[1]);
    long rate = atol(argv[2]);
    double start = now();

    for (long key = 0; key < n; key++) {
        syscall(SYS_getpriority, CHURN_WHICH, key);
        if (key % 1000 == 999) {
            double ahead = (key + 1) / (double)rate - (now() - start);
            if (ahead > 0)
                usleep((useconds_t)(ahead * 1e6));
        }
    }
    printf("%ld keys in %.1f s\n", n, now() - start);
    return 0;
}
