/* The GDB remote-protocol server (arm64emu_gdb_listen / arm64emu_gdb_serve).
 *
 * gdbstub.c owns the sockets and the serve loop; gdbstub_pkt.c the framing
 * (checksums, escapes, hex); gdbstub_regs.c the register layout and
 * target.xml; gdbstub_cmd.c the packets. Everything the debugger sends is
 * untrusted input: buffers are bounded and malformed packets get an error
 * reply, never a crash.
 */
#ifndef ARM64EMU_GDBSTUB_H
#define ARM64EMU_GDBSTUB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arm64emu/arm64emu.h"

/* Largest packet body accepted (the PacketSize of qSupported) and largest
 * reply body before escaping. */
#define GDB_PKT_MAX 4096
#define GDB_REPLY_MAX 4096

/* ---- framing (gdbstub_pkt.c) ------------------------------------------ */

typedef enum gdb_rx_event {
    GDB_RX_MORE = 0,   /* nothing complete yet */
    GDB_RX_PACKET,     /* a packet with a good checksum is in rx->buf */
    GDB_RX_BAD,        /* a packet with a bad checksum (send '-') */
    GDB_RX_TOO_LONG,   /* a packet longer than GDB_PKT_MAX, dropped */
    GDB_RX_INTERRUPT,  /* 0x03 outside a packet (Ctrl-C) */
    GDB_RX_ACK,        /* '+' */
    GDB_RX_NACK        /* '-': resend the last reply */
} gdb_rx_event_t;

typedef struct gdb_rx {
    uint8_t state;
    bool overflow;
    uint8_t sum;       /* running checksum of the body */
    uint8_t csum;      /* the first checksum digit's value */
    size_t len;
    char buf[GDB_PKT_MAX + 1]; /* the raw body, NUL-terminated */
} gdb_rx_t;

void gdb_rx_reset(gdb_rx_t *rx);
/* Feeds one byte from the debugger. */
gdb_rx_event_t gdb_rx_feed(gdb_rx_t *rx, uint8_t c);

/* A reply under construction. Appends past the end set full: the caller
 * then sends an error instead. */
typedef struct gdb_buf {
    size_t len;
    bool full;
    char data[GDB_REPLY_MAX];
} gdb_buf_t;

