/* Reading a guest image and placing an AArch64 ELF's PT_LOAD segments in a
 * machine, for the test runners (sysrun, equiv). Public API only. */
#ifndef ARM64EMU_TEST_ELFLOAD_H
#define ARM64EMU_TEST_ELFLOAD_H

#include <stddef.h>
#include <stdint.h>

#include "arm64emu/arm64emu.h"

/* The whole file (at most 256 MiB), or NULL with a message on stderr that
 * starts with tool. Free it with free(). */
unsigned char *elfload_read_file(const char *tool, const char *path,
                                 size_t *len);

/* Where segments go: with map 0 they are written at their physical
 * addresses, which must lie in [ram_base, ram_base + ram_size); with map 1
 * the pages they cover are first mapped (arm64emu_map_ram) at their
 * virtual addresses, for a bare machine without RAM. */
typedef struct elfload_target {
    uint64_t ram_base, ram_size;
    int map;
} elfload_target;

/* Loads the segments of img (every header field checked against the
 * file) and sets *entry. Returns 0, or -1 with a message on stderr. */
int elfload(arm64emu_machine *m, const char *tool, const char *path,
            const unsigned char *img, size_t len, const elfload_target *t,
            uint64_t *entry);

#endif
