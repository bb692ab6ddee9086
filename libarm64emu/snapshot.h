/* Machine snapshots: how the components save and load their records
 * (docs/snapshot-format.md §8 and docs/snapshot/).
 *
 * The core (snapshot.c) writes the header, the `machine` record, the
 * components' records in a fixed order, RAM, kept unknown items and the end
 * record. Loading is two-phase so that it is all or nothing: every part
 * first parses its record into a private stage object (checking every
 * field, touching nothing), and only when every part has parsed does the
 * core apply the stages, which cannot fail.
 */
#ifndef ARM64EMU_SNAPSHOT_H
#define ARM64EMU_SNAPSHOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "machine.h"
#include "snapfmt.h"

/* ---- schema: what this build writes and understands -------------------- */

/* One field (or nested record) of a record. */
typedef struct snap_field_def {
    const char *name;
    uint8_t type;     /* SNAP_T_* */
    uint8_t flags;    /* SNAP_F_* as written */
    bool repeatable;  /* may appear more than once (spec §3.3) */
} snap_field_def_t;

/* One record: its tag (with "N" standing for a number: "cpuN.regs"), its
 * flags and its fields, ending with a field whose name is NULL. */
typedef struct snap_record_def {
    const char *tag;
    uint8_t flags;
    const snap_field_def_t *fields;
} snap_record_def_t;

/* ---- loading ------------------------------------------------------------ */

/* An unknown safe-to-copy item kept for the next save (spec §6). */
typedef struct snap_kept_item {
    char path[2 * SNAP_NAME_MAX + 2]; /* enclosing record's tag; "" = top */
    uint8_t *bytes;                   /* the whole encoded item */
    size_t len;
} snap_kept_item_t;

typedef struct snap_kept {
    snap_kept_item_t *items;
    size_t n, cap;
} snap_kept_t;

void snap_kept_free(snap_kept_t *k);

/* State shared by one load. */
typedef struct snap_load {
    machine_t *m;         /* the machine the snapshot goes into */
    snap_report_t *rep;   /* skipped and defaulted items */
    snap_err_t *err;      /* the failure message (names item and offset) */
    int status;           /* on failure: ARM64EMU_ERR_BAD_SNAPSHOT (damaged
                             or unknown critical item) or _INCOMPATIBLE
                             (does not fit the machine) */
    snap_kept_t kept;     /* unknown safe-to-copy items found so far */
} snap_load_t;

/* Fails the load: formats the message into ld->err (offset from it) and
 * sets ld->status. Returns false, for `return snap_fail(...)`. */
bool snap_fail(snap_load_t *ld, int status, const snap_item_t *at,
               const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Checks rec's items against def (spec §5): an unknown critical item fails
 * naming it; an unknown optional one is reported, and kept when it is
 * safe-to-copy; a known name with another type or a duplicate fails. Every
 * part calls it on each record it parses. */
bool snap_load_check(snap_load_t *ld, const snap_item_t *rec,
                     const snap_record_def_t *def);

/* snap_load_check for records whose unknown items must not be kept (they
 * describe state the next save rewrites, like RAM). */
bool snap_load_check_nokeep(snap_load_t *ld, const snap_item_t *rec,
                            const snap_record_def_t *def);

/* A required u64 field: its absence refuses the file naming it. */
bool snap_need_u64(snap_load_t *ld, const snap_item_t *rec, const char *name,
                   uint64_t *v);

/* Reads the field called name of rec into *v, or reports it defaulted
 * (leaving *v as the caller preset it) when it is missing. */
bool snap_load_u64(snap_load_t *ld, const snap_item_t *rec, const char *name,
                   uint64_t *v);

/* ---- saving ------------------------------------------------------------- */

/* Writes back the kept unknown items whose enclosing record is path ("" for
 * the top level): every record calls it just before snap_w_end. */
bool snap_save_kept(snap_writer_t *w, const machine_t *m, const char *path);

/* ---- the parts ---------------------------------------------------------- */

/* A component's records. Per-CPU parts are called once per CPU with n the
 * CPU index; board parts only on a board machine. */
typedef struct snap_part {
    const char *name;  /* for messages: "cpu", "gic", ... */
    bool per_cpu;
    bool board_only;
    /* Writes the part's top-level record(s) for index n. */
    bool (*save)(snap_writer_t *w, machine_t *m, unsigned n);
    /* Whether a top-level tag belongs to this part, and for which index. */
    bool (*owns)(const char *tag, unsigned *n);
    /* Parses the part's record for n (rec NULL: the record is missing; the
     * stage then holds the documented default, reported with
     * snap_report_defaulted, or the part fails if the record is required).
     * Returns a stage object, or NULL with ld->err set. Must not change
     * the machine. */
    void *(*parse)(snap_load_t *ld, unsigned n, const snap_item_t *rec);
    /* Applies a stage to the machine; cannot fail. */
    void (*apply)(machine_t *m, unsigned n, void *stage);
    void (*release)(void *stage);
    /* The records the part writes, ending with tag NULL (for the schema). */
    const snap_record_def_t *schema;
} snap_part_t;

/* The parts (snap_cpu.c, snap_devices.c), in save order. */
extern const snap_part_t snap_part_cpu;    /* cpuN (model, regs, sysregs) */
extern const snap_part_t snap_part_timer;  /* timerN */
extern const snap_part_t snap_part_gic;    /* gic.dist, gic.redistN, ... */
extern const snap_part_t snap_part_pl011;  /* pl011.0 */
extern const snap_part_t snap_part_pl031;  /* pl031.0 */
extern const snap_part_t snap_part_psci;   /* psci */
extern const snap_part_t snap_part_clock;  /* clock (time, scheduling) */
extern const snap_part_t snap_part_semihost; /* semihost */

/* Every part in save order, ending with NULL (snapshot.c). */
extern const snap_part_t *const snap_parts[];

/* The core's own records: machine, ram, ram.chunk, snapshot.end, ending
 * with tag NULL (snapshot.c). With snap_parts' schemas this is the whole
 * schema this build writes (`arm64emu-snap schema`). */
extern const snap_record_def_t snap_core_schema[];

/* ---- the CPU model (snap_cpu.c), needed before the machine exists ----- */

/* Reads the cpuN.model record inside the cpuN record rec into *out (a
 * copy of base with the saved ID register values). */
bool snap_model_read(snap_load_t *ld, const snap_item_t *cpu_rec,
                     const cpu_model_t *base, cpu_model_t *out);

/* Whether a machine running model `have` may take state saved on `saved`:
 * each ID register field follows the mismatch table (refuse, or warn into
 * the report). */
bool snap_model_check(snap_load_t *ld, const cpu_model_t *saved,
                      const cpu_model_t *have);

/* ---- the core's per-machine state (snapshot.c, checkpoint.c) --------- */

struct snap_checkpoint;

/* The checkpoint slot of m->snap (created on first use), or NULL when out
 * of memory. */
struct snap_checkpoint **snap_checkpoint_slot(machine_t *m);
/* Frees a checkpoint (checkpoint.c). */
void snap_checkpoint_free(struct snap_checkpoint *c);
/* Frees m->snap (kept items, report, checkpoint); arm64emu_destroy. */
void snap_state_free(machine_t *m);

#endif
