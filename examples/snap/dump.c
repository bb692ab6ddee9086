/* arm64emu-snap dump: every item at every depth as JSON. u64 values are
 * hex strings and i64 decimal strings (JSON numbers lose precision past
 * 2^53); bytes are hex, abbreviated to length and CRC-32C past
 * DUMP_BYTES_MAX unless --full; zbytes give their uncompressed and
 * compressed lengths. */
#include <inttypes.h>
#include <string.h>

#include "snaptool.h"

#define DUMP_BYTES_MAX 4096u

static uint64_t le64(const uint8_t *p)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < 8; i++)
        v |= (uint64_t)p[i] << (8 * i);
    return v;
}

static void dump_value(const snap_item_t *it, bool full)
{
    snap_err_t err;
    switch (it->type) {
    case SNAP_T_U64:
        printf("\"0x%" PRIx64 "\"", le64(it->value));
        break;
    case SNAP_T_I64: {
        int64_t v = 0;
        snap_get_i64(it, &v, &err);
        printf("\"%" PRId64 "\"", v);
        break;
    }
    case SNAP_T_STRING:
        /* snap_verify has checked it is UTF-8 without NUL bytes. */
        json_str(stdout, it->value, (size_t)it->len);
        break;
    case SNAP_T_U64_ARRAY:
        fputc('[', stdout);
        for (uint64_t i = 0; i < it->len / 8; i++)
            printf("%s\"0x%" PRIx64 "\"", i ? ", " : "", le64(it->value + 8 * i));
        fputc(']', stdout);
        break;
    case SNAP_T_BYTES:
        printf("{\"length\": %" PRIu64 ", ", it->len);
        if (full || it->len <= DUMP_BYTES_MAX) {
            fputs("\"hex\": ", stdout);
            json_hex(stdout, it->value, (size_t)it->len);
        } else {
            printf("\"crc32c\": \"0x%08x\", \"abbreviated\": true",
                   snap_crc32c(0, it->value, (size_t)it->len));
        }
        fputc('}', stdout);
        break;
    case SNAP_T_ZBYTES: {
        uint64_t u = 0;
        snap_get_zbytes_size(it, &u, &err);
        printf("{\"length\": %" PRIu64 ", \"compressed\": %" PRIu64 "}", u,
               it->len - 8);
        break;
    }
    default:
        printf("{\"length\": %" PRIu64 "}", it->len);
        break;
    }
}

static void dump_seq(snap_cursor_t c, unsigned indent, bool full)
{
    snap_item_t it;
    snap_err_t err;
    char fl[8], tb[24];
    bool first = true;
    while (snap_next(&c, &it, &err) == 1) {
        printf("%s\n%*s{\"name\": \"%s\", \"type\": \"%s\", \"flags\": \"%s\", "
               "\"offset\": %llu, ",
               first ? "" : ",", (int)indent, "", it.name, type_str(it.type, tb),
               flags_str(it.flags, fl), (unsigned long long)(it.start - it.file));
        first = false;
        if (it.type == SNAP_T_RECORD) {
            snap_cursor_t sub;
            printf("\"length\": %llu, \"items\": [", (unsigned long long)it.len);
            if (snap_enter(&it, &sub, &err))
                dump_seq(sub, indent + 2, full);
            printf("]}");
        } else {
            fputs("\"value\": ", stdout);
            dump_value(&it, full);
            fputc('}', stdout);
        }
    }
    if (!first)
        printf("\n%*s", indent >= 2 ? (int)indent - 2 : 0, "");
}

int cmd_dump(int argc, char **argv)
{
    bool full = false;
    const char *path = NULL;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--full") == 0)
            full = true;
        else if (!path)
            path = argv[i];
        else
            path = NULL, i = argc;
    }
    if (!path || argc > 2) {
        fprintf(stderr, "arm64emu-snap dump: expects [--full] FILE\n");
        return EXIT_TROUBLE;
    }
    snapfile_t f;
    if (!snapfile_load(&f, path))
        return EXIT_DIFF;
    printf("{\n  \"file\": ");
    json_str(stdout, (const uint8_t *)path, strlen(path));
    printf(",\n  \"header\": {\"generation\": %u, \"flags\": \"0x%08x\", \"producer\": ",
           f.hdr.generation, f.hdr.flags);
    json_str(stdout, (const uint8_t *)f.hdr.producer, strlen(f.hdr.producer));
    fputs(", \"version\": ", stdout);
    json_str(stdout, (const uint8_t *)f.hdr.version, strlen(f.hdr.version));
    fputs("},\n  \"records\": [", stdout);
    dump_seq(f.top, 4, full);
    fputs("]\n}\n", stdout);
    snapfile_free(&f);
    return EXIT_SAME;
}
