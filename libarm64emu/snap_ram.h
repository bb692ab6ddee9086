/* RAM records of snapshots (snap_ram.c), for the snapshot core. */
#ifndef ARM64EMU_SNAP_RAM_H
#define ARM64EMU_SNAP_RAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "snapshot.h"

#define SNAP_PAGE BUS_PAGE_SIZE
/* Pages per ram.chunk as written; a reader accepts up to SNAP_CHUNK_MAX
 * so that one chunk never needs more than 16 MiB of scratch. */
#define SNAP_CHUNK_PAGES 256u
#define SNAP_CHUNK_MAX 4096u

/* The fields of `ram` and `ram.chunk` (for the core's schema). */
extern const snap_field_def_t snap_ram_fields[];
extern const snap_field_def_t snap_chunk_fields[];
extern const snap_field_def_t snap_source_fields[];

/* Writes the `ram` record of region r of m (referring to m's RAM sources
 * placed in it if use_sources); scratch holds SNAP_CHUNK_PAGES pages. */
bool snap_ram_save(snap_writer_t *w, const machine_t *m, const region_t *r,
                   int level, bool use_sources, uint8_t *scratch);

/* The `ram` records of a file, checked and matched to regions. */
typedef struct ram_plan ram_plan_t;
typedef struct snap_ram_load {
    ram_plan_t *plans;
    size_t n, cap;
    size_t scratch_len; /* largest chunk's data */
    bool source_named[ARM64EMU_MAX_RAM_SOURCES]; /* by m->cfg index */
} snap_ram_load_t;

/* Checks one `ram` record fully (every chunk decompressed once into
 * *scratch, which grows as needed) and adds it to rl; touches nothing. */
bool snap_ram_check(snap_load_t *ld, snap_ram_load_t *rl,
                    const snap_item_t *rec, uint8_t **scratch,
                    size_t *scratch_cap);
/* Whether every RAM region of m has a checked `ram` record in rl. */
bool snap_ram_check_complete(snap_load_t *ld, const snap_ram_load_t *rl,
                             const machine_t *m);
/* Applies checked RAM; cannot fail. */
void snap_ram_apply(machine_t *m, const snap_ram_load_t *rl, uint8_t *scratch);
void snap_ram_load_free(snap_ram_load_t *rl);

#endif
