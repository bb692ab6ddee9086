/* RAM in snapshots: `ram` records (one per RAM region) of `ram.source`
 * and `ram.chunk` records; pages equal to what a RAM source or zero would
 * give are elided, the rest zstd-compressed (docs/snapshot/machine.md). */
#include "snap_ram.h"

#include "ram_source.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define C SNAP_F_CRITICAL

const snap_field_def_t snap_ram_fields[] = {
    {"base", SNAP_T_U64, C, false},
    {"size", SNAP_T_U64, C, false},
    {"page_size", SNAP_T_U64, C, false},
    {"chunk_pages", SNAP_T_U64, C, false},
    {"ram.source", SNAP_T_RECORD, C, true},
    {"ram.chunk", SNAP_T_RECORD, C, true},
    {NULL, 0, 0, false},
};

const snap_field_def_t snap_chunk_fields[] = {
    {"index", SNAP_T_U64, C, false},
    {"present", SNAP_T_U64_ARRAY, C, false},
    {"data", SNAP_T_ZBYTES, C, false},
    {NULL, 0, 0, false},
};

const snap_field_def_t snap_source_fields[] = {
    {"name", SNAP_T_STRING, 0, false},
    {"size", SNAP_T_U64, C, false},
    {"offset", SNAP_T_U64, C, false},
    {"sha256", SNAP_T_BYTES, C, false},
    {NULL, 0, 0, false},
};

/* The codec already wrote the message: the file is damaged. */
static bool damaged(snap_load_t *ld)
{
    ld->status = ARM64EMU_ERR_BAD_SNAPSHOT;
    return false;
}

static const snap_record_def_t ram_def = {"ram", C, snap_ram_fields};
static const snap_record_def_t chunk_def = {"ram.chunk", C, snap_chunk_fields};
static const snap_record_def_t source_def = {"ram.source", C,
                                             snap_source_fields};


static bool page_is_zero(const uint8_t *p)
{
    uint64_t first;
    memcpy(&first, p, sizeof(first));
    return first == 0 && memcmp(p, p + 8, SNAP_PAGE - 8) == 0;
}

static unsigned popcount64(uint64_t x)
{
    unsigned n = 0;
    for (; x; x &= x - 1)
        n++;
    return n;
}

/* A source placed in a region: its entry and byte offset there. */
typedef struct placed {
    const ram_source_t *src;
    uint64_t offset;
} placed_t;

/* By offset, then by registration order (sources are elements of one
 * array), so that which of two sources at one address wins is defined. */
static int by_offset(const void *a, const void *b)
{
    const placed_t *x = a, *y = b;
    if (x->offset != y->offset)
        return (x->offset > y->offset) - (x->offset < y->offset);
    return (x->src > y->src) - (x->src < y->src);
}

/* The sources placed wholly inside r, by offset, none overlapping the one
 * before it (which wins). */
static size_t placed_in(const machine_t *m, const region_t *r,
                        placed_t out[ARM64EMU_MAX_RAM_SOURCES])
{
    size_t n = 0;
    for (unsigned i = 0; i < m->cfg.nram_sources; i++) {
        const ram_source_t *s = &m->cfg.ram_sources[i];
        if (s->guest_addr == ARM64EMU_RAM_SOURCE_UNPLACED ||
            s->guest_addr < r->base || s->guest_addr - r->base >= r->size ||
            s->size > r->size - (s->guest_addr - r->base))
            continue;
        out[n++] = (placed_t){s, s->guest_addr - r->base};
    }
    qsort(out, n, sizeof(*out), by_offset);
    size_t kept = 0;
    for (size_t i = 0; i < n; i++)
        if (!kept || out[i].offset >= out[kept - 1].offset +
                                           out[kept - 1].src->size)
            out[kept++] = out[i];
    return kept;
}

/* What a page loads as when no chunk stores it: its source's bytes, or
 * NULL for zero. */
static const uint8_t *page_default(const placed_t *p, size_t n, uint64_t at,
                                   uint8_t *tail)
{
    for (size_t i = 0; i < n; i++)
        if (at + SNAP_PAGE > p[i].offset && at < p[i].offset + p[i].src->size) {
            /* Sources are page-aligned, so one covers the whole page. */
            return ram_source_page(p[i].src, at - p[i].offset, tail);
        }
    return NULL;
}

