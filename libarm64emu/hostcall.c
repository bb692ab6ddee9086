/* Host calls through libffi: the signature language, argument and result
 * marshalling (AAPCS64), and the arm64emu_hostcall_* API. */
#include "hostcall.h"

#include "bus.h"
#include "hooks.h"

#include <ffi.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- signatures ------------------------------------------------------ */

static bool hc_is_fp(hc_type_t t) { return t == HC_F32 || t == HC_F64; }

/* The type spelled at text + *pos, advancing *pos past it; false if no
 * type is spelled there. */
static bool parse_type(const char *text, size_t *pos, hc_type_t *t)
{
    static const struct {
        const char *name;
        hc_type_t type;
    } names[] = {
        {"i8", HC_I8},   {"i16", HC_I16}, {"i32", HC_I32}, {"i64", HC_I64},
        {"u8", HC_U8},   {"u16", HC_U16}, {"u32", HC_U32}, {"u64", HC_U64},
        {"p", HC_PTR},   {"f", HC_F32},   {"d", HC_F64},   {"v", HC_VOID},
    };
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        size_t n = strlen(names[i].name);
        if (strncmp(text + *pos, names[i].name, n) != 0)
            continue;
        /* "i8" must not be the start of "i80" */
        char next = text[*pos + n];
        if (next >= '0' && next <= '9')
            continue;
        *t = names[i].type;
        *pos += n;
        return true;
    }
    return false;
}

static int sig_error(char *msg, size_t msg_len, const char *text, size_t pos,
                     const char *what)
{
    char found[16];
    if (text[pos] == '\0')
        snprintf(found, sizeof(found), "the end");
    else if (text[pos] > ' ' && text[pos] < 0x7f)
        snprintf(found, sizeof(found), "'%c'", text[pos]);
    else
        snprintf(found, sizeof(found), "byte 0x%02x",
                 (unsigned)(unsigned char)text[pos]);
    snprintf(msg, msg_len, "signature \"%.80s\": position %zu: %s, found %s",
             text, pos, what, found);
    return ARM64EMU_ERR_INVALID_ARGUMENT;
}

int hc_parse_signature(const char *text, hc_sig_t *sig, char *msg,
                       size_t msg_len)
{
    memset(sig, 0, sizeof(*sig));
    size_t pos = 0;
    if (!parse_type(text, &pos, &sig->ret))
        return sig_error(msg, msg_len, text, pos,
                         "expected a return type (v i8 i16 i32 i64 u8 u16 "
                         "u32 u64 p f d)");
    if (text[pos] != '(')
        return sig_error(msg, msg_len, text, pos, "expected '('");
    pos++;
    unsigned nint = 0, nfp = 0;
    if (text[pos] == ')') {
        pos++;
    } else {
        for (;;) {
            size_t at = pos;
            hc_type_t t;
            if (!parse_type(text, &pos, &t))
                return sig_error(msg, msg_len, text, pos,
                                 "expected an argument type (i8 i16 i32 i64 "
                                 "u8 u16 u32 u64 p f d)");
            if (t == HC_VOID)
                return sig_error(msg, msg_len, text, at,
                                 "v is a return type only");
            if (hc_is_fp(t) ? ++nfp > HC_MAX_FP_ARGS
                            : ++nint > HC_MAX_INT_ARGS)
                return sig_error(msg, msg_len, text, at,
                                 hc_is_fp(t) ? "more than 8 float/double "
                                               "arguments (V0-V7)"
                                             : "more than 8 integer/pointer "
                                               "arguments (X0-X7)");
            sig->args[sig->nargs++] = t;
            if (text[pos] == ')') {
                pos++;
                break;
            }
            if (text[pos] != ',')
                return sig_error(msg, msg_len, text, pos,
                                 "expected ',' or ')'");
            pos++;
        }
    }
    if (text[pos] != '\0')
        return sig_error(msg, msg_len, text, pos,
                         "expected the end of the signature");
    return ARM64EMU_OK;
}

/* ---- libffi calls ---------------------------------------------------- */

