/* The guest-physical address map: RAM regions (host memory with dirty and
 * code bitmaps per 4 KiB page) and MMIO regions served by callbacks. */
#ifndef ARM64EMU_BUS_H
#define ARM64EMU_BUS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arm64emu/arm64emu.h"

#define BUS_PAGE_BITS 12
#define BUS_PAGE_SIZE (1ull << BUS_PAGE_BITS)

typedef struct region {
    uint64_t base, size;
    uint8_t *host;   /* RAM: host memory; NULL for MMIO */
    bool owned;      /* host was allocated by the library */
    arm64emu_mmio_read_fn read;
    arm64emu_mmio_write_fn write;
    void *user;
    uint64_t *dirty; /* RAM: one bit per page */
    uint64_t *code;  /* RAM: pages holding decoded code */
    /* RAM: pages that may be non-zero: every page ever written, and every
     * page of caller-owned memory. Snapshots and checkpoints skip the
     * others without reading them (untouched memory stays unfaulted). */
    uint64_t *touched;
} region_t;

/* Lines from the bus up to whoever owns the CPUs. */
typedef struct bus_events {
    void *ctx;
    /* A page gained decoded code: write fast paths to it must go. */
    void (*code_marked)(void *ctx, uint64_t page);
    /* A page holding decoded code was written: drop its blocks. */
    void (*code_written)(void *ctx, uint64_t page);
    /* Dirty bits were cleared: write fast paths must go. */
    void (*dirty_cleared)(void *ctx);
} bus_events_t;

typedef struct bus {
    region_t *regions; /* sorted by base, non-overlapping */
    unsigned count, cap;
    bus_events_t events;
} bus_t;

void bus_init(bus_t *bus);
void bus_free(bus_t *bus);

/* Region containing pa, or NULL. */
region_t *bus_find(const bus_t *bus, uint64_t pa);

/* Adds a region; on error returns a status and writes msg. */
int bus_add(bus_t *bus, const region_t *r, char *msg, size_t msg_len);
int bus_remove(bus_t *bus, uint64_t base, uint64_t size, char *msg,
               size_t msg_len);

static inline bool region_is_ram(const region_t *r) { return r->host != NULL; }

static inline size_t region_page(const region_t *r, uint64_t pa)
{
    return (size_t)((pa - r->base) >> BUS_PAGE_BITS);
}

static inline bool bit_test(const uint64_t *bits, size_t i)
{
    return (bits[i / 64] >> (i % 64)) & 1u;
}
static inline void bit_set(uint64_t *bits, size_t i)
{
    bits[i / 64] |= 1ull << (i % 64);
}
static inline void bit_clear(uint64_t *bits, size_t i)
{
    bits[i / 64] &= ~(1ull << (i % 64));
}

/* Whether page i of RAM region r may hold non-zero bytes. */
static inline bool region_touched(const region_t *r, size_t i)
{
    return (r->touched[i / 64] >> (i % 64)) & 1u;
}

/* Marks the RAM page at pa dirty; if it holds code, reports code_written. */
void bus_note_write(bus_t *bus, region_t *r, uint64_t pa);

/* Copies between guest RAM and a host buffer (RAM only). */
int bus_read(bus_t *bus, uint64_t pa, void *buf, size_t len, char *msg,
             size_t msg_len);
int bus_write(bus_t *bus, uint64_t pa, const void *buf, size_t len,
              char *msg, size_t msg_len);

#endif
