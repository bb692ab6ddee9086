/* Arm PrimeCell real-time clock (PL031). */
#include <string.h>

#include "pl031.h"

enum {
    RTCDR = 0x00,
    RTCMR = 0x04,
    RTCLR = 0x08,
    RTCCR = 0x0c,
    RTCIMSC = 0x10,
    RTCRIS = 0x14,
    RTCMIS = 0x18,
    RTCICR = 0x1c,
};

static uint64_t now(const pl031_t *r)
{
    return r->now ? r->now(r->now_ctx) : 0;
}

static void update(pl031_t *r, bool force)
{
    bool level = (r->state.ris & r->state.imsc) != 0;
    if (force || level != r->state.irq_out) {
        r->state.irq_out = level;
        irq_line_set(&r->irq, level);
    }
}

void pl031_sync(pl031_t *r)
{
    update(r, true);
}

void pl031_reset(pl031_t *r)
{
    memset(&r->state, 0, sizeof(r->state));
    update(r, true);
}

void pl031_init(pl031_t *r, pl031_time_fn fn, void *ctx, irq_line_t irq)
{
    r->now = fn;
    r->now_ctx = ctx;
    r->irq = irq;
    pl031_reset(r);
}

bool pl031_next_alarm(const pl031_t *r, uint64_t *when)
{
    if (r->state.armed)
        *when = r->state.alarm_at;
    return r->state.armed;
}

void pl031_poll(pl031_t *r)
{
    if (r->state.armed && now(r) >= r->state.alarm_at) {
        r->state.armed = false;
        r->state.ris = 1;
        update(r, false);
    }
}

/* The alarm fires when the count next equals MR; the count wraps, so an
 * MR behind the count is 2^32 seconds away. */
static void arm(pl031_t *r)
{
    uint64_t t = now(r);
    uint32_t ticks = r->state.mr - ((uint32_t)t + r->state.offset);
    r->state.armed = true;
    r->state.alarm_at = t + ticks;
    pl031_poll(r);
}

int pl031_read(void *user, uint64_t off, unsigned size, uint64_t *value)
{
    static const uint8_t ids[8] = {0x31, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1};
    pl031_t *r = user;
    uint64_t v = 0;
    *value = 0;
    if ((size != 1 && size != 2 && size != 4 && size != 8) || (off & 3))
        return 0;
    pl031_poll(r);
    const pl031_state_t *s = &r->state;
    switch (off) {
    case RTCDR: v = (uint32_t)now(r) + s->offset; break;
    case RTCMR: v = s->mr; break;
    case RTCLR: v = s->lr; break;
    case RTCCR: v = 1; break; /* always enabled */
    case RTCIMSC: v = s->imsc; break;
    case RTCRIS: v = s->ris; break;
    case RTCMIS: v = s->ris & s->imsc; break;
    default:
        if (off >= 0xfe0 && off < 0x1000)
            v = ids[(off - 0xfe0) / 4];
        break;
    }
    if (size < 8)
        v &= (1ull << (size * 8)) - 1;
    *value = v;
    return 0;
}

int pl031_write(void *user, uint64_t off, unsigned size, uint64_t v)
{
    pl031_t *r = user;
    pl031_state_t *s = &r->state;
    if ((size != 1 && size != 2 && size != 4 && size != 8) || (off & 3))
        return 0;
    switch (off) {
    case RTCMR:
        s->mr = (uint32_t)v;
        arm(r);
        break;
    case RTCLR:
        s->lr = (uint32_t)v;
        s->offset = (uint32_t)v - (uint32_t)now(r);
        arm(r);
        break;
    case RTCIMSC:
        s->imsc = v & 1;
        update(r, false);
        break;
    case RTCICR:
        s->ris &= (uint8_t)~(v & 1);
        update(r, false);
        break;
    default: /* DR, CR (always enabled), RIS, MIS, IDs */
        break;
    }
    return 0;
}