struct hc_call {
    hc_sig_t sig;
    arm64emu_hostcall_fn fn;
    ffi_cif cif;
    ffi_type *types[1 + HC_MAX_ARGS]; /* the machine handle, then args */
};

static ffi_type *ffi_type_of(hc_type_t t)
{
    switch (t) {
    case HC_VOID: return &ffi_type_void;
    case HC_I8: return &ffi_type_sint8;
    case HC_I16: return &ffi_type_sint16;
    case HC_I32: return &ffi_type_sint32;
    case HC_I64: return &ffi_type_sint64;
    case HC_U8: return &ffi_type_uint8;
    case HC_U16: return &ffi_type_uint16;
    case HC_U32: return &ffi_type_uint32;
    case HC_F32: return &ffi_type_float;
    case HC_F64: return &ffi_type_double;
    default: return &ffi_type_uint64; /* u64, p */
    }
}

int hc_call_new(const char *text, arm64emu_hostcall_fn fn, hc_call_t **out,
                char *msg, size_t msg_len)
{
    *out = NULL;
    hc_sig_t sig;
    int rc = hc_parse_signature(text, &sig, msg, msg_len);
    if (rc != ARM64EMU_OK)
        return rc;
    hc_call_t *c = calloc(1, sizeof(*c));
    if (!c) {
        snprintf(msg, msg_len, "out of memory for a host call");
        return ARM64EMU_ERR_NO_MEMORY;
    }
    c->sig = sig;
    c->fn = fn;
    c->types[0] = &ffi_type_pointer;
    for (unsigned i = 0; i < sig.nargs; i++)
        c->types[1 + i] = ffi_type_of(sig.args[i]);
    if (ffi_prep_cif(&c->cif, FFI_DEFAULT_ABI, 1 + sig.nargs,
                     ffi_type_of(sig.ret), c->types) != FFI_OK) {
        free(c);
        snprintf(msg, msg_len, "signature \"%.80s\": libffi refused it",
                 text);
        return ARM64EMU_ERR_UNSUPPORTED;
    }
    *out = c;
    return ARM64EMU_OK;
}

void hc_call_free(hc_call_t *c)
{
    free(c);
}

/* One argument or result in the C type libffi expects. */
typedef union hc_value {
    int8_t i8;
    int16_t i16;
    int32_t i32;
    int64_t i64;
    uint8_t u8;
    uint16_t u16;
    uint32_t u32;
    uint64_t u64;
    float f;
    double d;
    ffi_arg ret_u; /* libffi widens integer results to a full ffi_arg */
    ffi_sarg ret_s;
} hc_value_t;

static void load_arg(hc_value_t *v, hc_type_t t, const cpu_t *cpu,
                     unsigned *ngr, unsigned *nsr)
{
    if (t == HC_F32) {
        memcpy(&v->f, &cpu->v[*nsr].s[0], sizeof(float));
        ++*nsr;
        return;
    }
    if (t == HC_F64) {
        memcpy(&v->d, &cpu->v[*nsr].d[0], sizeof(double));
        ++*nsr;
        return;
    }
    uint64_t x = cpu->r[*ngr];
    ++*ngr;
    switch (t) {
    case HC_I8: v->i8 = (int8_t)(uint8_t)x; break;
    case HC_I16: v->i16 = (int16_t)(uint16_t)x; break;
    case HC_I32: v->i32 = (int32_t)(uint32_t)x; break;
    case HC_I64: v->i64 = (int64_t)x; break;
    case HC_U8: v->u8 = (uint8_t)x; break;
    case HC_U16: v->u16 = (uint16_t)x; break;
    case HC_U32: v->u32 = (uint32_t)x; break;
    default: v->u64 = x; break; /* u64, p */
    }
}

