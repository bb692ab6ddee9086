/* Snapshot record codec: the framing of docs/snapshot-format.md (header,
 * tagged and typed items, CRC-32C, zstd byte fields). Internal: it knows
 * nothing of machines; component save/load builds on it. */
#ifndef ARM64EMU_SNAPFMT_H
#define ARM64EMU_SNAPFMT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SNAP_GENERATION 1u
#define SNAP_MAGIC_LEN 8u
#define SNAP_NAME_MAX 64u
#define SNAP_DEPTH_MAX 16u
#define SNAP_END_TAG "snapshot.end"

/* Item types (spec §3.1). Codes above SNAP_T_ZBYTES are reserved. */
enum {
    SNAP_T_U64 = 1,
    SNAP_T_I64 = 2,
    SNAP_T_BYTES = 3,
    SNAP_T_STRING = 4,
    SNAP_T_U64_ARRAY = 5,
    SNAP_T_RECORD = 6,
    SNAP_T_ZBYTES = 7,
};

/* Item flags (spec §3.2). */
#define SNAP_F_CRITICAL 0x01u
#define SNAP_F_SAFE_TO_COPY 0x02u

/* Every failure carries a message naming the item and its file offset. */
typedef struct snap_err {
    uint64_t offset;
    char msg[384];
} snap_err_t;

uint32_t snap_crc32c(uint32_t crc, const void *data, size_t len);

/* ---- Writer ---------------------------------------------------------- */

typedef struct snap_writer {
    uint8_t *buf;
    size_t len, cap;
    size_t open[SNAP_DEPTH_MAX]; /* start offsets of open records */
    unsigned depth;
    bool failed; /* sticky: out of memory or misuse */
} snap_writer_t;

void snap_w_init(snap_writer_t *w);
void snap_w_free(snap_writer_t *w);
/* Hands the finished buffer to the caller (free() it) and resets w. */
uint8_t *snap_w_take(snap_writer_t *w, size_t *len);

bool snap_w_header(snap_writer_t *w, const char *producer,
                   const char *version, uint32_t flags);
bool snap_w_begin(snap_writer_t *w, const char *tag, unsigned flags);
/* Back-patches the length and appends the CRC. */
bool snap_w_end(snap_writer_t *w);
/* Writes the snapshot.end record; all records must be closed. */
bool snap_w_finish(snap_writer_t *w);

bool snap_w_u64(snap_writer_t *w, const char *name, unsigned flags,
                uint64_t v);
bool snap_w_i64(snap_writer_t *w, const char *name, unsigned flags,
                int64_t v);
bool snap_w_bytes(snap_writer_t *w, const char *name, unsigned flags,
                  const void *data, size_t len);
bool snap_w_str(snap_writer_t *w, const char *name, unsigned flags,
                const char *s);
bool snap_w_u64_array(snap_writer_t *w, const char *name, unsigned flags,
                      const uint64_t *v, size_t n);
bool snap_w_zbytes(snap_writer_t *w, const char *name, unsigned flags,
                   const void *data, size_t len, int level);
/* Copies an already encoded item (a kept unknown safe-to-copy item). */
bool snap_w_raw(snap_writer_t *w, const void *item, size_t len);

/* ---- Reader ---------------------------------------------------------- */

typedef struct snap_header {
    uint32_t generation, flags;
    char producer[SNAP_NAME_MAX + 1];
    char version[SNAP_NAME_MAX + 1];
} snap_header_t;

/* One item found in a sequence. Pointers point into the caller's buffer. */
typedef struct snap_item {
    const uint8_t *file;  /* start of the file, for offsets */
    const uint8_t *start; /* first byte of the item (its type) */
    size_t size;          /* whole encoded item */
    const uint8_t *value; /* value bytes (for records: payload, no CRC) */
    uint64_t len;         /* of value (for records: payload length) */
    uint8_t type, flags;
    unsigned depth; /* 1 for top-level records */
    char name[SNAP_NAME_MAX + 1];
    char parent[SNAP_NAME_MAX + 1]; /* enclosing record's tag, "" at top */
} snap_item_t;

