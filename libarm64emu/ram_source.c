/* RAM sources: host bytes snapshots refer to instead of storing the RAM
 * pages equal to them (arm64emu.h; docs/snapshot/machine.md). */
#include "ram_source.h"

#include <stdio.h>
#include <string.h>

/* Adds or replaces (same SHA-256) an entry of cfg's list; on failure the
 * message goes to why. */
static int source_add(struct arm64emu_config *cfg, const char *name,
                      const void *data, uint64_t size, uint64_t guest_addr,
                      char *why, size_t why_len)
{
    const char *bad = NULL;
    if (!name || !data)
        bad = "name and data must not be NULL";
    else if (!name[0] || strlen(name) >= sizeof(cfg->ram_sources[0].name))
        bad = "name must be 1..63 bytes";
    else if (size == 0)
        bad = "size must not be 0";
    else if (size > SIZE_MAX)
        bad = "size does not fit this host's address space";
    else if (guest_addr != ARM64EMU_RAM_SOURCE_UNPLACED &&
             guest_addr % ARM64EMU_PAGE_SIZE)
        bad = "guest_addr must be page-aligned (or UNPLACED)";
    if (bad) {
        snprintf(why, why_len, "ram_source_add: %s", bad);
        return ARM64EMU_ERR_INVALID_ARGUMENT;
    }
    ram_source_t s = {.data = data, .size = size, .guest_addr = guest_addr};
    snprintf(s.name, sizeof(s.name), "%s", name);
    sha256(data, (size_t)size, s.sha256);
    unsigned i = 0;
    while (i < cfg->nram_sources &&
           memcmp(cfg->ram_sources[i].sha256, s.sha256, SHA256_LEN))
        i++;
    if (i == ARM64EMU_MAX_RAM_SOURCES) {
        snprintf(why, why_len, "ram_source_add: '%s': %d sources are "
                 "registered already", name, ARM64EMU_MAX_RAM_SOURCES);
        return ARM64EMU_ERR_INVALID_ARGUMENT;
    }
    cfg->ram_sources[i] = s;
    if (i == cfg->nram_sources)
        cfg->nram_sources++;
    return ARM64EMU_OK;
}

int arm64emu_config_add_ram_source(arm64emu_config *cfg, const char *name,
                                   const void *data, uint64_t size,
                                   uint64_t guest_addr)
{
    if (!cfg)
        return ARM64EMU_ERR_INVALID_ARGUMENT;
    int rc = source_add(cfg, name, data, size, guest_addr, cfg->err,
                        sizeof(cfg->err));
    if (rc == ARM64EMU_OK)
        cfg->err[0] = '\0';
    return rc;
}

int arm64emu_ram_source_add(arm64emu_machine *m, const char *name,
                            const void *data, uint64_t size,
                            uint64_t guest_addr)
{
    if (!m)
        return ARM64EMU_ERR_INVALID_ARGUMENT;
    if (m->clock.running)
        return machine_fail(m, ARM64EMU_ERR_BUSY,
                            "ram_source_add: the machine is running");
    char why[sizeof(m->err)];
    int rc = source_add(&m->cfg, name, data, size, guest_addr, why,
                        sizeof(why));
    return rc == ARM64EMU_OK ? machine_ok(m) : machine_fail(m, rc, "%s", why);
}

int ram_source_find(const machine_t *m, const uint8_t digest[SHA256_LEN],
                    uint64_t size)
{
    for (unsigned i = 0; i < m->cfg.nram_sources; i++)
        if (m->cfg.ram_sources[i].size == size &&
            memcmp(m->cfg.ram_sources[i].sha256, digest, SHA256_LEN) == 0)
            return (int)i;
    return -1;
}

const uint8_t *ram_source_page(const ram_source_t *s, uint64_t at,
                               uint8_t tail[ARM64EMU_PAGE_SIZE])
{
    if (at >= s->size)
        return NULL;
    if (s->size - at >= ARM64EMU_PAGE_SIZE)
        return s->data + at;
    memset(tail, 0, ARM64EMU_PAGE_SIZE);
    memcpy(tail, s->data + at, (size_t)(s->size - at));
    return tail;
}

void ram_source_forget(machine_t *m, const void *data)
{
    unsigned kept = 0;
    for (unsigned i = 0; i < m->cfg.nram_sources; i++)
        if (m->cfg.ram_sources[i].data != data)
            m->cfg.ram_sources[kept++] = m->cfg.ram_sources[i];
    m->cfg.nram_sources = kept;
}