static void store_result(const hc_value_t *v, hc_type_t t, cpu_t *cpu)
{
    vreg_t *v0 = &cpu->v[0];
    switch (t) {
    case HC_VOID: return;
    case HC_F32:
        memset(v0, 0, sizeof(*v0));
        memcpy(&v0->s[0], &v->f, sizeof(float));
        return;
    case HC_F64:
        memset(v0, 0, sizeof(*v0));
        memcpy(&v0->d[0], &v->d, sizeof(double));
        return;
    case HC_I8: cpu->r[0] = (uint64_t)(int64_t)(int8_t)v->ret_s; return;
    case HC_I16: cpu->r[0] = (uint64_t)(int64_t)(int16_t)v->ret_s; return;
    case HC_I32: cpu->r[0] = (uint64_t)(int64_t)(int32_t)v->ret_s; return;
    case HC_U8: cpu->r[0] = (uint8_t)v->ret_u; return;
    case HC_U16: cpu->r[0] = (uint16_t)v->ret_u; return;
    case HC_U32: cpu->r[0] = (uint32_t)v->ret_u; return;
    default: cpu->r[0] = v->u64; return; /* i64, u64, p */
    }
}

void hc_call_invoke(const hc_call_t *c, arm64emu_machine *m, cpu_t *cpu)
{
    hc_value_t args[HC_MAX_ARGS];
    void *values[1 + HC_MAX_ARGS];
    arm64emu_machine *handle = m;
    values[0] = &handle;
    unsigned ngr = 0, nsr = 0;
    for (unsigned i = 0; i < c->sig.nargs; i++) {
        load_arg(&args[i], c->sig.args[i], cpu, &ngr, &nsr);
        values[1 + i] = &args[i];
    }
    /* The function may unbind itself: nothing of c is used after it. */
    hc_type_t ret_type = c->sig.ret;
    hc_value_t ret;
    memset(&ret, 0, sizeof(ret));
    ffi_call((ffi_cif *)&c->cif, c->fn, &ret, values);
    store_result(&ret, ret_type, cpu);
}

/* ---- bindings (arm64emu_hostcall_*) ---------------------------------- */

typedef struct binding {
    uint32_t id;
    uint32_t kind;     /* arm64emu_hostcall_kind */
    uint64_t where;    /* address or imm16 */
    uint32_t hook_id;  /* ADDR: the internal code hook */
    hc_call_t *call;
    struct hostcall_state *state;
} binding_t;

struct hostcall_state {
    binding_t **b;
    unsigned n, cap;
    uint32_t next_id;
    unsigned n_insn;       /* SVC/HVC bindings: the callback is set */
    const cpu_t *calling;  /* the CPU of the host call in progress */
};

void hostcall_free(machine_t *m)
{
    struct hostcall_state *st = m->hostcall;
    if (!st)
        return;
    for (unsigned i = 0; i < st->n; i++) {
        hc_call_free(st->b[i]->call);
        free(st->b[i]);
    }
    free(st->b);
    free(st);
    m->hostcall = NULL;
}

static void invoke(machine_t *m, cpu_t *cpu, const binding_t *b)
{
    struct hostcall_state *st = b->state;
    const cpu_t *outer = st->calling;
    st->calling = cpu;
    hc_call_invoke(b->call, m, cpu);
    st->calling = outer;
}

/* An address binding: the call replaces the instruction at the bound
 * address and returns to LR. */
static int on_code(arm64emu_machine *m, unsigned cpu, uint64_t pc,
                   uint32_t insn, void *user)
{
    (void)pc;
    (void)insn;
    cpu_t *c = &m->cpus[cpu];
    invoke(m, c, user);
    c->pc = c->r[30];
    return ARM64EMU_HOOK_CONTINUE;
}

static binding_t *find_insn_binding(const struct hostcall_state *st,
                                    uint32_t kind, uint64_t imm)
{
    for (unsigned i = 0; i < st->n; i++)
        if (st->b[i]->kind == kind && st->b[i]->where == imm)
            return st->b[i];
    return NULL;
}

/* SVC/HVC bindings: the PC already points after the instruction. */
static int on_insn(machine_t *m, cpu_t *cpu, uint32_t kind, uint32_t imm16,
                   void *user)
{
    binding_t *b = find_insn_binding(user, kind, imm16);
    if (!b)
        return ARM64EMU_HOOK_CONTINUE;
    invoke(m, cpu, b);
    return HOOKS_HANDLED;
}

