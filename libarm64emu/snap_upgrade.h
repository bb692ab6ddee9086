/* Named upgrade steps (docs/snapshot-format.md §7.3): when a record's
 * meaning must change, the new meaning gets a new tag and a step converts
 * the old record into the new one before the file is loaded. */
#ifndef ARM64EMU_SNAP_UPGRADE_H
#define ARM64EMU_SNAP_UPGRADE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "snapfmt.h"

/* Converts the top-level record old (tag `from`) into the record(s) it
 * becomes, written to w. Returns false with err set if old is malformed. */
typedef bool (*snap_upgrade_fn)(const snap_item_t *old, snap_writer_t *w,
                                snap_err_t *err);

typedef struct snap_upgrade_step {
    const char *name; /* "upgrade_<old>_to_<new>" as §7.3 lists it */
    const char *from; /* the retired top-level tag it consumes */
    snap_upgrade_fn fn;
} snap_upgrade_step_t;

/* The steps of this build, in the order they run, ending with name NULL. */
extern const snap_upgrade_step_t snap_upgrade_steps[];

/* Runs steps over the verified file in order, each over the whole file.
 * When no record needs a step, *out is NULL (use the input as it is);
 * else *out is a new file (free() it) whose other records are copied byte
 * for byte, and each step applied is reported (rep may be NULL). */
bool snap_upgrade(const uint8_t *file, size_t size,
                  const snap_upgrade_step_t *steps, uint8_t **out,
                  size_t *out_size, snap_report_t *rep, snap_err_t *err);

#endif
