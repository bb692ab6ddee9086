/* The debug primitives the server uses, in one place: they are routed here
 * until the library's arm64emu_debug_* calls exist. */
#include "gdbstub.h"

int gdb_dbg_point(arm64emu_machine *m, bool watch, uint64_t va, uint64_t len,
                  uint32_t mask, bool add)
{
    (void)m; (void)watch; (void)va; (void)len; (void)mask; (void)add;
    return ARM64EMU_ERR_UNSUPPORTED;
}

int gdb_dbg_step(arm64emu_machine *m, unsigned cpu, arm64emu_exit *e)
{
    (void)m; (void)cpu; (void)e;
    return ARM64EMU_ERR_UNSUPPORTED;
}
