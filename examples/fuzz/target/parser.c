/* The fuzz target: a parser of a small record format, with three planted
 * bugs for the fuzzers to find. Bare metal (no OS, no libc), EL0.
 *
 * Input: the magic "ARM!" (checked byte by byte, so that edge coverage
 * guides a fuzzer through it), then records until the end of the input,
 * each a tag byte and its operands:
 *   'S' n bytes[n]    add n bytes to the checksum
 *   'N' chars... 0    set the name (at most 32 characters, NUL-terminated)
 *   'R' count stride  add 0, stride, 2*stride, ... up to count (8-bit)
 *   'P' index         add the value of slot index (0..7) to the checksum
 *   'E'               end (the rest is ignored)
 * parse_input returns the checksum, or a negative value for a malformed
 * input (unknown tag, truncated record, name too long).
 *
 * Planted bugs:
 *  - 'N' with 33 characters or more: the length check is off by one, so
 *    the 33rd character is written one byte past name[], which ends the
 *    STATE region: an out-of-bounds write (unmapped write at
 *    TARGET_STATE_END).
 *  - 'R' with stride 0 and count != 0 (or an even stride and an odd count):
 *    the loop never ends (the harness's instruction budget runs out).
 *  - 'P' with index 4..7: slots 4..7 were never set, so the parser reads
 *    through a NULL pointer (unmapped read near 0).
 */
#include "layout.h"

typedef unsigned char u8;
typedef unsigned int u32;
typedef unsigned long u64;

struct parser_state {
    u32 *slots[8];             /* 0..3 point at values[], 4..7 are NULL */
    u32 values[4];
    u32 records;
    u32 pad;
    char name[TARGET_NAME_LEN]; /* last bytes of the STATE region */
};

#define STATE ((struct parser_state *)(TARGET_STATE_END - sizeof(struct parser_state)))

/* The compiler may call these even in freestanding code. */
void *memcpy(void *dst, const void *src, u64 n);
void *memset(void *dst, int c, u64 n);
void *memcpy(void *dst, const void *src, u64 n)
{
    u8 *d = dst;
    const u8 *s = src;
    while (n--)
        *d++ = *s++;
    return dst;
}
void *memset(void *dst, int c, u64 n)
{
    u8 *d = dst;
    while (n--)
        *d++ = (u8)c;
    return dst;
}

void parser_init(void);
long parse_input(const u8 *in, u64 len);

/* Once, before the checkpoint. */
void parser_init(void)
{
    struct parser_state *st = STATE;
    for (int i = 0; i < 4; i++) {
        st->values[i] = 0x1000u * (u32)(i + 1);
        st->slots[i] = &st->values[i];
    }
}

static long check_magic(const u8 *in, u64 len)
{
    /* One comparison per byte: each match is a new edge. */
    if (len < 4)
        return -1;
    if (in[0] != TARGET_MAGIC[0])
        return -1;
    if (in[1] != TARGET_MAGIC[1])
        return -1;
    if (in[2] != TARGET_MAGIC[2])
        return -1;
    if (in[3] != TARGET_MAGIC[3])
        return -1;
    return 4;
}

long parse_input(const u8 *in, u64 len)
{
    struct parser_state *st = STATE;
    long pos = check_magic(in, len);
    if (pos < 0)
        return -1;
    u32 sum = 0;
    while ((u64)pos < len) {
        u8 tag = in[pos++];
        st->records++;
        if (tag == 'E')
            break;
        if (tag == 'S') {
            if ((u64)pos >= len)
                return -2;
            u32 n = in[pos++];
            if ((u64)pos + n > len)
                return -2;
            for (u32 i = 0; i < n; i++)
                sum = sum * 31 + in[pos + i];
            pos += n;
        } else if (tag == 'N') {
            u32 n = 0;
            while ((u64)pos < len && in[pos] != 0) {
                if (n > TARGET_NAME_LEN) /* BUG: should be >= */
                    return -3;
                st->name[n++] = (char)in[pos++];
            }
            if ((u64)pos >= len)
                return -2; /* no NUL */
            pos++;
            if (n < TARGET_NAME_LEN)
                st->name[n] = 0;
            sum += n;
        } else if (tag == 'R') {
            if ((u64)pos + 2 > len)
                return -2;
            u8 count = in[pos], stride = in[pos + 1];
            pos += 2;
            /* BUG: never reaches count when stride is 0 (or even, with an
             * odd count). */
            for (u8 i = 0; i != count; i += stride)
                sum += i;
        } else if (tag == 'P') {
            if ((u64)pos >= len)
                return -2;
            u8 index = in[pos++];
            if (index >= 8)
                return -2;
            sum += *st->slots[index]; /* BUG: slots 4..7 are NULL */
        } else {
            return -4;
        }
    }
    return (long)sum;
}
