/* RAM sources (ram_source.c) for the snapshot RAM records. */
#ifndef ARM64EMU_RAM_SOURCE_H
#define ARM64EMU_RAM_SOURCE_H

#include "machine.h"

/* The index in m->cfg.ram_sources of the source with this size and
 * digest, or -1. */
int ram_source_find(const machine_t *m, const uint8_t digest[SHA256_LEN],
                    uint64_t size);

/* The source's page at byte offset at (page-aligned): a pointer into its
 * data, or tail holding its last bytes followed by zeros; NULL past its
 * end. */
const uint8_t *ram_source_page(const ram_source_t *s, uint64_t at,
                               uint8_t tail[ARM64EMU_PAGE_SIZE]);

/* Drops the sources whose bytes are data (about to be freed). */
void ram_source_forget(machine_t *m, const void *data);

#endif
