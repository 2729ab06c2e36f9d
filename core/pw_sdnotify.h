/* pw_sdnotify: tells a service manager how the process is doing (systemd's sd_notify protocol: one datagram of
 * "KEY=VALUE" lines to the AF_UNIX socket named by $NOTIFY_SOCKET). Written here instead of linking libsystemd
 * for one sendmsg: the protocol is stable and documented (sd_notify(3)), and a library fewer means a faster
 * start. Without $NOTIFY_SOCKET (not under systemd, Type= not notify) every call does nothing. */
#ifndef PW_SDNOTIFY_H
#define PW_SDNOTIFY_H

/* Sends state, e.g. "READY=1", "STOPPING=1", "RELOADING=1", "STATUS=...". Returns 1 sent, 0 no manager, -1 error. */
int pw_sdnotify(const char *state);

#endif
