/* Machine snapshots: the core. It writes the header, the `machine` record
 * (docs/snapshot/machine.md), the parts' records in a fixed order, RAM,
 * the unknown items a load kept, and the end record; it loads them back
 * all or nothing (parse every record into stages, check RAM, then apply),
 * and creates a machine from a snapshot alone. */
#define _POSIX_C_SOURCE 200809L /* read, write, fstat, lseek */
#include "snapshot.h"
#include "snap_ram.h"
#include "snap_upgrade.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "board.h"
#include "gic.h"
#include "mmu.h"
#include "pl011.h"
#include "pl031.h"
#include "pstate.h"
#include "timer.h"

#define SNAP_PRODUCER "libarm64emu"
#define SNAP_DEFAULT_LEVEL 3
/* Input read from an fd or a callback grows up to this many bytes. */
#define SNAP_INPUT_MAX (1ull << 40)

/* Per-machine snapshot state: what the last load kept and reported, and
 * the fuzzing checkpoint. */
struct snap_state {
    snap_kept_t kept;
    char *report; /* NULL: nothing to report */
    struct snap_checkpoint *checkpoint;
};

const snap_part_t *const snap_parts[] = {
    &snap_part_cpu,  &snap_part_timer, &snap_part_gic,
    &snap_part_pl011, &snap_part_pl031, &snap_part_psci,
    &snap_part_clock, &snap_part_semihost, NULL,
};

#define NPARTS (sizeof(snap_parts) / sizeof(snap_parts[0]) - 1)

/* ---- the core's schema ------------------------------------------------ */

#define C SNAP_F_CRITICAL

/* The machine record's u64 fields after board: the configuration keys that
 * change what the guest sees, named after them (docs/snapshot/machine.md). */
typedef struct snap_machine {
    char board[SNAP_NAME_MAX + 1];
    uint64_t u[13];
    uint64_t *ram;   /* (base, size) pairs of every RAM region */
    size_t nram;
    uint64_t *mmio;  /* (base, size) pairs of the caller's MMIO regions */
    size_t nmmio;
} snap_machine_t;

enum {
    MF_CPUS, MF_RAM_BASE, MF_RAM_SIZE, MF_EXIT_ON_SVC, MF_SEMIHOSTING,
    MF_EXCEPTION_EXITS, MF_HAVE_EL2, MF_HAVE_EL3, MF_MMU_OFF_NORMAL,
    MF_INSNS_PER_TICK, MF_PSCI_CONDUIT, MF_BOOT_EL, MF_COUNT
};

static const char *const machine_u64_names[MF_COUNT] = {
    "cpus", "ram_base", "ram_size", "exit_on_svc", "semihosting",
    "exception_exits", "have_el2", "have_el3", "mmu_off_normal",
    "insns_per_tick", "psci_conduit", "boot_el",
};

#ifdef ARM64EMU_SNAPSHOT_FUTURE
/* What a "newer version" adds (docs/snapshot/machine.md, testing). */
#define FUTURE_MACHINE_FIELDS                                                \
    {"future_option", SNAP_T_U64, 0, false},                                 \
        {"future_blob", SNAP_T_ZBYTES, SNAP_F_SAFE_TO_COPY, false},
#else
#define FUTURE_MACHINE_FIELDS
#endif

static const snap_field_def_t machine_fields[] = {
    {"board", SNAP_T_STRING, C, false},
    {"cpus", SNAP_T_U64, C, false},
    {"ram_base", SNAP_T_U64, C, false},
    {"ram_size", SNAP_T_U64, C, false},
    {"exit_on_svc", SNAP_T_U64, C, false},
    {"semihosting", SNAP_T_U64, C, false},
    {"exception_exits", SNAP_T_U64, C, false},
    {"have_el2", SNAP_T_U64, C, false},
    {"have_el3", SNAP_T_U64, C, false},
    {"mmu_off_normal", SNAP_T_U64, C, false},
    {"insns_per_tick", SNAP_T_U64, C, false},
    {"psci_conduit", SNAP_T_U64, C, false},
    {"boot_el", SNAP_T_U64, C, false},
    {"ram_regions", SNAP_T_U64_ARRAY, C, false},
    {"mmio_regions", SNAP_T_U64_ARRAY, C, false},
    FUTURE_MACHINE_FIELDS
    {NULL, 0, 0, false},
};

static const snap_field_def_t no_fields[] = {{NULL, 0, 0, false}};

const snap_record_def_t snap_core_schema[] = {
    {"machine", C, machine_fields},
    {"ram", C, snap_ram_fields},
    {"ram.chunk", C, snap_chunk_fields},
    {"ram.source", C, snap_source_fields},
    {SNAP_END_TAG, C, no_fields},
    {NULL, 0, NULL},
};

static const snap_record_def_t machine_def = {"machine", C, machine_fields};

/* ---- per-machine state ----------------------------------------------- */

static struct snap_state *state_get(machine_t *m)
{
    if (!m->snap)
        m->snap = calloc(1, sizeof(*m->snap));
    return m->snap;
}

struct snap_checkpoint **snap_checkpoint_slot(machine_t *m)
{
    struct snap_state *s = state_get(m);
    return s ? &s->checkpoint : NULL;
}

void snap_kept_free(snap_kept_t *k)
{
    for (size_t i = 0; i < k->n; i++)
        free(k->items[i].bytes);
    free(k->items);
    memset(k, 0, sizeof(*k));
}

void snap_state_free(machine_t *m)
{
    struct snap_state *s = m->snap;
    if (!s)
        return;
    snap_kept_free(&s->kept);
    free(s->report);
    snap_checkpoint_free(s->checkpoint);
    free(s);
    m->snap = NULL;
}

/* ---- loading helpers -------------------------------------------------- */

static uint64_t item_offset(const snap_item_t *it)
{
    return (uint64_t)(it->start - it->file);
}