static const char *kind_name(uint32_t kind)
{
    return kind == ARM64EMU_HOSTCALL_ADDR  ? "address"
           : kind == ARM64EMU_HOSTCALL_SVC ? "SVC"
                                           : "HVC";
}

static int check_bind_args(machine_t *m, uint32_t kind, uint64_t where,
                           const char *signature, arm64emu_hostcall_fn fn,
                           uint32_t *id)
{
    (void)id; /* optional: a binding never removed needs no id */
    if (!signature || !fn)
        return machine_fail(m, ARM64EMU_ERR_INVALID_ARGUMENT,
                            "hostcall_bind: %s is NULL",
                            !signature ? "signature" : "fn");
    if (kind > ARM64EMU_HOSTCALL_HVC)
        return machine_fail(m, ARM64EMU_ERR_INVALID_ARGUMENT,
                            "hostcall_bind: unknown kind %" PRIu32, kind);
    if (kind == ARM64EMU_HOSTCALL_ADDR && (where & 3))
        return machine_fail(m, ARM64EMU_ERR_INVALID_ARGUMENT,
                            "hostcall_bind: address 0x%" PRIx64
                            " is not 4-byte aligned",
                            where);
    if (kind != ARM64EMU_HOSTCALL_ADDR && where > 0xffff)
        return machine_fail(m, ARM64EMU_ERR_INVALID_ARGUMENT,
                            "hostcall_bind: %s immediate 0x%" PRIx64
                            " does not fit 16 bits",
                            kind_name(kind), where);
    struct hostcall_state *st = m->hostcall;
    for (unsigned i = 0; st && i < st->n; i++)
        if (st->b[i]->kind == kind && st->b[i]->where == where)
            return machine_fail(m, ARM64EMU_ERR_INVALID_ARGUMENT,
                                "hostcall_bind: %s 0x%" PRIx64
                                " is already bound (id %" PRIu32 ")",
                                kind_name(kind), where, st->b[i]->id);
    return ARM64EMU_OK;
}

static int state_of(machine_t *m, struct hostcall_state **out)
{
    if (!m->hostcall) {
        m->hostcall = calloc(1, sizeof(*m->hostcall));
        if (!m->hostcall)
            return machine_fail(m, ARM64EMU_ERR_NO_MEMORY,
                                "hostcall_bind: out of memory");
        m->hostcall->next_id = 1;
    }
    struct hostcall_state *st = m->hostcall;
    if (st->n == st->cap) {
        unsigned cap = st->cap ? st->cap * 2 : 8;
        binding_t **grown = realloc(st->b, cap * sizeof(*grown));
        if (!grown)
            return machine_fail(m, ARM64EMU_ERR_NO_MEMORY,
                                "hostcall_bind: out of memory");
        st->b = grown;
        st->cap = cap;
    }
    *out = st;
    return ARM64EMU_OK;
}

int arm64emu_hostcall_bind(arm64emu_machine *m, uint32_t kind, uint64_t where,
                           const char *signature, arm64emu_hostcall_fn fn,
                           uint32_t *id)
{
    if (!m)
        return ARM64EMU_ERR_INVALID_ARGUMENT;
    int rc = check_bind_args(m, kind, where, signature, fn, id);
    if (rc != ARM64EMU_OK)
        return rc;
    binding_t *b = calloc(1, sizeof(*b));
    if (!b)
        return machine_fail(m, ARM64EMU_ERR_NO_MEMORY,
                            "hostcall_bind: out of memory");
    rc = hc_call_new(signature, fn, &b->call, m->err, sizeof(m->err));
    struct hostcall_state *st = NULL;
    if (rc == ARM64EMU_OK)
        rc = state_of(m, &st);
    if (rc == ARM64EMU_OK && st->next_id == 0)
        rc = machine_fail(m, ARM64EMU_ERR_NO_MEMORY,
                          "hostcall_bind: binding ids are exhausted");
    if (rc != ARM64EMU_OK)
        goto fail;
    b->kind = kind;
    b->where = where;
    b->state = st;
    if (kind == ARM64EMU_HOSTCALL_ADDR)
        rc = hooks_add_code_at(m, where, on_code, b, &b->hook_id);
    else if (st->n_insn == 0)
        rc = hooks_set_insn_callback(m, on_insn, st);
    if (rc != ARM64EMU_OK)
        goto fail;
    if (kind != ARM64EMU_HOSTCALL_ADDR)
        st->n_insn++;
    b->id = st->next_id++;
    st->b[st->n++] = b;
    if (id)
        *id = b->id;
    return machine_ok(m);
fail:
    hc_call_free(b->call);
    free(b);
    return rc;
}

