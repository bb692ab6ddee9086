/* The debugger's register layout and the target description (target.xml)
 * that names it. The system registers shown are derived from the sysreg
 * tables: every readable register the model has whose read has no side
 * effect (the GIC's acknowledge registers are left out, and so are NZCV,
 * FPSR and FPCR, which the core and fpu features already show). */
#include "gdbstub.h"

#include "machine.h"
#include "sysreg.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- choosing the system registers ------------------------------------- */

typedef struct pick {
    arm64emu_machine *m;
    gdb_sysreg_t *list;
    unsigned n, cap;
    bool oom;
} pick_t;

static bool from_gic(const sysreg_def_t *d)
{
    for (const sysreg_def_t *g = gic_sysregs; g->name; g++)
        if (g == d)
            return true;
    return false;
}

static bool xml_name_ok(const char *s)
{
    if (!*s || strlen(s) > 40)
        return false;
    for (; *s; s++)
        if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') ||
              (*s >= '0' && *s <= '9') || *s == '_'))
            return false;
    return true;
}

static void pick_one(const sysreg_def_t *d, void *ctx)
{
    pick_t *p = ctx;
    uint64_t v;
    if (p->oom || !d->name || d->op || !(d->access & SR_RO_EL0) ||
        !sysreg_present(p->m->model, d) || from_gic(d) ||
        !xml_name_ok(d->name))
        return;
    if (d->key == SYSREG_KEY(3, 3, 4, 2, 0) ||  /* NZCV */
        d->key == SYSREG_KEY(3, 3, 4, 4, 0) ||  /* FPCR */
        d->key == SYSREG_KEY(3, 3, 4, 4, 1))    /* FPSR */
        return;
    for (unsigned i = 0; i < p->n; i++)
        if (!strcmp(p->list[i].name, d->name) || p->list[i].key == d->key)
            return;
    if (arm64emu_sysreg_read(p->m, 0, d->key, &v) != ARM64EMU_OK)
        return;
    if (p->n == p->cap) {
        unsigned cap = p->cap ? p->cap * 2 : 128;
        gdb_sysreg_t *l = realloc(p->list, cap * sizeof(*l));
        if (!l) {
            p->oom = true;
            return;
        }
        p->list = l;
        p->cap = cap;
    }
    p->list[p->n].key = d->key;
    p->list[p->n].name = d->name;
    p->n++;
}

/* ---- target.xml -------------------------------------------------------- */

typedef struct xbuf {
    char *s;
    size_t len, cap;
    bool oom;
} xbuf_t;