static bool save_source(snap_writer_t *w, const placed_t *p)
{
    return snap_w_begin(w, "ram.source", C) &&
           snap_w_str(w, "name", 0, p->src->name) &&
           snap_w_u64(w, "size", C, p->src->size) &&
           snap_w_u64(w, "offset", C, p->offset) &&
           snap_w_bytes(w, "sha256", C, p->src->sha256, SHA256_LEN) &&
           snap_w_end(w);
}

bool snap_ram_save(snap_writer_t *w, const machine_t *m, const region_t *r,
                   int level, bool use_sources, uint8_t *scratch)
{
    uint64_t pages = r->size / SNAP_PAGE;
    uint64_t nchunks = (pages + SNAP_CHUNK_PAGES - 1) / SNAP_CHUNK_PAGES;
    placed_t src[ARM64EMU_MAX_RAM_SOURCES];
    size_t nsrc = use_sources ? placed_in(m, r, src) : 0;
    uint8_t tail[SNAP_PAGE];
    if (!snap_w_begin(w, "ram", C) || !snap_w_u64(w, "base", C, r->base) ||
        !snap_w_u64(w, "size", C, r->size) ||
        !snap_w_u64(w, "page_size", C, SNAP_PAGE) ||
        !snap_w_u64(w, "chunk_pages", C, SNAP_CHUNK_PAGES))
        return false;
    for (size_t i = 0; i < nsrc; i++)
        if (!save_source(w, &src[i]))
            return false;
    for (uint64_t ci = 0; ci < nchunks; ci++) {
        uint64_t present[SNAP_CHUNK_PAGES / 64] = {0};
        size_t n = 0;
        for (unsigned i = 0; i < SNAP_CHUNK_PAGES; i++) {
            uint64_t page = ci * SNAP_CHUNK_PAGES + i;
            if (page >= pages)
                break;
            const uint8_t *p = r->host + page * SNAP_PAGE;
            const uint8_t *dflt =
                nsrc ? page_default(src, nsrc, page * SNAP_PAGE, tail) : NULL;
            if (dflt ? memcmp(p, dflt, SNAP_PAGE) == 0
                     : !region_touched(r, (size_t)page) || page_is_zero(p))
                continue;
            present[i / 64] |= 1ull << (i % 64);
            memcpy(scratch + n++ * SNAP_PAGE, p, SNAP_PAGE);
        }
        if (!n)
            continue;
        if (!snap_w_begin(w, "ram.chunk", C) ||
            !snap_w_u64(w, "index", C, ci) ||
            !snap_w_u64_array(w, "present", C, present,
                              SNAP_CHUNK_PAGES / 64) ||
            !snap_w_zbytes(w, "data", C, scratch, n * SNAP_PAGE, level) ||
            !snap_w_end(w))
            return false;
    }
    return snap_w_end(w);
}

/* One ram record, checked. */
struct ram_plan {
    region_t *region;
    uint64_t chunk_pages;
    placed_t sources[ARM64EMU_MAX_RAM_SOURCES]; /* by offset */
    size_t nsources;
    uint64_t *filled;    /* pages the chunks give (apply's scratch) */
    snap_item_t *chunks; /* ram.chunk records, validated */
    size_t nchunks;
};


void snap_ram_load_free(snap_ram_load_t *rl)
{
    for (size_t i = 0; i < rl->n; i++) {
        free(rl->plans[i].chunks);
        free(rl->plans[i].filled);
    }
    free(rl->plans);
    memset(rl, 0, sizeof(*rl));
}

/* Checks one ram.chunk of plan p fully (decompressing it into scratch,
 * which grows as needed) and records it. seen marks chunk indexes. */
