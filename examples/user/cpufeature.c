/* What Linux tells a process about its CPU: AT_HWCAP/AT_HWCAP2 derived from
 * the ID registers, and the emulation of EL0 MRS reads of ID registers
 * (arch/arm64/kernel/cpufeature.c: the sanitised, user-visible fields). */
#include "user.h"

#define REG(op0, op1, crn, crm, op2) ARM64EMU_SYSREG(op0, op1, crn, crm, op2)
#define MIDR_EL1 REG(3, 0, 0, 0, 0)
#define MPIDR_EL1 REG(3, 0, 0, 0, 5)
#define REVIDR_EL1 REG(3, 0, 0, 0, 6)
#define ID_AA64PFR0_EL1 REG(3, 0, 0, 4, 0)
#define ID_AA64PFR1_EL1 REG(3, 0, 0, 4, 1)
#define ID_AA64DFR0_EL1 REG(3, 0, 0, 5, 0)
#define ID_AA64ISAR0_EL1 REG(3, 0, 0, 6, 0)
#define ID_AA64ISAR1_EL1 REG(3, 0, 0, 6, 1)
#define ID_AA64ISAR2_EL1 REG(3, 0, 0, 6, 2)
#define ID_AA64MMFR0_EL1 REG(3, 0, 0, 7, 0)
#define ID_AA64MMFR1_EL1 REG(3, 0, 0, 7, 1)
#define ID_AA64MMFR2_EL1 REG(3, 0, 0, 7, 2)

/* Linux's HWCAP bits (uapi/asm/hwcap.h). */
enum {
    HWCAP_FP = 1 << 0, HWCAP_ASIMD = 1 << 1, HWCAP_AES = 1 << 3,
    HWCAP_PMULL = 1 << 4, HWCAP_SHA1 = 1 << 5, HWCAP_SHA2 = 1 << 6,
    HWCAP_CRC32 = 1 << 7, HWCAP_ATOMICS = 1 << 8, HWCAP_FPHP = 1 << 9,
    HWCAP_ASIMDHP = 1 << 10, HWCAP_CPUID = 1 << 11,
    HWCAP_ASIMDRDM = 1 << 12, HWCAP_JSCVT = 1 << 13, HWCAP_FCMA = 1 << 14,
    HWCAP_LRCPC = 1 << 15, HWCAP_DCPOP = 1 << 16, HWCAP_SHA3 = 1 << 17,
    HWCAP_SM3 = 1 << 18, HWCAP_SM4 = 1 << 19, HWCAP_ASIMDDP = 1 << 20,
    HWCAP_SHA512 = 1 << 21, HWCAP_SVE = 1 << 22, HWCAP_ASIMDFHM = 1 << 23,
    HWCAP_DIT = 1 << 24, HWCAP_USCAT = 1 << 25, HWCAP_ILRCPC = 1 << 26,
    HWCAP_FLAGM = 1 << 27, HWCAP_SSBS = 1 << 28, HWCAP_SB = 1 << 29,
};
enum {
    HWCAP2_DCPODP = 1 << 0, HWCAP2_FLAGM2 = 1 << 7, HWCAP2_FRINT = 1 << 8,
    HWCAP2_RNG = 1 << 16, HWCAP2_BTI = 1 << 17,
};

/* One HWCAP rule: register, field shift, minimum value, signed field,
 * which word (0 = AT_HWCAP, 1 = AT_HWCAP2), bit. */
typedef struct hwcap_rule {
    uint32_t reg;
    uint8_t shift;
    int8_t min;
    bool is_signed;
    uint8_t word;
    uint32_t bit;
} hwcap_rule;

static const hwcap_rule hwcap_rules[] = {
    {ID_AA64PFR0_EL1, 16, 0, true, 0, HWCAP_FP},
    {ID_AA64PFR0_EL1, 16, 1, true, 0, HWCAP_FPHP},
    {ID_AA64PFR0_EL1, 20, 0, true, 0, HWCAP_ASIMD},
    {ID_AA64PFR0_EL1, 20, 1, true, 0, HWCAP_ASIMDHP},
    {ID_AA64PFR0_EL1, 32, 1, false, 0, HWCAP_SVE},
    {ID_AA64PFR0_EL1, 48, 1, false, 0, HWCAP_DIT},
    {ID_AA64PFR1_EL1, 0, 1, false, 1, HWCAP2_BTI},
    {ID_AA64PFR1_EL1, 4, 2, false, 0, HWCAP_SSBS},
    {ID_AA64ISAR0_EL1, 4, 1, false, 0, HWCAP_AES},
    {ID_AA64ISAR0_EL1, 4, 2, false, 0, HWCAP_PMULL},
    {ID_AA64ISAR0_EL1, 8, 1, false, 0, HWCAP_SHA1},
    {ID_AA64ISAR0_EL1, 12, 1, false, 0, HWCAP_SHA2},
    {ID_AA64ISAR0_EL1, 12, 2, false, 0, HWCAP_SHA512},
    {ID_AA64ISAR0_EL1, 16, 1, false, 0, HWCAP_CRC32},
    {ID_AA64ISAR0_EL1, 20, 2, false, 0, HWCAP_ATOMICS},
    {ID_AA64ISAR0_EL1, 28, 1, false, 0, HWCAP_ASIMDRDM},
    {ID_AA64ISAR0_EL1, 32, 1, false, 0, HWCAP_SHA3},
    {ID_AA64ISAR0_EL1, 36, 1, false, 0, HWCAP_SM3},
    {ID_AA64ISAR0_EL1, 40, 1, false, 0, HWCAP_SM4},
    {ID_AA64ISAR0_EL1, 44, 1, false, 0, HWCAP_ASIMDDP},
    {ID_AA64ISAR0_EL1, 48, 1, false, 0, HWCAP_ASIMDFHM},
    {ID_AA64ISAR0_EL1, 52, 1, false, 0, HWCAP_FLAGM},
    {ID_AA64ISAR0_EL1, 52, 2, false, 1, HWCAP2_FLAGM2},
    {ID_AA64ISAR0_EL1, 60, 1, false, 1, HWCAP2_RNG},
    {ID_AA64ISAR1_EL1, 0, 1, false, 0, HWCAP_DCPOP},
    {ID_AA64ISAR1_EL1, 0, 2, false, 1, HWCAP2_DCPODP},
    {ID_AA64ISAR1_EL1, 12, 1, false, 0, HWCAP_JSCVT},
    {ID_AA64ISAR1_EL1, 16, 1, false, 0, HWCAP_FCMA},
    {ID_AA64ISAR1_EL1, 20, 1, false, 0, HWCAP_LRCPC},
    {ID_AA64ISAR1_EL1, 20, 2, false, 0, HWCAP_ILRCPC},
    {ID_AA64ISAR1_EL1, 32, 1, false, 1, HWCAP2_FRINT},
    {ID_AA64ISAR1_EL1, 36, 1, false, 0, HWCAP_SB},
    {ID_AA64MMFR2_EL1, 32, 1, false, 0, HWCAP_USCAT},
};

