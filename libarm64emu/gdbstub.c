/* The GDB remote-protocol server: the loopback socket, the session loop
 * and resuming the machine (arm64emu_gdb_listen / arm64emu_gdb_serve).
 *
 * Continuing runs the machine in bounded slices and looks at the socket
 * between them, so that Ctrl-C (0x03) stops it promptly; runs are
 * split-invariant, so the slices change nothing the guest can see. */
#define _GNU_SOURCE /* accept4, SOCK_CLOEXEC, MSG_NOSIGNAL */
#include "gdbstub.h"

#include "machine.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* Instructions per slice of a continue: small enough for Ctrl-C to feel
 * immediate, large enough that the poll costs nothing. */
#define GDB_SLICE 100000u
/* How long to wait on the socket when every CPU sleeps in WFI. */
#define GDB_IDLE_MS 10

static void close_fd(int *fd)
{
    if (*fd >= 0)
        close(*fd);
    *fd = -1;
}

void gdbstub_free(gdbstub_t *g)
{
    if (!g)
        return;
    close_fd(&g->conn_fd);
    close_fd(&g->listen_fd);
    gdb_regs_free(&g->regs);
    free(g);
}

/* ---- the connection ---------------------------------------------------- */

static bool send_all(gdbstub_t *g, const char *s, size_t n)
{
    while (n > 0) {
        ssize_t w = send(g->conn_fd, s, n, MSG_NOSIGNAL);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return false;
        s += w;
        n -= (size_t)w;
    }
    return true;
}

/* Frames and sends g->reply (an error instead if it overflowed), keeping
 * the frame for a resend on '-'. */
static bool send_reply(gdbstub_t *g)
{
    if (g->reply.full) {
        gdb_buf_clear(&g->reply);
        gdb_buf_puts(&g->reply, "E01");
    }
    g->tx_len = gdb_frame(g->tx, sizeof(g->tx), g->reply.data, g->reply.len);
    return g->tx_len > 0 && send_all(g, g->tx, g->tx_len);
}

/* Reads what the debugger sent (waiting up to timeout_ms, -1 forever).
 * Returns the byte count, 0 when nothing came, -1 when the connection is
 * gone. */
static ssize_t receive(gdbstub_t *g, uint8_t *buf, size_t cap, int timeout_ms)
{
    struct pollfd p = {.fd = g->conn_fd, .events = POLLIN};
    int r = poll(&p, 1, timeout_ms);
    if (r < 0)
        return errno == EINTR ? 0 : -1;
    if (r == 0)
        return 0;
    ssize_t n = recv(g->conn_fd, buf, cap, 0);
    if (n < 0 && (errno == EINTR || errno == EAGAIN))
        return 0;
    return n > 0 ? n : -1;
}

/* ---- resuming ---------------------------------------------------------- */

/* While the machine runs, the debugger may only interrupt it: returns
 * true on Ctrl-C; *lost when the connection went away. */
static bool interrupted(gdbstub_t *g, int timeout_ms, bool *lost)
{
    uint8_t buf[256];
    ssize_t n = receive(g, buf, sizeof(buf), timeout_ms);
    bool intr = false;
    if (n < 0) {
        *lost = true;
        return true;
    }
    for (ssize_t i = 0; i < n; i++)
        if (gdb_rx_feed(&g->rx, buf[i]) == GDB_RX_INTERRUPT)
            intr = true;
    return intr;
}

static void stopped_by_debugger(gdbstub_t *g, unsigned cpu, arm64emu_exit *e)
{
    uint64_t pc = 0;
    arm64emu_reg_read(g->m, cpu, ARM64EMU_REG_PC, &pc);
    memset(e, 0, sizeof(*e));
    e->struct_size = sizeof(*e);
    e->reason = ARM64EMU_EXIT_STOP;
    e->cpu = cpu;
    e->pc = pc;
}

