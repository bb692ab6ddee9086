/* Register access API. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "machine.h"
#include "pstate.h"
#include "sysreg.h"

static cpu_t *cpu_of(machine_t *m, unsigned cpu)
{
    if (cpu >= m->ncpus) {
        machine_fail(m, ARM64EMU_ERR_INVALID_ARGUMENT,
                     "cpu %u does not exist (the machine has %u)", cpu,
                     m->ncpus);
        return NULL;
    }
    return &m->cpus[cpu];
}

/* Whether EL n (and so SP_ELn) exists. */
static bool sp_exists(const cpu_t *c, unsigned n)
{
    return n <= 1 || (n == 2 && c->have_el2) || (n == 3 && c->have_el3);
}

int arm64emu_reg_read(arm64emu_machine *m, unsigned cpu, arm64emu_reg reg,
                      uint64_t *value)
{
    if (!m || !value)
        return ARM64EMU_ERR_INVALID_ARGUMENT;
    cpu_t *c = cpu_of(m, cpu);
    if (!c)
        return ARM64EMU_ERR_INVALID_ARGUMENT;
    if ((unsigned)reg <= 30)
        *value = c->r[reg];
    else if (reg == ARM64EMU_REG_SP)
        *value = c->r[REG_SP];
    else if (reg == ARM64EMU_REG_PC)
        *value = c->pc;
    else if (reg == ARM64EMU_REG_NZCV)
        *value = c->nzcv;
    else if (reg == ARM64EMU_REG_PSTATE)
        *value = pstate_read(c);
    else if (reg >= ARM64EMU_REG_SP_EL0 && reg <= ARM64EMU_REG_SP_EL3 &&
             sp_exists(c, reg - ARM64EMU_REG_SP_EL0))
        *value = cpu_sp_el(c, reg - ARM64EMU_REG_SP_EL0);
    else if (reg == ARM64EMU_REG_FPCR)
        *value = c->fpcr;
    else if (reg == ARM64EMU_REG_FPSR)
        *value = c->fpsr;
    else
        return machine_fail(m, ARM64EMU_ERR_UNKNOWN_REGISTER,
                            "register id %d is unknown", (int)reg);
    return machine_ok(m);
}

int arm64emu_reg_write(arm64emu_machine *m, unsigned cpu, arm64emu_reg reg,
                       uint64_t value)
{
    if (!m)
        return ARM64EMU_ERR_INVALID_ARGUMENT;
    cpu_t *c = cpu_of(m, cpu);
    if (!c)
        return ARM64EMU_ERR_INVALID_ARGUMENT;
    if ((unsigned)reg <= 30)
        c->r[reg] = value;
    else if (reg == ARM64EMU_REG_SP)
        c->r[REG_SP] = value;
    else if (reg == ARM64EMU_REG_PC)
        c->pc = value;
    else if (reg == ARM64EMU_REG_NZCV)
        c->nzcv = (uint32_t)value & 0xf0000000u;
    else if (reg == ARM64EMU_REG_PSTATE) {
        unsigned el = (unsigned)(value >> 2) & 3;
        if ((value & 0x10) || (value & 2) || (el == 0 && (value & 1)) ||
            !sp_exists(c, el))
            return machine_fail(m, ARM64EMU_ERR_INVALID_ARGUMENT,
                                "PSTATE 0x%" PRIx64 ": M[4:0] = 0x%x is not "
                                "an AArch64 mode this machine has",
                                value, (unsigned)(value & 0x1f));
        pstate_write(c, value);
    } else if (reg >= ARM64EMU_REG_SP_EL0 && reg <= ARM64EMU_REG_SP_EL3 &&
               sp_exists(c, reg - ARM64EMU_REG_SP_EL0))
        cpu_set_sp_el(c, reg - ARM64EMU_REG_SP_EL0, value);
    else if (reg == ARM64EMU_REG_FPCR)
        c->fpcr = (uint32_t)value;
    else if (reg == ARM64EMU_REG_FPSR)
        c->fpsr = (uint32_t)value;
    else
        return machine_fail(m, ARM64EMU_ERR_UNKNOWN_REGISTER,
                            "register id %d is unknown", (int)reg);
    return machine_ok(m);
}

int arm64emu_vreg_read(arm64emu_machine *m, unsigned cpu, unsigned n,
                       void *bytes16)
{
    if (!m || !bytes16)
        return ARM64EMU_ERR_INVALID_ARGUMENT;
    cpu_t *c = cpu_of(m, cpu);
    if (!c)
        return ARM64EMU_ERR_INVALID_ARGUMENT;
    if (n > 31)
        return machine_fail(m, ARM64EMU_ERR_UNKNOWN_REGISTER,
                            "vector register V%u does not exist", n);
    memcpy(bytes16, &c->v[n], 16);
    return machine_ok(m);
}

int arm64emu_vreg_write(arm64emu_machine *m, unsigned cpu, unsigned n,
                        const void *bytes16)
{
    if (!m || !bytes16)
        return ARM64EMU_ERR_INVALID_ARGUMENT;
    cpu_t *c = cpu_of(m, cpu);
    if (!c)
        return ARM64EMU_ERR_INVALID_ARGUMENT;
    if (n > 31)
        return machine_fail(m, ARM64EMU_ERR_UNKNOWN_REGISTER,
                            "vector register V%u does not exist", n);
    memcpy(&c->v[n], bytes16, 16);
    return machine_ok(m);
}

static void key_name(uint32_t key, char *buf, size_t len)
{
    snprintf(buf, len, "S%u_%u_C%u_C%u_%u", (key >> 14) & 3, (key >> 11) & 7,
             (key >> 7) & 15, (key >> 3) & 15, key & 7);
}

int arm64emu_sysreg_read(arm64emu_machine *m, unsigned cpu, uint32_t encoding,
                         uint64_t *value)
{
    if (!m || !value)
        return ARM64EMU_ERR_INVALID_ARGUMENT;
    cpu_t *c = cpu_of(m, cpu);
    if (!c)
        return ARM64EMU_ERR_INVALID_ARGUMENT;
    if (sysreg_raw_read(c, encoding, value) != SYSREG_OK) {
        char name[32];
        key_name(encoding, name, sizeof(name));
        return machine_fail(m, ARM64EMU_ERR_UNKNOWN_REGISTER,
                            "system register %s (key 0x%x) is not modelled",
                            name, encoding);
    }
    return machine_ok(m);
}

int arm64emu_sysreg_write(arm64emu_machine *m, unsigned cpu, uint32_t encoding,
                          uint64_t value)
{
    if (!m)
        return ARM64EMU_ERR_INVALID_ARGUMENT;
    cpu_t *c = cpu_of(m, cpu);
    if (!c)
        return ARM64EMU_ERR_INVALID_ARGUMENT;
    char name[32];
    key_name(encoding, name, sizeof(name));
    const sysreg_def_t *d = sysreg_find(encoding);
    switch (sysreg_raw_write(c, encoding, value)) {
    case SYSREG_OK:
        return machine_ok(m);
    case SYSREG_READ_ONLY:
        return machine_fail(m, ARM64EMU_ERR_INVALID_ARGUMENT,
                            "system register %s is read-only",
                            d ? d->name : name);
    default:
        return machine_fail(m, ARM64EMU_ERR_UNKNOWN_REGISTER,
                            "system register %s (key 0x%x) is not modelled",
                            name, encoding);
    }
}