static bool check_chunk(snap_load_t *ld, snap_ram_load_t *rl, ram_plan_t *p,
                        const snap_item_t *ch, uint64_t *seen,
                        uint8_t **scratch, size_t *scratch_cap)
{
    uint64_t pages = p->region->size / SNAP_PAGE;
    uint64_t nchunks = (pages + p->chunk_pages - 1) / p->chunk_pages;
    uint64_t index = 0;
    if (!snap_load_check_nokeep(ld, ch, &chunk_def) ||
        !snap_need_u64(ld, ch, "index", &index))
        return false;
    if (index >= nchunks)
        return snap_fail(ld, ARM64EMU_ERR_BAD_SNAPSHOT, ch,
                         "index %" PRIu64 " is beyond the region's %" PRIu64
                         " chunks", index, nchunks);
    if (bit_test(seen, (size_t)index))
        return snap_fail(ld, ARM64EMU_ERR_BAD_SNAPSHOT, ch,
                         "chunk %" PRIu64 " appears more than once", index);
    bit_set(seen, (size_t)index);
    snap_item_t f;
    int r = snap_find(ch, "present", &f, ld->err);
    if (r < 0)
        return damaged(ld);
    if (r == 0)
        return snap_fail(ld, ARM64EMU_ERR_BAD_SNAPSHOT, ch,
                         "required field 'present' is missing");
    size_t words = (size_t)(p->chunk_pages + 63) / 64, n = 0;
    uint64_t present[SNAP_CHUNK_MAX / 64];
    if (!snap_get_u64_count(&f, &n, ld->err))
        return damaged(ld);
    if (n != words)
        return snap_fail(ld, ARM64EMU_ERR_BAD_SNAPSHOT, &f,
                         "has %zu words where %zu are expected", n, words);
    if (!snap_get_u64_array(&f, present, words, &n, ld->err))
        return damaged(ld);
    uint64_t in_chunk = pages - index * p->chunk_pages;
    if (in_chunk > p->chunk_pages)
        in_chunk = p->chunk_pages;
    size_t count = 0;
    for (size_t i = 0; i < words; i++) {
        for (unsigned b = 0; b < 64; b++)
            if ((present[i] >> b & 1) && 64 * i + b >= in_chunk)
                return snap_fail(ld, ARM64EMU_ERR_BAD_SNAPSHOT, &f,
                                 "marks page %zu, beyond the chunk's %" PRIu64,
                                 64 * i + b, in_chunk);
        count += popcount64(present[i]);
    }
    r = snap_find(ch, "data", &f, ld->err);
    if (r < 0)
        return damaged(ld);
    if (r == 0)
        return snap_fail(ld, ARM64EMU_ERR_BAD_SNAPSHOT, ch,
                         "required field 'data' is missing");
    size_t len = count * SNAP_PAGE;
    if (len > *scratch_cap) {
        uint8_t *grown = realloc(*scratch, len);
        if (!grown)
            return snap_fail(ld, ARM64EMU_ERR_NO_MEMORY, &f, "out of memory");
        *scratch = grown;
        *scratch_cap = len;
    }
    if (!snap_get_zbytes(&f, *scratch, len, ld->err))
        return damaged(ld);
    if (len > rl->scratch_len)
        rl->scratch_len = len;
    p->chunks[p->nchunks++] = *ch;
    return true;
}

static void hex(const uint8_t *b, size_t n, char *out)
{
    for (size_t i = 0; i < n; i++)
        snprintf(out + 2 * i, 3, "%02x", b[i]);
}

/* Checks one ram.source of plan p and finds the registered bytes it
 * names. */
static bool check_source(snap_load_t *ld, snap_ram_load_t *rl, ram_plan_t *p,
                         const snap_item_t *rec)
{
    uint64_t size = 0, offset = 0;
    char name[64] = "";
    if (!snap_load_check_nokeep(ld, rec, &source_def) ||
        !snap_need_u64(ld, rec, "size", &size) ||
        !snap_need_u64(ld, rec, "offset", &offset))
        return false;
    snap_item_t f;
    int r = snap_find(rec, "name", &f, ld->err);
    if (r < 0 || (r > 0 && !snap_get_str(&f, name, sizeof(name), ld->err)))
        return damaged(ld);
    r = snap_find(rec, "sha256", &f, ld->err);
    if (r < 0)
        return damaged(ld);
    if (r == 0)
        return snap_fail(ld, ARM64EMU_ERR_BAD_SNAPSHOT, rec,
                         "required field 'sha256' is missing");
    const uint8_t *digest = NULL;
    size_t len = 0;
    if (!snap_get_bytes(&f, &digest, &len, ld->err))
        return damaged(ld);
    if (len != SHA256_LEN)
        return snap_fail(ld, ARM64EMU_ERR_BAD_SNAPSHOT, &f,
                         "has %zu bytes where %d are expected", len,
                         SHA256_LEN);
    uint64_t rsize = p->region->size;
    if (size == 0 || offset % SNAP_PAGE || offset >= rsize ||
        size > rsize - offset)
        return snap_fail(ld, ARM64EMU_ERR_BAD_SNAPSHOT, rec,
                         "offset 0x%" PRIx64 " size 0x%" PRIx64
                         " is not a page-aligned range of the region", offset,
                         size);
    for (size_t i = 0; i < p->nsources; i++) {
        const placed_t *o = &p->sources[i];
        if (offset < o->offset + o->src->size && o->offset < offset + size)
            return snap_fail(ld, ARM64EMU_ERR_BAD_SNAPSHOT, rec,
                             "overlaps another source at offset 0x%" PRIx64,
                             o->offset);
    }
    if (p->nsources == ARM64EMU_MAX_RAM_SOURCES)
        return snap_fail(ld, ARM64EMU_ERR_INCOMPATIBLE, rec,
                         "is one more than the %d sources a region may have",
                         ARM64EMU_MAX_RAM_SOURCES);
    int at = ram_source_find(ld->m, digest, size);
    if (at < 0) {
        char h[2 * SHA256_LEN + 1];
        hex(digest, SHA256_LEN, h);
        return snap_fail(ld, ARM64EMU_ERR_INCOMPATIBLE, rec,
                         "needs RAM source '%s' (%" PRIu64 " bytes, sha256 %s) "
                         "at 0x%" PRIx64 ": register those bytes "
                         "(arm64emu_ram_source_add, "
                         "arm64emu_config_add_ram_source)", name, size, h,
                         p->region->base + offset);
    }
    if (rl->source_named[at])
        return snap_fail(ld, ARM64EMU_ERR_BAD_SNAPSHOT, rec,
                         "names RAM source '%s' a second time", name);
    rl->source_named[at] = true;
    p->sources[p->nsources++] =
        (placed_t){&ld->m->cfg.ram_sources[at], offset};
    qsort(p->sources, p->nsources, sizeof(placed_t), by_offset);
    return true;
}