static void run_until_stop(gdbstub_t *g, arm64emu_exit *e, bool *lost)
{
    for (;;) {
        e->struct_size = sizeof(*e);
        if (arm64emu_run(g->m, GDB_SLICE, e) != ARM64EMU_OK) {
            /* Nothing ran (the machine refused): show a stop, not a hang. */
            stopped_by_debugger(g, g->g_cpu, e);
            e->reason = ARM64EMU_EXIT_EXCEPTION;
            return;
        }
        int wait = e->reason == ARM64EMU_EXIT_BUDGET ? 0
                   : e->reason == ARM64EMU_EXIT_WFI  ? GDB_IDLE_MS
                                                     : -2;
        if (wait == -2)
            return;
        if (interrupted(g, wait, lost)) {
            stopped_by_debugger(g, g->g_cpu, e);
            return;
        }
    }
}

static void step_one(gdbstub_t *g, arm64emu_exit *e)
{
    e->struct_size = sizeof(*e);
    if (gdb_dbg_step(g->m, g->step_cpu, e) != ARM64EMU_OK) {
        stopped_by_debugger(g, g->step_cpu, e);
        e->reason = ARM64EMU_EXIT_EXCEPTION;
        return;
    }
    e->cpu = g->step_cpu;
}

typedef enum session_end { END_DETACH, END_KILL, END_EXIT, END_LOST } session_end_t;

/* Runs as the debugger asked and sends the stop reply. Returns false when
 * the session is over (*end says why; *out is the guest's exit). */
static bool resume(gdbstub_t *g, gdb_action_t act, session_end_t *end,
                   arm64emu_exit *out)
{
    arm64emu_exit e;
    bool lost = false;
    memset(&e, 0, sizeof(e));
    if (act == GDB_ACT_STEP)
        step_one(g, &e);
    else
        run_until_stop(g, &e, &lost);
    g->last = e;
    if (e.cpu < g->ncpus)
        g->g_cpu = g->step_cpu = e.cpu;
    if (!gdb_stop_reply(g, &e, &g->reply)) {
        *out = e;
        *end = END_EXIT;
        (void)send_reply(g);
        return false;
    }
    if (lost || !send_reply(g)) {
        *end = END_LOST;
        return false;
    }
    return true;
}

/* ---- the session ------------------------------------------------------- */

/* Handles one event of the byte stream; returns true when the session
 * goes on. */
static bool on_event(gdbstub_t *g, gdb_rx_event_t ev, session_end_t *end,
                     arm64emu_exit *out)
{
    switch (ev) {
    case GDB_RX_NACK:
        if (!g->no_ack && g->tx_len)
            return send_all(g, g->tx, g->tx_len) || (*end = END_LOST, false);
        return true;
    case GDB_RX_BAD:
        if (!g->no_ack && !send_all(g, "-", 1)) {
            *end = END_LOST;
            return false;
        }
        return true;
    case GDB_RX_TOO_LONG:
        if ((!g->no_ack && !send_all(g, "+", 1))) {
            *end = END_LOST;
            return false;
        }
        gdb_buf_clear(&g->reply);
        gdb_buf_puts(&g->reply, "E01");
        return send_reply(g) || (*end = END_LOST, false);
    case GDB_RX_PACKET:
        break;
    default: /* acks, Ctrl-C while stopped, noise */
        return true;
    }
    if (!g->no_ack && !send_all(g, "+", 1)) {
        *end = END_LOST;
        return false;
    }
    gdb_action_t act = gdb_handle_packet(g, g->rx.buf, g->rx.len);
    switch (act) {
    case GDB_ACT_NONE:
        return true;
    case GDB_ACT_REPLY:
        return send_reply(g) || (*end = END_LOST, false);
    case GDB_ACT_CONTINUE:
    case GDB_ACT_STEP:
        return resume(g, act, end, out);
    case GDB_ACT_DETACH:
        (void)send_reply(g);
        *end = g->killed ? END_KILL : END_DETACH;
        return false;
    case GDB_ACT_KILL:
    default:
        *end = END_KILL;
        return false;
    }
}