bool snap_fail(snap_load_t *ld, int status, const snap_item_t *at,
               const char *fmt, ...)
{
    char detail[200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(detail, sizeof(detail), fmt, ap);
    va_end(ap);
    ld->status = status;
    if (!ld->err)
        return false;
    if (!at) {
        ld->err->offset = 0;
        snprintf(ld->err->msg, sizeof(ld->err->msg), "snapshot: %s", detail);
        return false;
    }
    const char *kind = at->type == SNAP_T_RECORD ? "record" : "field";
    char where[2 * SNAP_NAME_MAX + 32] = "";
    if (at->parent[0])
        snprintf(where, sizeof(where), " in record '%s'", at->parent);
    ld->err->offset = item_offset(at);
    snprintf(ld->err->msg, sizeof(ld->err->msg),
             "snapshot %s '%s'%s at offset %" PRIu64 ": ", kind, at->name,
             where, ld->err->offset);
    /* A long detail is cut; the item and offset come first. */
    size_t used = strlen(ld->err->msg), room = sizeof(ld->err->msg) - used;
    size_t dl = strlen(detail);
    if (dl >= room)
        dl = room - 1;
    memcpy(ld->err->msg + used, detail, dl);
    ld->err->msg[used + dl] = '\0';
    return false;
}

/* A codec error already in ld->err: the file is damaged. */
static bool damaged(snap_load_t *ld)
{
    ld->status = ARM64EMU_ERR_BAD_SNAPSHOT;
    return false;
}

static bool keep_item(snap_load_t *ld, const snap_item_t *it, const char *path)
{
    snap_kept_t *k = &ld->kept;
    if (k->n == k->cap) {
        size_t cap = k->cap ? 2 * k->cap : 8;
        snap_kept_item_t *grown = realloc(k->items, cap * sizeof(*grown));
        if (!grown)
            return snap_fail(ld, ARM64EMU_ERR_NO_MEMORY, it,
                             "out of memory keeping it");
        k->items = grown;
        k->cap = cap;
    }
    snap_kept_item_t *ki = &k->items[k->n];
    ki->bytes = malloc(it->size);
    if (!ki->bytes)
        return snap_fail(ld, ARM64EMU_ERR_NO_MEMORY, it,
                         "out of memory keeping it");
    memcpy(ki->bytes, it->start, it->size);
    ki->len = it->size;
    snprintf(ki->path, sizeof(ki->path), "%s", path);
    k->n++;
    return true;
}

/* An item no definition knows (or of a type code this version does not
 * know): refused when critical, else reported and, when keep allows and
 * the item is safe-to-copy, kept for the next save. */
static bool unknown_item(snap_load_t *ld, const snap_item_t *it,
                         const char *path, bool keep)
{
    if (it->flags & SNAP_F_CRITICAL)
        return snap_fail(ld, ARM64EMU_ERR_BAD_SNAPSHOT, it,
                         "unknown and critical (flags 0x%02x)", it->flags);
    snap_item_t shown = *it;
    if (!keep)
        shown.flags &= (uint8_t)~SNAP_F_SAFE_TO_COPY; /* reported as dropped */
    snap_report_skipped(ld->rep, &shown);
    return !(keep && (it->flags & SNAP_F_SAFE_TO_COPY)) ||
           keep_item(ld, it, path);
}

#ifdef ARM64EMU_SNAPSHOT_FUTURE
/* Whether tag is "cpu" followed by digits: the per-CPU container. */
static bool is_cpu_tag(const char *tag)
{
    if (strncmp(tag, "cpu", 3) != 0 || !tag[3])
        return false;
    for (const char *p = tag + 3; *p; p++)
        if (*p < '0' || *p > '9')
            return false;
    return true;
}
#endif

static bool check_items(snap_load_t *ld, const snap_item_t *rec,
                        const snap_record_def_t *def, bool keep)
{
    size_t nf = 0;
    while (def->fields[nf].name)
        nf++;
    if (nf > SNAP_KNOWN_MAX)
        return snap_fail(ld, ARM64EMU_ERR_BAD_SNAPSHOT, rec,
                         "schema has too many fields");
    bool seen[SNAP_KNOWN_MAX] = {false};
    snap_cursor_t c;
    if (!snap_enter(rec, &c, ld->err))
        return damaged(ld);
    snap_item_t it;
    int r;
    while ((r = snap_next(&c, &it, ld->err)) == 1) {
        size_t i = 0;
        while (i < nf && strcmp(def->fields[i].name, it.name) != 0)
            i++;
#ifdef ARM64EMU_SNAPSHOT_FUTURE
        if (is_cpu_tag(rec->name) && strcmp(it.name, "future_field") == 0)
            continue; /* the newer version knows its own field */
#endif
        if (i == nf || it.type > SNAP_T_ZBYTES) {
            if (!unknown_item(ld, &it, rec->name, keep))
                return false;
            continue;
        }
        if (def->fields[i].type != it.type)
            return snap_fail(ld, ARM64EMU_ERR_BAD_SNAPSHOT, &it,
                             "has type %u where %u is defined", it.type,
                             def->fields[i].type);
        if (seen[i] && !def->fields[i].repeatable)
            return snap_fail(ld, ARM64EMU_ERR_BAD_SNAPSHOT, &it,
                             "appears more than once");
        seen[i] = true;
    }
    return r == 0 || damaged(ld);
}

bool snap_load_check(snap_load_t *ld, const snap_item_t *rec,
                     const snap_record_def_t *def)
{
    return check_items(ld, rec, def, true);
}

bool snap_load_check_nokeep(snap_load_t *ld, const snap_item_t *rec,
                            const snap_record_def_t *def)
{
    return check_items(ld, rec, def, false);
}

bool snap_load_u64(snap_load_t *ld, const snap_item_t *rec, const char *name,
                   uint64_t *v)
{
    if (!rec)
        return true;
    snap_item_t f;
    int r = snap_find(rec, name, &f, ld->err);
    if (r < 0)
        return damaged(ld);
    if (r == 0) {
        snap_report_defaulted(ld->rep, rec->name, name);
        return true;
    }
    return snap_get_u64(&f, v, ld->err) || damaged(ld);
}

bool snap_need_u64(snap_load_t *ld, const snap_item_t *rec, const char *name,
                   uint64_t *v)
{
    snap_item_t f;
    int r = snap_find(rec, name, &f, ld->err);
    if (r < 0)
        return damaged(ld);
    if (r == 0)
        return snap_fail(ld, ARM64EMU_ERR_BAD_SNAPSHOT, rec,
                         "required field '%s' is missing", name);
    return snap_get_u64(&f, v, ld->err) || damaged(ld);
}

/* ---- saving helpers --------------------------------------------------- */


bool snap_save_kept(snap_writer_t *w, const machine_t *m, const char *path)
{
#ifdef ARM64EMU_SNAPSHOT_FUTURE
    /* A newer version's optional field inside each CPU's record. */
    if (is_cpu_tag(path) && !snap_w_u64(w, "future_field", 0, 1))
        return false;
#endif
    const struct snap_state *s = m->snap;
    if (!s)
        return !w->failed;
    for (size_t i = 0; i < s->kept.n; i++)
        if (strcmp(s->kept.items[i].path, path) == 0 &&
            !snap_w_raw(w, s->kept.items[i].bytes, s->kept.items[i].len))
            return false;
    return !w->failed;
}

/* ---- the machine record ---------------------------------------------- */

static bool board_region(const machine_t *m, const region_t *r)
{
    const board_t *b = m->board;
    return b && r->user &&
           (r->user == (void *)b->gic || r->user == (void *)b->uart ||
            r->user == (void *)b->rtc);
}

static void machine_free(snap_machine_t *d)
{
    free(d->ram);
    free(d->mmio);
    d->ram = d->mmio = NULL;
}

/* The machine as its record describes it. */
static bool machine_describe(const machine_t *m, snap_machine_t *d)
{
    const struct arm64emu_config *c = &m->cfg;
    memset(d, 0, sizeof(*d));
    snprintf(d->board, sizeof(d->board), "%s", c->board);
    uint64_t *u = d->u;
    u[MF_CPUS] = m->ncpus;
    u[MF_RAM_BASE] = c->ram_base;
    u[MF_RAM_SIZE] = c->ram_size;
    u[MF_EXIT_ON_SVC] = c->exit_on_svc;
    u[MF_SEMIHOSTING] = c->semihosting;
    u[MF_EXCEPTION_EXITS] = c->exception_exits;
    u[MF_HAVE_EL2] = c->have_el2;
    u[MF_HAVE_EL3] = c->have_el3;
    u[MF_MMU_OFF_NORMAL] = c->mmu_off_normal > 0;
    u[MF_INSNS_PER_TICK] = c->insns_per_tick;
    u[MF_PSCI_CONDUIT] = c->psci_conduit;
    u[MF_BOOT_EL] = c->boot_el;
    d->ram = calloc(2 * (size_t)m->bus.count + 1, sizeof(uint64_t));
    d->mmio = calloc(2 * (size_t)m->bus.count + 1, sizeof(uint64_t));
    if (!d->ram || !d->mmio) {
        machine_free(d);
        return false;
    }
    for (unsigned i = 0; i < m->bus.count; i++) {
        const region_t *r = &m->bus.regions[i];
        if (region_is_ram(r)) {
            d->ram[2 * d->nram] = r->base;
            d->ram[2 * d->nram++ + 1] = r->size;
        } else if (!board_region(m, r)) {
            d->mmio[2 * d->nmmio] = r->base;
            d->mmio[2 * d->nmmio++ + 1] = r->size;
        }
    }
    return true;
}

static bool save_machine(snap_writer_t *w, const machine_t *m)
{
    snap_machine_t d;
    if (!machine_describe(m, &d)) {
        w->failed = true;
        return false;
    }
    bool ok = snap_w_begin(w, "machine", C) &&
              snap_w_str(w, "board", C, d.board);
    for (unsigned i = 0; ok && i < MF_COUNT; i++)
        ok = snap_w_u64(w, machine_u64_names[i], C, d.u[i]);
    ok = ok && snap_w_u64_array(w, "ram_regions", C, d.ram, 2 * d.nram) &&
         snap_w_u64_array(w, "mmio_regions", C, d.mmio, 2 * d.nmmio);
#ifdef ARM64EMU_SNAPSHOT_FUTURE
    static const char blob[] = "state a newer version keeps";
    ok = ok && snap_w_u64(w, "future_option", 0, 1) &&
         snap_w_zbytes(w, "future_blob", SNAP_F_SAFE_TO_COPY, blob,
                       sizeof(blob), SNAP_DEFAULT_LEVEL);
#endif
    ok = ok && snap_save_kept(w, m, "machine") && snap_w_end(w);
    machine_free(&d);
    return ok;
}

static void machine_defaults(snap_machine_t *d)
{
    memset(d, 0, sizeof(*d));
    d->u[MF_CPUS] = 1;
    d->u[MF_RAM_BASE] = 0x40000000;
    d->u[MF_EXCEPTION_EXITS] = ARM64EMU_EXC_ALL;
    d->u[MF_HAVE_EL2] = 1;
    d->u[MF_MMU_OFF_NORMAL] = 1;
    d->u[MF_INSNS_PER_TICK] = 1;
    d->u[MF_BOOT_EL] = 1;
}

/* Reads a (base, size) pair list field; missing: empty. */
static bool read_pairs(snap_load_t *ld, const snap_item_t *rec,
                       const char *name, uint64_t **out, size_t *npairs)
{
    snap_item_t f;
    int r = snap_find(rec, name, &f, ld->err);
    if (r < 0)
        return damaged(ld);
    if (r == 0) {
        snap_report_defaulted(ld->rep, rec->name, name);
        return true;
    }
    size_t n = 0;
    if (!snap_get_u64_count(&f, &n, ld->err))
        return damaged(ld);
    if (n % 2)
        return snap_fail(ld, ARM64EMU_ERR_BAD_SNAPSHOT, &f,
                         "holds %zu values, not (base, size) pairs", n);
    uint64_t *v = calloc(n + 1, sizeof(uint64_t));
    if (!v)
        return snap_fail(ld, ARM64EMU_ERR_NO_MEMORY, &f, "out of memory");
    if (!snap_get_u64_array(&f, v, n, &n, ld->err)) {
        free(v);
        return damaged(ld);
    }
    *out = v;
    *npairs = n / 2;
    return true;
}

static bool parse_machine(snap_load_t *ld, const snap_item_t *rec,
                          snap_machine_t *d)
{
    machine_defaults(d);
    if (!snap_load_check(ld, rec, &machine_def))
        return false;
    snap_item_t f;
    int r = snap_find(rec, "board", &f, ld->err);
    if (r < 0 || (r == 1 && !snap_get_str(&f, d->board, sizeof(d->board),
                                          ld->err)))
        return damaged(ld);
    if (r == 0) {
        snap_report_defaulted(ld->rep, rec->name, "board");
        /* Without a board the stage-1-off default is Normal. */
    }
    if (d->board[0])
        d->u[MF_MMU_OFF_NORMAL] = 0;
    for (unsigned i = 0; i < MF_COUNT; i++)
        if (!snap_load_u64(ld, rec, machine_u64_names[i], &d->u[i]))
            return false;
    if (!read_pairs(ld, rec, "ram_regions", &d->ram, &d->nram) ||
        !read_pairs(ld, rec, "mmio_regions", &d->mmio, &d->nmmio)) {
        machine_free(d);
        return false;
    }
    return true;
}

/* Whether the snapshot's machine (s) fits m's (h); names the first
 * difference. MMIO regions are compared only when check_mmio. */
static bool machine_fits(snap_load_t *ld, const snap_item_t *rec,
                         const snap_machine_t *s, const snap_machine_t *h,
                         bool check_mmio)
{
    const int bad = ARM64EMU_ERR_INCOMPATIBLE;
    if (strcmp(s->board, h->board) != 0)
        return snap_fail(ld, bad, rec, "board '%s' differs from this "
                         "machine's '%s'", s->board, h->board);
    for (unsigned i = 0; i < MF_COUNT; i++)
        if (s->u[i] != h->u[i])
            return snap_fail(ld, bad, rec, "%s 0x%" PRIx64 " differs from "
                             "this machine's 0x%" PRIx64,
                             machine_u64_names[i], s->u[i], h->u[i]);
    for (size_t i = 0; i < s->nram || i < h->nram; i++) {
        if (i >= s->nram || i >= h->nram ||
            s->ram[2 * i] != h->ram[2 * i] ||
            s->ram[2 * i + 1] != h->ram[2 * i + 1]) {
            const uint64_t *x = i < s->nram ? &s->ram[2 * i] : &h->ram[2 * i];
            return snap_fail(ld, bad, rec, "RAM region 0x%" PRIx64 " size "
                             "0x%" PRIx64 " is %s", x[0], x[1],
                             i < s->nram ? "not mapped the same in this machine"
                                         : "not in the snapshot");
        }
    }
    if (!check_mmio)
        return true;
    for (size_t i = 0; i < s->nmmio || i < h->nmmio; i++) {
        if (i >= s->nmmio || i >= h->nmmio ||
            s->mmio[2 * i] != h->mmio[2 * i] ||
            s->mmio[2 * i + 1] != h->mmio[2 * i + 1]) {
            const uint64_t *x =
                i < s->nmmio ? &s->mmio[2 * i] : &h->mmio[2 * i];
            return snap_fail(ld, bad, rec, "MMIO region 0x%" PRIx64 " size "
                             "0x%" PRIx64 " is %s", x[0], x[1],
                             i < s->nmmio ? "not mapped in this machine (map "
                                            "it before loading)"
                                          : "not in the snapshot");
        }
    }
    return true;
}

/* ---- saving ------------------------------------------------------------ */

static bool part_applies(const machine_t *m, const snap_part_t *p)
{
    if (p->board_only && !m->board)
        return false;
    if (p == &snap_part_semihost && !m->semihost)
        return false;
    return true;
}

static unsigned part_count(const machine_t *m, const snap_part_t *p)
{
    return p->per_cpu ? m->ncpus : 1;
}

static bool busy(machine_t *m)
{
    return m->clock.running != NULL;
}

static int save_to(machine_t *m, const arm64emu_snapshot_options *opt,
                   snap_writer_t *w)
{
    int level = SNAP_DEFAULT_LEVEL;
    uint32_t flags = 0;
    if (opt) {
        if (opt->struct_size < sizeof(uint32_t) + sizeof(int32_t))
            return machine_fail(m, ARM64EMU_ERR_INVALID_ARGUMENT,
                                "snapshot options: struct_size %u is too small",
                                opt->struct_size);
        if (opt->compression < 0 || opt->compression > 19)
            return machine_fail(m, ARM64EMU_ERR_INVALID_ARGUMENT,
                                "snapshot options: compression %d is not 0..19",
                                (int)opt->compression);
        if (opt->compression)
            level = opt->compression;
        if (opt->struct_size >= sizeof(*opt))
            flags = opt->flags;
        if (flags & ~(uint32_t)(ARM64EMU_SNAPSHOT_NO_RAM |
                                ARM64EMU_SNAPSHOT_SELF_CONTAINED))
            return machine_fail(m, ARM64EMU_ERR_INVALID_ARGUMENT,
                                "snapshot options: unknown flags 0x%x", flags);
    }
    if (busy(m))
        return machine_fail(m, ARM64EMU_ERR_BUSY,
                            "snapshot_save: the machine is running");
    /* A timer event the budget stopped on is processed now, as the next
     * run would first thing, so that loading this snapshot and saving it
     * again gives the same bytes. */
    if (m->clock.insns >= m->clock.next_event)
        timer_sync(m);
    snap_w_init(w);
    bool ok = snap_w_header(w, SNAP_PRODUCER, arm64emu_version_string(), 0) &&
              save_machine(w, m);
    for (size_t i = 0; ok && snap_parts[i]; i++) {
        const snap_part_t *p = snap_parts[i];
        if (!part_applies(m, p))
            continue;
        for (unsigned n = 0; ok && n < part_count(m, p); n++)
            ok = p->save(w, m, n);
    }
    if (ok && !(flags & ARM64EMU_SNAPSHOT_NO_RAM)) {
        uint8_t *scratch = malloc(SNAP_CHUNK_PAGES * SNAP_PAGE);
        ok = scratch != NULL;
        for (unsigned i = 0; ok && i < m->bus.count; i++)
            if (region_is_ram(&m->bus.regions[i]))
                ok = snap_ram_save(
                    w, m, &m->bus.regions[i], level,
                    !(flags & ARM64EMU_SNAPSHOT_SELF_CONTAINED), scratch);
        free(scratch);
    }
#ifdef ARM64EMU_SNAPSHOT_FUTURE
    /* A newer version's top-level records: one optional, one optional and
     * safe-to-copy holding an unknown zbytes item. */
    static const char note[] = "written by a newer version";
    ok = ok && snap_w_begin(w, "future.note", 0) &&
         snap_w_str(w, "text", 0, note) && snap_w_end(w) &&
         snap_w_begin(w, "future.copy", SNAP_F_SAFE_TO_COPY) &&
         snap_w_u64(w, "value", 0, 42) &&
         snap_w_zbytes(w, "blob", 0, note, sizeof(note), SNAP_DEFAULT_LEVEL) &&
         snap_w_end(w);
#endif
    ok = ok && snap_save_kept(w, m, "") && snap_w_finish(w);
    if (!ok || w->failed) {
        snap_w_free(w);
        return machine_fail(m, ARM64EMU_ERR_NO_MEMORY,
                            "snapshot_save: out of memory writing the snapshot");
    }
    return ARM64EMU_OK;
}

int arm64emu_snapshot_save(arm64emu_machine *m,
                           const arm64emu_snapshot_options *opt, void **data,
                           size_t *len)
{
    if (!m)
        return ARM64EMU_ERR_INVALID_ARGUMENT;
    if (!data || !len)
        return machine_fail(m, ARM64EMU_ERR_INVALID_ARGUMENT,
                            "snapshot_save: data and len must not be NULL");
    *data = NULL;
    *len = 0;
    snap_writer_t w;
    int rc = save_to(m, opt, &w);
    if (rc != ARM64EMU_OK)
        return rc;
    *data = snap_w_take(&w, len);
    return machine_ok(m);
}

/* Feeds a saved buffer to the writer callback in bounded pieces. */
static int emit(machine_t *m, const uint8_t *buf, size_t len,
                arm64emu_snapshot_write_fn write, void *user)
{
    const size_t piece = 1u << 20;
    for (size_t at = 0; at < len; at += piece) {
        size_t n = len - at < piece ? len - at : piece;
        if (write(user, buf + at, n) != 0)
            return machine_fail(m, ARM64EMU_ERR_IO,
                                "snapshot_save: the write callback failed at "
                                "byte %zu", at);
    }
    return machine_ok(m);
}

int arm64emu_snapshot_save_cb(arm64emu_machine *m,
                              const arm64emu_snapshot_options *opt,
                              arm64emu_snapshot_write_fn write, void *user)
{
    if (!m)
        return ARM64EMU_ERR_INVALID_ARGUMENT;
    if (!write)
        return machine_fail(m, ARM64EMU_ERR_INVALID_ARGUMENT,
                            "snapshot_save_cb: write callback is NULL");
    snap_writer_t w;
    int rc = save_to(m, opt, &w);
    if (rc != ARM64EMU_OK)
        return rc;
    rc = emit(m, w.buf, w.len, write, user);
    snap_w_free(&w);
    return rc;
}

static int fd_write(void *user, const void *data, size_t len)
{
    int fd = *(const int *)user;
    const uint8_t *p = data;
    while (len) {
        ssize_t n = write(fd, p, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

int arm64emu_snapshot_save_fd(arm64emu_machine *m,
                              const arm64emu_snapshot_options *opt, int fd)
{
    if (!m)
        return ARM64EMU_ERR_INVALID_ARGUMENT;
    if (fd < 0)
        return machine_fail(m, ARM64EMU_ERR_INVALID_ARGUMENT,
                            "snapshot_save_fd: fd %d is invalid", fd);
    int rc = arm64emu_snapshot_save_cb(m, opt, fd_write, &fd);
    if (rc == ARM64EMU_ERR_IO)
        machine_fail(m, rc, "snapshot_save_fd: write to fd %d failed: %s", fd,
                     strerror(errno));
    return rc;
}

void arm64emu_free(void *p)
{
    free(p);
}

/* ---- loading ------------------------------------------------------------ */

/* The top-level records of a file, sorted out. */
typedef struct snap_index {
    snap_item_t machine;
    bool have_machine;
    snap_item_t *parts[NPARTS]; /* [part][n], n < ncpus (1 if not per CPU) */
    bool *have[NPARTS];
    void **stages[NPARTS];
    snap_item_t *ram;
    size_t nram, ram_cap;
    /* A part's record for an index the machine lacks: refused once the
     * machine record has been found compatible (which names the cause). */
    snap_item_t excess;
    bool have_excess;
} snap_index_t;

static void index_free(snap_index_t *x, unsigned ncpus)
{
    for (size_t p = 0; p < NPARTS; p++) {
        if (x->stages[p])
            for (unsigned n = 0; n < ncpus; n++)
                if (x->stages[p][n])
                    snap_parts[p]->release(x->stages[p][n]);
        free(x->stages[p]);
        free(x->parts[p]);
        free(x->have[p]);
    }
    free(x->ram);
    memset(x, 0, sizeof(*x));
}

#ifdef ARM64EMU_SNAPSHOT_FUTURE
static bool future_tag(const char *tag)
{
    return strcmp(tag, "future.note") == 0 || strcmp(tag, "future.copy") == 0;
}
#endif

static bool add_ram(snap_load_t *ld, snap_index_t *x, const snap_item_t *it)
{
    if (x->nram == x->ram_cap) {
        size_t cap = x->ram_cap ? 2 * x->ram_cap : 4;
        snap_item_t *grown = realloc(x->ram, cap * sizeof(*grown));
        if (!grown)
            return snap_fail(ld, ARM64EMU_ERR_NO_MEMORY, it, "out of memory");
        x->ram = grown;
        x->ram_cap = cap;
    }
    x->ram[x->nram++] = *it;
    return true;
}

/* Sorts the top-level records of a verified file into x (zeroed by the
 * caller). Unknown ones follow the spec's rules; the records of parts
 * this machine does not have (a board's on a bare machine) are left to
 * the machine record's comparison. */
static bool index_file(snap_load_t *ld, const uint8_t *data, size_t len,
                       snap_index_t *x)
{
    machine_t *m = ld->m;
    for (size_t p = 0; p < NPARTS; p++) {
        x->parts[p] = calloc(m->ncpus, sizeof(snap_item_t));
        x->have[p] = calloc(m->ncpus, sizeof(bool));
        x->stages[p] = calloc(m->ncpus, sizeof(void *));
        if (!x->parts[p] || !x->have[p] || !x->stages[p])
            return snap_fail(ld, ARM64EMU_ERR_NO_MEMORY, NULL, "out of memory");
    }
    snap_header_t h;
    snap_cursor_t top;
    if (!snap_open(data, len, &h, &top, ld->err))
        return damaged(ld);
    snap_item_t it;
    int r;
    while ((r = snap_next(&top, &it, ld->err)) == 1) {
        if (strcmp(it.name, "machine") == 0) {
            if (x->have_machine)
                return snap_fail(ld, ARM64EMU_ERR_BAD_SNAPSHOT, &it,
                                 "appears more than once");
            x->machine = it;
            x->have_machine = true;
            continue;
        }
        if (strcmp(it.name, "ram") == 0) {
            if (!add_ram(ld, x, &it))
                return false;
            continue;
        }
#ifdef ARM64EMU_SNAPSHOT_FUTURE
        if (future_tag(it.name))
            continue;
#endif
        size_t p = 0;
        unsigned n = 0;
        while (p < NPARTS && !snap_parts[p]->owns(it.name, &n))
            p++;
        if (p == NPARTS) {
            if (!unknown_item(ld, &it, "", true))
                return false;
            continue;
        }
        const snap_part_t *part = snap_parts[p];
        if (!part_applies(m, part))
            continue;
        if (n >= part_count(m, part)) {
            if (!x->have_excess)
                x->excess = it;
            x->have_excess = true;
            continue;
        }
        if (x->have[p][n])
            return snap_fail(ld, ARM64EMU_ERR_BAD_SNAPSHOT, &it,
                             "appears more than once");
        x->have[p][n] = true;
        x->parts[p][n] = it;
    }
    if (r < 0)
        return damaged(ld);
    if (!x->have_machine)
        return snap_fail(ld, ARM64EMU_ERR_BAD_SNAPSHOT, NULL,
                         "required record 'machine' is missing");
    return true;
}

static bool check_models(snap_load_t *ld, const snap_index_t *x)
{
    machine_t *m = ld->m;
    size_t cpu = 0;
    while (snap_parts[cpu] != &snap_part_cpu)
        cpu++;
    for (unsigned n = 0; n < m->ncpus; n++) {
        if (!x->have[cpu][n])
            continue;
        cpu_model_t saved;
        if (!snap_model_read(ld, &x->parts[cpu][n], m->model, &saved) ||
            !snap_model_check(ld, &saved, m->model))
            return false;
    }
    return true;
}

static void resync(machine_t *m)
{
    for (unsigned i = 0; i < m->ncpus; i++) {
        cpu_t *cpu = &m->cpus[i];
        tlb_flush(&cpu->tlb);
        mmu_flush_blocks(cpu);
        cpu_update_mode(cpu);
        mmu_context_changed(cpu);
    }
    timer_sync(m);
    if (m->board) {
        gic_sync(m->board->gic);
        pl011_sync(m->board->uart);
        pl031_sync(m->board->rtc);
    }
}

/* Loads data into m, all or nothing. creating: m was just made from this
 * snapshot (caller MMIO regions cannot exist; they are reported). */
static int load_into(machine_t *m, const uint8_t *data, size_t len,
                     bool creating)
{
    if (busy(m))
        return machine_fail(m, ARM64EMU_ERR_BUSY,
                            "snapshot_load: the machine is running");
    snap_err_t err = {0, "snapshot: load failed"};
    snap_report_t rep;
    snap_report_init(&rep);
    /* Retired records become their successors first (a damaged file is
     * left as it is: the checks below name what is wrong with it). */
    uint8_t *upgraded = NULL;
    size_t upgraded_len = 0;
    if (snap_upgrade(data, len, snap_upgrade_steps, &upgraded, &upgraded_len,
                     &rep, &err) &&
        upgraded) {
        data = upgraded;
        len = upgraded_len;
    }
    snap_load_t ld = {.m = m, .rep = &rep, .err = &err,
                      .status = ARM64EMU_ERR_BAD_SNAPSHOT};
    snap_index_t x;
    memset(&x, 0, sizeof(x));
    snap_machine_t saved, have;
    machine_defaults(&saved);
    memset(&have, 0, sizeof(have));
    snap_ram_load_t rl = {0};
    uint8_t *scratch = NULL;
    size_t scratch_cap = 0;
    bool ok = (snap_verify(data, len, &err) || damaged(&ld)) &&
              index_file(&ld, data, len, &x) &&
              parse_machine(&ld, &x.machine, &saved);
    if (ok && !machine_describe(m, &have))
        ok = snap_fail(&ld, ARM64EMU_ERR_NO_MEMORY, NULL, "out of memory");
    ok = ok && machine_fits(&ld, &x.machine, &saved, &have, !creating);
    if (ok && x.have_excess)
        ok = snap_fail(&ld, ARM64EMU_ERR_BAD_SNAPSHOT, &x.excess,
                       "is for a CPU or device this machine (as the "
                       "'machine' record describes it) does not have");
    ok = ok && check_models(&ld, &x);
    if (ok && creating)
        for (size_t i = 0; i < saved.nmmio; i++) {
            char line[160];
            snprintf(line, sizeof(line),
                     "MMIO region 0x%" PRIx64 " size 0x%" PRIx64
                     " was the caller's: map it again before running",
                     saved.mmio[2 * i], saved.mmio[2 * i + 1]);
            snap_report_defaulted(&rep, "machine", line);
        }
    for (size_t p = 0; ok && p < NPARTS; p++) {
        const snap_part_t *part = snap_parts[p];
        if (!part_applies(m, part))
            continue;
        for (unsigned n = 0; ok && n < part_count(m, part); n++) {
            x.stages[p][n] =
                part->parse(&ld, n, x.have[p][n] ? &x.parts[p][n] : NULL);
            ok = x.stages[p][n] != NULL;
        }
    }
    for (size_t i = 0; ok && i < x.nram; i++)
        ok = snap_ram_check(&ld, &rl, &x.ram[i], &scratch, &scratch_cap);
    if (ok && x.nram && rl.n != have.nram)
        ok = snap_ram_check_complete(&ld, &rl, m);
    struct snap_state *st = ok ? state_get(m) : NULL;
    char *report = NULL;
    if (ok && !st)
        ok = snap_fail(&ld, ARM64EMU_ERR_NO_MEMORY, NULL, "out of memory");
    if (ok && rep.failed)
        ok = snap_fail(&ld, ARM64EMU_ERR_NO_MEMORY, NULL, "out of memory");
    if (ok && rep.text && !(report = strdup(rep.text)))
        ok = snap_fail(&ld, ARM64EMU_ERR_NO_MEMORY, NULL, "out of memory");

    int rc;
    if (ok) {
        /* Nothing below can fail. */
        for (size_t p = 0; p < NPARTS; p++) {
            const snap_part_t *part = snap_parts[p];
            if (!part_applies(m, part))
                continue;
            for (unsigned n = 0; n < part_count(m, part); n++)
                part->apply(m, n, x.stages[p][n]);
        }
        snap_ram_apply(m, &rl, scratch);
        resync(m);
        snap_kept_free(&st->kept);
        st->kept = ld.kept;
        memset(&ld.kept, 0, sizeof(ld.kept));
        free(st->report);
        st->report = report;
        rc = machine_ok(m);
    } else {
        free(report);
        rc = machine_fail(m, ld.status, "%s", err.msg);
    }
    free(scratch);
    snap_ram_load_free(&rl);
    machine_free(&saved);
    machine_free(&have);
    index_free(&x, m->ncpus);
    snap_kept_free(&ld.kept);
    snap_report_free(&rep);
    free(upgraded);
    return rc;
}

int arm64emu_snapshot_load(arm64emu_machine *m, const void *data, size_t len)
{
    if (!m)
        return ARM64EMU_ERR_INVALID_ARGUMENT;
    if (!data)
        return machine_fail(m, ARM64EMU_ERR_INVALID_ARGUMENT,
                            "snapshot_load: data is NULL");
    return load_into(m, data, len, false);
}

/* Reads all of a callback's input into *out: the buffer doubles as it
 * fills, up to SNAP_INPUT_MAX. Returns a status; msg says why not. */
static int read_all(arm64emu_snapshot_read_fn read, void *user, size_t hint,
                    uint8_t **out, size_t *len, char *msg, size_t msg_len)
{
    size_t cap = hint ? hint + 1 : 1u << 16, n = 0;
    uint8_t *buf = malloc(cap);
    *out = NULL;
    *len = 0;
    if (!buf) {
        snprintf(msg, msg_len, "snapshot: out of memory reading the input");
        return ARM64EMU_ERR_NO_MEMORY;
    }
    for (;;) {
        if (n == cap) {
            if (cap >= SNAP_INPUT_MAX || cap > SIZE_MAX / 2) {
                free(buf);
                snprintf(msg, msg_len,
                         "snapshot: input exceeds %zu bytes; refused", cap);
                return ARM64EMU_ERR_NO_MEMORY;
            }
            uint8_t *grown = realloc(buf, cap * 2);
            if (!grown) {
                free(buf);
                snprintf(msg, msg_len, "snapshot: out of memory reading "
                         "%zu bytes of input", cap * 2);
                return ARM64EMU_ERR_NO_MEMORY;
            }
            buf = grown;
            cap *= 2;
        }
        long got = read(user, buf + n, cap - n);
        if (got < 0) {
            free(buf);
            snprintf(msg, msg_len, "snapshot: read failed after %zu bytes", n);
            return ARM64EMU_ERR_IO;
        }
        if (got == 0)
            break;
        if ((size_t)got > cap - n) {
            free(buf);
            snprintf(msg, msg_len, "snapshot: read callback returned %ld "
                     "bytes for a %zu byte request", got, cap - n);
            return ARM64EMU_ERR_IO;
        }
        n += (size_t)got;
    }
    *out = buf;
    *len = n;
    return ARM64EMU_OK;
}

static long fd_read(void *user, void *data, size_t len)
{
    int fd = *(const int *)user;
    for (;;) {
        ssize_t n = read(fd, data, len);
        if (n < 0 && errno == EINTR)
            continue;
        return (long)n;
    }
}

/* What is left of a regular file from its current position, else 0. */
static size_t fd_hint(int fd)
{
    struct stat st;
    off_t pos = lseek(fd, 0, SEEK_CUR);
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || pos < 0 ||
        st.st_size <= pos || (uint64_t)(st.st_size - pos) > SNAP_INPUT_MAX)
        return 0;
    return (size_t)(st.st_size - pos);
}

int arm64emu_snapshot_load_cb(arm64emu_machine *m,
                              arm64emu_snapshot_read_fn read, void *user)
{
    if (!m)
        return ARM64EMU_ERR_INVALID_ARGUMENT;
    if (!read)
        return machine_fail(m, ARM64EMU_ERR_INVALID_ARGUMENT,
                            "snapshot_load_cb: read callback is NULL");
    if (busy(m))
        return machine_fail(m, ARM64EMU_ERR_BUSY,
                            "snapshot_load: the machine is running");
    uint8_t *buf;
    size_t len;
    int rc = read_all(read, user, 0, &buf, &len, m->err, sizeof(m->err));
    if (rc != ARM64EMU_OK)
        return rc;
    rc = load_into(m, buf, len, false);
    free(buf);
    return rc;
}

int arm64emu_snapshot_load_fd(arm64emu_machine *m, int fd)
{
    if (!m)
        return ARM64EMU_ERR_INVALID_ARGUMENT;
    if (fd < 0)
        return machine_fail(m, ARM64EMU_ERR_INVALID_ARGUMENT,
                            "snapshot_load_fd: fd %d is invalid", fd);
    if (busy(m))
        return machine_fail(m, ARM64EMU_ERR_BUSY,
                            "snapshot_load: the machine is running");
    uint8_t *buf;
    size_t len;
    int rc = read_all(fd_read, &fd, fd_hint(fd), &buf, &len, m->err,
                      sizeof(m->err));
    if (rc != ARM64EMU_OK)
        return rc;
    rc = load_into(m, buf, len, false);
    free(buf);
    return rc;
}

const char *arm64emu_snapshot_report(const arm64emu_machine *m)
{
    return m && m->snap && m->snap->report ? m->snap->report : "";
}

/* ---- creating a machine from a snapshot -------------------------------- */

static void set_err(char *err, size_t err_len, const char *msg)
{
    if (err && err_len)
        snprintf(err, err_len, "%s", msg);
}

/* The saved model's name (informational), or "" when absent. */
static void model_name(const snap_item_t *cpu_rec, char *name, size_t cap)
{
    snap_item_t model, f;
    name[0] = '\0';
    if (snap_find(cpu_rec, "cpu0.model", &model, NULL) == 1 &&
        model.type == SNAP_T_RECORD &&
        snap_find(&model, "name", &f, NULL) == 1 &&
        !snap_get_str(&f, name, cap, NULL))
        name[0] = '\0';
}

/* Finds the machine record and CPU 0's record of a verified file. */
static bool find_core(snap_load_t *ld, const uint8_t *data, size_t len,
                      snap_item_t *machine, snap_item_t *cpu0)
{
    snap_header_t h;
    snap_cursor_t top;
    snap_item_t it;
    bool have_machine = false, have_cpu = false;
    int r;
    if (!snap_open(data, len, &h, &top, ld->err))
        return damaged(ld);
    while ((r = snap_next(&top, &it, ld->err)) == 1) {
        unsigned n = 0;
        if (strcmp(it.name, "machine") == 0) {
            if (have_machine)
                return snap_fail(ld, ARM64EMU_ERR_BAD_SNAPSHOT, &it,
                                 "appears more than once");
            *machine = it;
            have_machine = true;
        } else if (!have_cpu && snap_part_cpu.owns(it.name, &n) && n == 0) {
            *cpu0 = it;
            have_cpu = true;
        }
    }
    if (r < 0)
        return damaged(ld);
    if (!have_machine || !have_cpu)
        return snap_fail(ld, ARM64EMU_ERR_BAD_SNAPSHOT, NULL,
                         "required record '%s' is missing",
                         have_machine ? "cpu0" : "machine");
    return true;
}

/* Builds the configuration and the CPU model a snapshot describes. */
static int describe_snapshot(const arm64emu_config *host, const uint8_t *data,
                             size_t len, struct arm64emu_config *cfg,
                             cpu_model_t *model, snap_err_t *err)
{
    snap_report_t rep;
    snap_report_init(&rep);
    machine_t probe;
    memset(&probe, 0, sizeof(probe));
    probe.ncpus = 1;
    snap_load_t ld = {.m = &probe, .rep = &rep, .err = err,
                      .status = ARM64EMU_ERR_BAD_SNAPSHOT};
    snap_item_t mrec, cpu0;
    snap_machine_t d;
    machine_defaults(&d);
    bool ok = (snap_verify(data, len, err) || damaged(&ld)) &&
              find_core(&ld, data, len, &mrec, &cpu0) &&
              parse_machine(&ld, &mrec, &d);
    if (ok && (d.u[MF_CPUS] < 1 || d.u[MF_CPUS] > ARM64EMU_MAX_CPUS))
        ok = snap_fail(&ld, ARM64EMU_ERR_BAD_SNAPSHOT, &mrec,
                       "cpus %" PRIu64 " is not 1..%u", d.u[MF_CPUS],
                       ARM64EMU_MAX_CPUS);
    if (ok && d.board[0] && strcmp(d.board, "virt") != 0)
        ok = snap_fail(&ld, ARM64EMU_ERR_INCOMPATIBLE, &mrec,
                       "board '%s' is unknown to this version", d.board);
    arm64emu_config *c = NULL;
    if (ok && arm64emu_config_new(&c) != ARM64EMU_OK)
        ok = snap_fail(&ld, ARM64EMU_ERR_NO_MEMORY, NULL, "out of memory");
    if (ok) {
        *cfg = *c;
        snprintf(cfg->board, sizeof(cfg->board), "%.15s", d.board);
        cfg->num_cpus = d.u[MF_CPUS];
        cfg->ram_base = d.u[MF_RAM_BASE];
        cfg->ram_size = d.u[MF_RAM_SIZE];
        cfg->exit_on_svc = d.u[MF_EXIT_ON_SVC] != 0;
        cfg->semihosting = d.u[MF_SEMIHOSTING] != 0;
        cfg->exception_exits = d.u[MF_EXCEPTION_EXITS];
        cfg->have_el2 = d.u[MF_HAVE_EL2] != 0;
        cfg->have_el3 = d.u[MF_HAVE_EL3] != 0;
        cfg->mmu_off_normal = d.u[MF_MMU_OFF_NORMAL] != 0;
        cfg->insns_per_tick = d.u[MF_INSNS_PER_TICK];
        cfg->psci_conduit = d.u[MF_PSCI_CONDUIT];
        cfg->boot_el = d.u[MF_BOOT_EL];
        if (host) {
            snprintf(cfg->semihost_root, sizeof(cfg->semihost_root), "%s",
                     host->semihost_root);
            memcpy(cfg->ram_sources, host->ram_sources,
                   sizeof(cfg->ram_sources));
            cfg->nram_sources = host->nram_sources;
        }
        /* The values create() would check, so that a damaged file cannot
         * make a machine the API could not. */
        if ((cfg->ram_base | cfg->ram_size) % ARM64EMU_PAGE_SIZE ||
            cfg->exception_exits & ~(uint64_t)ARM64EMU_EXC_ALL ||
            cfg->insns_per_tick < 1 || cfg->insns_per_tick > 1000000 ||
            cfg->psci_conduit > ARM64EMU_PSCI_NONE || cfg->boot_el < 1 ||
            cfg->boot_el > 3)
            ok = snap_fail(&ld, ARM64EMU_ERR_BAD_SNAPSHOT, &mrec,
                           "holds a configuration value out of range");
    }
    arm64emu_config_free(c);
    if (ok) {
        char name[SNAP_NAME_MAX + 1];
        model_name(&cpu0, name, sizeof(name));
        const cpu_model_t *named = model_find(name);
        cpu_model_t base;
        machine_build_model(&base, named ? named : model_find("max"), cfg);
        if (cfg->board[0])
            base.id_aa64pfr0_el1 |= 1ull << 24;
        snprintf(cfg->cpu_model, sizeof(cfg->cpu_model), "%s", base.name);
        ok = snap_model_read(&ld, &cpu0, &base, model);
        /* The name must outlive the file: a static one. */
        model->name = base.name;
    }
    machine_free(&d);
    snap_kept_free(&ld.kept);
    snap_report_free(&rep);
    return ok ? ARM64EMU_OK : ld.status;
}

/* Maps the snapshot's RAM regions the configuration did not create. */
static int map_extra_ram(machine_t *m, const uint8_t *data, size_t len)
{
    snap_err_t err;
    snap_header_t h;
    snap_cursor_t top;
    snap_item_t it, f;
    if (!snap_open(data, len, &h, &top, &err))
        return ARM64EMU_ERR_BAD_SNAPSHOT;
    while (snap_next(&top, &it, &err) == 1) {
        if (strcmp(it.name, "machine") != 0)
            continue;
        if (snap_find(&it, "ram_regions", &f, &err) != 1)
            return ARM64EMU_OK;
        size_t n = 0;
        uint64_t *v = NULL;
        if (!snap_get_u64_count(&f, &n, &err) ||
            !(v = calloc(n + 1, sizeof(uint64_t))) ||
            !snap_get_u64_array(&f, v, n, &n, &err)) {
            free(v);
            return ARM64EMU_ERR_BAD_SNAPSHOT;
        }
        for (size_t i = 0; i + 1 < n; i += 2) {
            uint64_t base = v[i], size = v[i + 1];
            region_t *r = bus_find(&m->bus, base);
            if (r && r->base == base && r->size == size)
                continue;
            int rc = arm64emu_map_ram(m, base, size);
            if (rc != ARM64EMU_OK) {
                free(v);
                return rc;
            }
        }
        free(v);
        return ARM64EMU_OK;
    }
    return ARM64EMU_OK;
}

static int create_from(const arm64emu_config *host, const uint8_t *data,
                       size_t len, machine_t **out, char *err, size_t err_len)
{
    struct arm64emu_config cfg;
    cpu_model_t model;
    snap_err_t e = {0, "snapshot: cannot create the machine"};
    uint8_t *upgraded = NULL; /* retired records converted, as on a load */
    size_t upgraded_len = 0;
    if (snap_upgrade(data, len, snap_upgrade_steps, &upgraded, &upgraded_len,
                     NULL, &e) &&
        upgraded) {
        data = upgraded;
        len = upgraded_len;
    }
    machine_t *m = NULL;
    int rc = describe_snapshot(host, data, len, &cfg, &model, &e);
    if (rc != ARM64EMU_OK) {
        set_err(err, err_len, e.msg);
    } else if ((rc = machine_create(&cfg, &model, &m)) != ARM64EMU_OK) {
        set_err(err, err_len, cfg.err);
        m = NULL;
    } else {
        rc = map_extra_ram(m, data, len);
        if (rc == ARM64EMU_OK)
            rc = load_into(m, data, len, true);
        if (rc != ARM64EMU_OK) {
            set_err(err, err_len,
                    m->err[0] ? m->err : "snapshot: load failed");
            arm64emu_destroy(m);
            m = NULL;
        } else {
            set_err(err, err_len, "");
        }
    }
    free(upgraded);
    if (m)
        *out = m;
    return rc;
}

int arm64emu_create_from_snapshot(const arm64emu_config *cfg, const void *data,
                                  size_t len, arm64emu_machine **out,
                                  char *err, size_t err_len)
{
    if (out)
        *out = NULL;
    if (!out || !data) {
        set_err(err, err_len, "create_from_snapshot: out and data must not "
                "be NULL");
        return ARM64EMU_ERR_INVALID_ARGUMENT;
    }
    return create_from(cfg, data, len, out, err, err_len);
}

int arm64emu_create_from_snapshot_fd(const arm64emu_config *cfg, int fd,
                                     arm64emu_machine **out, char *err,
                                     size_t err_len)
{
    if (out)
        *out = NULL;
    if (!out || fd < 0) {
        set_err(err, err_len, "create_from_snapshot_fd: out must not be NULL "
                "and fd must be valid");
        return ARM64EMU_ERR_INVALID_ARGUMENT;
    }
    uint8_t *buf;
    size_t len;
    char msg[256];
    int rc = read_all(fd_read, &fd, fd_hint(fd), &buf, &len, msg, sizeof(msg));
    if (rc != ARM64EMU_OK) {
        set_err(err, err_len, msg);
        return rc;
    }
    rc = create_from(cfg, buf, len, out, err, err_len);
    free(buf);
    return rc;
}
