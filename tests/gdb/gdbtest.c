/* arm64emu-gdbtest ELF: boots ELF on the virt board (semihosting on) and
 * serves it to one debugger: prints "port N" once it listens, then what
 * arm64emu_gdb_serve reported. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "arm64emu/arm64emu.h"

static int fail(arm64emu_machine *m, const char *what, int rc)
{
    fprintf(stderr, "arm64emu-gdbtest: %s: %s (%s)\n", what,
            arm64emu_status_string(rc), m ? arm64emu_last_error(m) : "");
    arm64emu_destroy(m);
    return 1;
}

int main(int argc, char **argv)
{
    arm64emu_config *cfg;
    arm64emu_machine *m = NULL;
    if (argc != 2) {
        fprintf(stderr, "usage: arm64emu-gdbtest GUEST.elf\n");
        return 2;
    }
    if (arm64emu_config_new(&cfg) != ARM64EMU_OK)
        return 1;
    arm64emu_config_set_str(cfg, ARM64EMU_CFG_BOARD, "virt");
    arm64emu_config_set_u64(cfg, ARM64EMU_CFG_SEMIHOSTING, 1);
    arm64emu_config_set_u64(cfg, ARM64EMU_CFG_MMU_OFF_NORMAL, 1);
    int rc = arm64emu_create(cfg, &m);
    if (rc != ARM64EMU_OK) {
        fprintf(stderr, "arm64emu-gdbtest: %s\n", arm64emu_config_last_error(cfg));
        arm64emu_config_free(cfg);
        return 1;
    }
    arm64emu_config_free(cfg);
    if ((rc = arm64emu_board_load_kernel_file(m, argv[1])) != ARM64EMU_OK)
        return fail(m, "load", rc);
    if ((rc = arm64emu_board_boot(m)) != ARM64EMU_OK)
        return fail(m, "boot", rc);
    uint16_t port;
    if ((rc = arm64emu_gdb_listen(m, 0, &port)) != ARM64EMU_OK)
        return fail(m, "gdb_listen", rc);
    printf("port %u\n", (unsigned)port);
    fflush(stdout);
    arm64emu_exit e = {.struct_size = sizeof(e)};
    if ((rc = arm64emu_gdb_serve(m, &e)) != ARM64EMU_OK)
        return fail(m, "gdb_serve", rc);
    printf("served: reason %u imm %" PRIu64 "\n", e.reason, e.imm);
    arm64emu_destroy(m);
    return 0;
}
