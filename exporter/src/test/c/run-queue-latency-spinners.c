// Test helper: THREADS threads of one process that spin for SECONDS and never sleep, so every
// switch-in of theirs follows a preemption while runnable: a set of events that every run-queue
// latency tool counts alike (runqlat -p PID, the exporter by the process's cgroup).
//
//   run-queue-latency-spinners THREADS SECONDS
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double seconds;

static double now(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static void *spin(void *unused)
{
    double end = now() + seconds;
    volatile unsigned long work = 0;

    (void)unused;
    while (now() < end)
        work++;
    return NULL;
}

int main(int argc, char **argv)
{
    if (argc != 3 || atoi(argv[1]) <= 0 || atof(argv[2]) <= 0) {
        fprintf(stderr, "usage: run-queue-latency-spinners THREADS SECONDS\n");
        return 2;
    }
    int threads = atoi(argv[1]);
    pthread_t spinners[threads];

    seconds = atof(argv[2]);
    for (int i = 0; i < threads; i++)
        if (pthread_create(&spinners[i], NULL, spin, NULL) != 0) {
            perror("pthread_create");
            return 1;
        }
    for (int i = 0; i < threads; i++)
        pthread_join(spinners[i], NULL);
    return 0;
}
