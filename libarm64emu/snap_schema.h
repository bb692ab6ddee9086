/* The snapshot schema this build writes (snap_core_schema[] and every
 * part's schema in snap_parts[]): lookups by concrete name and a JSON
 * rendering for `arm64emu-snap schema` and the schema gate in tests/snap.
 * Internal. */
#ifndef ARM64EMU_SNAP_SCHEMA_H
#define ARM64EMU_SNAP_SCHEMA_H

#include <stdbool.h>

#include "snapshot.h"

/* Whether a concrete name ("cpu12.regs") matches a schema pattern
 * ("cpuN.regs"): an upper-case N stands for one or more decimal digits
 * (names themselves are lower case, so N is never literal). */
bool snap_schema_name_matches(const char *pattern, const char *name);

/* The record definition whose tag matches tag, or NULL. *top (if not
 * NULL) says whether it is a top-level record, i.e. no definition lists it
 * as a nested record. */
const snap_record_def_t *snap_schema_record(const char *tag, bool *top);

/* Whether a top-level record may appear more than once ("ram": one per
 * RAM region). */
bool snap_schema_top_repeatable(const char *tag);

/* The field (or nested record) of rec that matches name, or NULL. */
const snap_field_def_t *snap_schema_field(const snap_record_def_t *rec,
                                          const char *name);

/* The whole schema as JSON: one object per record definition (tag, part,
 * flags, whether top-level) with its fields (name, type, flags,
 * repeatable), in save order. Returns a malloc'd NUL-terminated string
 * (free it), or NULL when out of memory. */
char *snap_schema_json(void);

#endif