static session_end_t session(gdbstub_t *g, arm64emu_exit *out)
{
    uint8_t buf[4096];
    session_end_t end = END_LOST;
    for (;;) {
        ssize_t n = receive(g, buf, sizeof(buf), -1);
        if (n < 0)
            return END_LOST;
        for (ssize_t i = 0; i < n; i++)
            if (!on_event(g, gdb_rx_feed(&g->rx, buf[i]), &end, out))
                return end;
    }
}

/* ---- the API ----------------------------------------------------------- */

int arm64emu_gdb_listen(arm64emu_machine *m, uint16_t port,
                        uint16_t *bound_port)
{
    if (!m)
        return ARM64EMU_ERR_INVALID_ARGUMENT;
    if (!bound_port)
        return machine_fail(m, ARM64EMU_ERR_INVALID_ARGUMENT,
                            "gdb_listen: bound_port is NULL");
    gdbstub_t *g = gdbstub_new(m);
    if (!g)
        return machine_fail(m, ARM64EMU_ERR_NO_MEMORY, "gdb_listen: out of memory");
    g->listen_fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (g->listen_fd < 0) {
        gdbstub_free(g);
        return machine_fail(m, ARM64EMU_ERR_IO, "gdb_listen: socket: %s",
                            strerror(errno));
    }
    int one = 1;
    (void)setsockopt(g->listen_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    struct sockaddr_in a = {.sin_family = AF_INET,
                            .sin_port = htons(port),
                            .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t alen = sizeof(a);
    if (bind(g->listen_fd, (struct sockaddr *)&a, sizeof(a)) != 0 ||
        listen(g->listen_fd, 1) != 0 ||
        getsockname(g->listen_fd, (struct sockaddr *)&a, &alen) != 0) {
        int err = errno;
        gdbstub_free(g);
        return machine_fail(m, ARM64EMU_ERR_IO,
                            "gdb_listen: cannot listen on 127.0.0.1:%u: %s",
                            (unsigned)port, strerror(err));
    }
    gdbstub_free(m->gdb); /* a second listen replaces the first */
    m->gdb = g;
    *bound_port = ntohs(a.sin_port);
    return machine_ok(m);
}

static int accept_debugger(gdbstub_t *g)
{
    for (;;) {
        int fd = accept4(g->listen_fd, NULL, NULL, SOCK_CLOEXEC);
        if (fd >= 0) {
            int one = 1;
            (void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
            g->conn_fd = fd;
            close_fd(&g->listen_fd); /* one debugger per serve */
            return ARM64EMU_OK;
        }
        if (errno != EINTR && errno != ECONNABORTED)
            return machine_fail(g->m, ARM64EMU_ERR_IO, "gdb_serve: accept: %s",
                                strerror(errno));
    }
}

int arm64emu_gdb_serve(arm64emu_machine *m, arm64emu_exit *exit)
{
    if (!m)
        return ARM64EMU_ERR_INVALID_ARGUMENT;
    if (!exit || exit->struct_size < offsetof(arm64emu_exit, syndrome))
        return machine_fail(m, ARM64EMU_ERR_INVALID_ARGUMENT,
                            "gdb_serve: exit is NULL or its struct_size is too small");
    gdbstub_t *g = m->gdb;
    if (!g)
        return machine_fail(m, ARM64EMU_ERR_INVALID_ARGUMENT,
                            "gdb_serve: call arm64emu_gdb_listen first");
    int rc = accept_debugger(g);
    if (rc != ARM64EMU_OK) {
        m->gdb = NULL;
        gdbstub_free(g);
        return rc;
    }
    arm64emu_exit out;
    memset(&out, 0, sizeof(out));
    session_end_t end = session(g, &out);
    if (end != END_EXIT) {
        stopped_by_debugger(g, g->g_cpu, &out);
        out.imm = end == END_KILL ? 9 : 0;
    }
    gdb_points_clear(g);
    m->gdb = NULL;
    gdbstub_free(g);
    uint32_t size = exit->struct_size < sizeof(out) ? exit->struct_size
                                                     : (uint32_t)sizeof(out);
    memcpy(exit, &out, size);
    exit->struct_size = size;
    return machine_ok(m);
}
