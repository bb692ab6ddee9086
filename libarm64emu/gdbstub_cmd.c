/* The packets of the GDB remote protocol: each handler parses the body,
 * acts on the machine and fills g->reply. Anything unexpected in a body is
 * answered with an error, never trusted. Unknown packets get the empty
 * reply, which the protocol defines as "not supported". */
#include "gdbstub.h"

#include "machine.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GDB_SIGINT 2
#define GDB_SIGILL 4
#define GDB_SIGTRAP 5
#define GDB_SIGBUS 7
#define GDB_SIGSEGV 11

/* A packet body as a bounded cursor. */
typedef struct pcur {
    const char *p, *end;
} pcur_t;

static bool eat(pcur_t *c, char ch)
{
    if (c->p < c->end && *c->p == ch) {
        c->p++;
        return true;
    }
    return false;
}

static bool hexnum(pcur_t *c, uint64_t *v)
{
    return gdb_parse_hex(&c->p, c->end, v);
}

static bool starts(const char *pkt, size_t len, const char *prefix)
{
    size_t n = strlen(prefix);
    return len >= n && !memcmp(pkt, prefix, n);
}

static gdb_action_t reply(gdbstub_t *g, const char *s)
{
    gdb_buf_clear(&g->reply);
    gdb_buf_puts(&g->reply, s);
    return GDB_ACT_REPLY;
}

static gdb_action_t error(gdbstub_t *g, unsigned code)
{
    gdb_buf_clear(&g->reply);
    gdb_buf_printf(&g->reply, "E%02x", code & 0xff);
    return GDB_ACT_REPLY;
}

/* ---- threads: CPU n is thread n + 1 ------------------------------------ */

/* A thread id ("1", "-1", "0"): -1 means all, 0 any; else the CPU. */
static bool thread_id(gdbstub_t *g, pcur_t *c, long *cpu)
{
    uint64_t v;
    if (eat(c, '-')) {
        if (!eat(c, '1'))
            return false;
        *cpu = -1;
        return true;
    }
    if (!hexnum(c, &v) || v > g->ncpus)
        return false;
    *cpu = (long)v - 1; /* "0": -1 as well, any thread */
    return true;
}

static gdb_action_t cmd_h(gdbstub_t *g, pcur_t *c)
{
    long cpu;
    char op = c->p < c->end ? *c->p++ : 0;
    if ((op != 'g' && op != 'c') || !thread_id(g, c, &cpu) || c->p != c->end)
        return error(g, 1);
    if (cpu >= 0) {
        if (op == 'g')
            g->g_cpu = (unsigned)cpu;
        else
            g->step_cpu = (unsigned)cpu;
    }
    return reply(g, "OK");
}

static gdb_action_t cmd_thread_alive(gdbstub_t *g, pcur_t *c)
{
    long cpu;
    if (!thread_id(g, c, &cpu) || cpu < 0 || c->p != c->end)
        return error(g, 1);
    return reply(g, "OK");
}

/* ---- registers --------------------------------------------------------- */

static gdb_action_t cmd_g(gdbstub_t *g)
{
    uint8_t v[16];
    gdb_buf_clear(&g->reply);
    for (unsigned r = 0; r < GDB_G_REGS; r++) {
        if (gdb_reg_read(&g->regs, g->m, g->g_cpu, r, v) != ARM64EMU_OK)
            return error(g, 1);
        gdb_buf_hex(&g->reply, v, gdb_reg_size(&g->regs, r));
    }
    return GDB_ACT_REPLY;
}

static gdb_action_t cmd_G(gdbstub_t *g, pcur_t *c)
{
    uint8_t v[16];
    for (unsigned r = 0; r < GDB_G_REGS && c->p < c->end; r++) {
        unsigned n = gdb_reg_size(&g->regs, r);
        if ((size_t)(c->end - c->p) < 2 * n || !gdb_hex_decode(v, c->p, n))
            return error(g, 1);
        c->p += 2 * n;
        if (gdb_reg_write(&g->regs, g->m, g->g_cpu, r, v) != ARM64EMU_OK)
            return error(g, 2);
    }
    return c->p == c->end ? reply(g, "OK") : error(g, 1);
}

