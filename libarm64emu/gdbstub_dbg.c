/* The debug primitives the server uses, in one place. */
#include "gdbstub.h"

int gdb_dbg_point(arm64emu_machine *m, bool watch, uint64_t va, uint64_t len,
                  uint32_t mask, bool add)
{
    if (!watch)
        return add ? arm64emu_debug_break_add(m, va)
                   : arm64emu_debug_break_del(m, va);
    return add ? arm64emu_debug_watch_add(m, va, len, mask)
               : arm64emu_debug_watch_del(m, va, len, mask);
}

int gdb_dbg_step(arm64emu_machine *m, unsigned cpu, arm64emu_exit *e)
{
    return arm64emu_debug_step(m, cpu, e);
}
