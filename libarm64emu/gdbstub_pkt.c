/* GDB remote serial protocol framing: "$body#cs" packets, checksums, the
 * '}' escape, hex. The input is the debugger's and is never trusted. */
#include "gdbstub.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

enum { RX_IDLE = 0, RX_BODY, RX_CSUM1, RX_CSUM2 };

void gdb_rx_reset(gdb_rx_t *rx)
{
    rx->state = RX_IDLE;
    rx->overflow = false;
    rx->sum = 0;
    rx->csum = 0;
    rx->len = 0;
    rx->buf[0] = '\0';
}

gdb_rx_event_t gdb_rx_feed(gdb_rx_t *rx, uint8_t c)
{
    switch (rx->state) {
    case RX_IDLE:
        if (c == '$') {
            gdb_rx_reset(rx);
            rx->state = RX_BODY;
            return GDB_RX_MORE;
        }
        if (c == 0x03)
            return GDB_RX_INTERRUPT;
        if (c == '+')
            return GDB_RX_ACK;
        if (c == '-')
            return GDB_RX_NACK;
        return GDB_RX_MORE; /* noise between packets */
    case RX_BODY:
        if (c == '#') {
            rx->state = RX_CSUM1;
            return GDB_RX_MORE;
        }
        if (c == '$') { /* a new packet restarts: the old one was cut */
            gdb_rx_reset(rx);
            rx->state = RX_BODY;
            return GDB_RX_MORE;
        }
        rx->sum = (uint8_t)(rx->sum + c);
        if (rx->len < GDB_PKT_MAX)
            rx->buf[rx->len++] = (char)c;
        else
            rx->overflow = true;
        return GDB_RX_MORE;
    case RX_CSUM1: {
        int v = gdb_hexval(c);
        if (c == '$') { /* the checksum was cut: a new packet starts */
            gdb_rx_reset(rx);
            rx->state = RX_BODY;
            return GDB_RX_MORE;
        }
        if (v < 0) {
            rx->state = RX_IDLE;
            return GDB_RX_BAD;
        }
        rx->csum = (uint8_t)v;
        rx->state = RX_CSUM2;
        return GDB_RX_MORE;
    }
    default: { /* RX_CSUM2 */
        int v = gdb_hexval(c);
        if (c == '$') {
            gdb_rx_reset(rx);
            rx->state = RX_BODY;
            return GDB_RX_MORE;
        }
        rx->state = RX_IDLE;
        rx->buf[rx->len] = '\0';
        if (v < 0 || (uint8_t)(rx->csum << 4 | v) != rx->sum)
            return GDB_RX_BAD;
        return rx->overflow ? GDB_RX_TOO_LONG : GDB_RX_PACKET;
    }
    }
}

void gdb_buf_clear(gdb_buf_t *b)
{
    b->len = 0;
    b->full = false;
}

void gdb_buf_putn(gdb_buf_t *b, const char *s, size_t n)
{
    if (b->full || n > sizeof(b->data) - b->len) {
        b->full = true;
        return;
    }
    memcpy(b->data + b->len, s, n);
    b->len += n;
}

void gdb_buf_puts(gdb_buf_t *b, const char *s)
{
    gdb_buf_putn(b, s, strlen(s));
}

void gdb_buf_printf(gdb_buf_t *b, const char *fmt, ...)
{
    char tmp[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof(tmp)) {
        b->full = true;
        return;
    }
    gdb_buf_putn(b, tmp, (size_t)n);
}

void gdb_buf_hex(gdb_buf_t *b, const void *bytes, size_t n)
{
    static const char digits[] = "0123456789abcdef";
    const uint8_t *p = bytes;
    if (b->full || n > (sizeof(b->data) - b->len) / 2) {
        b->full = true;
        return;
    }
    for (size_t i = 0; i < n; i++) {
        b->data[b->len++] = digits[p[i] >> 4];
        b->data[b->len++] = digits[p[i] & 15];
    }
}

uint8_t gdb_checksum(const char *s, size_t n)
{
    uint8_t sum = 0;
    for (size_t i = 0; i < n; i++)
        sum = (uint8_t)(sum + (uint8_t)s[i]);
    return sum;
}

int gdb_hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

bool gdb_parse_hex(const char **p, const char *end, uint64_t *out)
{
    const char *s = *p;
    uint64_t v = 0;
    unsigned n = 0;
    while (s < end && gdb_hexval((unsigned char)*s) >= 0) {
        if (++n > 16)
            return false;
        v = v << 4 | (uint64_t)gdb_hexval((unsigned char)*s);
        s++;
    }
    if (n == 0)
        return false;
    *p = s;
    *out = v;
    return true;
}

bool gdb_hex_decode(uint8_t *out, const char *hex, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int hi = gdb_hexval((unsigned char)hex[2 * i]);
        int lo = hi < 0 ? -1 : gdb_hexval((unsigned char)hex[2 * i + 1]);
        if (lo < 0)
            return false;
        out[i] = (uint8_t)(hi << 4 | lo);
    }
    return true;
}

bool gdb_unescape(uint8_t *out, size_t cap, size_t *outlen, const char *in,
                  size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        uint8_t c = (uint8_t)in[i];
        if (c == '}') {
            if (++i == len)
                return false;
            c = (uint8_t)in[i] ^ 0x20;
        }
        if (n == cap)
            return false;
        out[n++] = c;
    }
    *outlen = n;
    return true;
}

size_t gdb_frame(char *out, size_t cap, const char *body, size_t len)
{
    static const char digits[] = "0123456789abcdef";
    size_t n = 0;
    uint8_t sum = 0;
    if (cap < 4)
        return 0;
    out[n++] = '$';
    for (size_t i = 0; i < len; i++) {
        char c = body[i];
        bool esc = c == '$' || c == '#' || c == '}' || c == '*';
        if (n + (esc ? 2 : 1) + 3 > cap)
            return 0;
        if (esc) {
            out[n++] = '}';
            sum = (uint8_t)(sum + '}');
            c = (char)(c ^ 0x20);
        }
        out[n++] = c;
        sum = (uint8_t)(sum + (uint8_t)c);
    }
    out[n++] = '#';
    out[n++] = digits[sum >> 4];
    out[n++] = digits[sum & 15];
    return n;
}
