/* arm64emu-snap diff: compares two snapshots field by field at every
 * depth. Items pair up by name; records with a u64 `index` field (RAM
 * chunks) pair up by name and index, RAM records (`page_size`, `base`) by
 * name and base; further duplicates by occurrence.
 * `pairs`/`id` arrays of (encoding, value) pairs compare as maps keyed by
 * the encoding. A record holding a page geometry (`page_size`,
 * `chunk_pages`, `base`) and `ram.chunk` records compares its RAM page by
 * page and prints the differing guest-physical ranges. */
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "snaptool.h"

#define LINES_PER_FIELD 16u
#define RANGES_SHOWN 32u
#define CHUNK_BYTES_MAX (256ull << 20)

typedef struct diffctx {
    unsigned differences;
} diffctx_t;

typedef struct entry {
    char key[SNAP_NAME_MAX + 32];
    snap_item_t it;
    size_t pos;
    bool matched;
} entry_t;

typedef struct entries {
    entry_t *e;
    size_t n;
} entries_t;

static uint64_t le64(const uint8_t *p)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < 8; i++)
        v |= (uint64_t)p[i] << (8 * i);
    return v;
}

static void entries_free(entries_t *es)
{
    free(es->e);
    es->e = NULL;
    es->n = 0;
}

static int cmp_key(const void *a, const void *b)
{
    const entry_t *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    if (c)
        return c;
    return x->pos < y->pos ? -1 : x->pos > y->pos;
}

static int cmp_pos(const void *a, const void *b)
{
    const entry_t *x = a, *y = b;
    return x->pos < y->pos ? -1 : x->pos > y->pos;
}

static bool is_ram_chunk(const snap_item_t *it)
{
    return it->type == SNAP_T_RECORD && strcmp(it->name, "ram.chunk") == 0;
}

/* Collects a sequence's items with their pairing keys, sorted by key. */
static bool collect(snap_cursor_t c, bool skip_chunks, entries_t *es)
{
    size_t cap = 0;
    snap_item_t it;
    snap_err_t err;
    memset(es, 0, sizeof(*es));
    while (snap_next(&c, &it, &err) == 1) {
        if (skip_chunks && is_ram_chunk(&it))
            continue;
        if (es->n == cap) {
            cap = cap ? 2 * cap : 16;
            entry_t *e = realloc(es->e, cap * sizeof(*e));
            if (!e)
                return false;
            es->e = e;
        }
        entry_t *e = &es->e[es->n];
        memset(e, 0, sizeof(*e));
        e->it = it;
        e->pos = es->n++;
        uint64_t index, base, page;
        if (it.type == SNAP_T_RECORD && rec_u64(&it, "index", &index))
            snprintf(e->key, sizeof(e->key), "%s[%" PRIu64 "]", it.name, index);
        else if (it.type == SNAP_T_RECORD && rec_u64(&it, "page_size", &page) &&
                 rec_u64(&it, "base", &base))
            snprintf(e->key, sizeof(e->key), "%s@0x%" PRIx64, it.name, base);
        else
            snprintf(e->key, sizeof(e->key), "%s", it.name);
    }
    if (es->n == 0)
        return true;
    qsort(es->e, es->n, sizeof(*es->e), cmp_key);
    /* The k-th repeat of a key becomes key#k. */
    for (size_t i = 1, run = 1; i < es->n; i++) {
        entry_t *prev = &es->e[i - 1], *cur = &es->e[i];
        size_t base_len = strcspn(prev->key, "#");
        if (strncmp(prev->key, cur->key, base_len) == 0 &&
            cur->key[base_len] == 0) {
            run++;
            size_t l = strlen(cur->key);
            snprintf(cur->key + l, sizeof(cur->key) - l, "#%zu", run);
        } else {
            run = 1;
        }
    }
    qsort(es->e, es->n, sizeof(*es->e), cmp_key);
    return true;
}

static entry_t *lookup(entries_t *es, const char *key)
{
    size_t lo = 0, hi = es->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(key, es->e[mid].key);
        if (c == 0)
            return &es->e[mid];
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}