/* The fields Linux shows user space (FTR_VISIBLE) and the fixed values it
 * puts in the hidden ones; unlisted registers in the ID space read as 0. */
typedef struct visible_reg {
    uint32_t reg;
    uint64_t visible;
    uint64_t fixed;
} visible_reg;

static const visible_reg visible_regs[] = {
    {ID_AA64PFR0_EL1, 0x000f000f00ff0000ull, 0x11},  /* DIT SVE AdvSIMD FP */
    {ID_AA64PFR1_EL1, 0x0000000000000fffull, 0},     /* MTE SSBS BT */
    {ID_AA64DFR0_EL1, 0, 0x6},                       /* DebugVer v8 */
    {ID_AA64ISAR0_EL1, 0xf0fffffff0fffff0ull, 0},
    {ID_AA64ISAR1_EL1, 0x00fff0ffffffffffull, 0},
    {ID_AA64ISAR2_EL1, 0x0000000000ff00ffull, 0},
    {ID_AA64MMFR0_EL1, 0, 0xff000000ull},            /* TGran64/4: none */
    {ID_AA64MMFR1_EL1, 0, 0},
    {ID_AA64MMFR2_EL1, 0x0000000f00000000ull, 0},    /* AT */
};

static uint64_t id_reg(user_ctx *u, uint32_t reg)
{
    uint64_t v = 0;
    if (arm64emu_sysreg_read(u->m, 0, reg, &v) != ARM64EMU_OK)
        return 0; /* not modelled: reads as zero, as reserved ID space */
    return v;
}

static int field(uint64_t v, unsigned shift, bool is_signed)
{
    int f = (int)((v >> shift) & 0xf);
    return is_signed && f >= 8 ? f - 16 : f;
}

void cpu_hwcaps(user_ctx *u, uint64_t *hwcap, uint64_t *hwcap2)
{
    uint64_t w[2] = {HWCAP_CPUID, 0}; /* Linux emulates ID register MRS */
    for (size_t i = 0; i < sizeof(hwcap_rules) / sizeof(hwcap_rules[0]); i++) {
        const hwcap_rule *r = &hwcap_rules[i];
        if (field(id_reg(u, r->reg), r->shift, r->is_signed) >= r->min)
            w[r->word] |= r->bit;
    }
    *hwcap = w[0];
    *hwcap2 = w[1];
}

/* Linux emulates op0=3, op1=0, CRn=0 with CRm 0 (MIDR, MPIDR, REVIDR
 * only) or CRm 2..7; everything else stays SIGILL. */
static bool linux_value(user_ctx *u, uint32_t key, uint64_t *v)
{
    unsigned op0 = key >> 14, op1 = (key >> 11) & 7, crn = (key >> 7) & 15;
    unsigned crm = (key >> 3) & 15;
    if (op0 != 3 || op1 != 0 || crn != 0 || crm == 1 || crm > 7)
        return false;
    if (crm == 0) {
        if (key == MIDR_EL1)
            *v = id_reg(u, MIDR_EL1);
        else if (key == MPIDR_EL1)
            *v = 0x80000000ull;
        else if (key == REVIDR_EL1)
            *v = 0;
        else
            return false;
        return true;
    }
    *v = 0;
    for (size_t i = 0; i < sizeof(visible_regs) / sizeof(visible_regs[0]); i++)
        if (visible_regs[i].reg == key)
            *v = (id_reg(u, key) & visible_regs[i].visible) |
                 visible_regs[i].fixed;
    return true;
}

bool cpu_emulate_mrs(user_ctx *u, uint32_t insn, uint64_t pc)
{
    if ((insn & 0xfff00000u) != 0xd5300000u) /* MRS Xt, <op0=2|3 ...> */
        return false;
    uint32_t key = (insn >> 5) & 0xffff;
    unsigned rt = insn & 31;
    uint64_t v;
    if (!linux_value(u, key, &v))
        return false;
    if (rt != 31)
        arm64emu_reg_write(u->m, 0, (arm64emu_reg)(ARM64EMU_REG_X0 + rt), v);
    arm64emu_reg_write(u->m, 0, ARM64EMU_REG_PC, pc + 4);
    return true;
}
