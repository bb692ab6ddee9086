/* Configuration, machine lifecycle and the memory-map API. */
#include "board.h"
#include "gdbstub.h"
#include "hostcall.h"
#include "hooks.h"
#include "machine.h"
#include "pstate.h"
#include "semihost.h"
#include "snapshot.h"
#include "sysreg.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int machine_fail(machine_t *m, int status, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(m->err, sizeof(m->err), fmt, ap);
    va_end(ap);
    return status;
}

/* ---- configuration ---------------------------------------------------- */

int arm64emu_config_new(arm64emu_config **out)
{
    if (!out)
        return ARM64EMU_ERR_INVALID_ARGUMENT;
    arm64emu_config *c = calloc(1, sizeof(*c));
    *out = c;
    if (!c)
        return ARM64EMU_ERR_NO_MEMORY;
    c->ram_base = 0x40000000;
    c->num_cpus = 1;
    snprintf(c->cpu_model, sizeof(c->cpu_model), "max");
    c->exception_exits = ARM64EMU_EXC_ALL;
    c->have_el2 = true;
    c->mmu_off_normal = -1;
    c->insns_per_tick = 1;
    c->boot_el = 1;
    return ARM64EMU_OK;
}

void arm64emu_config_free(arm64emu_config *cfg)
{
    free(cfg);
}

static int config_fail(arm64emu_config *c, int status, const char *what)
{
    snprintf(c->err, sizeof(c->err), "%s", what);
    return status;
}

int arm64emu_config_set_u64(arm64emu_config *c, arm64emu_config_key key,
                            uint64_t v)
{
    if (!c)
        return ARM64EMU_ERR_INVALID_ARGUMENT;
    switch (key) {
    case ARM64EMU_CFG_RAM_SIZE:
        if (v % ARM64EMU_PAGE_SIZE)
            return config_fail(c, ARM64EMU_ERR_INVALID_ARGUMENT,
                               "RAM_SIZE must be a multiple of 4096");
        c->ram_size = v;
        break;
    case ARM64EMU_CFG_RAM_BASE:
        if (v % ARM64EMU_PAGE_SIZE)
            return config_fail(c, ARM64EMU_ERR_INVALID_ARGUMENT,
                               "RAM_BASE must be a multiple of 4096");
        c->ram_base = v;
        break;
    case ARM64EMU_CFG_NUM_CPUS:
        if (v < 1 || v > ARM64EMU_MAX_CPUS)
            return config_fail(c, ARM64EMU_ERR_INVALID_ARGUMENT,
                               "NUM_CPUS must be 1..ARM64EMU_MAX_CPUS");
        c->num_cpus = v;
        break;
    case ARM64EMU_CFG_EXIT_ON_SVC:
        c->exit_on_svc = v != 0;
        break;
    case ARM64EMU_CFG_SEMIHOSTING:
        c->semihosting = v != 0;
        break;
    case ARM64EMU_CFG_EXCEPTION_EXITS:
        if (v & ~(uint64_t)ARM64EMU_EXC_ALL)
            return config_fail(c, ARM64EMU_ERR_INVALID_ARGUMENT,
                               "EXCEPTION_EXITS has bits outside "
                               "ARM64EMU_EXC_ALL");
        c->exception_exits = v;
        break;
    case ARM64EMU_CFG_HAVE_EL2:
        c->have_el2 = v != 0;
        break;
    case ARM64EMU_CFG_HAVE_EL3:
        c->have_el3 = v != 0;
        break;
    case ARM64EMU_CFG_MMU_OFF_NORMAL:
        c->mmu_off_normal = v != 0;
        break;
    case ARM64EMU_CFG_INSNS_PER_TICK:
        if (v < 1 || v > 1000000)
            return config_fail(c, ARM64EMU_ERR_INVALID_ARGUMENT,
                               "INSNS_PER_TICK must be 1..1000000");
        c->insns_per_tick = v;
        break;
    case ARM64EMU_CFG_PSCI_CONDUIT:
        if (v > ARM64EMU_PSCI_NONE)
            return config_fail(c, ARM64EMU_ERR_INVALID_ARGUMENT,
                               "PSCI_CONDUIT must be an "
                               "arm64emu_psci_conduit value");
        c->psci_conduit = v;
        break;
    case ARM64EMU_CFG_BOOT_EL:
        if (v < 1 || v > 3)
            return config_fail(c, ARM64EMU_ERR_INVALID_ARGUMENT,
                               "BOOT_EL must be 1, 2 or 3");
        c->boot_el = v;
        break;
    default:
        return config_fail(c, ARM64EMU_ERR_INVALID_ARGUMENT,
                           "config key is unknown or not a u64 key");
    }
    c->err[0] = '\0';
    return ARM64EMU_OK;
}

