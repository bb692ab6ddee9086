/* arm64emu-snap: shared pieces of the subcommands (file loading, paths,
 * JSON output, the schema lookups that decide what is known). */
#ifndef ARM64EMU_SNAPTOOL_H
#define ARM64EMU_SNAPTOOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "snapfmt.h"

/* Exit statuses: 0 success/valid/same, 1 invalid/different, 2 usage or
 * host error (diff(1)'s convention). */
enum { EXIT_SAME = 0, EXIT_DIFF = 1, EXIT_TROUBLE = 2 };

#define PATH_MAX_LEN (SNAP_DEPTH_MAX * (SNAP_NAME_MAX + 1) + 32)

/* A snapshot file read whole into memory. */
typedef struct snapfile {
    const char *path;
    uint8_t *data;
    size_t size;
    snap_header_t hdr;
    snap_cursor_t top;
} snapfile_t;

/* Reads path and checks it with snap_verify; on failure prints
 * "arm64emu-snap: PATH: message" to stderr and returns false. */
bool snapfile_load(snapfile_t *f, const char *path);
void snapfile_free(snapfile_t *f);

/* "C", "O", "CS", "OS" (+ "?" for reserved bits). */
const char *flags_str(uint8_t flags, char buf[8]);
const char *type_str(uint8_t type, char buf[24]);
/* Appends "/name" (or "name" when path is empty) into out. */
void path_join(char *out, size_t cap, const char *path, const char *name);

/* Writes s as a JSON string literal (quotes included). Bytes that are not
 * printable ASCII are escaped; s must be valid UTF-8 (checked by the
 * caller) so multi-byte sequences pass through. */
void json_str(FILE *out, const uint8_t *s, size_t n);
void json_hex(FILE *out, const uint8_t *p, size_t n);

/* Finds a u64 field of a record by name: true when present and a u64. */
bool rec_u64(const snap_item_t *rec, const char *name, uint64_t *v);
/* Finds a string field of a record into buf: true when present. */
bool rec_str(const snap_item_t *rec, const char *name, char *buf, size_t cap);
/* Finds a direct child record by its exact tag. */
bool rec_child(const snap_item_t *rec, const char *name, snap_item_t *out);

int cmd_info(int argc, char **argv);
int cmd_dump(int argc, char **argv);
int cmd_verify(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_schema(int argc, char **argv);

#endif