static gdb_action_t cmd_p(gdbstub_t *g, pcur_t *c)
{
    uint64_t r;
    uint8_t v[16];
    if (!hexnum(c, &r) || c->p != c->end || r >= gdb_regs_count(&g->regs))
        return error(g, 1);
    if (gdb_reg_read(&g->regs, g->m, g->g_cpu, (unsigned)r, v) != ARM64EMU_OK)
        return error(g, 2);
    gdb_buf_clear(&g->reply);
    gdb_buf_hex(&g->reply, v, gdb_reg_size(&g->regs, (unsigned)r));
    return GDB_ACT_REPLY;
}

static gdb_action_t cmd_P(gdbstub_t *g, pcur_t *c)
{
    uint64_t r;
    uint8_t v[16];
    if (!hexnum(c, &r) || !eat(c, '=') || r >= gdb_regs_count(&g->regs))
        return error(g, 1);
    unsigned n = gdb_reg_size(&g->regs, (unsigned)r);
    if ((size_t)(c->end - c->p) != 2 * n || !gdb_hex_decode(v, c->p, n))
        return error(g, 1);
    if (gdb_reg_write(&g->regs, g->m, g->g_cpu, (unsigned)r, v) != ARM64EMU_OK)
        return error(g, 2);
    return reply(g, "OK");
}

/* ---- memory: virtual addresses of the selected CPU --------------------- */

#define MEM_MAX (GDB_REPLY_MAX / 2)

/* Reads as much of [addr, addr + len) as translates, page by page; returns
 * the number of bytes read. */
static size_t mem_read_prefix(gdbstub_t *g, uint64_t addr, uint8_t *buf,
                              size_t len)
{
    size_t done = 0;
    while (done < len) {
        uint64_t a = addr + done;
        size_t n = 4096 - (size_t)(a & 4095);
        if (n > len - done)
            n = len - done;
        if (arm64emu_vmem_read(g->m, g->g_cpu, a, buf + done, n) != ARM64EMU_OK)
            break;
        done += n;
    }
    return done;
}

static gdb_action_t cmd_m(gdbstub_t *g, pcur_t *c)
{
    uint64_t addr, len;
    uint8_t buf[MEM_MAX];
    if (!hexnum(c, &addr) || !eat(c, ',') || !hexnum(c, &len) || c->p != c->end)
        return error(g, 1);
    if (len > MEM_MAX)
        len = MEM_MAX; /* a short reply is allowed; GDB asks for the rest */
    size_t n = mem_read_prefix(g, addr, buf, (size_t)len);
    if (n == 0 && len > 0)
        return error(g, 0x14);
    gdb_buf_clear(&g->reply);
    gdb_buf_hex(&g->reply, buf, n);
    return GDB_ACT_REPLY;
}

static gdb_action_t mem_write(gdbstub_t *g, uint64_t addr, const uint8_t *buf,
                              size_t len)
{
    if (len && arm64emu_vmem_write(g->m, g->g_cpu, addr, buf, len) != ARM64EMU_OK)
        return error(g, 0x14);
    return reply(g, "OK");
}

static gdb_action_t cmd_M(gdbstub_t *g, pcur_t *c)
{
    uint64_t addr, len;
    uint8_t buf[GDB_PKT_MAX / 2];
    if (!hexnum(c, &addr) || !eat(c, ',') || !hexnum(c, &len) || !eat(c, ':'))
        return error(g, 1);
    if (len > sizeof(buf) || (size_t)(c->end - c->p) != 2 * len ||
        !gdb_hex_decode(buf, c->p, (size_t)len))
        return error(g, 1);
    return mem_write(g, addr, buf, (size_t)len);
}

