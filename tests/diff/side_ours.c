/* The libarm64emu side: one machine, reused for every case. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arm64emu/arm64emu.h"
#include "difftest.h"
#include "machine.h" /* internal: to clear the exclusive monitor */
#include "sysreg.h"  /* internal: the list of system registers */

#define TPIDR_EL0 ARM64EMU_SYSREG(3, 3, 13, 0, 2)
#define TPIDRRO_EL0 ARM64EMU_SYSREG(3, 3, 13, 0, 3)
#define ID_AA64PFR0_EL1 ARM64EMU_SYSREG(3, 0, 0, 4, 0)
#define ID_AA64ISAR0_EL1 ARM64EMU_SYSREG(3, 0, 0, 6, 0)
#define ID_AA64ISAR1_EL1 ARM64EMU_SYSREG(3, 0, 0, 6, 1)
#define ID_AA64MMFR1_EL1 ARM64EMU_SYSREG(3, 0, 0, 7, 1)
#define ID_AA64MMFR2_EL1 ARM64EMU_SYSREG(3, 0, 0, 7, 2)
#define SCTLR_EL1 ARM64EMU_SYSREG(3, 0, 1, 0, 0)
#define CPACR_EL1 ARM64EMU_SYSREG(3, 0, 1, 0, 2)
#define CNTKCTL_EL1 ARM64EMU_SYSREG(3, 0, 14, 1, 0)
#define SPSR_EL1 ARM64EMU_SYSREG(3, 0, 4, 0, 0)
#define ELR_EL1 ARM64EMU_SYSREG(3, 0, 4, 0, 1)
#define PAR_EL1 ARM64EMU_SYSREG(3, 0, 7, 4, 0)

/* Every system register the API reads and writes, with its value after
 * setup. */
#define MAX_SAVED 512

struct dt_ours {
    arm64emu_machine *m;
    uint8_t *ram;
    unsigned saved;
    uint32_t keys[MAX_SAVED];
    uint64_t vals[MAX_SAVED];
    uint64_t sr[SR_COUNT]; /* the storage slots, for set/clear pairs */
};

typedef struct save_ctx {
    dt_ours_t *o;
} save_ctx_t;

static void save_one(const sysreg_def_t *d, void *ctx)
{
    dt_ours_t *o = ((save_ctx_t *)ctx)->o;
    uint64_t v;
    if (d->op || o->saved == MAX_SAVED ||
        arm64emu_sysreg_read(o->m, 0, d->key, &v) != ARM64EMU_OK ||
        arm64emu_sysreg_write(o->m, 0, d->key, v) != ARM64EMU_OK)
        return;
    o->keys[o->saved] = d->key;
    o->vals[o->saved++] = v;
}

void dt_ours_reset_sysregs(dt_ours_t *o)
{
    for (unsigned i = 0; i < o->saved; i++) {
        uint64_t v;
        if (arm64emu_sysreg_read(o->m, 0, o->keys[i], &v) == ARM64EMU_OK &&
            v != o->vals[i])
            arm64emu_sysreg_write(o->m, 0, o->keys[i], o->vals[i]);
    }
    /* A set/clear pair (PMINTENSET/CLR, ...) cannot be put back by
     * writing its old value: copy the storage slots, now that every
     * register with side effects went through the API. */
    memcpy(o->m->cpus[0].sr, o->sr, sizeof(o->sr));
}

/* The EL1 controls both sides share (tests/diff/README.md). */
#define DT_SCTLR_EL1_EL1 0x30d50838ull
#define DT_SCTLR_EL1_EL0 (DT_SCTLR_EL1_EL1 | (1ull << 26) | (1ull << 15) | \
                          (1ull << 14)) /* UCI, UCT, DZE */

