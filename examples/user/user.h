/* arm64emu-user: runs a static AArch64 Linux program on libarm64emu, the way
 * qemu-aarch64 does. This header ties the runner's small files together;
 * the runner uses only the public API in <arm64emu/arm64emu.h>. */
#ifndef ARM64EMU_USER_H
#define ARM64EMU_USER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <arm64emu/arm64emu.h>

#define USER_PAGE 4096ull
#define USER_VA_LIMIT (1ull << 48)       /* 48-bit user address space */
#define USER_STACK_TOP 0xfffff0000000ull /* first byte above the stack */
#define USER_STACK_SIZE (8ull << 20)
#define USER_MMAP_BASE 0x7f0000000000ull /* where mmap starts looking */
#define USER_PIE_BASE 0x5500000000ull    /* load bias of static-pie */
/* Most guest memory the runner maps in all: a guest asking for more gets
 * ENOMEM rather than making the host try to allocate it. */
#define USER_MEM_LIMIT (16ull << 30)

static inline uint64_t page_down(uint64_t a) { return a & ~(USER_PAGE - 1); }
static inline uint64_t page_up(uint64_t a)
{
    return (a + USER_PAGE - 1) & ~(USER_PAGE - 1);
}

/* One guest mapping made by the runner: [base, base+size), page aligned,
 * backed by one arm64emu_map_ram region. */
typedef struct vm_area {
    uint64_t base, size;
} vm_area;

/* What the ELF loader found; the stack builder turns it into auxv. */
typedef struct elf_info {
    uint64_t entry;      /* biased entry point */
    uint64_t phdr;       /* guest address of the program headers */
    uint64_t phnum, phent;
    uint64_t load_bias;  /* 0 for ET_EXEC */
    uint64_t brk_start;  /* page above the highest segment */
} elf_info;

typedef struct user_options {
    bool strace;       /* log every system call on stderr */
    bool icount;       /* print the instruction count on exit */
    const char *cpu;   /* CPU model, NULL = library default */
    const char *prefix; /* -L: tried first for absolute guest paths */
    uint64_t seed;     /* AT_RANDOM and getrandom stream */
} user_options;

typedef struct user_ctx {
    arm64emu_machine *m;
    user_options opt;
    const char *prog;     /* program path as given (argv[0], AT_EXECFN) */
    char *exe_path;       /* absolute path, for /proc/self/exe */
    vm_area *areas;       /* sorted by base, non-overlapping */
    size_t nareas, cap_areas;
    uint64_t mapped;      /* bytes in all areas */
    uint64_t brk_start, brk_cur, brk_mapped; /* brk_mapped: end of heap pages */
    uint64_t rng;         /* deterministic random stream state */
    uint8_t sigact[65][32]; /* guest struct sigaction per signal, kept */
    uint64_t sigmask;     /* the guest's blocked-signal mask */
    bool exited;
    int exit_status;
} user_ctx;

/* ---- vm.c: the guest address space ---- */
int vm_map(user_ctx *u, uint64_t base, uint64_t size);
/* Removes every mapped page of [base, base+size), splitting areas. */
int vm_unmap(user_ctx *u, uint64_t base, uint64_t size);
bool vm_is_free(const user_ctx *u, uint64_t base, uint64_t size);
/* A free range of size bytes at or above hint, or 0 when there is none. */
uint64_t vm_find_free(const user_ctx *u, uint64_t size, uint64_t hint);
bool vm_is_mapped(const user_ctx *u, uint64_t base, uint64_t size);
void vm_free_all(user_ctx *u);

/* ---- guest_io.c: bounded copies between guest and host ---- */
/* Copies a NUL-terminated guest string of at most cap-1 bytes into buf.
 * Returns 0, -EFAULT or -ENAMETOOLONG. */
int guest_read_str(user_ctx *u, uint64_t addr, char *buf, size_t cap);
bool guest_read(user_ctx *u, uint64_t addr, void *buf, size_t len);
bool guest_write(user_ctx *u, uint64_t addr, const void *buf, size_t len);
bool guest_write_u64(user_ctx *u, uint64_t addr, uint64_t v);
bool guest_zero(user_ctx *u, uint64_t addr, uint64_t len);
/* Little-endian packing for guest structs. */
void put_u16(uint8_t *p, uint16_t v);
void put_u32(uint8_t *p, uint32_t v);
void put_u64(uint8_t *p, uint64_t v);
uint32_t get_u32(const uint8_t *p);
uint64_t get_u64(const uint8_t *p);
/* Deterministic random bytes (splitmix64 seeded by --seed). */
void user_random(user_ctx *u, void *buf, size_t len);

/* ---- elf_load.c ---- */
/* Loads the static ELF at path. On failure prints why and returns false. */
bool elf_load(user_ctx *u, const char *path, elf_info *info);

/* ---- stack.c ---- */
/* Maps the stack, writes argc/argv/envp/auxv and returns the initial SP. */
bool stack_build(user_ctx *u, const elf_info *info, int argc, char **argv,
                 char **envp, uint64_t *sp_out);

/* ---- cpufeature.c ---- */
void cpu_hwcaps(user_ctx *u, uint64_t *hwcap, uint64_t *hwcap2);
/* Emulates an EL0 MRS of an ID register at pc the way Linux does. Returns
 * true (Rt written, PC advanced) when insn was such an MRS, false for a
 * real SIGILL. */
bool cpu_emulate_mrs(user_ctx *u, uint32_t insn, uint64_t pc);

/* ---- syscall.c ---- */
/* Executes the system call in X8 with X0-X5 and writes X0. */
void syscall_dispatch(user_ctx *u);

/* ---- path.c: guest paths on the host ---- */
/* Maps a guest path to the host path to use (-L prefix, /proc/self/exe).
 * Returns buf or path. */
const char *path_host(user_ctx *u, const char *path, char *buf, size_t cap);

/* ---- crash.c ---- */
/* Reports a guest crash on stderr and returns the exit status (128+sig). */
int crash_report(user_ctx *u, const arm64emu_exit *e);
/* Reports death by a signal the guest sent itself. */
int crash_signal(user_ctx *u, int sig);

#endif
