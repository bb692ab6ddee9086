/* Runtime of the board tests: PL011 output, PSCI, GICv3 set-up and an
 * IRQ dispatcher. Programs print with pr() and end by returning from main
 * (PSCI SYSTEM_OFF). */
#ifndef BOARD_RT_H
#define BOARD_RT_H

typedef unsigned long u64;
typedef unsigned int u32;

/* Two levels so that the ICC_* names below expand before # applies. */
#define sysreg_read(r) sysreg_read_(r)
#define sysreg_write(r, v) sysreg_write_(r, v)
#define sysreg_read_(r)                                                       \
    ({                                                                        \
        u64 v_;                                                               \
        __asm__ volatile("mrs %0, " #r : "=r"(v_));                           \
        v_;                                                                   \
    })
#define sysreg_write_(r, v)                                                   \
    __asm__ volatile("msr " #r ", %0" : : "r"((u64)(v)) : "memory")
#define isb() __asm__ volatile("isb" : : : "memory")
#define irq_on() __asm__ volatile("msr daifclr, #2" : : : "memory")
#define irq_off() __asm__ volatile("msr daifset, #2" : : : "memory")
#define wfi() __asm__ volatile("wfi" : : : "memory")

#define ICC_IAR1 S3_0_C12_C12_0
#define ICC_EOIR1 S3_0_C12_C12_1
#define ICC_HPPIR1 S3_0_C12_C12_2
#define ICC_BPR1 S3_0_C12_C12_3
#define ICC_CTLR S3_0_C12_C12_4
#define ICC_SRE S3_0_C12_C12_5
#define ICC_IGRPEN1 S3_0_C12_C12_7
#define ICC_PMR S3_0_C4_C6_0
#define ICC_RPR S3_0_C12_C11_3
#define ICC_DIR S3_0_C12_C11_1
#define ICC_SGI1R S3_0_C12_C11_5

#define UART 0x09000000ul
#define GICD 0x08000000ul
#define GICR(cpu) (0x080A0000ul + 0x20000ul * (cpu))
#define GICR_SGI(cpu) (GICR(cpu) + 0x10000ul)

static inline void w32(u64 a, u32 v) { *(volatile u32 *)a = v; }
static inline u32 r32(u64 a) { return *(volatile u32 *)a; }
static inline void w8(u64 a, unsigned char v) { *(volatile unsigned char *)a = v; }

void pr(const char *fmt, ...); /* %s %u %x %lx %lu %d */
u64 psci(u64 fid, u64 a1, u64 a2, u64 a3);
void power_off(void);
void cpu_off(void);
unsigned cpu_id(void);

void gic_init_dist(void);
void gic_init_cpu(unsigned cpu);
void gic_enable(unsigned cpu, unsigned intid, unsigned prio);
void gic_pend(unsigned cpu, unsigned intid);
int gic_active(unsigned cpu, unsigned intid);

/* Sleeps until *flag is nonzero, without the lost-wakeup race: the flag
 * is tested with IRQs masked and WFI wakes on a pending interrupt even
 * then; the interrupt is taken once they are unmasked. */
#define WAIT_UNTIL(cond)                                                      \
    do {                                                                      \
        irq_off();                                                            \
        while (!(cond)) {                                                     \
            wfi();                                                            \
            irq_on();                                                         \
            isb();                                                            \
            irq_off();                                                        \
        }                                                                     \
    } while (0)

/* Called for each acknowledged interrupt; unless it returns 1 (it did the
 * EOI itself) the dispatcher writes EOIR1. */
extern int (*volatile irq_hook)(u64 intid);

#endif