int arm64emu_config_set_str(arm64emu_config *c, arm64emu_config_key key,
                            const char *v)
{
    if (!c || !v)
        return ARM64EMU_ERR_INVALID_ARGUMENT;
    if (key == ARM64EMU_CFG_BOARD) {
        if (strcmp(v, "") && strcmp(v, "virt")) {
            snprintf(c->err, sizeof(c->err),
                     "board '%.64s' is unknown (known: virt)", v);
            return ARM64EMU_ERR_INVALID_ARGUMENT;
        }
        snprintf(c->board, sizeof(c->board), "%s", v);
        c->err[0] = '\0';
        return ARM64EMU_OK;
    }
    if (key == ARM64EMU_CFG_SEMIHOSTING_ROOT) {
        if (strlen(v) >= sizeof(c->semihost_root))
            return config_fail(c, ARM64EMU_ERR_INVALID_ARGUMENT,
                               "SEMIHOSTING_ROOT is too long");
        snprintf(c->semihost_root, sizeof(c->semihost_root), "%s", v);
        c->err[0] = '\0';
        return ARM64EMU_OK;
    }
    if (key != ARM64EMU_CFG_CPU_MODEL)
        return config_fail(c, ARM64EMU_ERR_INVALID_ARGUMENT,
                           "config key is unknown or not a string key");
    if (!model_find(v)) {
        snprintf(c->err, sizeof(c->err),
                 "CPU model '%.64s' is unknown (known: max, cortex-a72, "
                 "cortex-a53)",
                 v);
        return ARM64EMU_ERR_UNKNOWN_MODEL;
    }
    snprintf(c->cpu_model, sizeof(c->cpu_model), "%s", v);
    c->err[0] = '\0';
    return ARM64EMU_OK;
}

const char *arm64emu_config_last_error(const arm64emu_config *c)
{
    return c ? c->err : "";
}

/* ---- lifecycle -------------------------------------------------------- */

static void on_code_marked(void *ctx, uint64_t page)
{
    machine_t *m = ctx;
    (void)page;
    for (unsigned i = 0; i < m->ncpus; i++)
        tlb_flush_writes(&m->cpus[i].tlb);
}

static void on_code_written(void *ctx, uint64_t page)
{
    machine_t *m = ctx;
    for (unsigned i = 0; i < m->ncpus; i++)
        block_invalidate_page(m->cpus[i].blocks, page);
}

static void on_dirty_cleared(void *ctx)
{
    machine_t *m = ctx;
    for (unsigned i = 0; i < m->ncpus; i++)
        tlb_flush_writes(&m->cpus[i].tlb);
}

void cpu_reset(cpu_t *cpu)
{
    memset(cpu->r, 0, sizeof(cpu->r));
    memset(cpu->v, 0, sizeof(cpu->v));
    cpu->pc = 0;
    cpu->nzcv = 0;
    cpu->fpcr = cpu->fpsr = 0;
    cpu->tpidr_el0 = cpu->tpidrro_el0 = 0;
    cpu->excl.valid = false;
    tlb_flush(&cpu->tlb);
    memset(cpu->sr, 0, sizeof(cpu->sr));
    sysreg_reset(cpu);
    cpu->sr[SR_VPIDR_EL2] = cpu->model->midr_el1;
    cpu->sr[SR_VMPIDR_EL2] = model_mpidr(cpu->model, cpu->index);
    memset(cpu->sp_el, 0, sizeof(cpu->sp_el));
    cpu->el = 0;
    cpu->spsel = 0;
    cpu->daif = 0;
    cpu->pstate = 0;
    cpu->lines = 0;
    cpu->trap_el = 0;
    cpu_update_mode(cpu);
}

int arm64emu_create(const arm64emu_config *cfg, arm64emu_machine **out)
{
    return machine_create(cfg, NULL, out);
}

