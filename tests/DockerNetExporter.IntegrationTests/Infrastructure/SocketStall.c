/*
 * socket-stall: sockets that never take what they are sent, and bounded bursts at them, for the
 * protocol counter tests (busybox has neither). Built static by SocketStall.cs and bind-mounted
 * read-only into busybox containers.
 *
 *   socket-stall listen PORT           TCP listener with backlog 1 that never accepts
 *   socket-stall udp PORT              UDP socket with the smallest receive buffer, never read
 *   socket-stall connect IP PORT N     N connection attempts, 20 ms apart; 1.5 s later all are reset
 *   socket-stall send IP PORT N        N datagrams of 64 bytes
 *
 * The two servers print "ready" once bound, then sleep until killed. The two clients exit 0 when
 * done: every attempt is bounded in count and time, whatever the server does.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

enum { MaxAttempts = 1000 };

static void die(const char *what)
{
    perror(what);
    exit(2);
}

static struct sockaddr_in address(const char *ip, const char *port)
{
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons((unsigned short)atoi(port));
    if (inet_pton(AF_INET, ip, &a.sin_addr) != 1) {
        fprintf(stderr, "not an IPv4 address: %s\n", ip);
        exit(2);
    }
    return a;
}

static int attempts(const char *count)
{
    int n = atoi(count);
    if (n < 1 || n > MaxAttempts) {
        fprintf(stderr, "count must be 1 to %d\n", MaxAttempts);
        exit(2);
    }
    return n;
}

static void sleep_ms(long ms)
{
    struct timespec t = { ms / 1000, (ms % 1000) * 1000000L };
    nanosleep(&t, NULL);
}

static void serve_forever(int type, const char *port)
{
    int fd = socket(AF_INET, type, 0);
    if (fd < 0) die("socket");
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (type == SOCK_DGRAM) {
        int smallest = 0; /* the kernel raises it to its minimum, SOCK_MIN_RCVBUF */
        if (setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &smallest, sizeof smallest) < 0) die("SO_RCVBUF");
    }
    struct sockaddr_in a = address("0.0.0.0", port);
    if (bind(fd, (struct sockaddr *)&a, sizeof a) < 0) die("bind");
    if (type == SOCK_STREAM && listen(fd, 1) < 0) die("listen");
    dprintf(1, "ready\n");
    for (;;) pause();
}

static void connect_burst(const char *ip, const char *port, int n)
{
    static int fds[MaxAttempts];
    struct sockaddr_in a = address(ip, port);
    for (int i = 0; i < n; i++) {
        fds[i] = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
        if (fds[i] < 0) die("socket");
        connect(fds[i], (struct sockaddr *)&a, sizeof a); /* EINPROGRESS: the SYN is out */
        sleep_ms(20);
    }
    sleep_ms(1500); /* one SYN retransmission of each attempt the server dropped */
    struct linger reset = { 1, 0 };
    for (int i = 0; i < n; i++) {
        setsockopt(fds[i], SOL_SOCKET, SO_LINGER, &reset, sizeof reset);
        close(fds[i]);
    }
}

static void send_burst(const char *ip, const char *port, int n)
{
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    if (fd < 0) die("socket");
    struct sockaddr_in a = address(ip, port);
    char payload[64];
    memset(payload, 'x', sizeof payload);
    for (int i = 0; i < n; i++) {
        if (sendto(fd, payload, sizeof payload, 0, (struct sockaddr *)&a, sizeof a) < 0) die("sendto");
    }
}

int main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "listen") == 0) serve_forever(SOCK_STREAM, argv[2]);
    if (argc == 3 && strcmp(argv[1], "udp") == 0) serve_forever(SOCK_DGRAM, argv[2]);
    if (argc == 5 && strcmp(argv[1], "connect") == 0) {
        connect_burst(argv[2], argv[3], attempts(argv[4]));
        return 0;
    }
    if (argc == 5 && strcmp(argv[1], "send") == 0) {
        send_burst(argv[2], argv[3], attempts(argv[4]));
        return 0;
    }
    fprintf(stderr, "usage: socket-stall listen PORT | udp PORT | connect IP PORT N | send IP PORT N\n");
    return 2;
}