static gdb_action_t cmd_X(gdbstub_t *g, pcur_t *c)
{
    uint64_t addr, len;
    uint8_t buf[GDB_PKT_MAX];
    size_t n;
    if (!hexnum(c, &addr) || !eat(c, ',') || !hexnum(c, &len) || !eat(c, ':'))
        return error(g, 1);
    if (!gdb_unescape(buf, sizeof(buf), &n, c->p, (size_t)(c->end - c->p)) ||
        n != len)
        return error(g, 1);
    return mem_write(g, addr, buf, n);
}

/* ---- breakpoints and watchpoints --------------------------------------- */

static uint32_t watch_mask(unsigned type)
{
    switch (type) {
    case 2: return 1u << ARM64EMU_ACCESS_WRITE;
    case 3: return 1u << ARM64EMU_ACCESS_READ;
    default: return 1u << ARM64EMU_ACCESS_READ | 1u << ARM64EMU_ACCESS_WRITE;
    }
}

static gdb_point_t *point_find(gdbstub_t *g, unsigned type, uint64_t addr,
                               uint64_t len)
{
    for (size_t i = 0; i < sizeof(g->points) / sizeof(g->points[0]); i++) {
        gdb_point_t *p = &g->points[i];
        if (p->used && p->type == type && p->addr == addr &&
            (type < 2 || p->len == len))
            return p;
    }
    return NULL;
}

/* Whether another entry than skip needs the same library point. */
static bool point_shared(gdbstub_t *g, const gdb_point_t *skip, unsigned type,
                         uint64_t addr, uint64_t len)
{
    for (size_t i = 0; i < sizeof(g->points) / sizeof(g->points[0]); i++) {
        const gdb_point_t *p = &g->points[i];
        if (!p->used || p == skip || p->addr != addr)
            continue;
        if (type < 2 ? p->type < 2
                     : p->type >= 2 && p->len == len &&
                           watch_mask(p->type) == watch_mask(type))
            return true;
    }
    return false;
}

static int lib_point(gdbstub_t *g, unsigned type, uint64_t addr, uint64_t len,
                     bool add)
{
    return gdb_dbg_point(g->m, type >= 2, addr, len,
                         type < 2 ? 0 : watch_mask(type), add);
}

static gdb_action_t point_insert(gdbstub_t *g, unsigned type, uint64_t addr,
                                 uint64_t len)
{
    size_t lo = type < 2 ? 0 : GDB_MAX_BREAKS;
    size_t hi = type < 2 ? GDB_MAX_BREAKS : GDB_MAX_BREAKS + GDB_MAX_WATCHES;
    if (point_find(g, type, addr, len))
        return reply(g, "OK"); /* Z packets are idempotent */
    size_t i = lo;
    while (i < hi && g->points[i].used)
        i++;
    if (i == hi)
        return error(g, 0x0c); /* no room */
    if (!point_shared(g, NULL, type, addr, len) &&
        lib_point(g, type, addr, len, true) != ARM64EMU_OK)
        return error(g, 0x16);
    g->points[i] = (gdb_point_t){.addr = addr, .len = len, .type = (uint8_t)type,
                                 .mask = type < 2 ? 0 : watch_mask(type),
                                 .used = true};
    return reply(g, "OK");
}

static gdb_action_t point_remove(gdbstub_t *g, unsigned type, uint64_t addr,
                                 uint64_t len)
{
    gdb_point_t *p = point_find(g, type, addr, len);
    if (!p)
        return reply(g, "OK");
    if (!point_shared(g, p, type, addr, len))
        (void)lib_point(g, type, addr, len, false);
    p->used = false;
    return reply(g, "OK");
}

