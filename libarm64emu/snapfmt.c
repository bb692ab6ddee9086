/* Snapshot record codec; the format is docs/snapshot-format.md. Every read
 * checks the bytes remaining before it touches them, so no input can make
 * the reader leave its buffer or allocate by a length it has not checked. */
#include "snapfmt.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zstd.h>

static const uint8_t snap_magic[SNAP_MAGIC_LEN] = {0x89, 'A', '6', '4',
                                                   'S', 'N', 'A', 'P'};

/* Bytes of an item before its value: type, flags, name length, length. */
#define ITEM_FIXED 11u

/* ---- CRC-32C (Castagnoli, reflected 0x82F63B78) ---------------------- */

static const uint32_t crc32c_table[256] = {
    0x00000000u, 0xf26b8303u, 0xe13b70f7u, 0x1350f3f4u, 0xc79a971fu, 0x35f1141cu,
    0x26a1e7e8u, 0xd4ca64ebu, 0x8ad958cfu, 0x78b2dbccu, 0x6be22838u, 0x9989ab3bu,
    0x4d43cfd0u, 0xbf284cd3u, 0xac78bf27u, 0x5e133c24u, 0x105ec76fu, 0xe235446cu,
    0xf165b798u, 0x030e349bu, 0xd7c45070u, 0x25afd373u, 0x36ff2087u, 0xc494a384u,
    0x9a879fa0u, 0x68ec1ca3u, 0x7bbcef57u, 0x89d76c54u, 0x5d1d08bfu, 0xaf768bbcu,
    0xbc267848u, 0x4e4dfb4bu, 0x20bd8edeu, 0xd2d60dddu, 0xc186fe29u, 0x33ed7d2au,
    0xe72719c1u, 0x154c9ac2u, 0x061c6936u, 0xf477ea35u, 0xaa64d611u, 0x580f5512u,
    0x4b5fa6e6u, 0xb93425e5u, 0x6dfe410eu, 0x9f95c20du, 0x8cc531f9u, 0x7eaeb2fau,
    0x30e349b1u, 0xc288cab2u, 0xd1d83946u, 0x23b3ba45u, 0xf779deaeu, 0x05125dadu,
    0x1642ae59u, 0xe4292d5au, 0xba3a117eu, 0x4851927du, 0x5b016189u, 0xa96ae28au,
    0x7da08661u, 0x8fcb0562u, 0x9c9bf696u, 0x6ef07595u, 0x417b1dbcu, 0xb3109ebfu,
    0xa0406d4bu, 0x522bee48u, 0x86e18aa3u, 0x748a09a0u, 0x67dafa54u, 0x95b17957u,
    0xcba24573u, 0x39c9c670u, 0x2a993584u, 0xd8f2b687u, 0x0c38d26cu, 0xfe53516fu,
    0xed03a29bu, 0x1f682198u, 0x5125dad3u, 0xa34e59d0u, 0xb01eaa24u, 0x42752927u,
    0x96bf4dccu, 0x64d4cecfu, 0x77843d3bu, 0x85efbe38u, 0xdbfc821cu, 0x2997011fu,
    0x3ac7f2ebu, 0xc8ac71e8u, 0x1c661503u, 0xee0d9600u, 0xfd5d65f4u, 0x0f36e6f7u,
    0x61c69362u, 0x93ad1061u, 0x80fde395u, 0x72966096u, 0xa65c047du, 0x5437877eu,
    0x4767748au, 0xb50cf789u, 0xeb1fcbadu, 0x197448aeu, 0x0a24bb5au, 0xf84f3859u,
    0x2c855cb2u, 0xdeeedfb1u, 0xcdbe2c45u, 0x3fd5af46u, 0x7198540du, 0x83f3d70eu,
    0x90a324fau, 0x62c8a7f9u, 0xb602c312u, 0x44694011u, 0x5739b3e5u, 0xa55230e6u,
    0xfb410cc2u, 0x092a8fc1u, 0x1a7a7c35u, 0xe811ff36u, 0x3cdb9bddu, 0xceb018deu,
    0xdde0eb2au, 0x2f8b6829u, 0x82f63b78u, 0x709db87bu, 0x63cd4b8fu, 0x91a6c88cu,
    0x456cac67u, 0xb7072f64u, 0xa457dc90u, 0x563c5f93u, 0x082f63b7u, 0xfa44e0b4u,
    0xe9141340u, 0x1b7f9043u, 0xcfb5f4a8u, 0x3dde77abu, 0x2e8e845fu, 0xdce5075cu,
    0x92a8fc17u, 0x60c37f14u, 0x73938ce0u, 0x81f80fe3u, 0x55326b08u, 0xa759e80bu,
    0xb4091bffu, 0x466298fcu, 0x1871a4d8u, 0xea1a27dbu, 0xf94ad42fu, 0x0b21572cu,
    0xdfeb33c7u, 0x2d80b0c4u, 0x3ed04330u, 0xccbbc033u, 0xa24bb5a6u, 0x502036a5u,
    0x4370c551u, 0xb11b4652u, 0x65d122b9u, 0x97baa1bau, 0x84ea524eu, 0x7681d14du,
    0x2892ed69u, 0xdaf96e6au, 0xc9a99d9eu, 0x3bc21e9du, 0xef087a76u, 0x1d63f975u,
    0x0e330a81u, 0xfc588982u, 0xb21572c9u, 0x407ef1cau, 0x532e023eu, 0xa145813du,
    0x758fe5d6u, 0x87e466d5u, 0x94b49521u, 0x66df1622u, 0x38cc2a06u, 0xcaa7a905u,
    0xd9f75af1u, 0x2b9cd9f2u, 0xff56bd19u, 0x0d3d3e1au, 0x1e6dcdeeu, 0xec064eedu,
    0xc38d26c4u, 0x31e6a5c7u, 0x22b65633u, 0xd0ddd530u, 0x0417b1dbu, 0xf67c32d8u,
    0xe52cc12cu, 0x1747422fu, 0x49547e0bu, 0xbb3ffd08u, 0xa86f0efcu, 0x5a048dffu,
    0x8ecee914u, 0x7ca56a17u, 0x6ff599e3u, 0x9d9e1ae0u, 0xd3d3e1abu, 0x21b862a8u,
    0x32e8915cu, 0xc083125fu, 0x144976b4u, 0xe622f5b7u, 0xf5720643u, 0x07198540u,
    0x590ab964u, 0xab613a67u, 0xb831c993u, 0x4a5a4a90u, 0x9e902e7bu, 0x6cfbad78u,
    0x7fab5e8cu, 0x8dc0dd8fu, 0xe330a81au, 0x115b2b19u, 0x020bd8edu, 0xf0605beeu,
    0x24aa3f05u, 0xd6c1bc06u, 0xc5914ff2u, 0x37faccf1u, 0x69e9f0d5u, 0x9b8273d6u,
    0x88d28022u, 0x7ab90321u, 0xae7367cau, 0x5c18e4c9u, 0x4f48173du, 0xbd23943eu,
    0xf36e6f75u, 0x0105ec76u, 0x12551f82u, 0xe03e9c81u, 0x34f4f86au, 0xc69f7b69u,
    0xd5cf889du, 0x27a40b9eu, 0x79b737bau, 0x8bdcb4b9u, 0x988c474du, 0x6ae7c44eu,
    0xbe2da0a5u, 0x4c4623a6u, 0x5f16d052u, 0xad7d5351u,
};

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
/* SSE4.2's CRC32 instruction computes exactly this CRC (Castagnoli,
 * reflected), 8 bytes at a time: RAM records are checked several times per
 * load, and the table loop was most of a save's time. */