/* The configuration as a snapshot records it: what the machine really
 * got where cfg leaves a choice to the board (RAM, stage-1-off memory
 * type), and no message. */
static void keep_config(machine_t *m, const struct arm64emu_config *cfg)
{
    m->cfg = *cfg;
    m->cfg.err[0] = '\0';
    m->cfg.mmu_off_normal = m->cpus[0].mmu_off_normal;
    if (m->board) {
        m->cfg.ram_base = m->board->ram_base;
        m->cfg.ram_size = m->board->ram_size;
    }
}

int machine_create(const struct arm64emu_config *cfg,
                   const cpu_model_t *exact, machine_t **out)
{
    if (!out)
        return ARM64EMU_ERR_INVALID_ARGUMENT;
    *out = NULL;
    if (!cfg)
        return ARM64EMU_ERR_INVALID_ARGUMENT;
    arm64emu_config *c = (arm64emu_config *)cfg; /* only c->err is written */
    const cpu_model_t *model = exact ? exact : model_find(cfg->cpu_model);
    if (!model)
        return config_fail(c, ARM64EMU_ERR_UNKNOWN_MODEL, "unknown CPU model");

    machine_t *m = calloc(1, sizeof(*m));
    if (!m)
        return config_fail(c, ARM64EMU_ERR_NO_MEMORY, "out of memory");
    if (exact)
        m->model_copy = *exact;
    else
        machine_build_model(&m->model_copy, model, cfg);
    m->model = &m->model_copy;
    bus_init(&m->bus);
    m->bus.events = (bus_events_t){m, on_code_marked, on_code_written,
                                   on_dirty_cleared};
    if (!decoder_init(&m->decoder, c->err, sizeof(c->err))) {
        free(m);
        return ARM64EMU_ERR_NO_MEMORY;
    }
    m->ncpus = (unsigned)cfg->num_cpus;
    m->cpus = calloc(m->ncpus, sizeof(cpu_t));
    m->timers = calloc(m->ncpus, sizeof(cpu_timers_t));
    if (!m->cpus || !m->timers)
        goto oom;
    m->clock.ipt = cfg->insns_per_tick ? cfg->insns_per_tick : 1;
    m->clock.next_event = UINT64_MAX;
    m->power[0] = CPU_POWER_ON;
    if (cfg->board[0] && !exact)
        m->model_copy.id_aa64pfr0_el1 |= 1ull << 24; /* GICv3 sysregs */
    for (unsigned i = 0; i < m->ncpus; i++) {
        cpu_t *cpu = &m->cpus[i];
        cpu->index = i;
        cpu->model = m->model;
        cpu->exit_on_svc = cfg->exit_on_svc;
        cpu->exception_exits = (uint32_t)cfg->exception_exits;
        cpu->have_el2 = cfg->have_el2;
        cpu->have_el3 = cfg->have_el3;
        cpu->mmu_off_normal = cfg->mmu_off_normal >= 0 ? cfg->mmu_off_normal
                                                       : !cfg->board[0];
        cpu->semihosting = cfg->semihosting;
        cpu->bus = &m->bus;
        cpu->machine = m;
        cpu->blocks = block_cache_new();
        if (!cpu->blocks)
            goto oom;
        cpu_reset(cpu);
    }
    if (cfg->semihosting) {
        int rc = semihost_new(&m->semihost, cfg->semihost_root, c->err,
                              sizeof(c->err));
        if (rc != ARM64EMU_OK) {
            arm64emu_destroy(m);
            return rc;
        }
    }
    if (cfg->board[0]) {
        int rc = board_virt_create(m, cfg, c->err, sizeof(c->err));
        if (rc != ARM64EMU_OK) {
            arm64emu_destroy(m);
            return rc;
        }
    } else if (cfg->ram_size) {
        int rc = arm64emu_map_ram(m, cfg->ram_base, cfg->ram_size);
        if (rc != ARM64EMU_OK) {
            snprintf(c->err, sizeof(c->err), "%.255s", m->err);
            arm64emu_destroy(m);
            return rc;
        }
    }
    keep_config(m, cfg);
    c->err[0] = '\0';
    *out = m;
    return ARM64EMU_OK;
oom:
    arm64emu_destroy(m);
    return config_fail(c, ARM64EMU_ERR_NO_MEMORY,
                       "out of memory creating the machine");
}

