/* The GDB remote-protocol server (arm64emu_gdb_listen / arm64emu_gdb_serve).
 *
 * gdbstub.c owns the sockets and the run loop; gdbstub_pkt.c the framing
 * (checksums, escapes, hex); gdbstub_regs.c the register layout and
 * target.xml; gdbstub_cmd.c the packets. Everything the debugger sends is
 * untrusted input: buffers are bounded and malformed packets get an error
 * reply, never a crash.
 */
#ifndef ARM64EMU_GDBSTUB_H
#define ARM64EMU_GDBSTUB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arm64emu/arm64emu.h"

struct gdbstub;

/* Closes the sockets and frees the server state. NULL is a no-op. */
void gdbstub_free(struct gdbstub *g);

#endif
