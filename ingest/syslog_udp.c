/* syslog_udp: reading datagrams. One datagram is one message. The kernel counts datagrams it had to drop
 * because our receive buffer was full (SO_RXQ_OVFL, delivered with each datagram as a cumulative count);
 * that count is the honest "UDP lost" figure, since a blocked emit stops all reading. The receive buffer is
 * raised to absorb short stalls. */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include "ingest/syslog_priv.h"

#define UDP_RCVBUF (8 << 20) /* 8 MiB: about 50 ms of a 1 Gbit/s burst; the kernel may cap it lower */
#define UDP_BATCH 256        /* datagrams per poll round, so one busy socket does not starve TCP */

int syslog_udp_setup(syslog_listener *l)
{
    int one = 1, sz = UDP_RCVBUF;
    (void)setsockopt(l->fd, SOL_SOCKET, SO_RCVBUF, &sz, sizeof sz); /* best effort */
    return setsockopt(l->fd, SOL_SOCKET, SO_RXQ_OVFL, &one, sizeof one);
}

int syslog_udp_read(pw_syslog_server *s, syslog_listener *l, pw_error *err)
{
    for (int k = 0; k < UDP_BATCH; k++) {
        struct sockaddr_storage from;
        union {
            struct cmsghdr h;
            char b[CMSG_SPACE(sizeof(uint32_t))];
        } ctl;
        struct iovec iov = {s->dgram, s->max_message + 1};
        struct msghdr mh = {.msg_name = &from, .msg_namelen = sizeof from, .msg_iov = &iov, .msg_iovlen = 1,
                            .msg_control = ctl.b, .msg_controllen = sizeof ctl.b};
        ssize_t n = recvmsg(l->fd, &mh, MSG_DONTWAIT | MSG_TRUNC); /* MSG_TRUNC: n is the datagram's real length */
        if (n < 0) {
            if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) return 0;
            return pw_error_set(err, PW_ERR_IO, "%s: recvmsg: %s", l->name, strerror(errno));
        }
        for (struct cmsghdr *c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c)) {
            if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SO_RXQ_OVFL) {
                uint32_t drops;
                memcpy(&drops, CMSG_DATA(c), sizeof drops);
                s->st.udp_dropped += (uint32_t)(drops - l->drops_seen);
                l->drops_seen = drops;
            }
        }
        size_t len = (size_t)n;
        int truncated = 0;
        if ((mh.msg_flags & MSG_TRUNC) || len > s->max_message) {
            len = s->max_message;
            truncated = 1;
            s->st.oversize++;
        }
        /* senders often end a datagram with LF or NUL */
        while (len > 0 && (s->dgram[len - 1] == '\n' || s->dgram[len - 1] == '\0')) len--;
        char ip[PW_SYSLOG_ADDR_MAX];
        syslog_format_ip((struct sockaddr *)&from, ip, sizeof ip);
        if (syslog_deliver(s, s->dgram, len, truncated, (uint64_t)n, ip, "udp", err)) return -1;
    }
    return 0;
}