void arm64emu_destroy(arm64emu_machine *m)
{
    if (!m)
        return;
    gdbstub_free(m->gdb);
    hostcall_free(m);
    hooks_free(m);
    snap_state_free(m);
    board_virt_free(m);
    if (m->cpus)
        for (unsigned i = 0; i < m->ncpus; i++)
            block_cache_free(m->cpus[i].blocks);
    free(m->cpus);
    free(m->timers);
    semihost_free(m->semihost);
    bus_free(&m->bus);
    decoder_free(&m->decoder);
    free(m);
}

const char *arm64emu_last_error(const arm64emu_machine *m)
{
    return m ? m->err : "no machine (NULL handle)";
}

unsigned arm64emu_num_cpus(const arm64emu_machine *m)
{
    return m ? m->ncpus : 0;
}

const char *arm64emu_cpu_model(const arm64emu_machine *m)
{
    return m ? m->model->name : "";
}

/* ---- memory map ------------------------------------------------------- */

static int map_region(machine_t *m, region_t *r)
{
    int rc = bus_add(&m->bus, r, m->err, sizeof(m->err));
    if (rc != ARM64EMU_OK)
        return rc;
    for (unsigned i = 0; i < m->ncpus; i++)
        tlb_flush(&m->cpus[i].tlb);
    return machine_ok(m);
}

int arm64emu_map_ram(arm64emu_machine *m, uint64_t base, uint64_t size)
{
    if (!m)
        return ARM64EMU_ERR_INVALID_ARGUMENT;
    if (size == 0 || size % ARM64EMU_PAGE_SIZE || base % ARM64EMU_PAGE_SIZE)
        return machine_fail(m, ARM64EMU_ERR_INVALID_ARGUMENT,
                            "map_ram 0x%" PRIx64 " size 0x%" PRIx64
                            ": base and size must be nonzero multiples of 4096",
                            base, size);
    if (size > SIZE_MAX)
        return machine_fail(m, ARM64EMU_ERR_NO_MEMORY,
                            "map_ram size 0x%" PRIx64 " exceeds host memory",
                            size);
    region_t r = {.base = base, .size = size, .owned = true};
    r.host = calloc(1, (size_t)size);
    if (!r.host)
        return machine_fail(m, ARM64EMU_ERR_NO_MEMORY,
                            "map_ram: cannot allocate 0x%" PRIx64 " bytes",
                            size);
    int rc = map_region(m, &r);
    if (rc != ARM64EMU_OK)
        free(r.host);
    return rc;
}

int arm64emu_map_host(arm64emu_machine *m, uint64_t base, uint64_t size,
                      void *host)
{
    if (!m)
        return ARM64EMU_ERR_INVALID_ARGUMENT;
    if (!host)
        return machine_fail(m, ARM64EMU_ERR_INVALID_ARGUMENT,
                            "map_host 0x%" PRIx64 ": host buffer is NULL",
                            base);
    region_t r = {.base = base, .size = size, .host = host};
    return map_region(m, &r);
}

int arm64emu_map_mmio(arm64emu_machine *m, uint64_t base, uint64_t size,
                      arm64emu_mmio_read_fn read, arm64emu_mmio_write_fn write,
                      void *user)
{
    if (!m)
        return ARM64EMU_ERR_INVALID_ARGUMENT;
    region_t r = {.base = base, .size = size, .read = read, .write = write,
                  .user = user};
    return map_region(m, &r);
}

int arm64emu_unmap(arm64emu_machine *m, uint64_t base, uint64_t size)
{
    if (!m)
        return ARM64EMU_ERR_INVALID_ARGUMENT;
    int rc = bus_remove(&m->bus, base, size, m->err, sizeof(m->err));
    if (rc != ARM64EMU_OK)
        return rc;
    for (unsigned i = 0; i < m->ncpus; i++)
        tlb_flush(&m->cpus[i].tlb);
    return machine_ok(m);
}

static bool range_ok(uint64_t addr, uint64_t len)
{
    return len == 0 || addr + len - 1 >= addr;
}

