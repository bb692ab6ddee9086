/* PSCI 1.1 firmware over SMCCC 1.1 (HVC or SMC, the board's conduit):
 * function ID in w0, arguments in x1-x3, result in x0. Calls through the
 * SMC32 IDs take 32-bit arguments. */
#include "board.h"
#include "machine.h"
#include "pstate.h"
#include "timer.h"

enum {
    SMCCC_VERSION = 0x80000000u,
    SMCCC_ARCH_FEATURES = 0x80000001u,
    PSCI_VERSION = 0x84000000u,
    PSCI_CPU_SUSPEND = 0x84000001u,
    PSCI_CPU_OFF = 0x84000002u,
    PSCI_CPU_ON = 0x84000003u,
    PSCI_AFFINITY_INFO = 0x84000004u,
    PSCI_MIGRATE = 0x84000005u,
    PSCI_MIGRATE_INFO_TYPE = 0x84000006u,
    PSCI_SYSTEM_OFF = 0x84000008u,
    PSCI_SYSTEM_RESET = 0x84000009u,
    PSCI_FEATURES = 0x8400000Au,
    SMC64 = 0x40000000u, /* the SMC64 form of an ID */
};

enum {
    PSCI_SUCCESS = 0,
    PSCI_NOT_SUPPORTED = -1,
    PSCI_INVALID_PARAMETERS = -2,
    PSCI_ALREADY_ON = -4,
};

/* The CPU whose MPIDR affinity fields are mpidr, or -1. */
static int cpu_by_mpidr(const machine_t *m, uint64_t mpidr)
{
    const uint64_t aff = 0xff00ffffffull;
    for (unsigned i = 0; i < m->ncpus; i++)
        if ((model_mpidr(m->model, i) & aff) == (mpidr & aff))
            return (int)i;
    return -1;
}

/* Whether fid names a function this firmware implements (PSCI_FEATURES). */
static bool implemented(uint32_t fid)
{
    switch (fid) {
    case SMCCC_VERSION:
    case SMCCC_ARCH_FEATURES:
    case PSCI_VERSION:
    case PSCI_CPU_SUSPEND:
    case PSCI_CPU_SUSPEND | SMC64:
    case PSCI_CPU_OFF:
    case PSCI_CPU_ON:
    case PSCI_CPU_ON | SMC64:
    case PSCI_AFFINITY_INFO:
    case PSCI_AFFINITY_INFO | SMC64:
    case PSCI_MIGRATE_INFO_TYPE:
    case PSCI_SYSTEM_OFF:
    case PSCI_SYSTEM_RESET:
    case PSCI_FEATURES:
        return true;
    default:
        return false;
    }
}

/* PSCI starts a core at the highest Non-secure EL the firmware gives the
 * OS, whatever EL the caller runs at (Linux booted at EL2 calls CPU_ON from
 * EL1): the boot EL, or EL2 (EL1 without it) when the board boots at EL3. */
static unsigned cpu_on_el(const machine_t *m, const cpu_t *caller)
{
    unsigned el = m->board->boot_el;
    if (el == 3)
        el = caller->have_el2 ? 2 : 1;
    return el;
}

static int64_t cpu_on(machine_t *m, const cpu_t *caller, uint64_t target,
                      uint64_t entry, uint64_t ctx)
{
    int t = cpu_by_mpidr(m, target);
    if (t < 0)
        return PSCI_INVALID_PARAMETERS;
    if (m->power[t] != CPU_POWER_OFF)
        return PSCI_ALREADY_ON;
    board_cpu_enter(m, &m->cpus[t], cpu_on_el(m, caller), entry, ctx);
    m->power[t] = CPU_POWER_ON;
    return PSCI_SUCCESS;
}

unsigned psci_call(machine_t *m, cpu_t *cpu)
{
    uint32_t fid = (uint32_t)cpu->r[0];
    bool smc64 = (fid & SMC64) != 0;
    uint64_t mask = smc64 ? UINT64_MAX : UINT32_MAX;
    uint64_t a1 = cpu->r[1] & mask, a2 = cpu->r[2] & mask,
             a3 = cpu->r[3] & mask;
    int64_t ret = PSCI_NOT_SUPPORTED;

    switch (fid) {
    case SMCCC_VERSION:
        ret = 0x10001; /* 1.1 */
        break;
    case SMCCC_ARCH_FEATURES:
        /* No ARCH_WORKAROUND_* is needed on an emulated CPU. */
        ret = (uint32_t)a1 == SMCCC_VERSION ||
                      (uint32_t)a1 == SMCCC_ARCH_FEATURES
                  ? PSCI_SUCCESS
                  : PSCI_NOT_SUPPORTED;
        break;
    case PSCI_VERSION:
        ret = 0x10001; /* 1.1 */
        break;
    case PSCI_FEATURES:
        /* CPU_SUSPEND: original power_state format, no OS-initiated mode */
        ret = implemented((uint32_t)a1) ? PSCI_SUCCESS : PSCI_NOT_SUPPORTED;
        break;
    case PSCI_CPU_SUSPEND:
    case PSCI_CPU_SUSPEND | SMC64:
        /* Every power state is entered as standby (as WFI); a power-down
         * request returns as if woken at once, which PSCI allows. */
        if (a1 & 0xfffe0000u) {
            ret = PSCI_INVALID_PARAMETERS;
            break;
        }
        ret = PSCI_SUCCESS;
        m->power[cpu->index] = CPU_POWER_IDLE;
        break;
    case PSCI_CPU_OFF:
        m->power[cpu->index] = CPU_POWER_OFF;
        timer_reset(m, cpu->index);
        timer_sync(m);
        return ARM64EMU_EXIT_BUDGET;
    case PSCI_CPU_ON:
    case PSCI_CPU_ON | SMC64:
        ret = cpu_on(m, cpu, a1, a2, a3);
        break;
    case PSCI_AFFINITY_INFO:
    case PSCI_AFFINITY_INFO | SMC64: {
        int t = cpu_by_mpidr(m, a1);
        if (t < 0 || a2 != 0)
            ret = PSCI_INVALID_PARAMETERS;
        else
            ret = m->power[t] == CPU_POWER_OFF ? 1 : 0;
        break;
    }
    case PSCI_MIGRATE_INFO_TYPE:
        ret = 2; /* no Trusted OS to migrate */
        break;
    case PSCI_SYSTEM_OFF:
        return ARM64EMU_EXIT_POWEROFF;
    case PSCI_SYSTEM_RESET:
        return ARM64EMU_EXIT_RESET;
    default:
        break;
    }
    cpu->r[0] = (uint64_t)ret;
    return ARM64EMU_EXIT_BUDGET;
}
