/* The libarm64emu side: one machine, reused for every case. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arm64emu/arm64emu.h"
#include "difftest.h"
#include "machine.h" /* internal: to clear the exclusive monitor */

#define TPIDR_EL0 ARM64EMU_SYSREG(3, 3, 13, 0, 2)
#define TPIDRRO_EL0 ARM64EMU_SYSREG(3, 3, 13, 0, 3)
#define ID_AA64PFR0_EL1 ARM64EMU_SYSREG(3, 0, 0, 4, 0)
#define ID_AA64ISAR0_EL1 ARM64EMU_SYSREG(3, 0, 0, 6, 0)
#define ID_AA64ISAR1_EL1 ARM64EMU_SYSREG(3, 0, 0, 6, 1)

struct dt_ours {
    arm64emu_machine *m;
    uint8_t *ram;
};

dt_ours_t *dt_ours_new(const char *model, char *err, size_t err_len)
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

static dt_outcome_t outcome_of(const arm64emu_exit *e)
{
    switch (e->reason) {
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
    for (unsigned i = 0; i < 31; i++)
        s |= arm64emu_reg_write(m, 0, (arm64emu_reg)(ARM64EMU_REG_X0 + i),
                                st->x[i]);
    s |= arm64emu_reg_write(m, 0, ARM64EMU_REG_SP, st->sp);
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
    for (unsigned i = 0; i < 32; i++)
        s |= arm64emu_vreg_read(m, 0, i, out->v[i]);
    if (s) {
        snprintf(err, err_len, "libarm64emu read state: %s",
                 arm64emu_last_error(m));
        return false;
    }
    return true;
}
