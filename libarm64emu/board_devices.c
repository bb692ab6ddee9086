/* The virt board's PL011 UART and PL031 RTC: creation, wiring, and the
 * arm64emu_uart_* calls. */
#include "board.h"
#include "machine.h"

int board_devices_create(machine_t *m, char *err, size_t err_len)
{
    (void)m;
    (void)err;
    (void)err_len;
    return ARM64EMU_OK;
}

void board_devices_free(machine_t *m)
{
    (void)m;
}

int arm64emu_uart_set_tx(arm64emu_machine *m, arm64emu_uart_tx_fn tx,
                         void *user)
{
    if (!m)
        return ARM64EMU_ERR_INVALID_ARGUMENT;
    board_t *b = board_of(m);
    if (!b)
        return ARM64EMU_ERR_UNSUPPORTED;
    b->tx = tx;
    b->tx_user = user;
    return machine_ok(m);
}

int arm64emu_uart_rx(arm64emu_machine *m, const void *bytes, size_t len,
                     size_t *accepted)
{
    if (!m || (!bytes && len) || !accepted)
        return ARM64EMU_ERR_INVALID_ARGUMENT;
    *accepted = 0;
    if (!board_of(m))
        return ARM64EMU_ERR_UNSUPPORTED;
    return machine_ok(m);
}