static gdb_action_t cmd_z(gdbstub_t *g, pcur_t *c, bool insert)
{
    uint64_t type, addr, kind;
    if (!hexnum(c, &type) || !eat(c, ',') || !hexnum(c, &addr) ||
        !eat(c, ',') || !hexnum(c, &kind))
        return error(g, 1);
    /* Conditions and commands (";X...") are not supported: the reply to
     * such a packet is an error, never a half-understood breakpoint. */
    if (c->p != c->end)
        return error(g, 1);
    if (type > 4)
        return reply(g, "");
    if (type >= 2 && (kind == 0 || kind > 1u << 20 || addr + kind < addr))
        return error(g, 0x16);
    return insert ? point_insert(g, (unsigned)type, addr, kind)
                  : point_remove(g, (unsigned)type, addr, kind);
}

void gdb_points_clear(gdbstub_t *g)
{
    for (size_t i = 0; i < sizeof(g->points) / sizeof(g->points[0]); i++) {
        gdb_point_t *p = &g->points[i];
        if (p->used)
            point_remove(g, p->type, p->addr, p->len);
    }
}

/* ---- resuming ---------------------------------------------------------- */

/* "c[addr]", "s[addr]", "Csig[;addr]", "Ssig[;addr]". */
static gdb_action_t cmd_resume(gdbstub_t *g, pcur_t *c, bool step, bool sig)
{
    uint64_t v;
    if (sig) {
        if (!hexnum(c, &v))
            return error(g, 1);
        if (c->p < c->end && !eat(c, ';'))
            return error(g, 1);
    }
    if (c->p < c->end) {
        if (!hexnum(c, &v) || c->p != c->end)
            return error(g, 1);
        if (arm64emu_reg_write(g->m, g->step_cpu, ARM64EMU_REG_PC, v) != ARM64EMU_OK)
            return error(g, 2);
    }
    return step ? GDB_ACT_STEP : GDB_ACT_CONTINUE;
}

/* "vCont;s:1;c": the first step action decides; a step with no thread
 * steps the Hc thread. Signals are accepted and not delivered. */
static gdb_action_t cmd_vcont(gdbstub_t *g, pcur_t *c)
{
    bool step = false;
    long step_cpu = -1;
    if (c->p == c->end)
        return error(g, 1);
    while (c->p < c->end) {
        uint64_t sig;
        long cpu = -1;
        if (!eat(c, ';'))
            return error(g, 1);
        char a = c->p < c->end ? *c->p++ : 0;
        if (a == 'C' || a == 'S') {
            if (!hexnum(c, &sig))
                return error(g, 1);
        } else if (a != 'c' && a != 's') {
            return error(g, 1);
        }
        if (eat(c, ':') && !thread_id(g, c, &cpu))
            return error(g, 1);
        if ((a == 's' || a == 'S') && !step) {
            step = true;
            step_cpu = cpu;
        }
    }
    if (!step)
        return GDB_ACT_CONTINUE;
    if (step_cpu >= 0)
        g->step_cpu = (unsigned)step_cpu;
    return GDB_ACT_STEP;
}

/* ---- queries ----------------------------------------------------------- */

static gdb_action_t cmd_qsupported(gdbstub_t *g)
{
    gdb_buf_clear(&g->reply);
    gdb_buf_printf(&g->reply,
                   "PacketSize=%x;qXfer:features:read+;QStartNoAckMode+;"
                   "swbreak+;hwbreak+;vContSupported+",
                   GDB_PKT_MAX);
    return GDB_ACT_REPLY;
}

/* "qXfer:features:read:ANNEX:OFFSET,LENGTH" */
static gdb_action_t cmd_xfer_features(gdbstub_t *g, pcur_t *c)
{
    static const char annex[] = "target.xml:";
    uint64_t off, len;
    size_t n = sizeof(annex) - 1;
    if ((size_t)(c->end - c->p) < n || memcmp(c->p, annex, n))
        return error(g, 0);
    c->p += n;
    if (!hexnum(c, &off) || !eat(c, ',') || !hexnum(c, &len) || c->p != c->end)
        return error(g, 1);
    /* Escapes may double every byte of the data. */
    if (len > (GDB_REPLY_MAX - 1) / 2)
        len = (GDB_REPLY_MAX - 1) / 2;
    gdb_buf_clear(&g->reply);
    if (off >= g->regs.xml_len)
        return reply(g, "l");
    size_t left = g->regs.xml_len - (size_t)off;
    size_t take = left < len ? left : (size_t)len;
    gdb_buf_puts(&g->reply, take == left ? "l" : "m");
    gdb_buf_putn(&g->reply, g->regs.xml + off, take);
    return GDB_ACT_REPLY;
}

