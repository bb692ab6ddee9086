/* Writes the snapshot samples the arm64emu-snap tests read: valid ones
 * made through the public API (a bare machine and a virt board running a
 * few instructions), and damaged ones derived from them with the record
 * codec (truncated, a flipped CRC byte, an unknown critical record, a
 * duplicate record, an unknown optional record).
 *
 * Usage: make_samples OUTDIR */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arm64emu/arm64emu.h"
#include "sample_guest.h"
#include "snapfmt.h"

#define RAM_BASE 0x40000000ull

#define code sample_code

static int fail(const char *what, const char *msg)
{
    fprintf(stderr, "make_samples: %s: %s\n", what, msg);
    return 1;
}

static int write_file(const char *dir, const char *name, const void *data,
                      size_t len)
{
    char path[4096];
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0)
        return fail(path, "cannot write");
    return 0;
}

static int save(arm64emu_machine *m, const char *dir, const char *name,
                uint8_t **keep, size_t *keep_len)
{
    void *data = NULL;
    size_t len = 0;
    int rc = arm64emu_snapshot_save(m, NULL, &data, &len);
    if (rc != ARM64EMU_OK)
        return fail(name, arm64emu_last_error(m));
    rc = write_file(dir, name, data, len);
    if (keep && !rc) {
        *keep = malloc(len);
        if (!*keep)
            rc = fail(name, "out of memory");
        else
            memcpy(*keep, data, len), *keep_len = len;
    }
    arm64emu_free(data);
    return rc;
}

static arm64emu_machine *machine(const char *board, uint64_t ram)
{
    arm64emu_config *cfg = NULL;
    arm64emu_machine *m = NULL;
    if (arm64emu_config_new(&cfg) != ARM64EMU_OK)
        return NULL;
    arm64emu_config_set_u64(cfg, ARM64EMU_CFG_RAM_SIZE, ram);
    arm64emu_config_set_str(cfg, ARM64EMU_CFG_BOARD, board);
    if (arm64emu_create(cfg, &m) != ARM64EMU_OK)
        fprintf(stderr, "make_samples: create: %s\n", arm64emu_config_last_error(cfg));
    arm64emu_config_free(cfg);
    if (m && (arm64emu_mem_write(m, RAM_BASE, code, sizeof(code)) != ARM64EMU_OK ||
              arm64emu_reg_write(m, 0, ARM64EMU_REG_PC, RAM_BASE) != ARM64EMU_OK)) {
        fprintf(stderr, "make_samples: setup: %s\n", arm64emu_last_error(m));
        arm64emu_destroy(m);
        m = NULL;
    }
    return m;
}

static int run(arm64emu_machine *m, uint64_t n)
{
    arm64emu_exit ex = {.struct_size = sizeof(ex)};
    if (arm64emu_run(m, n, &ex) != ARM64EMU_OK || ex.reason != ARM64EMU_EXIT_BUDGET)
        return fail("run", arm64emu_last_error(m));
    return 0;
}

/* Copies the top-level records of a valid file, inserting extra records
 * before the end record (and optionally one record twice). */
static int rewrite(const char *dir, const char *name, const uint8_t *file,
                   size_t len, const char *extra_tag, unsigned extra_flags,
                   const char *dup_tag)
{
    snap_header_t h;
    snap_cursor_t top;
    snap_item_t it, dup;
    snap_err_t err;
    snap_writer_t w;
    bool have_dup = false;
    if (!snap_open(file, len, &h, &top, &err))
        return fail(name, err.msg);
    snap_w_init(&w);
    bool ok = snap_w_header(&w, h.producer, h.version, h.flags);
    int r;
    while (ok && (r = snap_next(&top, &it, &err)) == 1) {
        ok = snap_w_raw(&w, it.start, it.size);
        if (dup_tag && strcmp(it.name, dup_tag) == 0)
            dup = it, have_dup = true;
    }
    if (have_dup)
        ok = ok && snap_w_raw(&w, dup.start, dup.size);
    if (extra_tag)
        ok = ok && snap_w_begin(&w, extra_tag, extra_flags) &&
             snap_w_u64(&w, "value", extra_flags, 42) && snap_w_end(&w);
    ok = ok && snap_w_finish(&w);
    size_t n = 0;
    uint8_t *b = snap_w_take(&w, &n);
    if (!ok || !b) {
        free(b);
        return fail(name, "cannot re-encode");
    }
    int rc = write_file(dir, name, b, n);
    free(b);
    return rc;
}

/* The sample with the last CRC byte of record tag flipped. */
static int flip_crc(const char *dir, const char *name, const uint8_t *file,
                    size_t len, const char *tag)
{
    snap_header_t h;
    snap_cursor_t top;
    snap_item_t it;
    snap_err_t err;
    if (!snap_open(file, len, &h, &top, &err))
        return fail(name, err.msg);
    while (snap_next(&top, &it, &err) == 1) {
        if (strcmp(it.name, tag) != 0)
            continue;
        uint8_t *copy = malloc(len);
        if (!copy)
            return fail(name, "out of memory");
        memcpy(copy, file, len);
        copy[(size_t)(it.start - file) + it.size - 1] ^= 0x01;
        int rc = write_file(dir, name, copy, len);
        free(copy);
        return rc;
    }
    return fail(name, "record not found");
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: make_samples OUTDIR\n");
        return 2;
    }
    const char *dir = argv[1];
    uint8_t *bare = NULL;
    size_t bare_len = 0;
    int rc = 0;

    arm64emu_machine *m = machine("", 64 * 1024);
    if (!m)
        return 1;
    rc = rc || run(m, 3) || save(m, dir, "bare.snap", &bare, &bare_len);
    rc = rc || run(m, 4) || save(m, dir, "bare-later.snap", NULL, NULL);
    /* The code as a RAM source: its page is left out (fuzz seed). */
    if (!rc && arm64emu_ram_source_add(m, SAMPLE_SOURCE_NAME, code,
                                       sizeof(code), RAM_BASE) != ARM64EMU_OK)
        rc = fail("ram_source_add", arm64emu_last_error(m));
    rc = rc || save(m, dir, "bare-source.snap", NULL, NULL);
    arm64emu_destroy(m);

    m = machine("virt", 1024 * 1024);
    if (!m)
        return 1;
    rc = rc || run(m, 3) || save(m, dir, "virt.snap", NULL, NULL);
    arm64emu_destroy(m);

    if (!rc) {
        rc = write_file(dir, "truncated.snap", bare, bare_len / 2) ||
             flip_crc(dir, "badcrc.snap", bare, bare_len, "cpu0") ||
             rewrite(dir, "unknown-critical.snap", bare, bare_len,
                     "future.critical", SNAP_F_CRITICAL, NULL) ||
             rewrite(dir, "unknown-optional.snap", bare, bare_len,
                     "future.optional", 0, NULL) ||
             rewrite(dir, "duplicate.snap", bare, bare_len, NULL, 0, "machine");
    }
    free(bare);
    return rc;
}
