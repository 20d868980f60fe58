// Makes page faults under N distinct comms ("spray00000" ...), so the page-faults map holds about
// 2 x N series (each child faults in user and kernel mode), for scale benchmarks of the exporter.
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 5000;

    for (int i = 0; i < n; i++) {
        pid_t pid = fork();
        if (pid < 0) {
            perror("fork");
            return 1;
        }
        if (pid == 0) {
            char name[16];
            snprintf(name, sizeof(name), "spray%05d", i);
            prctl(PR_SET_NAME, name);
            char *page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
            if (page != MAP_FAILED)
                page[0] = 1;
            _exit(0);
        }
        waitpid(pid, NULL, 0);
    }
    return 0;
}