dt_ours_t *dt_ours_new(const char *model, unsigned el, char *err,
                       size_t err_len)
{
    dt_ours_t *o = calloc(1, sizeof(*o));
    arm64emu_config *cfg = NULL;
    if (!o)
        goto oom;
    o->ram = aligned_alloc(4096, DT_RAM_SIZE);
    if (!o->ram || arm64emu_config_new(&cfg) != ARM64EMU_OK)
        goto oom;
    memset(o->ram, 0, DT_RAM_SIZE);
    if (arm64emu_config_set_str(cfg, ARM64EMU_CFG_CPU_MODEL, model) ||
        arm64emu_config_set_u64(cfg, ARM64EMU_CFG_EXIT_ON_SVC, 1) ||
        /* Unicorn's CPUs have EL2 and EL3 and start in Secure EL1. */
        arm64emu_config_set_u64(cfg, ARM64EMU_CFG_HAVE_EL2, 1) ||
        arm64emu_config_set_u64(cfg, ARM64EMU_CFG_HAVE_EL3, 1) ||
        /* Every exception is an exit, except HVC (and SMC at EL0): taken,
         * they follow the Arm ARM's EL rules (HVC UNDEFINED in Secure EL1
         * and at EL0, SMC UNDEFINED at EL0) instead of being reported to
         * the host first. SMC at EL1 goes to EL3: reported as an exit. */
        arm64emu_config_set_u64(cfg, ARM64EMU_CFG_EXCEPTION_EXITS,
                                ARM64EMU_EXC_ALL & ~(uint64_t)ARM64EMU_EXC_HVC &
                                    ~(uint64_t)(el ? 0 : ARM64EMU_EXC_SMC)) ||
        arm64emu_create(cfg, &o->m)) {
        snprintf(err, err_len, "libarm64emu: %s",
                 arm64emu_config_last_error(cfg));
        goto fail;
    }
    arm64emu_config_free(cfg);
    cfg = NULL;
    if (arm64emu_map_host(o->m, DT_RAM_BASE, DT_RAM_SIZE, o->ram)) {
        snprintf(err, err_len, "libarm64emu map: %s",
                 arm64emu_last_error(o->m));
        goto fail;
    }
    if (arm64emu_sysreg_write(o->m, 0, SCTLR_EL1,
                              el ? DT_SCTLR_EL1_EL1 : DT_SCTLR_EL1_EL0) ||
        arm64emu_sysreg_write(o->m, 0, CPACR_EL1, 3ull << 20) ||
        arm64emu_sysreg_write(o->m, 0, CNTKCTL_EL1, 3)) {
        snprintf(err, err_len, "libarm64emu setup: %s",
                 arm64emu_last_error(o->m));
        goto fail;
    }
    save_ctx_t sc = {o};
    sysreg_for_each(save_one, &sc);
    memcpy(o->sr, o->m->cpus[0].sr, sizeof(o->sr));
    return o;
oom:
    snprintf(err, err_len, "out of memory");
fail:
    arm64emu_config_free(cfg);
    dt_ours_free(o);
    return NULL;
}

void dt_ours_free(dt_ours_t *o)
{
    if (!o)
        return;
    arm64emu_destroy(o->m);
    free(o->ram);
    free(o);
}

uint8_t *dt_ours_mem(dt_ours_t *o) { return o->ram; }

void dt_ours_invalidate(dt_ours_t *o)
{
    arm64emu_invalidate_code(o->m, DT_RAM_BASE, DT_CODE_SIZE);
}

void dt_ours_id_regs(dt_ours_t *o, uint64_t *isar0, uint64_t *isar1,
                     uint64_t *pfr0)
{
    *isar0 = *isar1 = *pfr0 = 0;
    arm64emu_sysreg_read(o->m, 0, ID_AA64ISAR0_EL1, isar0);
    arm64emu_sysreg_read(o->m, 0, ID_AA64ISAR1_EL1, isar1);
    arm64emu_sysreg_read(o->m, 0, ID_AA64PFR0_EL1, pfr0);
}

uint64_t dt_ours_pfr1(dt_ours_t *o)
{
    uint64_t v = 0;
    arm64emu_sysreg_read(o->m, 0, ARM64EMU_SYSREG(3, 0, 0, 4, 1), &v);
    return v;
}

uint64_t dt_ours_pstate_bits(dt_ours_t *o)
{
    uint64_t mmfr1 = 0, mmfr2 = 0, bits = 0;
    arm64emu_sysreg_read(o->m, 0, ID_AA64MMFR1_EL1, &mmfr1);
    arm64emu_sysreg_read(o->m, 0, ID_AA64MMFR2_EL1, &mmfr2);
    if ((mmfr1 >> 20) & 0xf)
        bits |= 1u << 22; /* PAN */
    if ((mmfr2 >> 4) & 0xf)
        bits |= 1u << 23; /* UAO */
    return bits;
}

static dt_outcome_t outcome_of(const arm64emu_exit *e)
{
    unsigned ec = (unsigned)(e->syndrome >> 26) & 0x3f;
    switch (e->reason) {
    /* Unicorn (QEMU) reports every exception of the undefined-instruction
     * family as EXCP_UDEF: the traps of system registers and
     * instructions (EC 0x18), FP/SIMD (0x07) and WFx (0x01) included. */
    case ARM64EMU_EXIT_EXCEPTION:
        return ec == 0x18 || ec == 0x07 || ec == 0x01 ? DT_UNDEF : DT_OTHER;
    case ARM64EMU_EXIT_BUDGET:
    case ARM64EMU_EXIT_WFI: return DT_RETIRED;
    case ARM64EMU_EXIT_BRK: return DT_BRK;
    case ARM64EMU_EXIT_SVC: return DT_SVC;
    case ARM64EMU_EXIT_HVC: return DT_HVC;
    case ARM64EMU_EXIT_SMC: return DT_SMC;
    case ARM64EMU_EXIT_HLT: return DT_HLT;
    case ARM64EMU_EXIT_UNDEFINED: return DT_UNDEF;
    case ARM64EMU_EXIT_ALIGNMENT: return DT_ALIGN;
    case ARM64EMU_EXIT_UNMAPPED:
        if (e->access == ARM64EMU_ACCESS_WRITE)
            return DT_FAULT_WRITE;
        if (e->access == ARM64EMU_ACCESS_FETCH)
            return DT_FAULT_FETCH;
        return DT_FAULT_READ;
    default: return DT_OTHER;
    }
}

