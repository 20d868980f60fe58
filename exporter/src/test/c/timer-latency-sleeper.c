// Test helper: N relative nanosleeps of 100 us each, so at least N hrtimer_wakeup callbacks run.
//
//   timer-latency-sleeper N   ->   prints "slept=N"
//
// Each nanosleep arms one hrtimer sleeper whose callback, hrtimer_wakeup, wakes the task; it runs
// exactly once per sleep that was not interrupted, and a sleep cut short by a signal fails the
// helper, so the count it prints is a lower bound of the hrtimer_wakeup callbacks it caused.
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

int main(int argc, char **argv)
{
    struct timespec interval = { .tv_sec = 0, .tv_nsec = 100000 };
    long n;

    if (argc != 2 || (n = atol(argv[1])) <= 0) {
        fprintf(stderr, "usage: timer-latency-sleeper N\n");
        return 2;
    }
    for (long i = 0; i < n; i++) {
        if (nanosleep(&interval, NULL) != 0) {
            perror("nanosleep");
            return 1;
        }
    }
    printf("slept=%ld\n", n);
    return 0;
}
