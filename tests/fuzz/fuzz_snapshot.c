/* libFuzzer target for the snapshot loader: every input goes to
 * snap_verify, to arm64emu_snapshot_load into a small virt machine and a
 * small bare machine, and to arm64emu_create_from_snapshot. A machine that
 * took a snapshot then runs a few instructions, so that state the loader
 * accepted but should not have shows up as a crash.
 *
 * Bounds the harness sets (the library itself creates whatever a snapshot
 * describes, as documented): create_from_snapshot is only tried when the
 * machine record asks for at most FUZZ_RAM_MAX bytes of RAM and
 * FUZZ_CPUS_MAX CPUs, so that libFuzzer's malloc limit measures the
 * loader, not the size of the guest. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "../snap/sample_guest.h"
#include "arm64emu/arm64emu.h"
#include "snapfmt.h"

#define FUZZ_RAM_MAX (256ull << 20)
#define FUZZ_CPUS_MAX 8u
#define FUZZ_RUN_BUDGET 1000u
#define VIRT_RAM (1ull << 20)
#define BARE_RAM (64ull << 10)
#define VIRT_DEFAULT_RAM (128ull << 20)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max_size);
size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size,
                               unsigned int seed);

/* The samples' guest code, which seeds like bare-source.snap refer to. */
static void add_source(arm64emu_config *cfg)
{
    arm64emu_config_add_ram_source(cfg, SAMPLE_SOURCE_NAME, sample_code,
                                   sizeof(sample_code),
                                   ARM64EMU_RAM_SOURCE_UNPLACED);
}

static arm64emu_machine *make(const char *board, uint64_t ram)
{
    arm64emu_config *cfg = NULL;
    arm64emu_machine *m = NULL;
    if (arm64emu_config_new(&cfg) != ARM64EMU_OK)
        return NULL;
    arm64emu_config_set_str(cfg, ARM64EMU_CFG_BOARD, board);
    arm64emu_config_set_u64(cfg, ARM64EMU_CFG_RAM_SIZE, ram);
    add_source(cfg);
    if (arm64emu_create(cfg, &m) != ARM64EMU_OK)
        m = NULL;
    arm64emu_config_free(cfg);
    return m;
}

static void run_a_little(arm64emu_machine *m)
{
    arm64emu_exit ex;
    memset(&ex, 0, sizeof(ex));
    ex.struct_size = sizeof(ex);
    arm64emu_run(m, FUZZ_RUN_BUDGET, &ex);
}

static uint64_t u64_or(const snap_item_t *rec, const char *name, uint64_t dflt)
{
    snap_err_t err;
    uint64_t v = dflt;
    if (snap_find_u64(rec, name, dflt, &v, &err) < 0)
        return dflt;
    return v;
}

/* Whether the machine the snapshot describes is small enough to create. */
static bool small_enough(const uint8_t *data, size_t size)
{
    snap_header_t h;
    snap_cursor_t top;
    snap_item_t it, f;
    snap_err_t err;
    if (!snap_open(data, size, &h, &top, &err))
        return true; /* refused early anyway */
    while (snap_next(&top, &it, &err) == 1) {
        if (strcmp(it.name, "machine") != 0)
            continue;
        uint64_t cpus = u64_or(&it, "cpus", 1);
        uint64_t ram = u64_or(&it, "ram_size", 0);
        if (ram == 0 && snap_find(&it, "board", &f, &err) == 1 && f.len)
            ram = VIRT_DEFAULT_RAM;
        if (snap_find(&it, "ram_regions", &f, &err) == 1 &&
            f.type == SNAP_T_U64_ARRAY) {
            for (uint64_t i = 1; 8 * i + 8 <= f.len; i += 2) {
                uint64_t r = 0;
                for (unsigned b = 0; b < 8; b++)
                    r |= (uint64_t)f.value[8 * i + b] << (8 * b);
                if (r > FUZZ_RAM_MAX)
                    return false;
                ram += r;
            }
        }
        return cpus <= FUZZ_CPUS_MAX && ram <= FUZZ_RAM_MAX;
    }
    return true;
}

/* ---- mutations that keep the checksums right ----------------------------
 * A random mutation almost always breaks a CRC, and the loader refuses the
 * file before it looks at a value. So most mutated inputs get their header
 * CRC and every record CRC recomputed (bottom-up, over whatever framing
 * still parses), which lets the fuzzer reach the parts' parsers. */

static uint64_t rd64(const uint8_t *p)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < 8; i++)
        v |= (uint64_t)p[i] << (8 * i);
    return v;
}

static void wr32(uint8_t *p, uint32_t v)
{
    for (unsigned i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static void fix_records(uint8_t *buf, size_t pos, size_t end, unsigned depth)
{
    while (end - pos >= 11) {
        size_t k = buf[pos + 2];
        if (end - pos - 11 < k)
            return;
        size_t value = pos + 11 + k;
        uint64_t len = rd64(buf + pos + 3 + k);
        if (len > end - value)
            return;
        if (buf[pos] == SNAP_T_RECORD && len >= 4) {
            size_t crc = value + (size_t)len - 4;
            if (depth < SNAP_DEPTH_MAX)
                fix_records(buf, value, crc, depth + 1);
            wr32(buf + crc, snap_crc32c(0, buf + pos, crc - pos));
        }
        pos = value + (size_t)len;
    }
}

static void fix_crcs(uint8_t *buf, size_t size)
{
    size_t pos = 16;
    for (unsigned s = 0; s < 2; s++) {
        if (pos >= size)
            return;
        pos += 1 + buf[pos];
    }
    if (pos > size || size - pos < 4)
        return;
    wr32(buf + pos, snap_crc32c(0, buf, pos));
    fix_records(buf, pos + 4, size, 1);
}

size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size,
                               unsigned int seed)
{
    size = LLVMFuzzerMutate(data, size, max_size);
    if (seed % 8 != 0)
        fix_crcs(data, size);
    return size;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    snap_err_t err;
    (void)snap_verify(data, size, &err);

    static const struct {
        const char *board;
        uint64_t ram;
    } targets[] = {{"virt", VIRT_RAM}, {"", BARE_RAM}};
    for (size_t i = 0; i < sizeof(targets) / sizeof(targets[0]); i++) {
        arm64emu_machine *m = make(targets[i].board, targets[i].ram);
        if (!m)
            continue;
        if (arm64emu_snapshot_load(m, data, size) == ARM64EMU_OK) {
            (void)arm64emu_snapshot_report(m);
            run_a_little(m);
        }
        arm64emu_destroy(m);
    }

    if (small_enough(data, size)) {
        arm64emu_machine *m = NULL;
        arm64emu_config *cfg = NULL;
        char msg[256];
        if (arm64emu_config_new(&cfg) == ARM64EMU_OK)
            add_source(cfg);
        if (arm64emu_create_from_snapshot(cfg, data, size, &m, msg,
                                          sizeof(msg)) == ARM64EMU_OK) {
            run_a_little(m);
            arm64emu_destroy(m);
        }
        arm64emu_config_free(cfg);
    }
    return 0;
}