#define SNAP_CRC_HW 1
__attribute__((target("sse4.2"))) static uint32_t
crc32c_sse42(uint32_t crc, const uint8_t *p, size_t len)
{
    uint64_t c = crc;
    for (; len >= 8; p += 8, len -= 8) {
        uint64_t v;
        memcpy(&v, p, sizeof(v));
        c = __builtin_ia32_crc32di(c, v);
    }
    uint32_t c32 = (uint32_t)c;
    while (len--)
        c32 = __builtin_ia32_crc32qi(c32, *p++);
    return c32;
}
#endif

uint32_t snap_crc32c(uint32_t crc, const void *data, size_t len)
{
    const uint8_t *p = data;
    crc = ~crc;
#ifdef SNAP_CRC_HW
    if (__builtin_cpu_supports("sse4.2"))
        return ~crc32c_sse42(crc, p, len);
#endif
    while (len--)
        crc = crc32c_table[(crc ^ *p++) & 0xff] ^ (crc >> 8);
    return ~crc;
}

/* ---- Little-endian helpers ------------------------------------------- */

static uint64_t rd64(const uint8_t *p)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < 8; i++)
        v |= (uint64_t)p[i] << (8 * i);
    return v;
}

static uint32_t rd32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
           (uint32_t)p[3] << 24;
}