int arm64emu_mem_read(arm64emu_machine *m, uint64_t addr, void *buf,
                      size_t len)
{
    if (!m || (!buf && len))
        return ARM64EMU_ERR_INVALID_ARGUMENT;
    if (!range_ok(addr, len))
        return machine_fail(m, ARM64EMU_ERR_INVALID_ARGUMENT,
                            "mem_read 0x%" PRIx64 " + %zu wraps", addr, len);
    int rc = bus_read(&m->bus, addr, buf, len, m->err, sizeof(m->err));
    return rc == ARM64EMU_OK ? machine_ok(m) : rc;
}

int arm64emu_mem_write(arm64emu_machine *m, uint64_t addr, const void *buf,
                       size_t len)
{
    if (!m || (!buf && len))
        return ARM64EMU_ERR_INVALID_ARGUMENT;
    if (!range_ok(addr, len))
        return machine_fail(m, ARM64EMU_ERR_INVALID_ARGUMENT,
                            "mem_write 0x%" PRIx64 " + %zu wraps", addr, len);
    int rc = bus_write(&m->bus, addr, buf, len, m->err, sizeof(m->err));
    return rc == ARM64EMU_OK ? machine_ok(m) : rc;
}

int arm64emu_invalidate_code(arm64emu_machine *m, uint64_t addr, uint64_t len)
{
    if (!m)
        return ARM64EMU_ERR_INVALID_ARGUMENT;
    if (!range_ok(addr, len))
        return machine_fail(m, ARM64EMU_ERR_INVALID_ARGUMENT,
                            "invalidate_code 0x%" PRIx64 ": range wraps", addr);
    if (len == 0)
        return machine_ok(m);
    uint64_t first = addr & ~(uint64_t)(BUS_PAGE_SIZE - 1);
    uint64_t last = (addr + len - 1) & ~(uint64_t)(BUS_PAGE_SIZE - 1);
    for (uint64_t page = first;; page += BUS_PAGE_SIZE) {
        region_t *r = bus_find(&m->bus, page);
        if (r && region_is_ram(r))
            bit_clear(r->code, region_page(r, page));
        on_code_written(m, page);
        if (page == last)
            break;
    }
    return machine_ok(m);
}

/* The RAM region holding all of [base, base+size), or NULL with the error
 * recorded. */
static region_t *ram_range(machine_t *m, const char *what, uint64_t base,
                           uint64_t size)
{
    region_t *r = bus_find(&m->bus, base);
    if (!r || !region_is_ram(r) || size == 0 || !range_ok(base, size) ||
        base + size > r->base + r->size || (base | size) % BUS_PAGE_SIZE) {
        machine_fail(m, ARM64EMU_ERR_INVALID_ARGUMENT,
                     "%s 0x%" PRIx64 " size 0x%" PRIx64
                     ": not a page-aligned range inside one RAM region",
                     what, base, size);
        return NULL;
    }
    return r;
}

int arm64emu_dirty_get(arm64emu_machine *m, uint64_t base, uint64_t size,
                       uint64_t *bits, size_t nwords)
{
    if (!m || !bits)
        return ARM64EMU_ERR_INVALID_ARGUMENT;
    region_t *r = ram_range(m, "dirty_get", base, size);
    if (!r)
        return ARM64EMU_ERR_INVALID_ARGUMENT;
    uint64_t pages = size / BUS_PAGE_SIZE;
    if (nwords < (pages + 63) / 64)
        return machine_fail(m, ARM64EMU_ERR_INVALID_ARGUMENT,
                            "dirty_get: %zu words cannot hold %" PRIu64
                            " pages",
                            nwords, pages);
    memset(bits, 0, ((pages + 63) / 64) * sizeof(uint64_t));
    size_t first = region_page(r, base);
    for (uint64_t i = 0; i < pages; i++)
        if (bit_test(r->dirty, first + i))
            bit_set(bits, i);
    return machine_ok(m);
}

int arm64emu_dirty_clear(arm64emu_machine *m, uint64_t base, uint64_t size)
{
    if (!m)
        return ARM64EMU_ERR_INVALID_ARGUMENT;
    region_t *r = ram_range(m, "dirty_clear", base, size);
    if (!r)
        return ARM64EMU_ERR_INVALID_ARGUMENT;
    size_t first = region_page(r, base);
    for (uint64_t i = 0; i < size / BUS_PAGE_SIZE; i++)
        bit_clear(r->dirty, first + i);
    on_dirty_cleared(m);
    return machine_ok(m);
}