/* Checks a ram record against the machine's regions and every chunk. */
bool snap_ram_check(snap_load_t *ld, snap_ram_load_t *rl, const snap_item_t *rec,
                      uint8_t **scratch, size_t *scratch_cap)
{
    uint64_t base = 0, size = 0, page_size = SNAP_PAGE,
             chunk_pages = SNAP_CHUNK_PAGES;
    if (!snap_load_check_nokeep(ld, rec, &ram_def) ||
        !snap_need_u64(ld, rec, "base", &base) || !snap_need_u64(ld, rec, "size", &size) ||
        !snap_load_u64(ld, rec, "page_size", &page_size) ||
        !snap_load_u64(ld, rec, "chunk_pages", &chunk_pages))
        return false;
    if (page_size != SNAP_PAGE)
        return snap_fail(ld, ARM64EMU_ERR_INCOMPATIBLE, rec,
                         "page_size %" PRIu64 " is not %llu", page_size,
                         (unsigned long long)SNAP_PAGE);
    if (chunk_pages == 0 || chunk_pages > SNAP_CHUNK_MAX)
        return snap_fail(ld, ARM64EMU_ERR_BAD_SNAPSHOT, rec,
                         "chunk_pages %" PRIu64 " is not 1..%u", chunk_pages,
                         SNAP_CHUNK_MAX);
    region_t *region = bus_find(&ld->m->bus, base);
    if (!region || !region_is_ram(region) || region->base != base ||
        region->size != size)
        return snap_fail(ld, ARM64EMU_ERR_INCOMPATIBLE, rec,
                         "RAM 0x%" PRIx64 " size 0x%" PRIx64
                         " is not a RAM region of this machine", base, size);
    for (size_t i = 0; i < rl->n; i++)
        if (rl->plans[i].region == region)
            return snap_fail(ld, ARM64EMU_ERR_BAD_SNAPSHOT, rec,
                             "RAM 0x%" PRIx64 " appears more than once", base);
    if (rl->n == rl->cap) {
        size_t cap = rl->cap ? 2 * rl->cap : 4;
        ram_plan_t *grown = realloc(rl->plans, cap * sizeof(*grown));
        if (!grown)
            return snap_fail(ld, ARM64EMU_ERR_NO_MEMORY, rec, "out of memory");
        rl->plans = grown;
        rl->cap = cap;
    }
    uint64_t pages = size / SNAP_PAGE;
    uint64_t nchunks = (pages + chunk_pages - 1) / chunk_pages;
    /* Chunks are records, so there are at most as many as fit in rec. */
    size_t most = (size_t)(rec->len / 16) + 1;
    ram_plan_t *p = &rl->plans[rl->n++];
    *p = (ram_plan_t){.region = region, .chunk_pages = chunk_pages};
    p->chunks = calloc(most, sizeof(snap_item_t));
    p->filled = calloc((size_t)(pages + 63) / 64 + 1, sizeof(uint64_t));
    uint64_t *seen = calloc((size_t)(nchunks + 63) / 64 + 1, sizeof(uint64_t));
    if (!p->chunks || !p->filled || !seen) {
        free(seen);
        return snap_fail(ld, ARM64EMU_ERR_NO_MEMORY, rec, "out of memory");
    }
    snap_cursor_t c;
    snap_item_t it;
    int r;
    bool ok = snap_enter(rec, &c, ld->err) || damaged(ld);
    while (ok && (r = snap_next(&c, &it, ld->err)) != 0) {
        if (r < 0)
            ok = damaged(ld);
        else if (it.type == SNAP_T_RECORD && strcmp(it.name, "ram.chunk") == 0)
            ok = check_chunk(ld, rl, p, &it, seen, scratch, scratch_cap);
        else if (it.type == SNAP_T_RECORD &&
                 strcmp(it.name, "ram.source") == 0)
            ok = check_source(ld, rl, p, &it);
    }
    free(seen);
    return ok;
}