static void wr64(uint8_t *p, uint64_t v)
{
    for (unsigned i = 0; i < 8; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static void wr32(uint8_t *p, uint32_t v)
{
    for (unsigned i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static bool name_char_ok(uint8_t c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '-';
}

static bool name_ok(const uint8_t *s, size_t k)
{
    if (k == 0 || k > SNAP_NAME_MAX)
        return false;
    for (size_t i = 0; i < k; i++)
        if (!name_char_ok(s[i]))
            return false;
    return true;
}

/* Well-formed UTF-8 (RFC 3629) without NUL bytes. */
static bool text_ok(const uint8_t *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        uint8_t c = s[i];
        size_t more;
        uint32_t cp;
        if (c == 0)
            return false;
        if (c < 0x80) {
            i++;
            continue;
        }
        if (c >= 0xc2 && c <= 0xdf)
            more = 1, cp = c & 0x1f;
        else if (c >= 0xe0 && c <= 0xef)
            more = 2, cp = c & 0x0f;
        else if (c >= 0xf0 && c <= 0xf4)
            more = 3, cp = c & 0x07;
        else
            return false;
        if (n - i - 1 < more)
            return false;
        for (size_t j = 1; j <= more; j++) {
            if ((s[i + j] & 0xc0) != 0x80)
                return false;
            cp = cp << 6 | (s[i + j] & 0x3f);
        }
        if ((more == 2 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
            (more == 3 && (cp < 0x10000 || cp > 0x10ffff)))
            return false;
        i += more + 1;
    }
    return true;
}

static const char *type_name(uint8_t t)
{
    static const char *const names[] = {
        "invalid", "u64", "i64", "bytes", "string", "u64[]", "record", "zbytes",
    };
    return t < sizeof(names) / sizeof(names[0]) ? names[t] : "unknown-type";
}

/* ---- Errors ---------------------------------------------------------- */

static bool fail_at(snap_err_t *err, uint64_t off, const char *what,
                    const char *fmt, ...)
{
    if (!err)
        return false;
    err->offset = off;
    int n = snprintf(err->msg, sizeof(err->msg), "snapshot %s at offset %llu: ",
                     what, (unsigned long long)off);
    if (n < 0 || (size_t)n >= sizeof(err->msg))
        return false;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg + n, sizeof(err->msg) - (size_t)n, fmt, ap);
    va_end(ap);
    return false;
}

/* "record 'gic.dist'" or "field 'ctlr' in record 'gic.dist'". */
static void describe(char *buf, size_t cap, uint8_t type, const char *name,
                     const char *parent)
{
    const char *kind = type == SNAP_T_RECORD ? "record" : "field";
    if (parent[0])
        snprintf(buf, cap, "%s '%s' in record '%s'", kind, name, parent);
    else
        snprintf(buf, cap, "%s '%s'", kind, name);
}

static bool fail_item(snap_err_t *err, const snap_item_t *it, const char *fmt,
                      ...)
{
    if (!err)
        return false;
    char what[2 * SNAP_NAME_MAX + 40];
    describe(what, sizeof(what), it->type, it->name, it->parent);
    char detail[200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(detail, sizeof(detail), fmt, ap);
    va_end(ap);
    return fail_at(err, (uint64_t)(it->start - it->file), what, "%s", detail);
}

/* ---- Writer ---------------------------------------------------------- */

void snap_w_init(snap_writer_t *w)
{
    memset(w, 0, sizeof(*w));
}

void snap_w_free(snap_writer_t *w)
{
    free(w->buf);
    snap_w_init(w);
}

uint8_t *snap_w_take(snap_writer_t *w, size_t *len)
{
    uint8_t *b = w->failed ? NULL : w->buf;
    *len = w->failed ? 0 : w->len;
    if (w->failed)
        free(w->buf);
    snap_w_init(w);
    return b;
}

static bool reserve(snap_writer_t *w, size_t extra)
{
    if (w->failed)
        return false;
    if (extra > SIZE_MAX - w->len) {
        w->failed = true;
        return false;
    }
    size_t need = w->len + extra;
    if (need <= w->cap)
        return true;
    size_t cap = w->cap ? w->cap : 4096;
    while (cap < need)
        cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    uint8_t *b = realloc(w->buf, cap);
    if (!b) {
        w->failed = true;
        return false;
    }
    w->buf = b;
    w->cap = cap;
    return true;
}

static void put(snap_writer_t *w, const void *p, size_t n)
{
    if (n)
        memcpy(w->buf + w->len, p, n);
    w->len += n;
}

/* Writes an item's framing with value length len; reserves room for the
 * value plus extra bytes. */
static bool item_head(snap_writer_t *w, uint8_t type, const char *name,
                      unsigned flags, uint64_t len, size_t room)
{
    size_t k = name ? strlen(name) : 0;
    if (w->failed || w->len == 0 || !name_ok((const uint8_t *)name, k) ||
        (flags & ~(SNAP_F_CRITICAL | SNAP_F_SAFE_TO_COPY)) ||
        (type != SNAP_T_RECORD && w->depth == 0)) {
        w->failed = true;
        return false;
    }
    if (room > SIZE_MAX - ITEM_FIXED - k || !reserve(w, ITEM_FIXED + k + room))
        return false;
    uint8_t h[3] = {type, (uint8_t)flags, (uint8_t)k};
    put(w, h, 3);
    put(w, name, k);
    wr64(w->buf + w->len, len);
    w->len += 8;
    return true;
}

bool snap_w_header(snap_writer_t *w, const char *producer,
                   const char *version, uint32_t flags)
{
    size_t n = strlen(producer), v = strlen(version);
    if (w->failed || w->len || n == 0 || n > SNAP_NAME_MAX || v == 0 ||
        v > SNAP_NAME_MAX) {
        w->failed = true;
        return false;
    }
    for (size_t i = 0; i < n; i++)
        if (producer[i] < 0x20 || producer[i] > 0x7e)
            w->failed = true;
    for (size_t i = 0; i < v; i++)
        if (version[i] < 0x20 || version[i] > 0x7e)
            w->failed = true;
    if (w->failed || !reserve(w, SNAP_MAGIC_LEN + 14 + n + v))
        return false;
    put(w, snap_magic, SNAP_MAGIC_LEN);
    uint8_t b[4];
    wr32(b, SNAP_GENERATION);
    put(w, b, 4);
    wr32(b, flags);
    put(w, b, 4);
    b[0] = (uint8_t)n;
    put(w, b, 1);
    put(w, producer, n);
    b[0] = (uint8_t)v;
    put(w, b, 1);
    put(w, version, v);
    wr32(b, snap_crc32c(0, w->buf, w->len));
    put(w, b, 4);
    return true;
}

bool snap_w_begin(snap_writer_t *w, const char *tag, unsigned flags)
{
    if (w->depth >= SNAP_DEPTH_MAX) {
        w->failed = true;
        return false;
    }
    size_t start = w->len;
    if (!item_head(w, SNAP_T_RECORD, tag, flags, 0, 0))
        return false;
    w->open[w->depth++] = start;
    return true;
}

bool snap_w_end(snap_writer_t *w)
{
    if (w->failed || w->depth == 0) {
        w->failed = true;
        return false;
    }
    if (!reserve(w, 4))
        return false;
    size_t start = w->open[--w->depth];
    size_t value = start + ITEM_FIXED + w->buf[start + 2];
    wr64(w->buf + value - 8, (uint64_t)(w->len - value) + 4);
    uint8_t b[4];
    wr32(b, snap_crc32c(0, w->buf + start, w->len - start));
    put(w, b, 4);
    return true;
}

bool snap_w_finish(snap_writer_t *w)
{
    if (w->depth != 0) {
        w->failed = true;
        return false;
    }
    return snap_w_begin(w, SNAP_END_TAG, SNAP_F_CRITICAL) && snap_w_end(w);
}

static bool field(snap_writer_t *w, uint8_t type, const char *name,
                  unsigned flags, const void *v, size_t len)
{
    if (!item_head(w, type, name, flags, len, len))
        return false;
    put(w, v, len);
    return true;
}

bool snap_w_u64(snap_writer_t *w, const char *name, unsigned flags,
                uint64_t v)
{
    uint8_t b[8];
    wr64(b, v);
    return field(w, SNAP_T_U64, name, flags, b, 8);
}

bool snap_w_i64(snap_writer_t *w, const char *name, unsigned flags,
                int64_t v)
{
    uint8_t b[8];
    wr64(b, (uint64_t)v);
    return field(w, SNAP_T_I64, name, flags, b, 8);
}

bool snap_w_bytes(snap_writer_t *w, const char *name, unsigned flags,
                  const void *data, size_t len)
{
    return field(w, SNAP_T_BYTES, name, flags, data, len);
}

bool snap_w_str(snap_writer_t *w, const char *name, unsigned flags,
                const char *s)
{
    return field(w, SNAP_T_STRING, name, flags, s, strlen(s));
}

bool snap_w_u64_array(snap_writer_t *w, const char *name, unsigned flags,
                      const uint64_t *v, size_t n)
{
    if (n > SIZE_MAX / 8) {
        w->failed = true;
        return false;
    }
    if (!item_head(w, SNAP_T_U64_ARRAY, name, flags, (uint64_t)n * 8, n * 8))
        return false;
    for (size_t i = 0; i < n; i++) {
        wr64(w->buf + w->len, v[i]);
        w->len += 8;
    }
    return true;
}

bool snap_w_zbytes(snap_writer_t *w, const char *name, unsigned flags,
                   const void *data, size_t len, int level)
{
    size_t bound = ZSTD_compressBound(len);
    if (ZSTD_isError(bound) || bound > SIZE_MAX - 8) {
        w->failed = true;
        return false;
    }
    if (!item_head(w, SNAP_T_ZBYTES, name, flags, 0, 8 + bound))
        return false;
    size_t lenpos = w->len - 8;
    wr64(w->buf + w->len, (uint64_t)len);
    w->len += 8;
    size_t c = ZSTD_compress(w->buf + w->len, bound, data, len, level);
    if (ZSTD_isError(c)) {
        w->failed = true;
        return false;
    }
    w->len += c;
    wr64(w->buf + lenpos, (uint64_t)c + 8);
    return true;
}

bool snap_w_raw(snap_writer_t *w, const void *item, size_t len)
{
    if (w->failed || w->len == 0 || !reserve(w, len))
        return false;
    put(w, item, len);
    return true;
}

/* ---- Reader ---------------------------------------------------------- */

bool snap_open(const uint8_t *file, size_t size, snap_header_t *h,
               snap_cursor_t *top, snap_err_t *err)
{
    const char *what = "header";
    memset(h, 0, sizeof(*h));
    if (size < SNAP_MAGIC_LEN + 8 + 1)
        return fail_at(err, 0, what, "file of %zu bytes is too short", size);
    if (memcmp(file, snap_magic, SNAP_MAGIC_LEN) != 0)
        return fail_at(err, 0, what, "bad magic: not a snapshot");
    size_t pos = SNAP_MAGIC_LEN;
    h->generation = rd32(file + pos);
    h->flags = rd32(file + pos + 4);
    pos += 8;
    char *dst[2] = {h->producer, h->version};
    for (unsigned s = 0; s < 2; s++) {
        if (size - pos < 1)
            return fail_at(err, pos, what, "truncated");
        size_t n = file[pos++];
        if (n == 0 || n > SNAP_NAME_MAX)
            return fail_at(err, pos - 1, what,
                           "producer string length %zu out of range", n);
        if (size - pos < n)
            return fail_at(err, pos - 1, what,
                           "producer string length %zu exceeds the %zu bytes remaining",
                           n, size - pos);
        for (size_t i = 0; i < n; i++)
            if (file[pos + i] < 0x20 || file[pos + i] > 0x7e)
                return fail_at(err, pos + i, what,
                               "producer string is not printable ASCII");
        memcpy(dst[s], file + pos, n);
        dst[s][n] = 0;
        pos += n;
    }
    if (size - pos < 4)
        return fail_at(err, pos, what, "truncated before its CRC");
    uint32_t want = rd32(file + pos), got = snap_crc32c(0, file, pos);
    if (want != got)
        return fail_at(err, pos, what,
                       "CRC mismatch (stored 0x%08x, computed 0x%08x)", want, got);
    pos += 4;
    if (h->generation != SNAP_GENERATION)
        return fail_at(err, SNAP_MAGIC_LEN, what,
                       "format generation %u is not supported (this library reads %u)",
                       h->generation, SNAP_GENERATION);
    if (h->flags & 0xffffu)
        return fail_at(err, SNAP_MAGIC_LEN + 4, what,
                       "unknown critical header flags 0x%04x", h->flags & 0xffffu);
    memset(top, 0, sizeof(*top));
    top->file = file;
    top->pos = pos;
    top->end = size;
    top->depth = 1;
    top->top = true;
    return true;
}

/* Turns a failure report into snap_next's error return. */
static int failed(bool reported)
{
    (void)reported;
    return -1;
}

int snap_next(snap_cursor_t *c, snap_item_t *it, snap_err_t *err)
{
    /* Names the position before the item's own name is known. */
    char where[SNAP_NAME_MAX + 32] = "item";
    if (c->parent[0])
        snprintf(where, sizeof(where), "item in record '%s'", c->parent);
    if (c->done)
        return 0;
    size_t pos = c->pos, rem = c->end - c->pos;
    const uint8_t *p = c->file + pos;
    if (rem == 0) {
        if (c->top)
            return failed(fail_at(err, pos, "file", "truncated: no '%s' record",
                                  SNAP_END_TAG));
        c->done = true;
        return 0;
    }
    if (rem < 3)
        return failed(fail_at(err, pos, where, "%zu bytes remaining, too few for an item",
                       rem));
    size_t k = p[2];
    if (k == 0 || k > SNAP_NAME_MAX)
        return failed(fail_at(err, pos, where, "name length %zu out of range", k));
    if (rem < ITEM_FIXED + k)
        return failed(fail_at(err, pos, where,
                       "item header of %zu bytes exceeds the %zu bytes remaining",
                       ITEM_FIXED + k, rem));
    if (!name_ok(p + 3, k))
        return failed(fail_at(err, pos, where, "invalid name"));
    memset(it, 0, sizeof(*it));
    it->file = c->file;
    it->start = p;
    it->type = p[0];
    it->flags = p[1];
    it->depth = c->depth;
    memcpy(it->name, p + 3, k);
    memcpy(it->parent, c->parent, sizeof(it->parent));
    uint64_t len = rd64(p + 3 + k);
    size_t avail = rem - ITEM_FIXED - k;
    if (len > avail)
        return failed(fail_item(err, it, "length %llu exceeds the %zu bytes remaining",
                         (unsigned long long)len, avail));
    it->value = p + ITEM_FIXED + k;
    it->len = len;
    it->size = ITEM_FIXED + k + (size_t)len;
    switch (it->type) {
    case 0:
        return failed(fail_item(err, it, "invalid type 0"));
    case SNAP_T_U64:
    case SNAP_T_I64:
        if (len != 8)
            return failed(fail_item(err, it, "%s of %llu bytes, not 8", type_name(it->type),
                             (unsigned long long)len));
        break;
    case SNAP_T_U64_ARRAY:
        if (len % 8)
            return failed(fail_item(err, it, "u64[] of %llu bytes, not a multiple of 8",
                             (unsigned long long)len));
        break;
    case SNAP_T_ZBYTES:
        if (len < 8)
            return failed(fail_item(err, it, "zbytes of %llu bytes, too short",
                             (unsigned long long)len));
        break;
    case SNAP_T_RECORD: {
        if (len < 4)
            return failed(fail_item(err, it, "record length %llu has no room for its CRC",
                             (unsigned long long)len));
        if (c->depth > SNAP_DEPTH_MAX)
            return failed(fail_item(err, it, "nested deeper than %u", SNAP_DEPTH_MAX));
        it->len = len - 4;
        uint32_t want = rd32(it->value + it->len);
        uint32_t got = snap_crc32c(0, p, it->size - 4);
        if (want != got)
            return failed(fail_item(err, it, "CRC mismatch (stored 0x%08x, computed 0x%08x)",
                             want, got));
        break;
    }
    default:
        break;
    }
    if (c->top && it->type != SNAP_T_RECORD)
        return failed(fail_item(err, it, "top-level item is not a record"));
    c->pos = pos + it->size;
    if (c->top && strcmp(it->name, SNAP_END_TAG) == 0) {
        if (it->len != 0)
            return failed(fail_item(err, it, "end record is not empty"));
        if (c->pos != c->end)
            return failed(fail_at(err, c->pos, "file", "%zu bytes follow the '%s' record",
                           c->end - c->pos, SNAP_END_TAG));
        c->done = true;
        return 0;
    }
    return 1;
}

bool snap_enter(const snap_item_t *rec, snap_cursor_t *c, snap_err_t *err)
{
    if (rec->type != SNAP_T_RECORD)
        return fail_item(err, rec, "is a %s, not a record", type_name(rec->type));
    memset(c, 0, sizeof(*c));
    c->file = rec->file;
    c->pos = (size_t)(rec->value - rec->file);
    c->end = c->pos + (size_t)rec->len;
    c->depth = rec->depth + 1;
    memcpy(c->parent, rec->name, sizeof(c->parent));
    return true;
}

int snap_find(const snap_item_t *rec, const char *name, snap_item_t *out,
              snap_err_t *err)
{
    snap_cursor_t c;
    if (!snap_enter(rec, &c, err))
        return -1;
    int r;
    while ((r = snap_next(&c, out, err)) == 1)
        if (strcmp(out->name, name) == 0)
            return 1;
    return r;
}

static bool want_type(const snap_item_t *it, uint8_t type, snap_err_t *err)
{
    if (it->type == type)
        return true;
    return fail_item(err, it, "is a %s where a %s is expected",
                     type_name(it->type), type_name(type));
}

bool snap_get_u64(const snap_item_t *it, uint64_t *v, snap_err_t *err)
{
    if (!want_type(it, SNAP_T_U64, err))
        return false;
    if (it->len != 8)
        return fail_item(err, it, "u64 of %llu bytes", (unsigned long long)it->len);
    *v = rd64(it->value);
    return true;
}

bool snap_get_i64(const snap_item_t *it, int64_t *v, snap_err_t *err)
{
    if (!want_type(it, SNAP_T_I64, err))
        return false;
    if (it->len != 8)
        return fail_item(err, it, "i64 of %llu bytes", (unsigned long long)it->len);
    uint64_t u = rd64(it->value);
    memcpy(v, &u, sizeof(u));
    return true;
}

bool snap_get_bytes(const snap_item_t *it, const uint8_t **p, size_t *len,
                    snap_err_t *err)
{
    if (!want_type(it, SNAP_T_BYTES, err))
        return false;
    *p = it->value;
    *len = (size_t)it->len;
    return true;
}

bool snap_get_str(const snap_item_t *it, char *buf, size_t cap,
                  snap_err_t *err)
{
    if (!want_type(it, SNAP_T_STRING, err))
        return false;
    if (cap == 0 || it->len > cap - 1)
        return fail_item(err, it, "string of %llu bytes exceeds %zu",
                         (unsigned long long)it->len, cap ? cap - 1 : 0);
    if (!text_ok(it->value, (size_t)it->len))
        return fail_item(err, it, "string is not UTF-8 without NUL bytes");
    memcpy(buf, it->value, (size_t)it->len);
    buf[it->len] = 0;
    return true;
}

bool snap_get_u64_count(const snap_item_t *it, size_t *n, snap_err_t *err)
{
    if (!want_type(it, SNAP_T_U64_ARRAY, err))
        return false;
    if (it->len % 8)
        return fail_item(err, it, "u64[] of %llu bytes", (unsigned long long)it->len);
    *n = (size_t)(it->len / 8);
    return true;
}

bool snap_get_u64_array(const snap_item_t *it, uint64_t *out, size_t cap,
                        size_t *n, snap_err_t *err)
{
    size_t count = 0;
    if (!snap_get_u64_count(it, &count, err))
        return false;
    if (count > cap)
        return fail_item(err, it, "%zu elements exceed the %zu expected", count, cap);
    for (size_t i = 0; i < count; i++)
        out[i] = rd64(it->value + 8 * i);
    *n = count;
    return true;
}

static bool zframe(const snap_item_t *it, uint64_t *ulen, snap_err_t *err)
{
    if (!want_type(it, SNAP_T_ZBYTES, err))
        return false;
    if (it->len < 8)
        return fail_item(err, it, "zbytes of %llu bytes", (unsigned long long)it->len);
    *ulen = rd64(it->value);
    const uint8_t *f = it->value + 8;
    size_t flen = (size_t)it->len - 8;
    size_t fsize = ZSTD_findFrameCompressedSize(f, flen);
    if (ZSTD_isError(fsize) || fsize != flen)
        return fail_item(err, it, "not exactly one zstd frame");
    unsigned long long cs = ZSTD_getFrameContentSize(f, flen);
    if (cs == ZSTD_CONTENTSIZE_ERROR || cs == ZSTD_CONTENTSIZE_UNKNOWN ||
        cs != *ulen)
        return fail_item(err, it, "zstd frame size does not match the stored %llu bytes",
                         (unsigned long long)*ulen);
    return true;
}

bool snap_get_zbytes_size(const snap_item_t *it, uint64_t *len,
                          snap_err_t *err)
{
    return zframe(it, len, err);
}

bool snap_get_zbytes(const snap_item_t *it, void *out, size_t len,
                     snap_err_t *err)
{
    uint64_t ulen = 0;
    if (!zframe(it, &ulen, err))
        return false;
    if (ulen != len)
        return fail_item(err, it, "holds %llu bytes where %zu are expected",
                         (unsigned long long)ulen, len);
    size_t r = ZSTD_decompress(out, len, it->value + 8, (size_t)it->len - 8);
    if (ZSTD_isError(r) || r != len)
        return fail_item(err, it, "zstd: %s",
                         ZSTD_isError(r) ? ZSTD_getErrorName(r) : "short frame");
    return true;
}

int snap_find_u64(const snap_item_t *rec, const char *name, uint64_t dflt,
                  uint64_t *v, snap_err_t *err)
{
    snap_item_t f;
    int r = snap_find(rec, name, &f, err);
    if (r <= 0) {
        if (r == 0)
            *v = dflt;
        return r;
    }
    return snap_get_u64(&f, v, err) ? 1 : -1;
}

/* ---- Reports and schema checks --------------------------------------- */

void snap_report_init(snap_report_t *r)
{
    memset(r, 0, sizeof(*r));
}

void snap_report_free(snap_report_t *r)
{
    free(r->text);
    snap_report_init(r);
}

static void report_line(snap_report_t *r, const char *line)
{
    size_t n = strlen(line);
    if (r->failed)
        return;
    if (r->len + n + 2 > r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 256;
        while (cap < r->len + n + 2)
            cap *= 2;
        char *t = realloc(r->text, cap);
        if (!t) {
            r->failed = true;
            return;
        }
        r->text = t;
        r->cap = cap;
    }
    memcpy(r->text + r->len, line, n);
    r->len += n;
    r->text[r->len++] = '\n';
    r->text[r->len] = 0;
}

void snap_report_skipped(snap_report_t *r, const snap_item_t *it)
{
    char what[2 * SNAP_NAME_MAX + 40], line[2 * SNAP_NAME_MAX + 120];
    describe(what, sizeof(what), it->type, it->name, it->parent);
    snprintf(line, sizeof(line), "skipped unknown optional %s at offset %llu%s", what,
             (unsigned long long)(it->start - it->file),
             (it->flags & SNAP_F_SAFE_TO_COPY) ? " (kept: safe to copy)" : "");
    r->skipped++;
    report_line(r, line);
}

void snap_report_note(snap_report_t *r, const char *line)
{
    report_line(r, line);
}

void snap_report_defaulted(snap_report_t *r, const char *record,
                           const char *name)
{
    char line[2 * SNAP_NAME_MAX + 80];
    if (record && record[0])
        snprintf(line, sizeof(line), "defaulted missing '%s' in record '%s'", name,
                 record);
    else
        snprintf(line, sizeof(line), "defaulted missing record '%s'", name);
    r->defaulted++;
    report_line(r, line);
}

bool snap_check_items(const snap_cursor_t *seq, const snap_known_t *known,
                      size_t nknown, snap_report_t *rep, snap_err_t *err)
{
    bool seen[SNAP_KNOWN_MAX] = {false};
    if (nknown > SNAP_KNOWN_MAX)
        return fail_at(err, seq->pos, "schema", "too many known names");
    snap_cursor_t c = *seq;
    snap_item_t it;
    int r;
    while ((r = snap_next(&c, &it, err)) == 1) {
        size_t i = 0;
        while (i < nknown && strcmp(known[i].name, it.name) != 0)
            i++;
        if (i == nknown) {
            if (it.flags & SNAP_F_CRITICAL)
                return fail_item(err, &it, "unknown and critical (flags 0x%02x)",
                                 it.flags);
            if (rep)
                snap_report_skipped(rep, &it);
            continue;
        }
        if (known[i].type && known[i].type != it.type)
            return fail_item(err, &it, "is a %s where a %s is expected",
                             type_name(it.type), type_name(known[i].type));
        if (seen[i] && !known[i].repeatable)
            return fail_item(err, &it, "appears more than once");
        seen[i] = true;
    }
    return r == 0;
}

static bool verify_seq(snap_cursor_t *c, snap_err_t *err)
{
    snap_item_t it;
    int r;
    while ((r = snap_next(c, &it, err)) == 1) {
        uint64_t ulen = 0;
        snap_cursor_t child;
        switch (it.type) {
        case SNAP_T_STRING:
            if (!text_ok(it.value, (size_t)it.len))
                return fail_item(err, &it, "string is not UTF-8 without NUL bytes");
            break;
        case SNAP_T_ZBYTES:
            if (!zframe(&it, &ulen, err))
                return false;
            break;
        case SNAP_T_RECORD:
            if (!snap_enter(&it, &child, err) || !verify_seq(&child, err))
                return false;
            break;
        default:
            break;
        }
    }
    return r == 0;
}

bool snap_verify(const uint8_t *file, size_t size, snap_err_t *err)
{
    snap_header_t h;
    snap_cursor_t top;
    return snap_open(file, size, &h, &top, err) && verify_seq(&top, err);
}