static void differ(diffctx_t *d, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void differ(diffctx_t *d, const char *path, const char *fmt, ...)
{
    va_list ap;
    d->differences++;
    printf("%s: ", path);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    fputc('\n', stdout);
}

/* ---- values ---------------------------------------------------------------- */

static void sysreg_name(uint64_t enc, char *buf, size_t cap)
{
    if (enc >> 16)
        snprintf(buf, cap, "0x%" PRIx64, enc);
    else
        snprintf(buf, cap, "S%u_%u_C%u_C%u_%u", (unsigned)(enc >> 14) & 3,
                 (unsigned)(enc >> 11) & 7, (unsigned)(enc >> 7) & 15,
                 (unsigned)(enc >> 3) & 15, (unsigned)enc & 7);
}

typedef struct pair {
    uint64_t key, value;
    size_t pos;
} pair_t;

static int cmp_pair(const void *a, const void *b)
{
    const pair_t *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    return x->pos < y->pos ? -1 : x->pos > y->pos;
}

static pair_t *pairs_of(const snap_item_t *it, size_t *n)
{
    *n = (size_t)(it->len / 16);
    pair_t *p = malloc((*n ? *n : 1) * sizeof(*p));
    if (!p)
        return NULL;
    for (size_t i = 0; i < *n; i++) {
        p[i].key = le64(it->value + 16 * i);
        p[i].value = le64(it->value + 16 * i + 8);
        p[i].pos = i;
    }
    qsort(p, *n, sizeof(*p), cmp_pair);
    return p;
}

/* (encoding, value) pairs compared as a map: which encodings differ, which
 * are in one file only. */
static void diff_pairs(diffctx_t *d, const char *path, const snap_item_t *a,
                       const snap_item_t *b)
{
    size_t na, nb, i = 0, j = 0;
    unsigned lines = 0, more = 0;
    pair_t *pa = pairs_of(a, &na), *pb = pairs_of(b, &nb);
    char name[32], p[PATH_MAX_LEN + 40];
    if (!pa || !pb) {
        differ(d, path, "out of memory comparing");
        goto out;
    }
    while (i < na || j < nb) {
        int side;
        if (j >= nb || (i < na && pa[i].key < pb[j].key))
            side = -1;
        else if (i >= na || pb[j].key < pa[i].key)
            side = 1;
        else
            side = 0;
        uint64_t key = side <= 0 ? pa[i].key : pb[j].key;
        bool diff = side != 0 || pa[i].value != pb[j].value;
        if (diff) {
            if (lines++ >= LINES_PER_FIELD) {
                more++;
                d->differences++;
            } else {
                sysreg_name(key, name, sizeof(name));
                snprintf(p, sizeof(p), "%s[%s]", path, name);
                if (side < 0)
                    differ(d, p, "only in A (0x%" PRIx64 ")", pa[i].value);
                else if (side > 0)
                    differ(d, p, "only in B (0x%" PRIx64 ")", pb[j].value);
                else
                    differ(d, p, "A 0x%" PRIx64 ", B 0x%" PRIx64, pa[i].value,
                           pb[j].value);
            }
        }
        if (side <= 0)
            i++;
        if (side >= 0)
            j++;
    }
    if (more)
        printf("%s: ... and %u more differing pairs\n", path, more);
out:
    free(pa);
    free(pb);
}

static void diff_array(diffctx_t *d, const char *path, const snap_item_t *a,
                       const snap_item_t *b)
{
    if ((strcmp(a->name, "pairs") == 0 || strcmp(a->name, "id") == 0) &&
        a->len % 16 == 0 && b->len % 16 == 0) {
        diff_pairs(d, path, a, b);
        return;
    }
    uint64_t na = a->len / 8, nb = b->len / 8;
    unsigned lines = 0, more = 0;
    char p[PATH_MAX_LEN + 40];
    if (na != nb)
        differ(d, path, "A has %" PRIu64 " elements, B %" PRIu64, na, nb);
    for (uint64_t i = 0; i < na && i < nb; i++) {
        uint64_t x = le64(a->value + 8 * i), y = le64(b->value + 8 * i);
        if (x == y)
            continue;
        if (lines++ >= LINES_PER_FIELD) {
            more++;
            d->differences++;
            continue;
        }
        snprintf(p, sizeof(p), "%s[%" PRIu64 "]", path, i);
        differ(d, p, "A 0x%" PRIx64 ", B 0x%" PRIx64, x, y);
    }
    if (more)
        printf("%s: ... and %u more differing elements\n", path, more);
}

static void print_text(const snap_item_t *it)
{
    size_t n = it->len > 80 ? 80 : (size_t)it->len;
    /* Cut at a character boundary so the output stays UTF-8. */
    while (n < it->len && n > 0 && (it->value[n] & 0xc0) == 0x80)
        n--;
    json_str(stdout, it->value, n);
    if (n < it->len)
        fputs("...", stdout);
}

static void diff_leaf(diffctx_t *d, const char *path, const snap_item_t *a,
                      const snap_item_t *b)
{
    switch (a->type) {
    case SNAP_T_U64:
        if (le64(a->value) != le64(b->value))
            differ(d, path, "A 0x%" PRIx64 ", B 0x%" PRIx64, le64(a->value),
                   le64(b->value));
        return;
    case SNAP_T_I64: {
        snap_err_t err;
        int64_t x = 0, y = 0;
        snap_get_i64(a, &x, &err);
        snap_get_i64(b, &y, &err);
        if (x != y)
            differ(d, path, "A %" PRId64 ", B %" PRId64, x, y);
        return;
    }
    case SNAP_T_U64_ARRAY:
        diff_array(d, path, a, b);
        return;
    case SNAP_T_STRING:
        if (a->len != b->len || memcmp(a->value, b->value, (size_t)a->len) != 0) {
            d->differences++;
            printf("%s: A ", path);
            print_text(a);
            fputs(", B ", stdout);
            print_text(b);
            fputc('\n', stdout);
        }
        return;
    default: /* bytes, zbytes, unknown types: the raw value */
        if (a->len != b->len)
            differ(d, path, "A %" PRIu64 " bytes, B %" PRIu64 " bytes", a->len,
                   b->len);
        else if (memcmp(a->value, b->value, (size_t)a->len) != 0) {
            size_t k = 0;
            while (a->value[k] == b->value[k])
                k++;
            differ(d, path, "contents differ (%" PRIu64 " bytes, first at byte %zu)",
                   a->len, k);
        }
        return;
    }
}

/* ---- RAM page by page ------------------------------------------------------- */

typedef struct geometry {
    uint64_t base, page_size, chunk_pages;
} geometry_t;

static bool ram_geometry(const snap_item_t *rec, geometry_t *g)
{
    if (!rec_u64(rec, "page_size", &g->page_size) ||
        !rec_u64(rec, "chunk_pages", &g->chunk_pages) ||
        !rec_u64(rec, "base", &g->base))
        return false;
    return true;
}

static bool geometry_ok(const geometry_t *g)
{
    return g->page_size >= 512 && g->page_size <= (1u << 20) &&
           (g->page_size & (g->page_size - 1)) == 0 && g->chunk_pages >= 1 &&
           g->chunk_pages <= 65536 &&
           g->page_size * g->chunk_pages <= CHUNK_BYTES_MAX;
}

typedef struct chunk {
    uint64_t index;
    snap_item_t it;
} chunk_t;

static int cmp_chunk(const void *a, const void *b)
{
    const chunk_t *x = a, *y = b;
    return x->index < y->index ? -1 : x->index > y->index;
}

static chunk_t *chunks_of(const snap_item_t *rec, size_t *n)
{
    snap_cursor_t c;
    snap_item_t it;
    snap_err_t err;
    size_t cap = 16;
    chunk_t *v = malloc(cap * sizeof(*v));
    *n = 0;
    if (!v || !snap_enter(rec, &c, &err)) {
        free(v);
        return NULL;
    }
    while (snap_next(&c, &it, &err) == 1) {
        if (!is_ram_chunk(&it))
            continue;
        if (*n == cap) {
            chunk_t *t = realloc(v, 2 * cap * sizeof(*v));
            if (!t) {
                free(v);
                return NULL;
            }
            v = t;
            cap *= 2;
        }
        v[*n].it = it;
        if (!rec_u64(&it, "index", &v[*n].index))
            v[*n].index = UINT64_MAX;
        (*n)++;
    }
    qsort(v, *n, sizeof(*v), cmp_chunk);
    return v;
}

/* A chunk's pages: pages[i] points at page i's bytes or is NULL (zero). */
typedef struct pages {
    uint8_t *data;
    const uint8_t **page;
} pages_t;

static bool chunk_pages(const geometry_t *g, const chunk_t *ch, pages_t *p,
                        char *why, size_t cap)
{
    snap_item_t present, data;
    snap_err_t err;
    size_t nwords = 0;
    uint64_t words = (g->chunk_pages + 63) / 64;
    p->data = NULL;
    p->page = calloc((size_t)g->chunk_pages, sizeof(*p->page));
    if (!p->page) {
        snprintf(why, cap, "out of memory");
        return false;
    }
    if (!ch)
        return true;
    if (snap_find(&ch->it, "present", &present, &err) != 1 ||
        !snap_get_u64_count(&present, &nwords, &err) || nwords < words) {
        snprintf(why, cap, "no valid 'present' bitmap");
        return false;
    }
    uint64_t npresent = 0;
    for (uint64_t i = 0; i < g->chunk_pages; i++)
        npresent += (le64(present.value + 8 * (i / 64)) >> (i % 64)) & 1;
    if (npresent == 0)
        return true;
    if (snap_find(&ch->it, "data", &data, &err) != 1) {
        snprintf(why, cap, "no 'data' field");
        return false;
    }
    size_t bytes = (size_t)(npresent * g->page_size);
    p->data = malloc(bytes);
    if (!p->data) {
        snprintf(why, cap, "out of memory");
        return false;
    }
    if (!snap_get_zbytes(&data, p->data, bytes, &err)) {
        snprintf(why, cap, "%s", err.msg);
        return false;
    }
    for (uint64_t i = 0, k = 0; i < g->chunk_pages; i++)
        if ((le64(present.value + 8 * (i / 64)) >> (i % 64)) & 1)
            p->page[i] = p->data + (k++) * g->page_size;
    return true;
}

static void pages_free(pages_t *p)
{
    free(p->data);
    free(p->page);
}

static bool page_zero(const uint8_t *p, uint64_t n)
{
    for (uint64_t i = 0; p && i < n; i++)
        if (p[i])
            return false;
    return true;
}

static bool page_same(const uint8_t *a, const uint8_t *b, uint64_t n)
{
    if (a && b)
        return memcmp(a, b, (size_t)n) == 0;
    return page_zero(a ? a : b, n);
}

typedef struct ranges {
    uint64_t start, end; /* current range [start, end) */
    bool open;
    unsigned shown, more;
    uint64_t pages;
} ranges_t;

static void range_flush(ranges_t *r)
{
    if (!r->open)
        return;
    if (r->shown++ < RANGES_SHOWN)
        printf("%s0x%" PRIx64 "-0x%" PRIx64, r->shown > 1 ? ", " : "  ", r->start,
               r->end - 1);
    else
        r->more++;
    r->open = false;
}

static void range_add(ranges_t *r, uint64_t addr, uint64_t size)
{
    r->pages++;
    if (r->open && r->end == addr) {
        r->end += size;
        return;
    }
    range_flush(r);
    r->start = addr;
    r->end = addr + size;
    r->open = true;
}

static void diff_ram(diffctx_t *d, const char *path, const snap_item_t *a,
                     const snap_item_t *b)
{
    geometry_t ga, gb;
    if (!ram_geometry(a, &ga) || !ram_geometry(b, &gb))
        return;
    if (ga.page_size != gb.page_size || ga.chunk_pages != gb.chunk_pages ||
        ga.base != gb.base || !geometry_ok(&ga)) {
        differ(d, path, "RAM geometry differs or is out of range: pages not compared");
        return;
    }
    size_t na, nb;
    chunk_t *ca = chunks_of(a, &na), *cb = chunks_of(b, &nb);
    ranges_t r = {0, 0, false, 0, 0, 0};
    bool header = false;
    char why[sizeof(((snap_err_t *)0)->msg) + 64];
    size_t i = 0, j = 0;
    while (ca && cb && (i < na || j < nb)) {
        const chunk_t *x = NULL, *y = NULL;
        if (j >= nb || (i < na && ca[i].index < cb[j].index))
            x = &ca[i++];
        else if (i >= na || cb[j].index < ca[i].index)
            y = &cb[j++];
        else
            x = &ca[i++], y = &cb[j++];
        uint64_t index = x ? x->index : y->index;
        pages_t px, py;
        bool okx = chunk_pages(&ga, x, &px, why, sizeof(why));
        if (!okx)
            differ(d, path, "chunk %" PRIu64 " of A: %s", index, why);
        bool oky = chunk_pages(&ga, y, &py, why, sizeof(why));
        if (!oky)
            differ(d, path, "chunk %" PRIu64 " of B: %s", index, why);
        for (uint64_t k = 0; okx && oky && k < ga.chunk_pages; k++) {
            if (page_same(px.page[k], py.page[k], ga.page_size))
                continue;
            if (!header) {
                printf("%s: RAM pages differ:\n", path);
                header = true;
            }
            range_add(&r, ga.base + (index * ga.chunk_pages + k) * ga.page_size,
                      ga.page_size);
        }
        pages_free(&px);
        pages_free(&py);
    }
    if (!ca || !cb)
        differ(d, path, "out of memory reading RAM chunks");
    range_flush(&r);
    if (header) {
        if (r.more)
            printf(" ... and %u more ranges", r.more);
        printf("\n%s: %" PRIu64 " page%s differ%s\n", path, r.pages,
               r.pages == 1 ? "" : "s", r.pages == 1 ? "s" : "");
        d->differences += (unsigned)(r.pages > 1000000 ? 1000000 : r.pages);
    }
    free(ca);
    free(cb);
}

/* ---- sequences ---------------------------------------------------------------- */

static bool has_ram(const snap_item_t *rec)
{
    geometry_t g;
    return ram_geometry(rec, &g);
}

static void diff_item(diffctx_t *d, const char *path, const snap_item_t *a,
                      const snap_item_t *b);

static void diff_seq(diffctx_t *d, const char *path, snap_cursor_t ca,
                     snap_cursor_t cb, bool skip_chunks)
{
    entries_t ea, eb;
    char p[PATH_MAX_LEN];
    if (!collect(ca, skip_chunks, &ea) || !collect(cb, skip_chunks, &eb)) {
        differ(d, path[0] ? path : "(top)", "out of memory comparing");
        entries_free(&ea);
        entries_free(&eb);
        return;
    }
    if (ea.n)
        qsort(ea.e, ea.n, sizeof(*ea.e), cmp_pos); /* report in A's order */
    for (size_t i = 0; i < ea.n; i++) {
        entry_t *x = &ea.e[i], *y = lookup(&eb, x->key);
        path_join(p, sizeof(p), path, x->key);
        if (!y) {
            d->differences++;
            printf("only in A: %s\n", p);
            continue;
        }
        y->matched = true;
        diff_item(d, p, &x->it, &y->it);
    }
    if (eb.n)
        qsort(eb.e, eb.n, sizeof(*eb.e), cmp_pos);
    for (size_t i = 0; i < eb.n; i++)
        if (!eb.e[i].matched) {
            path_join(p, sizeof(p), path, eb.e[i].key);
            d->differences++;
            printf("only in B: %s\n", p);
        }
    entries_free(&ea);
    entries_free(&eb);
}

static void diff_item(diffctx_t *d, const char *path, const snap_item_t *a,
                      const snap_item_t *b)
{
    char fa[8], fb[8], ta[24], tb[24];
    if (a->type != b->type) {
        differ(d, path, "A is a %s, B a %s", type_str(a->type, ta),
               type_str(b->type, tb));
        return;
    }
    if (a->flags != b->flags)
        differ(d, path, "flags A %s, B %s", flags_str(a->flags, fa),
               flags_str(b->flags, fb));
    if (a->type != SNAP_T_RECORD) {
        diff_leaf(d, path, a, b);
        return;
    }
    snap_cursor_t ca, cb;
    snap_err_t err;
    if (!snap_enter(a, &ca, &err) || !snap_enter(b, &cb, &err))
        return;
    bool ram = has_ram(a) && has_ram(b);
    diff_seq(d, path, ca, cb, ram);
    if (ram)
        diff_ram(d, path, a, b);
}

int cmd_diff(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "arm64emu-snap diff: expects two FILEs\n");
        return EXIT_TROUBLE;
    }
    snapfile_t a, b;
    if (!snapfile_load(&a, argv[0]))
        return EXIT_TROUBLE;
    if (!snapfile_load(&b, argv[1])) {
        snapfile_free(&a);
        return EXIT_TROUBLE;
    }
    diffctx_t d = {0};
    if (strcmp(a.hdr.producer, b.hdr.producer) != 0 ||
        strcmp(a.hdr.version, b.hdr.version) != 0)
        printf("note: producers differ: A %s %s, B %s %s\n", a.hdr.producer,
               a.hdr.version, b.hdr.producer, b.hdr.version);
    if (a.hdr.flags != b.hdr.flags)
        differ(&d, "header", "flags A 0x%08x, B 0x%08x", a.hdr.flags, b.hdr.flags);
    diff_seq(&d, "", a.top, b.top, false);
    if (d.differences == 0)
        printf("same\n");
    snapfile_free(&a);
    snapfile_free(&b);
    return d.differences ? EXIT_DIFF : EXIT_SAME;
}
