/*
 * wan-delay: holds the packets of netfilter queues for a fixed time each, so that a link between
 * two network namespaces behaves like a WAN link of that one-way delay.
 *
 *   wan-delay QUEUE:MILLIS [QUEUE:MILLIS ...]
 *
 * The rehearsal's iptables rules send each direction of each region pair to its own queue
 * (-j NFQUEUE --queue-num N). A queue's delay is constant, so its packets leave in the order they
 * came: one FIFO per queue, released by accepting each packet once its time is up. It exists
 * because the kernels the rehearsal runs on may lack sch_netem; loss is added separately with
 * iptables' statistic match.
 *
 * Build: cc -O2 -o wan-delay wan-delay.c -lnetfilter_queue -lnfnetlink   (Debian: libnetfilter-queue-dev)
 */
#define _GNU_SOURCE /* ppoll */
#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <linux/netfilter.h>
#include <libnetfilter_queue/libnetfilter_queue.h>

#define MAX_QUEUES 16
/* Packets one queue may hold; at the rehearsal's rates (thousands per second, 35 ms) a few hundred are held. */
#define CAPACITY 65536

struct held { uint32_t id; uint64_t due_ns; };

struct delay_queue {
    struct nfq_q_handle *handle;
    uint16_t number;
    uint64_t delay_ns;
    struct held *ring;
    size_t head, count;
    uint64_t dropped;
};

static struct delay_queue queues[MAX_QUEUES];
static int queue_count;
static volatile sig_atomic_t stopping;

static uint64_t now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t) t.tv_sec * 1000000000u + (uint64_t) t.tv_nsec;
}

static int on_packet(struct nfq_q_handle *handle, struct nfgenmsg *message, struct nfq_data *data, void *context) {
    (void) message;
    struct delay_queue *queue = context;
    struct nfqnl_msg_packet_hdr *header = nfq_get_msg_packet_hdr(data);
    if (header == NULL) {
        return 0;
    }
    uint32_t id = ntohl(header->packet_id);
    if (queue->count == CAPACITY) {
        /* A full queue drops, as a router's full buffer would. */
        queue->dropped++;
        return nfq_set_verdict(handle, id, NF_DROP, 0, NULL);
    }
    size_t tail = (queue->head + queue->count) % CAPACITY;
    queue->ring[tail] = (struct held) { id, now_ns() + queue->delay_ns };
    queue->count++;
    return 0;
}

/* Accepts every packet whose time is up; returns the nanoseconds until the next one is due, or -1. */
static int64_t release_due(void) {
    uint64_t now = now_ns();
    int64_t next = -1;
    for (int i = 0; i < queue_count; i++) {
        struct delay_queue *queue = &queues[i];
        while (queue->count > 0 && queue->ring[queue->head].due_ns <= now) {
            nfq_set_verdict(queue->handle, queue->ring[queue->head].id, NF_ACCEPT, 0, NULL);
            queue->head = (queue->head + 1) % CAPACITY;
            queue->count--;
        }
        if (queue->count > 0) {
            int64_t wait = (int64_t) (queue->ring[queue->head].due_ns - now);
            if (next < 0 || wait < next) {
                next = wait;
            }
        }
    }
    return next;
}

static void stop(int signal) {
    (void) signal;
    stopping = 1;
}

int main(int argc, char **argv) {
    if (argc < 2 || argc - 1 > MAX_QUEUES) {
        fprintf(stderr, "usage: wan-delay QUEUE:MILLIS [QUEUE:MILLIS ...] (at most %d queues)\n", MAX_QUEUES);
        return 2;
    }
    struct nfq_handle *netlink = nfq_open();
    if (netlink == NULL) {
        perror("wan-delay: nfq_open");
        return 1;
    }
    nfq_bind_pf(netlink, AF_INET);
    for (int i = 1; i < argc; i++) {
        unsigned number, millis;
        if (sscanf(argv[i], "%u:%u", &number, &millis) != 2 || number > 65535) {
            fprintf(stderr, "wan-delay: '%s' is not QUEUE:MILLIS (such as 1:10)\n", argv[i]);
            return 2;
        }
        struct delay_queue *queue = &queues[queue_count++];
        queue->number = (uint16_t) number;
        queue->delay_ns = (uint64_t) millis * 1000000u;
        queue->ring = calloc(CAPACITY, sizeof(struct held));
        queue->handle = nfq_create_queue(netlink, queue->number, on_packet, queue);
        if (queue->ring == NULL || queue->handle == NULL) {
            fprintf(stderr, "wan-delay: cannot bind queue %u: %s\n", number, strerror(errno));
            return 1;
        }
        /* Only the packet id is needed, never the payload. */
        nfq_set_mode(queue->handle, NFQNL_COPY_META, 0);
        nfq_set_queue_maxlen(queue->handle, CAPACITY);
    }
    nfnl_rcvbufsiz(nfq_nfnlh(netlink), 16 * 1024 * 1024);
    signal(SIGTERM, stop);
    signal(SIGINT, stop);
    printf("wan-delay: holding %d queues\n", queue_count);
    fflush(stdout);

    int fd = nfq_fd(netlink);
    char buffer[65536] __attribute__((aligned));
    while (!stopping) {
        int64_t next = release_due();
        struct timespec timeout = { next / 1000000000, next % 1000000000 };
        struct pollfd readable = { fd, POLLIN, 0 };
        if (ppoll(&readable, 1, next < 0 ? NULL : &timeout, NULL) > 0) {
            ssize_t length;
            while ((length = recv(fd, buffer, sizeof buffer, MSG_DONTWAIT)) > 0) {
                nfq_handle_packet(netlink, buffer, (int) length);
            }
            /* ENOBUFS: the kernel dropped queued packets it could not hand over; like loss, go on. */
        }
    }
    for (int i = 0; i < queue_count; i++) {
        if (queues[i].dropped > 0) {
            fprintf(stderr, "wan-delay: queue %u dropped %llu packets (full)\n", queues[i].number,
                    (unsigned long long) queues[i].dropped);
        }
        nfq_destroy_queue(queues[i].handle);
    }
    nfq_close(netlink);
    return 0;
}
