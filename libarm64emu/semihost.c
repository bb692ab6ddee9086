/* Placeholder: semihosting calls are not implemented yet. */
#include "semihost.h"

#include <stdlib.h>

#include "machine.h"

struct semihost {
    arm64emu_console_write_fn write;
    arm64emu_console_read_fn read;
    void *user;
};

int semihost_new(struct semihost **out, const char *root, char *err,
                 size_t errlen)
{
    (void)root;
    (void)err;
    (void)errlen;
    *out = calloc(1, sizeof(**out));
    return *out ? ARM64EMU_OK : ARM64EMU_ERR_NO_MEMORY;
}

void semihost_free(struct semihost *sh)
{
    free(sh);
}

int arm64emu_set_console(arm64emu_machine *m, arm64emu_console_write_fn write,
                         arm64emu_console_read_fn read, void *user)
{
    if (!m)
        return ARM64EMU_ERR_INVALID_ARGUMENT;
    if (m->semihost) {
        m->semihost->write = write;
        m->semihost->read = read;
        m->semihost->user = user;
    }
    return machine_ok(m);
}

bool semihost_call(cpu_t *cpu)
{
    cpu->r[0] = (uint64_t)-1;
    return true;
}