static gdb_action_t cmd_q(gdbstub_t *g, const char *pkt, size_t len)
{
    pcur_t c = {pkt, pkt + len};
    if (starts(pkt, len, "qSupported"))
        return cmd_qsupported(g);
    if (starts(pkt, len, "qXfer:features:read:")) {
        c.p += strlen("qXfer:features:read:");
        return cmd_xfer_features(g, &c);
    }
    if (len == 2 && pkt[1] == 'C') {
        gdb_buf_clear(&g->reply);
        gdb_buf_printf(&g->reply, "QC%x", g->g_cpu + 1);
        return GDB_ACT_REPLY;
    }
    if (starts(pkt, len, "qfThreadInfo")) {
        gdb_buf_clear(&g->reply);
        for (unsigned i = 0; i < g->ncpus; i++)
            gdb_buf_printf(&g->reply, "%c%x", i ? ',' : 'm', i + 1);
        return GDB_ACT_REPLY;
    }
    if (starts(pkt, len, "qsThreadInfo"))
        return reply(g, "l");
    if (starts(pkt, len, "qThreadExtraInfo,")) {
        long cpu;
        char text[32];
        c.p += strlen("qThreadExtraInfo,");
        if (!thread_id(g, &c, &cpu) || cpu < 0 || c.p != c.end)
            return error(g, 1);
        int n = snprintf(text, sizeof(text), "CPU %ld", cpu);
        gdb_buf_clear(&g->reply);
        gdb_buf_hex(&g->reply, text, (size_t)n);
        return GDB_ACT_REPLY;
    }
    if (starts(pkt, len, "qAttached"))
        return reply(g, "1");
    return reply(g, ""); /* qOffsets, qSymbol, qTStatus, ...: not supported */
}

/* ---- dispatch ---------------------------------------------------------- */

gdb_action_t gdb_handle_packet(gdbstub_t *g, const char *pkt, size_t len)
{
    pcur_t c = {pkt + 1, pkt + len};
    gdb_buf_clear(&g->reply);
    if (len == 0)
        return reply(g, "");
    switch (pkt[0]) {
    case '?':
        gdb_stop_reply(g, &g->last, &g->reply);
        return GDB_ACT_REPLY;
    case 'g': return len == 1 ? cmd_g(g) : error(g, 1);
    case 'G': return cmd_G(g, &c);
    case 'p': return cmd_p(g, &c);
    case 'P': return cmd_P(g, &c);
    case 'm': return cmd_m(g, &c);
    case 'M': return cmd_M(g, &c);
    case 'X': return cmd_X(g, &c);
    case 'Z': return cmd_z(g, &c, true);
    case 'z': return cmd_z(g, &c, false);
    case 'c': return cmd_resume(g, &c, false, false);
    case 's': return cmd_resume(g, &c, true, false);
    case 'C': return cmd_resume(g, &c, false, true);
    case 'S': return cmd_resume(g, &c, true, true);
    case 'H': return cmd_h(g, &c);
    case 'T': return cmd_thread_alive(g, &c);
    case 'D':
        reply(g, "OK");
        return GDB_ACT_DETACH;
    case 'k':
        return GDB_ACT_KILL;
    case 'q': return cmd_q(g, pkt, len);
    case 'Q':
        if (len == strlen("QStartNoAckMode") && starts(pkt, len, "QStartNoAckMode")) {
            g->no_ack = true;
            return reply(g, "OK");
        }
        return reply(g, "");
    case 'v':
        if (len == 6 && starts(pkt, len, "vCont?"))
            return reply(g, "vCont;c;C;s;S");
        if (starts(pkt, len, "vCont")) {
            c.p = pkt + 5;
            return cmd_vcont(g, &c);
        }
        if (starts(pkt, len, "vKill")) {
            g->killed = true;
            reply(g, "OK");
            return GDB_ACT_DETACH;
        }
        return reply(g, ""); /* vMustReplyEmpty and the rest */
    default:
        return reply(g, "");
    }
}