static void xput(xbuf_t *x, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void xput(xbuf_t *x, const char *fmt, ...)
{
    char tmp[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
    va_end(ap);
    if (x->oom || n < 0 || (size_t)n >= sizeof(tmp)) {
        x->oom = true;
        return;
    }
    if (x->len + (size_t)n + 1 > x->cap) {
        size_t cap = x->cap ? x->cap * 2 : 16384;
        while (cap < x->len + (size_t)n + 1)
            cap *= 2;
        char *s = realloc(x->s, cap);
        if (!s) {
            x->oom = true;
            return;
        }
        x->s = s;
        x->cap = cap;
    }
    memcpy(x->s + x->len, tmp, (size_t)n + 1);
    x->len += (size_t)n;
}

static const char *const core_flags[][3] = {
    /* name, start, end */
    {"SP", "0", "0"},   {"EL", "2", "3"},   {"nRW", "4", "4"},
    {"F", "6", "6"},    {"I", "7", "7"},    {"A", "8", "8"},
    {"D", "9", "9"},    {"SSBS", "12", "12"}, {"IL", "20", "20"},
    {"SS", "21", "21"}, {"PAN", "22", "22"}, {"UAO", "23", "23"},
    {"V", "28", "28"},  {"C", "29", "29"},  {"Z", "30", "30"},
    {"N", "31", "31"},
};

static void xml_core(xbuf_t *x)
{
    xput(x, "<feature name=\"org.gnu.gdb.aarch64.core\">\n");
    xput(x, "<flags id=\"cpsr_flags\" size=\"4\">\n");
    for (size_t i = 0; i < sizeof(core_flags) / sizeof(core_flags[0]); i++)
        xput(x, "<field name=\"%s\" start=\"%s\" end=\"%s\"/>\n",
             core_flags[i][0], core_flags[i][1], core_flags[i][2]);
    xput(x, "</flags>\n");
    for (unsigned i = 0; i < 31; i++)
        xput(x, "<reg name=\"x%u\" bitsize=\"64\" regnum=\"%u\"/>\n", i, i);
    xput(x, "<reg name=\"sp\" bitsize=\"64\" type=\"data_ptr\" regnum=\"31\"/>\n");
    xput(x, "<reg name=\"pc\" bitsize=\"64\" type=\"code_ptr\" regnum=\"32\"/>\n");
    xput(x, "<reg name=\"cpsr\" bitsize=\"32\" type=\"cpsr_flags\" regnum=\"33\"/>\n");
    xput(x, "</feature>\n");
}

/* The vector types and unions GDB's own aarch64 description uses, so that
 * $v0.d.u[1], $v0.s.f[0], $v0.b.u[15], $v0.q.u[0] and friends work. */
static const char *const fpu_vectors[][3] = {
    {"v2d", "ieee_double", "2"}, {"v2u", "uint64", "2"},  {"v2i", "int64", "2"},
    {"v4f", "ieee_single", "4"}, {"v4u", "uint32", "4"},  {"v4i", "int32", "4"},
    {"v8f", "ieee_half", "8"},   {"v8u", "uint16", "8"},  {"v8i", "int16", "8"},
    {"v8bf16", "bfloat16", "8"}, {"v16u", "uint8", "16"}, {"v16i", "int8", "16"},
    {"v1u", "uint128", "1"},     {"v1i", "int128", "1"},
};

static const char *const fpu_unions[][5] = {
    /* union id, then (field name, type) pairs as "name:type" */
    {"vnd", "f:v2d", "u:v2u", "s:v2i", NULL},
    {"vns", "f:v4f", "u:v4u", "s:v4i", NULL},
    {"vnh", "bf:v8bf16", "f:v8f", "u:v8u", "s:v8i"},
    {"vnb", "u:v16u", "s:v16i", NULL, NULL},
    {"vnq", "u:v1u", "s:v1i", NULL, NULL},
    {"aarch64v", "d:vnd", "s:vns", "h:vnh", "b:vnb"},
};

static void xml_field(xbuf_t *x, const char *pair)
{
    const char *colon = strchr(pair, ':');
    xput(x, "<field name=\"%.*s\" type=\"%s\"/>\n", (int)(colon - pair), pair,
         colon + 1);
}

static void xml_fpu(xbuf_t *x)
{
    xput(x, "<feature name=\"org.gnu.gdb.aarch64.fpu\">\n");
    for (size_t i = 0; i < sizeof(fpu_vectors) / sizeof(fpu_vectors[0]); i++)
        xput(x, "<vector id=\"%s\" type=\"%s\" count=\"%s\"/>\n",
             fpu_vectors[i][0], fpu_vectors[i][1], fpu_vectors[i][2]);
    for (size_t i = 0; i < sizeof(fpu_unions) / sizeof(fpu_unions[0]); i++) {
        xput(x, "<union id=\"%s\">\n", fpu_unions[i][0]);
        for (size_t f = 1; f < 5 && fpu_unions[i][f]; f++)
            xml_field(x, fpu_unions[i][f]);
        if (!strcmp(fpu_unions[i][0], "aarch64v"))
            xml_field(x, "q:vnq");
        xput(x, "</union>\n");
    }
    for (unsigned i = 0; i < 32; i++)
        xput(x, "<reg name=\"v%u\" bitsize=\"128\" type=\"aarch64v\" regnum=\"%u\"/>\n",
             i, GDB_REG_V0 + i);
    xput(x, "<reg name=\"fpsr\" bitsize=\"32\" regnum=\"%u\"/>\n", GDB_REG_FPSR);
    xput(x, "<reg name=\"fpcr\" bitsize=\"32\" regnum=\"%u\"/>\n", GDB_REG_FPCR);
    xput(x, "</feature>\n");
}

static void xml_sys(xbuf_t *x, const gdb_regs_t *r)
{
    xput(x, "<feature name=\"org.arm64emu.aarch64.sysregs\">\n");
    for (unsigned i = 0; i < r->nsys; i++)
        xput(x, "<reg name=\"%s\" bitsize=\"64\" regnum=\"%u\" group=\"system\"/>\n",
             r->sys[i].name, GDB_REG_SYS0 + i);
    xput(x, "</feature>\n");
}

int gdb_regs_init(gdb_regs_t *r, arm64emu_machine *m)
{
    pick_t p = {.m = m};
    xbuf_t x = {0};
    memset(r, 0, sizeof(*r));
    sysreg_for_each(pick_one, &p);
    if (p.oom) {
        free(p.list);
        return ARM64EMU_ERR_NO_MEMORY;
    }
    r->sys = p.list;
    r->nsys = p.n;
    xput(&x, "<?xml version=\"1.0\"?>\n<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n");
    xput(&x, "<target version=\"1.0\">\n<architecture>aarch64</architecture>\n");
    xml_core(&x);
    xml_fpu(&x);
    xml_sys(&x, r);
    xput(&x, "</target>\n");
    if (x.oom) {
        free(x.s);
        gdb_regs_free(r);
        return ARM64EMU_ERR_NO_MEMORY;
    }
    r->xml = x.s;
    r->xml_len = x.len;
    return ARM64EMU_OK;
}

void gdb_regs_free(gdb_regs_t *r)
{
    free(r->sys);
    free(r->xml);
    memset(r, 0, sizeof(*r));
}

unsigned gdb_regs_count(const gdb_regs_t *r)
{
    return GDB_REG_SYS0 + r->nsys;
}

unsigned gdb_reg_size(const gdb_regs_t *r, unsigned regno)
{
    if (regno < GDB_REG_CPSR)
        return 8;
    if (regno == GDB_REG_CPSR || regno == GDB_REG_FPSR || regno == GDB_REG_FPCR)
        return 4;
    if (regno < GDB_REG_FPSR)
        return 16;
    return regno < gdb_regs_count(r) ? 8 : 0;
}

static void put_le(uint8_t *out, uint64_t v, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        out[i] = (uint8_t)(v >> (8 * i));
}

static uint64_t get_le(const uint8_t *in, unsigned n)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < n; i++)
        v |= (uint64_t)in[i] << (8 * i);
    return v;
}

