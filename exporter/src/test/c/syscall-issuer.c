// Test helper: enters known system calls a known number of times, for SyscallsIT.
//
//   syscall-issuer NAME=COUNT...   e.g.  syscall-issuer getpgid=3000 sched_getparam=2000 out_of_table=500
//
// Each call is syscall(2) with the number from <sys/syscall.h> (so the same source works on x86_64
// and arm64) and all-zero arguments, harmless for the calls offered: getpgid(0) and
// getpriority(PRIO_PROCESS, 0) ask about this process, sched_getparam(0, NULL) fails with EINVAL
// after entering. out_of_table is number 100000, past every syscall table: the kernel enters the
// syscall path, fires raw_syscalls:sys_enter with that id and returns ENOSYS. What the call
// returns does not matter: the tracepoint fires on entry. Nothing else in this program, nor in
// libc's start-up and exit, makes these calls. Prints "NAME=COUNT" for each, once done.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#define OUT_OF_TABLE 100000L

static const struct {
    const char *name;
    long number;
} CALLS[] = {
    { "getpgid", SYS_getpgid },
    { "sched_getparam", SYS_sched_getparam },
    { "getpriority", SYS_getpriority },
    { "out_of_table", OUT_OF_TABLE },
};

static long number_of(const char *name, size_t length)
{
    for (size_t i = 0; i < sizeof(CALLS) / sizeof(CALLS[0]); i++)
        if (strlen(CALLS[i].name) == length && strncmp(CALLS[i].name, name, length) == 0)
            return CALLS[i].number;
    return -1;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: syscall-issuer NAME=COUNT...\n");
        return 2;
    }
    long numbers[argc], counts[argc];

    for (int i = 1; i < argc; i++) { // all checked before any call
        const char *equals = strchr(argv[i], '=');

        numbers[i] = equals ? number_of(argv[i], equals - argv[i]) : -1;
        counts[i] = equals ? atol(equals + 1) : 0;
        if (numbers[i] < 0 || counts[i] <= 0) {
            fprintf(stderr, "syscall-issuer: bad argument %s\n", argv[i]);
            return 2;
        }
    }
    for (int i = 1; i < argc; i++)
        for (long n = 0; n < counts[i]; n++)
            syscall(numbers[i], 0L, 0L, 0L, 0L, 0L, 0L);
    for (int i = 1; i < argc; i++)
        printf("%s\n", argv[i]);
    return 0;
}