/* A bounds-checked position in a sequence of items. */
typedef struct snap_cursor {
    const uint8_t *file;
    size_t pos, end; /* offsets from file */
    unsigned depth;  /* depth of the items this cursor yields */
    bool top;        /* top level: records only, ends with snapshot.end */
    bool done;
    char parent[SNAP_NAME_MAX + 1];
} snap_cursor_t;

/* Parses and checks the header; on success *top iterates the records. */
bool snap_open(const uint8_t *file, size_t size, snap_header_t *h,
               snap_cursor_t *top, snap_err_t *err);

/* Next item: 1 = *it filled, 0 = end of sequence, -1 = error. Records get
 * their CRC verified here. At top level the end record is consumed and
 * checked to be last; it is not returned. */
int snap_next(snap_cursor_t *c, snap_item_t *it, snap_err_t *err);

/* A cursor over a record's payload. */
bool snap_enter(const snap_item_t *rec, snap_cursor_t *c, snap_err_t *err);

/* Finds the first item called name in rec: 1 found, 0 absent, -1 error. */
int snap_find(const snap_item_t *rec, const char *name, snap_item_t *out,
              snap_err_t *err);

/* Typed getters: fail with a message naming the item on a type or size
 * mismatch. */
bool snap_get_u64(const snap_item_t *it, uint64_t *v, snap_err_t *err);
bool snap_get_i64(const snap_item_t *it, int64_t *v, snap_err_t *err);
bool snap_get_bytes(const snap_item_t *it, const uint8_t **p, size_t *len,
                    snap_err_t *err);
/* Copies into buf (cap bytes including the NUL); refuses NUL bytes and
 * strings that do not fit. */
bool snap_get_str(const snap_item_t *it, char *buf, size_t cap,
                  snap_err_t *err);
/* Number of elements, then the elements into out (at most cap). */
bool snap_get_u64_count(const snap_item_t *it, size_t *n, snap_err_t *err);
bool snap_get_u64_array(const snap_item_t *it, uint64_t *out, size_t cap,
                        size_t *n, snap_err_t *err);
/* Decompresses into out, which must be exactly len bytes: the stored
 * uncompressed size must equal len. */
bool snap_get_zbytes(const snap_item_t *it, void *out, size_t len,
                     snap_err_t *err);
/* The stored uncompressed size, checked against nothing. */
bool snap_get_zbytes_size(const snap_item_t *it, uint64_t *len,
                          snap_err_t *err);

/* Finders with a default for missing fields: 1 found, 0 defaulted, -1. */
int snap_find_u64(const snap_item_t *rec, const char *name, uint64_t dflt,
                  uint64_t *v, snap_err_t *err);

/* ---- Unknown items --------------------------------------------------- */

/* Text list of skipped and defaulted items, for the load report. */
typedef struct snap_report {
    char *text; /* NUL-terminated, one line per entry; NULL if empty */
    size_t len, cap;
    unsigned skipped, defaulted;
    bool failed; /* out of memory */
} snap_report_t;

void snap_report_init(snap_report_t *r);
void snap_report_free(snap_report_t *r);
void snap_report_skipped(snap_report_t *r, const snap_item_t *it);
void snap_report_defaulted(snap_report_t *r, const char *record,
                           const char *name);
/* Any other line (warnings, upgrade steps applied). */
void snap_report_note(snap_report_t *r, const char *line);

/* Checks every item in seq (top-level cursor or a record's payload)
 * against the known names: an unknown critical item fails naming it; an
 * unknown optional one is reported. Known names must have the given type
 * (0 = any) and appear once unless repeatable. At most SNAP_KNOWN_MAX. */
typedef struct snap_known {
    const char *name;
    uint8_t type;
    bool repeatable; /* may appear more than once (spec §3.3) */
} snap_known_t;

#define SNAP_KNOWN_MAX 256u

bool snap_check_items(const snap_cursor_t *seq, const snap_known_t *known,
                      size_t nknown, snap_report_t *rep, snap_err_t *err);

/* Walks the whole file: header, every item at every depth, CRCs, sizes by
 * type, names and zstd frame sizes. Duplicates need the schema, so they
 * are left to snap_check_items. */
bool snap_verify(const uint8_t *file, size_t size, snap_err_t *err);

#endif
