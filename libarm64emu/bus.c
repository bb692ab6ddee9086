/* Guest-physical address map. */
#include "bus.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void bus_init(bus_t *bus)
{
    memset(bus, 0, sizeof(*bus));
}

static void region_release(region_t *r)
{
    if (r->owned)
        free(r->host);
    free(r->dirty);
    free(r->code);
    free(r->touched);
}

void bus_free(bus_t *bus)
{
    for (unsigned i = 0; i < bus->count; i++)
        region_release(&bus->regions[i]);
    free(bus->regions);
    bus->regions = NULL;
    bus->count = bus->cap = 0;
}

region_t *bus_find(const bus_t *bus, uint64_t pa)
{
    unsigned lo = 0, hi = bus->count;
    while (lo < hi) {
        unsigned mid = lo + (hi - lo) / 2;
        region_t *r = &bus->regions[mid];
        if (pa < r->base)
            hi = mid;
        else if (pa - r->base >= r->size)
            lo = mid + 1;
        else
            return r;
    }
    return NULL;
}

int bus_add(bus_t *bus, const region_t *nr, char *msg, size_t msg_len)
{
    if (nr->size == 0 || nr->base + nr->size - 1 < nr->base) {
        snprintf(msg, msg_len,
                 "region at 0x%" PRIx64 " size 0x%" PRIx64 ": empty or wraps",
                 nr->base, nr->size);
        return ARM64EMU_ERR_INVALID_ARGUMENT;
    }
    if ((nr->base | nr->size) & (BUS_PAGE_SIZE - 1)) {
        snprintf(msg, msg_len,
                 "region at 0x%" PRIx64 " size 0x%" PRIx64
                 ": base and size must be multiples of 4096",
                 nr->base, nr->size);
        return ARM64EMU_ERR_INVALID_ARGUMENT;
    }
    unsigned pos = 0;
    while (pos < bus->count && bus->regions[pos].base < nr->base)
        pos++;
    const region_t *prev = pos ? &bus->regions[pos - 1] : NULL;
    const region_t *next = pos < bus->count ? &bus->regions[pos] : NULL;
    const region_t *clash = NULL;
    if (prev && prev->base + prev->size > nr->base)
        clash = prev;
    if (next && nr->base + nr->size > next->base)
        clash = next;
    if (clash) {
        snprintf(msg, msg_len,
                 "region at 0x%" PRIx64 " size 0x%" PRIx64
                 " overlaps the region at 0x%" PRIx64 " size 0x%" PRIx64,
                 nr->base, nr->size, clash->base, clash->size);
        return ARM64EMU_ERR_OVERLAP;
    }
    if (bus->count == bus->cap) {
        unsigned cap = bus->cap ? bus->cap * 2 : 8;
        region_t *grown = realloc(bus->regions, cap * sizeof(*grown));
        if (!grown) {
            snprintf(msg, msg_len, "out of memory growing the region list");
            return ARM64EMU_ERR_NO_MEMORY;
        }
        bus->regions = grown;
        bus->cap = cap;
    }
    region_t r = *nr;
    r.dirty = r.code = r.touched = NULL;
    if (region_is_ram(&r)) {
        size_t words = (size_t)((r.size >> BUS_PAGE_BITS) + 63) / 64;
        r.dirty = calloc(words, sizeof(uint64_t));
        r.code = calloc(words, sizeof(uint64_t));
        r.touched = calloc(words, sizeof(uint64_t));
        if (r.touched && !r.owned) /* the caller may write it directly */
            memset(r.touched, 0xff, words * sizeof(uint64_t));
        if (!r.dirty || !r.code || !r.touched) {
            free(r.dirty);
            free(r.code);
            free(r.touched);
            snprintf(msg, msg_len,
                     "out of memory for the page bitmaps of region 0x%" PRIx64,
                     r.base);
            return ARM64EMU_ERR_NO_MEMORY;
        }
    }
    memmove(&bus->regions[pos + 1], &bus->regions[pos],
            (bus->count - pos) * sizeof(region_t));
    bus->regions[pos] = r;
    bus->count++;
    return ARM64EMU_OK;
}

int bus_remove(bus_t *bus, uint64_t base, uint64_t size, char *msg,
               size_t msg_len)
{
    for (unsigned i = 0; i < bus->count; i++) {
        region_t *r = &bus->regions[i];
        if (r->base != base)
            continue;
        if (r->size != size) {
            snprintf(msg, msg_len,
                     "unmap 0x%" PRIx64 " size 0x%" PRIx64
                     ": the region there has size 0x%" PRIx64,
                     base, size, r->size);
            return ARM64EMU_ERR_INVALID_ARGUMENT;
        }
        if (region_is_ram(r))
            for (uint64_t pa = r->base; pa < r->base + r->size;
                 pa += BUS_PAGE_SIZE)
                if (bit_test(r->code, region_page(r, pa)) &&
                    bus->events.code_written)
                    bus->events.code_written(bus->events.ctx, pa);
        region_release(r);
        memmove(r, r + 1, (bus->count - i - 1) * sizeof(region_t));
        bus->count--;
        return ARM64EMU_OK;
    }
    snprintf(msg, msg_len, "unmap 0x%" PRIx64 ": no region starts there", base);
    return ARM64EMU_ERR_UNMAPPED;
}

void bus_note_write(bus_t *bus, region_t *r, uint64_t pa)
{
    size_t page = region_page(r, pa);
    bit_set(r->dirty, page);
    bit_set(r->touched, page);
    if (bit_test(r->code, page)) {
        bit_clear(r->code, page);
        if (bus->events.code_written)
            bus->events.code_written(bus->events.ctx,
                                     pa & ~(BUS_PAGE_SIZE - 1));
    }
}

typedef enum { COPY_READ, COPY_WRITE } copy_dir_t;

static int bus_copy(bus_t *bus, uint64_t pa, void *buf, size_t len,
                    copy_dir_t dir, char *msg, size_t msg_len)
{
    /* Check the whole range first, so a failed write changes nothing. */
    for (uint64_t a = pa, left = len; left;) {
        region_t *r = bus_find(bus, a);
        if (!r || !region_is_ram(r)) {
            snprintf(msg, msg_len, "guest-physical 0x%" PRIx64 " is %s", a,
                     r ? "MMIO, not RAM" : "not mapped");
            return ARM64EMU_ERR_UNMAPPED;
        }
        uint64_t chunk = r->base + r->size - a;
        if (chunk > left)
            chunk = left;
        a += chunk;
        left -= chunk;
    }
    uint8_t *p = buf;
    while (len) {
        region_t *r = bus_find(bus, pa);
        uint64_t chunk = BUS_PAGE_SIZE - (pa & (BUS_PAGE_SIZE - 1));
        if (chunk > len)
            chunk = len;
        uint8_t *host = r->host + (pa - r->base);
        if (dir == COPY_READ) {
            memcpy(p, host, chunk);
        } else {
            memcpy(host, p, chunk);
            bus_note_write(bus, r, pa);
        }
        pa += chunk;
        p += chunk;
        len -= chunk;
    }
    return ARM64EMU_OK;
}

int bus_read(bus_t *bus, uint64_t pa, void *buf, size_t len, char *msg,
             size_t msg_len)
{
    return bus_copy(bus, pa, buf, len, COPY_READ, msg, msg_len);
}

int bus_write(bus_t *bus, uint64_t pa, const void *buf, size_t len,
              char *msg, size_t msg_len)
{
    return bus_copy(bus, pa, (void *)buf, len, COPY_WRITE, msg, msg_len);
}
