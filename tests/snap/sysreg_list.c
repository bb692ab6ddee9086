/* Prints the system register encodings a snapshot of a default machine
 * (CPU model max) saves in cpu0.sysregs, one per line:
 * "S<op0>_<op1>_C<n>_C<m>_<op2> NAME", in saved order. The sysreg gate
 * (compat_gate.py sysregs) compares this with the committed list of the
 * release, tests/compat/schema/sysregs-<version>.txt.
 *
 * Usage: sysreg_list [SNAPSHOT] (default: save a new default machine) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arm64emu/arm64emu.h"
#include "snapfmt.h"
#include "sysreg.h"

static int list(const uint8_t *data, size_t len)
{
    snap_header_t h;
    snap_cursor_t top;
    snap_item_t it, regs, pairs;
    snap_err_t err;
    if (!snap_verify(data, len, &err) || !snap_open(data, len, &h, &top, &err)) {
        fprintf(stderr, "sysreg_list: %s\n", err.msg);
        return 1;
    }
    while (snap_next(&top, &it, &err) == 1) {
        if (strcmp(it.name, "cpu0") != 0)
            continue;
        if (snap_find(&it, "cpu0.sysregs", &regs, &err) != 1 ||
            snap_find(&regs, "pairs", &pairs, &err) != 1 ||
            pairs.type != SNAP_T_U64_ARRAY || pairs.len % 16) {
            fprintf(stderr, "sysreg_list: no cpu0.sysregs/pairs of (encoding, value)\n");
            return 1;
        }
        for (uint64_t i = 0; i < pairs.len / 16; i++) {
            uint64_t enc = 0;
            for (unsigned b = 0; b < 8; b++)
                enc |= (uint64_t)pairs.value[16 * i + b] << (8 * b);
            const sysreg_def_t *d = enc >> 16 ? NULL : sysreg_find((uint32_t)enc);
            printf("S%u_%u_C%u_C%u_%u %s\n", (unsigned)(enc >> 14) & 3,
                   (unsigned)(enc >> 11) & 7, (unsigned)(enc >> 7) & 15,
                   (unsigned)(enc >> 3) & 15, (unsigned)enc & 7,
                   d && d->name ? d->name : "?");
        }
        return 0;
    }
    fprintf(stderr, "sysreg_list: no cpu0 record\n");
    return 1;
}

int main(int argc, char **argv)
{
    if (argc == 2) {
        FILE *f = fopen(argv[1], "rb");
        size_t cap = 1u << 26;
        uint8_t *buf = malloc(cap);
        if (!f || !buf) {
            perror(argv[1]);
            free(buf);
            return 1;
        }
        size_t n = fread(buf, 1, cap, f);
        fclose(f);
        int rc = list(buf, n);
        free(buf);
        return rc;
    }
    arm64emu_config *cfg = NULL;
    arm64emu_machine *m = NULL;
    void *data = NULL;
    size_t len = 0;
    if (arm64emu_config_new(&cfg) != ARM64EMU_OK ||
        arm64emu_create(cfg, &m) != ARM64EMU_OK) {
        fprintf(stderr, "sysreg_list: cannot create the machine\n");
        return 1;
    }
    arm64emu_config_free(cfg);
    if (arm64emu_snapshot_save(m, NULL, &data, &len) != ARM64EMU_OK) {
        fprintf(stderr, "sysreg_list: save: %s\n", arm64emu_last_error(m));
        return 1;
    }
    int rc = list(data, len);
    arm64emu_free(data);
    arm64emu_destroy(m);
    return rc;
}
