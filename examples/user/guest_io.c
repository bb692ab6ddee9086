/* Bounded copies between guest memory and the host. Every guest pointer
 * goes through arm64emu_mem_read/mem_write, so a bad one is an error code,
 * never a host crash. */
#include <errno.h>
#include <string.h>

#include "user.h"

bool guest_read(user_ctx *u, uint64_t addr, void *buf, size_t len)
{
    return arm64emu_mem_read(u->m, addr, buf, len) == ARM64EMU_OK;
}

bool guest_write(user_ctx *u, uint64_t addr, const void *buf, size_t len)
{
    return arm64emu_mem_write(u->m, addr, buf, len) == ARM64EMU_OK;
}

bool guest_write_u64(user_ctx *u, uint64_t addr, uint64_t v)
{
    uint8_t b[8];
    put_u64(b, v);
    return guest_write(u, addr, b, sizeof(b));
}

bool guest_zero(user_ctx *u, uint64_t addr, uint64_t len)
{
    static const uint8_t zeros[4096];
    while (len) {
        size_t n = len < sizeof(zeros) ? (size_t)len : sizeof(zeros);
        if (!guest_write(u, addr, zeros, n))
            return false;
        addr += n;
        len -= n;
    }
    return true;
}

int guest_read_str(user_ctx *u, uint64_t addr, char *buf, size_t cap)
{
    size_t got = 0;
    while (got < cap) {
        /* Stop each chunk at a page end: the next page may be unmapped. */
        uint64_t room = USER_PAGE - ((addr + got) % USER_PAGE);
        size_t n = cap - got < room ? cap - got : (size_t)room;
        if (!guest_read(u, addr + got, buf + got, n))
            return -EFAULT;
        char *nul = memchr(buf + got, 0, n);
        if (nul)
            return 0;
        got += n;
    }
    buf[cap - 1] = 0;
    return -ENAMETOOLONG;
}

void put_u16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}

void put_u32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

void put_u64(uint8_t *p, uint64_t v)
{
    for (int i = 0; i < 8; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

uint32_t get_u32(const uint8_t *p)
{
    uint32_t v = 0;
    for (int i = 3; i >= 0; i--)
        v = (v << 8) | p[i];
    return v;
}

uint64_t get_u64(const uint8_t *p)
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--)
        v = (v << 8) | p[i];
    return v;
}

/* splitmix64: tiny, and the same seed gives the same bytes on any host. */
void user_random(user_ctx *u, void *buf, size_t len)
{
    uint8_t *p = buf;
    while (len) {
        uint64_t z = (u->rng += 0x9e3779b97f4a7c15ull);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
        z ^= z >> 31;
        uint8_t b[8];
        put_u64(b, z);
        size_t n = len < 8 ? len : 8;
        memcpy(p, b, n);
        p += n;
        len -= n;
    }
}