void gdb_buf_clear(gdb_buf_t *b);
void gdb_buf_putn(gdb_buf_t *b, const char *s, size_t n);
void gdb_buf_puts(gdb_buf_t *b, const char *s);
void gdb_buf_printf(gdb_buf_t *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* n bytes as 2n lowercase hex digits. */
void gdb_buf_hex(gdb_buf_t *b, const void *bytes, size_t n);

uint8_t gdb_checksum(const char *s, size_t n);
/* The hex digit's value, or -1. */
int gdb_hexval(int c);
/* Parses 1..16 hex digits at *p (stops at the first non-digit, which must
 * be within end). Fails on no digit or more than 16. */
bool gdb_parse_hex(const char **p, const char *end, uint64_t *out);
/* Exactly 2n hex digits at hex into n bytes. */
bool gdb_hex_decode(uint8_t *out, const char *hex, size_t n);
/* Undoes the '}' escape of binary data: at most cap bytes out, the count in
 * *outlen. Fails on a trailing '}' or more than cap bytes. */
bool gdb_unescape(uint8_t *out, size_t cap, size_t *outlen, const char *in,
                  size_t len);
/* "$body#xx" with '$', '#', '}' and '*' escaped, into out (cap bytes).
 * Returns the length, or 0 when it does not fit. */
size_t gdb_frame(char *out, size_t cap, const char *body, size_t len);

/* ---- registers (gdbstub_regs.c) ---------------------------------------- */

/* GDB register numbers: x0-x30, sp, pc, cpsr (org.gnu.gdb.aarch64.core),
 * v0-v31, fpsr, fpcr (org.gnu.gdb.aarch64.fpu), then the system registers
 * of the sysregs feature. The g packet holds the first GDB_G_REGS. */
#define GDB_REG_SP 31
#define GDB_REG_PC 32
#define GDB_REG_CPSR 33
#define GDB_REG_V0 34
#define GDB_REG_FPSR 66
#define GDB_REG_FPCR 67
#define GDB_REG_SYS0 68
#define GDB_G_REGS GDB_REG_SYS0

typedef struct gdb_sysreg {
    uint32_t key;      /* ARM64EMU_SYSREG encoding */
    const char *name;  /* static, from the sysreg tables */
} gdb_sysreg_t;

typedef struct gdb_regs {
    gdb_sysreg_t *sys;
    unsigned nsys;
    char *xml;         /* target.xml */
    size_t xml_len;
} gdb_regs_t;

/* Picks the system registers CPU 0 of m can show (side-effect-free reads)
 * and writes target.xml. */
int gdb_regs_init(gdb_regs_t *r, arm64emu_machine *m);
void gdb_regs_free(gdb_regs_t *r);
unsigned gdb_regs_count(const gdb_regs_t *r);
/* Bytes of register regno (8, 4 or 16), 0 when there is none. */
unsigned gdb_reg_size(const gdb_regs_t *r, unsigned regno);
/* Reads/writes regno of cpu as GDB's target bytes (little-endian). */
int gdb_reg_read(const gdb_regs_t *r, arm64emu_machine *m, unsigned cpu,
                 unsigned regno, uint8_t out[16]);
int gdb_reg_write(const gdb_regs_t *r, arm64emu_machine *m, unsigned cpu,
                  unsigned regno, const uint8_t *in);

/* ---- debug primitives (gdbstub_dbg.c) ---------------------------------- */

/* Adds or removes a breakpoint (watch false) or a watchpoint of mask. */
int gdb_dbg_point(arm64emu_machine *m, bool watch, uint64_t va, uint64_t len,
                  uint32_t mask, bool add);
int gdb_dbg_step(arm64emu_machine *m, unsigned cpu, arm64emu_exit *e);

/* ---- the server (gdbstub_cmd.c, gdbstub.c) ----------------------------- */

#define GDB_MAX_BREAKS 256
#define GDB_MAX_WATCHES 64

/* One Z packet's insertion, counted: Z0 and Z1 at one address share a
 * library breakpoint; a watch is keyed by address, length and kinds. */
typedef struct gdb_point {
    uint64_t addr, len;
    uint32_t mask;     /* watches: 1 << ARM64EMU_ACCESS_* bits */
    uint8_t type;      /* Z type 0..4 */
    bool used;
} gdb_point_t;

/* What a packet asks of the serve loop. */
typedef enum gdb_action {
    GDB_ACT_REPLY = 0, /* send the reply */
    GDB_ACT_NONE,      /* send nothing */
    GDB_ACT_CONTINUE,  /* run every CPU until something stops it */
    GDB_ACT_STEP,      /* one instruction of step_cpu */
    GDB_ACT_DETACH,    /* reply, then end the session */
    GDB_ACT_KILL       /* end the session without a reply */
} gdb_action_t;

struct gdbstub {
    arm64emu_machine *m;
    int listen_fd;
    int conn_fd;
    bool no_ack;       /* QStartNoAckMode accepted */
    bool killed;       /* vKill: the session ends as by 'k' */
    unsigned g_cpu;    /* Hg: registers and memory (0-based) */
    unsigned step_cpu; /* the CPU a step runs */
    unsigned ncpus;
    gdb_regs_t regs;
    gdb_point_t points[GDB_MAX_BREAKS + GDB_MAX_WATCHES];
    arm64emu_exit last; /* the last stop */
    int last_signal;
    gdb_rx_t rx;
    gdb_buf_t reply;
    char tx[2 * GDB_REPLY_MAX + 8]; /* the last framed reply, for '-' */
    size_t tx_len;
};

typedef struct gdbstub gdbstub_t;

/* A server state for m without sockets (fds -1): what the unit tests
 * drive. NULL when out of memory. */
gdbstub_t *gdbstub_new(arm64emu_machine *m);
/* Closes the sockets and frees the server state. NULL is a no-op. */
void gdbstub_free(gdbstub_t *g);

/* Handles one packet body (len bytes) and fills g->reply. */
gdb_action_t gdb_handle_packet(gdbstub_t *g, const char *pkt, size_t len);

/* The stop reply for an exit ("T05thread:1;swbreak:;", "W00", ...) into
 * b; returns whether the debugger can continue from it (false for W). */
bool gdb_stop_reply(gdbstub_t *g, const arm64emu_exit *e, gdb_buf_t *b);

/* Removes every breakpoint and watchpoint the debugger inserted. */
void gdb_points_clear(gdbstub_t *g);

#endif