/* The API register behind a 64- or 32-bit GDB number, or -1. */
static int api_reg(unsigned regno)
{
    if (regno <= GDB_REG_PC)
        return (int)regno; /* X0..X30, SP, PC share the API's numbers */
    if (regno == GDB_REG_CPSR)
        return ARM64EMU_REG_PSTATE;
    if (regno == GDB_REG_FPSR)
        return ARM64EMU_REG_FPSR;
    if (regno == GDB_REG_FPCR)
        return ARM64EMU_REG_FPCR;
    return -1;
}

int gdb_reg_read(const gdb_regs_t *r, arm64emu_machine *m, unsigned cpu,
                 unsigned regno, uint8_t out[16])
{
    unsigned size = gdb_reg_size(r, regno);
    uint64_t v;
    int rc;
    if (!size)
        return ARM64EMU_ERR_UNKNOWN_REGISTER;
    if (size == 16)
        return arm64emu_vreg_read(m, cpu, regno - GDB_REG_V0, out);
    if (regno >= GDB_REG_SYS0)
        rc = arm64emu_sysreg_read(m, cpu, r->sys[regno - GDB_REG_SYS0].key, &v);
    else
        rc = arm64emu_reg_read(m, cpu, (arm64emu_reg)api_reg(regno), &v);
    if (rc == ARM64EMU_OK)
        put_le(out, v, size);
    return rc;
}

int gdb_reg_write(const gdb_regs_t *r, arm64emu_machine *m, unsigned cpu,
                  unsigned regno, const uint8_t *in)
{
    unsigned size = gdb_reg_size(r, regno);
    if (!size)
        return ARM64EMU_ERR_UNKNOWN_REGISTER;
    if (size == 16)
        return arm64emu_vreg_write(m, cpu, regno - GDB_REG_V0, in);
    if (regno >= GDB_REG_SYS0)
        return arm64emu_sysreg_write(m, cpu, r->sys[regno - GDB_REG_SYS0].key,
                                     get_le(in, size));
    return arm64emu_reg_write(m, cpu, (arm64emu_reg)api_reg(regno),
                              get_le(in, size));
}
