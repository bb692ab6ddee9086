/* The GDB remote-protocol server: sockets, the serve loop, the public API. */
#include "gdbstub.h"

#include "machine.h"

#include <stdlib.h>

void gdbstub_free(struct gdbstub *g)
{
    free(g);
}

int arm64emu_gdb_listen(arm64emu_machine *m, uint16_t port,
                        uint16_t *bound_port)
{
    (void)port;
    (void)bound_port;
    if (!m)
        return ARM64EMU_ERR_INVALID_ARGUMENT;
    return machine_fail(m, ARM64EMU_ERR_UNSUPPORTED, "gdb server: not yet");
}

int arm64emu_gdb_serve(arm64emu_machine *m, arm64emu_exit *exit)
{
    (void)exit;
    if (!m)
        return ARM64EMU_ERR_INVALID_ARGUMENT;
    return machine_fail(m, ARM64EMU_ERR_UNSUPPORTED, "gdb server: not yet");
}
