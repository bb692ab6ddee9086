/* Builds outside the tree against the installed library: create a machine,
 * load a branch loop, run it, read the PC and the instruction count. */
#include <arm64emu/arm64emu.h>
#include <stdio.h>
#include <string.h>

int main(void)
{
    arm64emu_config *cfg;
    arm64emu_machine *m;
    if (arm64emu_config_new(&cfg) != ARM64EMU_OK)
        return 1;
    arm64emu_config_set_u64(cfg, ARM64EMU_CFG_RAM_SIZE, 1 << 20);
    if (arm64emu_create(cfg, &m) != ARM64EMU_OK) {
        fprintf(stderr, "create: %s\n", arm64emu_config_last_error(cfg));
        return 1;
    }
    arm64emu_config_free(cfg);
    const unsigned char loop[] = {0x00, 0x00, 0x00, 0x14}; /* b . */
    arm64emu_mem_write(m, 0x40000000, loop, sizeof(loop));
    arm64emu_reg_write(m, 0, ARM64EMU_REG_PC, 0x40000000);
    arm64emu_exit e;
    memset(&e, 0, sizeof(e));
    e.struct_size = sizeof(e);
    arm64emu_run(m, 1000, &e);
    uint64_t pc, n;
    arm64emu_reg_read(m, 0, ARM64EMU_REG_PC, &pc);
    arm64emu_instructions(m, 0, &n);
    printf("libarm64emu %s: exit %u pc 0x%llx after %llu instructions\n",
           arm64emu_version_string(), e.reason, (unsigned long long)pc,
           (unsigned long long)n);
    arm64emu_destroy(m);
    return e.reason == ARM64EMU_EXIT_BUDGET && n == 1000 ? 0 : 1;
}
