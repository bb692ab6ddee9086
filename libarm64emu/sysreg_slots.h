/* Storage slots of the system registers that are plain values (cpu->sr[]).
 * Other modules read them by name: cpu->sr[SR_TCR_EL1]. */
#ifndef ARM64EMU_SYSREG_SLOTS_H
#define ARM64EMU_SYSREG_SLOTS_H

#define SYSREG_SLOTS(X)                                                       \
    /* EL1 */                                                                 \
    X(SCTLR_EL1) X(ACTLR_EL1) X(CPACR_EL1) X(TTBR0_EL1) X(TTBR1_EL1)          \
    X(TCR_EL1) X(AFSR0_EL1) X(AFSR1_EL1) X(ESR_EL1) X(FAR_EL1) X(PAR_EL1)     \
    X(MAIR_EL1) X(AMAIR_EL1) X(VBAR_EL1) X(CONTEXTIDR_EL1) X(TPIDR_EL1)       \
    X(CNTKCTL_EL1) X(CSSELR_EL1) X(ELR_EL1) X(SPSR_EL1) X(MDSCR_EL1)          \
    X(MDCCINT_EL1) X(OSDLR_EL1) X(OSLSR_EL1) X(OSECCR_EL1) X(DBGPRCR_EL1)     \
    X(DBGCLAIM_EL1) X(PMINTEN_EL1)                                            \
    /* PMU (EL0 view) */                                                      \
    X(PMCR_EL0) X(PMCNTEN_EL0) X(PMOVS_EL0) X(PMSELR_EL0) X(PMCCNTR_EL0)      \
    X(PMXEVTYPER_EL0) X(PMUSERENR_EL0) X(PMCCFILTR_EL0)                       \
    /* debug breakpoints and watchpoints */                                   \
    X(DBGBVR0_EL1) X(DBGBVR1_EL1) X(DBGBVR2_EL1) X(DBGBVR3_EL1)               \
    X(DBGBVR4_EL1) X(DBGBVR5_EL1) X(DBGBCR0_EL1) X(DBGBCR1_EL1)               \
    X(DBGBCR2_EL1) X(DBGBCR3_EL1) X(DBGBCR4_EL1) X(DBGBCR5_EL1)               \
    X(DBGWVR0_EL1) X(DBGWVR1_EL1) X(DBGWVR2_EL1) X(DBGWVR3_EL1)               \
    X(DBGWCR0_EL1) X(DBGWCR1_EL1) X(DBGWCR2_EL1) X(DBGWCR3_EL1)               \
    /* EL2 */                                                                 \
    X(VPIDR_EL2) X(VMPIDR_EL2) X(SCTLR_EL2) X(ACTLR_EL2) X(HCR_EL2)           \
    X(MDCR_EL2) X(CPTR_EL2) X(HSTR_EL2) X(HACR_EL2) X(TTBR0_EL2) X(TCR_EL2)   \
    X(VTTBR_EL2) X(VTCR_EL2) X(AFSR0_EL2) X(AFSR1_EL2) X(ESR_EL2) X(FAR_EL2)  \
    X(HPFAR_EL2) X(MAIR_EL2) X(AMAIR_EL2) X(VBAR_EL2) X(TPIDR_EL2)            \
    X(CNTHCTL_EL2) X(CNTVOFF_EL2) X(ELR_EL2) X(SPSR_EL2) X(ICH_HCR_EL2)       \
    /* EL3 */                                                                 \
    X(SCTLR_EL3) X(ACTLR_EL3) X(SCR_EL3) X(CPTR_EL3) X(MDCR_EL3) X(TTBR0_EL3) \
    X(TCR_EL3) X(AFSR0_EL3) X(AFSR1_EL3) X(ESR_EL3) X(FAR_EL3) X(MAIR_EL3)    \
    X(AMAIR_EL3) X(VBAR_EL3) X(TPIDR_EL3) X(ELR_EL3) X(SPSR_EL3)

enum sysreg_slot {
#define SYSREG_SLOT_ENUM(n) SR_##n,
    SYSREG_SLOTS(SYSREG_SLOT_ENUM)
#undef SYSREG_SLOT_ENUM
    SR_COUNT
};

#endif
