/* arm64emu-snap: loading files and the small formatting helpers. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "snaptool.h"

bool snapfile_load(snapfile_t *f, const char *path)
{
    memset(f, 0, sizeof(*f));
    f->path = path;
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        fprintf(stderr, "arm64emu-snap: %s: %s\n", path, strerror(errno));
        return false;
    }
    size_t cap = 1 << 16, len = 0;
    uint8_t *buf = malloc(cap);
    while (buf) {
        if (len == cap) {
            uint8_t *b = cap > SIZE_MAX / 2 ? NULL : realloc(buf, cap * 2);
            if (!b) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = b;
            cap *= 2;
        }
        size_t n = fread(buf + len, 1, cap - len, fp);
        len += n;
        if (n == 0)
            break;
    }
    bool bad = !buf || ferror(fp);
    int e = errno;
    fclose(fp);
    if (bad) {
        fprintf(stderr, "arm64emu-snap: %s: %s\n", path,
                buf ? strerror(e) : "out of memory");
        free(buf);
        return false;
    }
    f->data = buf;
    f->size = len;
    snap_err_t err;
    if (!snap_verify(buf, len, &err) ||
        !snap_open(buf, len, &f->hdr, &f->top, &err)) {
        fprintf(stderr, "arm64emu-snap: %s: %s\n", path, err.msg);
        snapfile_free(f);
        return false;
    }
    return true;
}

void snapfile_free(snapfile_t *f)
{
    free(f->data);
    f->data = NULL;
    f->size = 0;
}

const char *flags_str(uint8_t flags, char buf[8])
{
    size_t n = 0;
    buf[n++] = (flags & SNAP_F_CRITICAL) ? 'C' : 'O';
    if (flags & SNAP_F_SAFE_TO_COPY)
        buf[n++] = 'S';
    if (flags & ~(SNAP_F_CRITICAL | SNAP_F_SAFE_TO_COPY))
        buf[n++] = '?';
    buf[n] = 0;
    return buf;
}

const char *type_str(uint8_t type, char buf[24])
{
    static const char *const names[] = {
        "invalid", "u64", "i64", "bytes", "string", "u64[]", "record", "zbytes",
    };
    if (type < sizeof(names) / sizeof(names[0]))
        return names[type];
    snprintf(buf, 24, "unknown-type-%u", type);
    return buf;
}

void path_join(char *out, size_t cap, const char *path, const char *name)
{
    if (path[0])
        snprintf(out, cap, "%s/%s", path, name);
    else
        snprintf(out, cap, "%s", name);
}

void json_str(FILE *out, const uint8_t *s, size_t n)
{
    fputc('"', out);
    for (size_t i = 0; i < n; i++) {
        uint8_t c = s[i];
        switch (c) {
        case '"': fputs("\\\"", out); break;
        case '\\': fputs("\\\\", out); break;
        case '\n': fputs("\\n", out); break;
        case '\r': fputs("\\r", out); break;
        case '\t': fputs("\\t", out); break;
        default:
            if (c < 0x20 || c == 0x7f)
                fprintf(out, "\\u%04x", c);
            else
                fputc(c, out);
        }
    }
    fputc('"', out);
}

void json_hex(FILE *out, const uint8_t *p, size_t n)
{
    fputc('"', out);
    for (size_t i = 0; i < n; i++)
        fprintf(out, "%02x", p[i]);
    fputc('"', out);
}

static bool rec_find(const snap_item_t *rec, const char *name, uint8_t type,
                     snap_item_t *out)
{
    snap_err_t err;
    return rec && rec->type == SNAP_T_RECORD &&
           snap_find(rec, name, out, &err) == 1 && out->type == type;
}

bool rec_u64(const snap_item_t *rec, const char *name, uint64_t *v)
{
    snap_item_t it;
    snap_err_t err;
    return rec_find(rec, name, SNAP_T_U64, &it) && snap_get_u64(&it, v, &err);
}

bool rec_str(const snap_item_t *rec, const char *name, char *buf, size_t cap)
{
    snap_item_t it;
    snap_err_t err;
    return rec_find(rec, name, SNAP_T_STRING, &it) &&
           snap_get_str(&it, buf, cap, &err);
}

bool rec_child(const snap_item_t *rec, const char *name, snap_item_t *out)
{
    return rec_find(rec, name, SNAP_T_RECORD, out);
}