int arm64emu_hostcall_unbind(arm64emu_machine *m, uint32_t id)
{
    if (!m)
        return ARM64EMU_ERR_INVALID_ARGUMENT;
    struct hostcall_state *st = m->hostcall;
    for (unsigned i = 0; st && i < st->n; i++) {
        binding_t *b = st->b[i];
        if (b->id != id)
            continue;
        int rc = ARM64EMU_OK;
        if (b->kind == ARM64EMU_HOSTCALL_ADDR)
            rc = hooks_del(m, b->hook_id);
        else if (st->n_insn == 1)
            rc = hooks_set_insn_callback(m, NULL, NULL);
        if (rc != ARM64EMU_OK)
            return rc;
        if (b->kind != ARM64EMU_HOSTCALL_ADDR)
            st->n_insn--;
        memmove(&st->b[i], &st->b[i + 1], (st->n - i - 1) * sizeof(*st->b));
        st->n--;
        hc_call_free(b->call);
        free(b);
        return machine_ok(m);
    }
    return machine_fail(m, ARM64EMU_ERR_INVALID_ARGUMENT,
                        "hostcall_unbind: no binding has id %" PRIu32, id);
}

int arm64emu_hostcall_ptr(arm64emu_machine *m, uint64_t guest, size_t len,
                          int write, void **host)
{
    if (!m)
        return ARM64EMU_ERR_INVALID_ARGUMENT;
    if (!host)
        return machine_fail(m, ARM64EMU_ERR_INVALID_ARGUMENT,
                            "hostcall_ptr: host is NULL");
    *host = NULL;
    const cpu_t *c = m->hostcall ? m->hostcall->calling : NULL;
    if (!c)
        return machine_fail(m, ARM64EMU_ERR_INVALID_ARGUMENT,
                            "hostcall_ptr: not inside a host call");
    size_t span = len ? len : 1;
    if (guest + (span - 1) < guest)
        return machine_fail(m, ARM64EMU_ERR_UNMAPPED,
                            "hostcall_ptr 0x%" PRIx64 " + %zu wraps", guest,
                            len);
    uint64_t pa0;
    int rc = vmem_translate(m, c, "hostcall_ptr", guest, write != 0, &pa0);
    if (rc != ARM64EMU_OK)
        return rc;
    region_t *r = bus_find(&m->bus, pa0);
    uint64_t first = guest & ~(BUS_PAGE_SIZE - 1);
    uint64_t last = (guest + (span - 1)) & ~(BUS_PAGE_SIZE - 1);
    /* Every page must follow the first one in the same RAM region. */
    for (uint64_t page = first + BUS_PAGE_SIZE; page && page <= last;
         page += BUS_PAGE_SIZE) {
        uint64_t pa;
        rc = vmem_translate(m, c, "hostcall_ptr", page, write != 0, &pa);
        if (rc != ARM64EMU_OK)
            return rc;
        if (pa != pa0 + (page - guest) || pa - r->base >= r->size)
            return machine_fail(m, ARM64EMU_ERR_UNMAPPED,
                                "hostcall_ptr 0x%" PRIx64 " + %zu: virtual "
                                "page 0x%" PRIx64 " is not contiguous with "
                                "the one before it in host memory",
                                guest, len, page);
    }
    if (write)
        for (uint64_t pa = pa0 & ~(BUS_PAGE_SIZE - 1);
             pa <= pa0 + (span - 1); pa += BUS_PAGE_SIZE)
            bus_note_write(&m->bus, r, pa);
    *host = r->host + (pa0 - r->base);
    return machine_ok(m);
}