/* Writes one page of region r if it differs, as a bus write would (dirty,
 * decoded code dropped). */
static void put_page(machine_t *m, region_t *r, uint64_t page,
                     const uint8_t *src)
{
    uint8_t *dst = r->host + page * SNAP_PAGE;
    if (!src && !region_touched(r, (size_t)page))
        return; /* never written: zero */
    if (src ? memcmp(dst, src, SNAP_PAGE) == 0 : page_is_zero(dst))
        return;
    if (src)
        memcpy(dst, src, SNAP_PAGE);
    else
        memset(dst, 0, SNAP_PAGE);
    bus_note_write(&m->bus, r, r->base + page * SNAP_PAGE);
}

/* Applies checked RAM; cannot fail (the data was decompressed once). */
void snap_ram_apply(machine_t *m, const snap_ram_load_t *rl, uint8_t *scratch)
{
    for (size_t i = 0; i < rl->n; i++) {
        const ram_plan_t *p = &rl->plans[i];
        region_t *r = p->region;
        uint64_t pages = r->size / SNAP_PAGE;
        uint64_t *filled = p->filled;
        for (size_t k = 0; k < p->nchunks; k++) {
            const snap_item_t *ch = &p->chunks[k];
            snap_item_t f;
            uint64_t index = 0, present[SNAP_CHUNK_MAX / 64];
            size_t words = (size_t)(p->chunk_pages + 63) / 64, n = 0, count = 0;
            snap_find_u64(ch, "index", 0, &index, NULL);
            snap_find(ch, "present", &f, NULL);
            snap_get_u64_array(&f, present, words, &n, NULL);
            for (size_t w = 0; w < words; w++)
                count += popcount64(present[w]);
            snap_find(ch, "data", &f, NULL);
            snap_get_zbytes(&f, scratch, count * SNAP_PAGE, NULL);
            size_t at = 0;
            for (uint64_t b = 0; b < p->chunk_pages; b++) {
                if (!(present[b / 64] >> (b % 64) & 1))
                    continue;
                uint64_t page = index * p->chunk_pages + b;
                put_page(m, r, page, scratch + at++ * SNAP_PAGE);
                bit_set(filled, (size_t)page);
            }
        }
        uint8_t tail[SNAP_PAGE];
        for (uint64_t page = 0; page < pages; page++)
            if (!bit_test(filled, (size_t)page))
                put_page(m, r, page,
                         page_default(p->sources, p->nsources,
                                      page * SNAP_PAGE, tail));
        for (size_t k = 0; k < p->nsources; k++) {
            ram_source_t *s = &m->cfg.ram_sources[p->sources[k].src -
                                                  m->cfg.ram_sources];
            s->guest_addr = r->base + p->sources[k].offset;
        }
    }
    /* RAM is the file's now: sources it does not name describe nothing,
     * and the next save must not name them either. */
    for (unsigned i = 0; rl->n && i < m->cfg.nram_sources; i++)
        if (!rl->source_named[i])
            m->cfg.ram_sources[i].guest_addr = ARM64EMU_RAM_SOURCE_UNPLACED;
}


bool snap_ram_check_complete(snap_load_t *ld, const snap_ram_load_t *rl,
                             const machine_t *m)
{
    for (unsigned i = 0; i < m->bus.count; i++) {
        const region_t *r = &m->bus.regions[i];
        bool found = !region_is_ram(r);
        for (size_t k = 0; !found && k < rl->n; k++)
            found = rl->plans[k].region == r;
        if (!found)
            return snap_fail(ld, ARM64EMU_ERR_BAD_SNAPSHOT, NULL,
                             "no 'ram' record for RAM region 0x%" PRIx64,
                             r->base);
    }
    return true;
}
