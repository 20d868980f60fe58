// Test helper: TCP transfers over one loopback address, to be run in a network namespace whose
// packets a netfilter rule drops at random, so the kernel retransmits.
//
//   tcp-retransmit-load ADDRESS CONNECTIONS BYTES
//
// ADDRESS is 127.0.0.1 or ::1. The parent listens on it and, for each of CONNECTIONS accepted
// connections in turn, reads until EOF, then closes. A child connects CONNECTIONS times in turn,
// sends BYTES, shuts its side down and waits for the parent's EOF, so every byte was acknowledged
// and both FINs were sent before the next connection starts. The exit status is 0 when all
// transfers completed; it prints "transferred=N".
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

static void die(const char *what)
{
    perror(what);
    exit(1);
}

static socklen_t parse_address(const char *text, struct sockaddr_storage *address)
{
    struct sockaddr_in *v4 = (struct sockaddr_in *)address;
    struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)address;

    memset(address, 0, sizeof(*address));
    if (inet_pton(AF_INET, text, &v4->sin_addr) == 1) {
        v4->sin_family = AF_INET;
        return sizeof(*v4);
    }
    if (inet_pton(AF_INET6, text, &v6->sin6_addr) == 1) {
        v6->sin6_family = AF_INET6;
        return sizeof(*v6);
    }
    fprintf(stderr, "not an IPv4 or IPv6 address: %s\n", text);
    exit(2);
}

// Reads until EOF; returns the bytes read.
static long drain(int fd)
{
    char buffer[65536];
    long total = 0;
    ssize_t n;

    while ((n = read(fd, buffer, sizeof(buffer))) > 0)
        total += n;
    if (n < 0)
        die("read");
    return total;
}

static void send_all(int fd, long bytes)
{
    static char chunk[65536];

    while (bytes > 0) {
        ssize_t n = write(fd, chunk, bytes < (long)sizeof(chunk) ? bytes : (long)sizeof(chunk));
        if (n < 0)
            die("write");
        bytes -= n;
    }
}

static void client(const struct sockaddr_storage *address, socklen_t length, int connections, long bytes)
{
    for (int i = 0; i < connections; i++) {
        int fd = socket(address->ss_family, SOCK_STREAM, 0);
        if (fd < 0)
            die("socket");
        if (connect(fd, (const struct sockaddr *)address, length) != 0)
            die("connect");
        send_all(fd, bytes);
        if (shutdown(fd, SHUT_WR) != 0)
            die("shutdown");
        drain(fd);
        close(fd);
    }
    exit(0);
}

int main(int argc, char **argv)
{
    struct sockaddr_storage address;
    socklen_t length;
    int connections, listener, status;
    long bytes, transferred = 0;
    pid_t child;

    if (argc != 4) {
        fprintf(stderr, "usage: %s ADDRESS CONNECTIONS BYTES\n", argv[0]);
        return 2;
    }
    length = parse_address(argv[1], &address);
    connections = atoi(argv[2]);
    bytes = atol(argv[3]);

    listener = socket(address.ss_family, SOCK_STREAM, 0);
    if (listener < 0)
        die("socket");
    if (bind(listener, (struct sockaddr *)&address, length) != 0)
        die("bind");
    if (getsockname(listener, (struct sockaddr *)&address, &length) != 0)
        die("getsockname");
    if (listen(listener, connections) != 0)
        die("listen");

    child = fork();
    if (child < 0)
        die("fork");
    if (child == 0)
        client(&address, length, connections, bytes);

    for (int i = 0; i < connections; i++) {
        int fd = accept(listener, NULL, NULL);
        if (fd < 0)
            die("accept");
        transferred += drain(fd);
        close(fd);
    }
    if (waitpid(child, &status, 0) != child)
        die("waitpid");
    printf("transferred=%ld\n", transferred);
    return WIFEXITED(status) && WEXITSTATUS(status) == 0 && transferred == (long)connections * bytes ? 0 : 1;
}
