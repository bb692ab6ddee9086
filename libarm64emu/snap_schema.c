/* Walks the snapshot schema (snap_core_schema[] and the parts' schemas):
 * name lookups for tools and the JSON the schema gate compares between
 * releases. */
#include "snap_schema.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arm64emu/arm64emu.h"

bool snap_schema_name_matches(const char *pattern, const char *name)
{
    while (*pattern) {
        if (*pattern == 'N') {
            if (*name < '0' || *name > '9')
                return false;
            /* N is followed by a non-digit (or the end) in every pattern,
             * but try every split so that need not hold. */
            for (const char *p = name; *p >= '0' && *p <= '9'; p++)
                if (snap_schema_name_matches(pattern + 1, p + 1))
                    return true;
            return false;
        }
        if (*pattern != *name)
            return false;
        pattern++;
        name++;
    }
    return *name == 0;
}

/* The i-th list of record definitions: 0 is the core's, then the parts'.
 * NULL past the end; *part names the owner. */
static const snap_record_def_t *def_list(size_t i, const char **part)
{
    if (i == 0) {
        *part = "core";
        return snap_core_schema;
    }
    for (size_t k = 0; snap_parts[k]; k++)
        if (k + 1 == i) {
            *part = snap_parts[k]->name;
            return snap_parts[k]->schema;
        }
    return NULL;
}

static size_t def_lists(void)
{
    size_t n = 1;
    while (snap_parts[n - 1])
        n++;
    return n;
}

/* Top-level records that may appear more than once (spec §3.3): one `ram`
 * record per RAM region. snap_record_def_t has no repeatable flag of its
 * own; nested records carry theirs in their parent's field list. */
static const char *const top_repeatable[] = {"ram", NULL};

bool snap_schema_top_repeatable(const char *tag)
{
    for (size_t i = 0; top_repeatable[i]; i++)
        if (snap_schema_name_matches(top_repeatable[i], tag))
            return true;
    return false;
}

/* Whether some definition lists pattern tag as a nested record. */
static bool nested(const char *tag)
{
    const char *part;
    for (size_t i = 0, n = def_lists(); i < n; i++) {
        const snap_record_def_t *list = def_list(i, &part);
        for (size_t r = 0; list && list[r].tag; r++)
            for (size_t f = 0; list[r].fields && list[r].fields[f].name; f++)
                if (list[r].fields[f].type == SNAP_T_RECORD &&
                    strcmp(list[r].fields[f].name, tag) == 0)
                    return true;
    }
    return false;
}

const snap_record_def_t *snap_schema_record(const char *tag, bool *top)
{
    const char *part;
    for (size_t i = 0, n = def_lists(); i < n; i++) {
        const snap_record_def_t *list = def_list(i, &part);
        for (size_t r = 0; list && list[r].tag; r++)
            if (snap_schema_name_matches(list[r].tag, tag)) {
                if (top)
                    *top = !nested(list[r].tag);
                return &list[r];
            }
    }
    return NULL;
}

const snap_field_def_t *snap_schema_field(const snap_record_def_t *rec,
                                          const char *name)
{
    for (size_t f = 0; rec && rec->fields && rec->fields[f].name; f++)
        if (snap_schema_name_matches(rec->fields[f].name, name))
            return &rec->fields[f];
    return NULL;
}

/* ---- JSON ---------------------------------------------------------------- */

typedef struct sbuf {
    char *s;
    size_t len, cap;
    bool failed;
} sbuf_t;

static void sb_printf(sbuf_t *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void sb_printf(sbuf_t *b, const char *fmt, ...)
{
    if (b->failed)
        return;
    for (;;) {
        va_list ap;
        va_start(ap, fmt);
        int n = vsnprintf(b->s ? b->s + b->len : NULL,
                          b->s ? b->cap - b->len : 0, fmt, ap);
        va_end(ap);
        if (n < 0) {
            b->failed = true;
            return;
        }
        if (b->s && (size_t)n < b->cap - b->len) {
            b->len += (size_t)n;
            return;
        }
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->len + (size_t)n + 1)
            cap *= 2;
        char *s = realloc(b->s, cap);
        if (!s) {
            b->failed = true;
            return;
        }
        b->s = s;
        b->cap = cap;
    }
}

static const char *type_json(uint8_t t)
{
    switch (t) {
    case SNAP_T_U64: return "u64";
    case SNAP_T_I64: return "i64";
    case SNAP_T_BYTES: return "bytes";
    case SNAP_T_STRING: return "string";
    case SNAP_T_U64_ARRAY: return "u64[]";
    case SNAP_T_RECORD: return "record";
    case SNAP_T_ZBYTES: return "zbytes";
    default: return "invalid";
    }
}

static const char *tf(bool b)
{
    return b ? "true" : "false";
}

/* Names are [a-z0-9._-] plus N: nothing to escape. */
static void emit_record(sbuf_t *b, const snap_record_def_t *r,
                        const char *part, bool first)
{
    sb_printf(b, "%s    {\n      \"tag\": \"%s\",\n      \"part\": \"%s\",\n",
              first ? "" : ",\n", r->tag, part);
    sb_printf(b, "      \"critical\": %s,\n      \"safe_to_copy\": %s,\n",
              tf(r->flags & SNAP_F_CRITICAL), tf(r->flags & SNAP_F_SAFE_TO_COPY));
    bool top = !nested(r->tag);
    sb_printf(b, "      \"top_level\": %s,\n", tf(top));
    if (top)
        sb_printf(b, "      \"repeatable\": %s,\n",
                  tf(snap_schema_top_repeatable(r->tag)));
    sb_printf(b, "      \"fields\": [");
    for (size_t f = 0; r->fields && r->fields[f].name; f++) {
        const snap_field_def_t *d = &r->fields[f];
        sb_printf(b,
                  "%s\n        {\"name\": \"%s\", \"type\": \"%s\", "
                  "\"critical\": %s, \"safe_to_copy\": %s, \"repeatable\": %s}",
                  f ? "," : "", d->name, type_json(d->type),
                  tf(d->flags & SNAP_F_CRITICAL),
                  tf(d->flags & SNAP_F_SAFE_TO_COPY), tf(d->repeatable));
    }
    sb_printf(b, "%s]\n    }", r->fields && r->fields[0].name ? "\n      " : "");
}

char *snap_schema_json(void)
{
    sbuf_t b = {NULL, 0, 0, false};
    sb_printf(&b, "{\n  \"schema\": \"libarm64emu snapshot\",\n");
    sb_printf(&b, "  \"generation\": %u,\n  \"producer_version\": \"%s\",\n",
              SNAP_GENERATION, arm64emu_version_string());
    sb_printf(&b, "  \"records\": [\n");
    bool first = true;
    const char *part;
    for (size_t i = 0, n = def_lists(); i < n; i++) {
        const snap_record_def_t *list = def_list(i, &part);
        for (size_t r = 0; list && list[r].tag; r++) {
            emit_record(&b, &list[r], part, first);
            first = false;
        }
    }
    sb_printf(&b, "\n  ]\n}\n");
    if (b.failed) {
        free(b.s);
        return NULL;
    }
    return b.s;
}