/* ---- stop replies ------------------------------------------------------ */

static int exit_signal(const arm64emu_exit *e)
{
    switch (e->reason) {
    case ARM64EMU_EXIT_STOP: return GDB_SIGINT;
    case ARM64EMU_EXIT_UNDEFINED: return GDB_SIGILL;
    case ARM64EMU_EXIT_UNMAPPED: return GDB_SIGSEGV;
    case ARM64EMU_EXIT_ALIGNMENT: return GDB_SIGBUS;
    default: return GDB_SIGTRAP;
    }
}

/* The "watch"/"rwatch"/"awatch" field of a watchpoint stop: the kind of
 * the debugger's watch that matches the access, and an address inside its
 * range (GDB matches the address against its watchpoints). */
static void watch_field(gdbstub_t *g, const arm64emu_exit *e, gdb_buf_t *b)
{
    uint64_t lo = e->addr, hi = e->addr + (e->access_size ? e->access_size : 1);
    for (size_t i = GDB_MAX_BREAKS; i < sizeof(g->points) / sizeof(g->points[0]); i++) {
        const gdb_point_t *p = &g->points[i];
        if (!p->used || !(p->mask & (1u << e->access)) || hi <= p->addr ||
            lo >= p->addr + p->len)
            continue;
        static const char *const names[] = {"", "", "watch", "rwatch", "awatch"};
        gdb_buf_printf(b, "%s:%llx;", names[p->type],
                       (unsigned long long)(lo > p->addr ? lo : p->addr));
        return;
    }
    gdb_buf_printf(b, "awatch:%llx;", (unsigned long long)e->addr);
}

bool gdb_stop_reply(gdbstub_t *g, const arm64emu_exit *e, gdb_buf_t *b)
{
    gdb_buf_clear(b);
    switch (e->reason) {
    case ARM64EMU_EXIT_SEMIHOST_EXIT:
        gdb_buf_printf(b, "W%02x", (unsigned)(e->imm & 0xff));
        return false;
    case ARM64EMU_EXIT_POWEROFF:
    case ARM64EMU_EXIT_RESET:
        gdb_buf_puts(b, "W00");
        return false;
    default:
        break;
    }
    gdb_buf_printf(b, "T%02xthread:%x;", exit_signal(e),
                   (e->cpu < g->ncpus ? e->cpu : 0) + 1);
    if (e->reason == ARM64EMU_EXIT_BREAKPOINT) {
        bool hw = false;
        for (size_t i = 0; i < GDB_MAX_BREAKS; i++)
            if (g->points[i].used && g->points[i].addr == e->pc)
                hw = g->points[i].type == 1;
        gdb_buf_puts(b, hw ? "hwbreak:;" : "swbreak:;");
    } else if (e->reason == ARM64EMU_EXIT_WATCHPOINT) {
        watch_field(g, e, b);
    }
    return true;
}

/* ---- life -------------------------------------------------------------- */

gdbstub_t *gdbstub_new(arm64emu_machine *m)
{
    gdbstub_t *g = calloc(1, sizeof(*g));
    if (!g)
        return NULL;
    g->m = m;
    g->listen_fd = -1;
    g->conn_fd = -1;
    g->ncpus = arm64emu_num_cpus(m);
    if (gdb_regs_init(&g->regs, m) != ARM64EMU_OK) {
        free(g);
        return NULL;
    }
    g->last.struct_size = sizeof(g->last);
    g->last.reason = ARM64EMU_EXIT_STEP;
    gdb_rx_reset(&g->rx);
    return g;
}