bool dt_ours_run(dt_ours_t *o, const dt_state_t *st, unsigned budget,
                 dt_result_t *r, char *err, size_t err_len)
{
    arm64emu_machine *m = o->m;
    int s = 0;
    /* PSTATE first: it selects which stack pointer SP is. */
    s |= arm64emu_reg_write(m, 0, ARM64EMU_REG_PSTATE, st->pstate | st->nzcv);
    for (unsigned i = 0; i < 31; i++)
        s |= arm64emu_reg_write(m, 0, (arm64emu_reg)(ARM64EMU_REG_X0 + i),
                                st->x[i]);
    s |= arm64emu_reg_write(m, 0, ARM64EMU_REG_SP_EL0, st->sp_el0);
    s |= arm64emu_reg_write(m, 0, ARM64EMU_REG_SP, st->sp);
    s |= arm64emu_sysreg_write(m, 0, ELR_EL1, st->elr_el1);
    s |= arm64emu_sysreg_write(m, 0, SPSR_EL1, st->spsr_el1);
    s |= arm64emu_sysreg_write(m, 0, PAR_EL1, st->par_el1);
    s |= arm64emu_reg_write(m, 0, ARM64EMU_REG_PC, st->pc);
    s |= arm64emu_reg_write(m, 0, ARM64EMU_REG_NZCV, st->nzcv);
    s |= arm64emu_reg_write(m, 0, ARM64EMU_REG_FPCR, st->fpcr);
    s |= arm64emu_reg_write(m, 0, ARM64EMU_REG_FPSR, st->fpsr);
    s |= arm64emu_sysreg_write(m, 0, TPIDR_EL0, st->tpidr_el0);
    s |= arm64emu_sysreg_write(m, 0, TPIDRRO_EL0, st->tpidrro_el0);
    for (unsigned i = 0; i < 32; i++)
        s |= arm64emu_vreg_write(m, 0, i, st->v[i]);
    if (s) {
        snprintf(err, err_len, "libarm64emu set state: %s",
                 arm64emu_last_error(m));
        return false;
    }
    /* Each case starts with an open exclusive monitor; there is no public
     * call for that (a guest would run CLREX). */
    m->cpus[0].excl.valid = false;

    arm64emu_exit e;
    memset(&e, 0, sizeof(e));
    e.struct_size = sizeof(e);
    if (arm64emu_run(m, budget, &e)) {
        snprintf(err, err_len, "libarm64emu run: %s", arm64emu_last_error(m));
        return false;
    }
    r->outcome = outcome_of(&e);
    r->detail = e.reason;
    r->fault_addr = e.addr;
    r->mem = o->ram;

    dt_state_t *out = &r->st;
    for (unsigned i = 0; i < 31; i++)
        s |= arm64emu_reg_read(m, 0, (arm64emu_reg)(ARM64EMU_REG_X0 + i),
                               &out->x[i]);
    s |= arm64emu_reg_read(m, 0, ARM64EMU_REG_SP, &out->sp);
    s |= arm64emu_reg_read(m, 0, ARM64EMU_REG_PC, &out->pc);
    s |= arm64emu_reg_read(m, 0, ARM64EMU_REG_NZCV, &out->nzcv);
    s |= arm64emu_reg_read(m, 0, ARM64EMU_REG_FPCR, &out->fpcr);
    s |= arm64emu_reg_read(m, 0, ARM64EMU_REG_FPSR, &out->fpsr);
    s |= arm64emu_sysreg_read(m, 0, TPIDR_EL0, &out->tpidr_el0);
    s |= arm64emu_sysreg_read(m, 0, TPIDRRO_EL0, &out->tpidrro_el0);
    s |= arm64emu_reg_read(m, 0, ARM64EMU_REG_PSTATE, &out->pstate);
    out->pstate &= ~0xf0000000ull;
    s |= arm64emu_reg_read(m, 0, ARM64EMU_REG_SP_EL0, &out->sp_el0);
    s |= arm64emu_sysreg_read(m, 0, ELR_EL1, &out->elr_el1);
    s |= arm64emu_sysreg_read(m, 0, SPSR_EL1, &out->spsr_el1);
    s |= arm64emu_sysreg_read(m, 0, PAR_EL1, &out->par_el1);
    for (unsigned i = 0; i < 32; i++)
        s |= arm64emu_vreg_read(m, 0, i, out->v[i]);
    if (s) {
        snprintf(err, err_len, "libarm64emu read state: %s",
                 arm64emu_last_error(m));
        return false;
    }
    return true;
}
