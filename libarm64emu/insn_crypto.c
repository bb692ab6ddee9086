/* Cryptographic extension: AESE/AESD/AESMC/AESIMC (FEAT_AES), SHA1C/P/M/H/
 * SU0/SU1 (FEAT_SHA1), SHA256H/H2/SU0/SU1 (FEAT_SHA256), SHA512H/H2/SU0/SU1
 * (FEAT_SHA512) and EOR3/RAX1/XAR/BCAX (FEAT_SHA3), per the Arm ARM
 * pseudocode. Each is gated at translate time on its ID_AA64ISAR0_EL1
 * field. PMULL/PMULL2 with 64-bit elements (FEAT_PMULL) share the
 * three-different line in insn_simd_int.c.
 *
 * Not yet: SM3SS1, SM3TT1A/1B/2A/2B, SM3PARTW1/2 (FEAT_SM3, v8.2);
 * SM4E, SM4EKEY (FEAT_SM4, v8.2).
 */
#include "simd.h"

static const uint8_t aes_sbox[256] = {
    0x63, 0x7c, 0x77, 0x7b, 0xf2, 0x6b, 0x6f, 0xc5, 0x30, 0x01, 0x67, 0x2b,
    0xfe, 0xd7, 0xab, 0x76, 0xca, 0x82, 0xc9, 0x7d, 0xfa, 0x59, 0x47, 0xf0,
    0xad, 0xd4, 0xa2, 0xaf, 0x9c, 0xa4, 0x72, 0xc0, 0xb7, 0xfd, 0x93, 0x26,
    0x36, 0x3f, 0xf7, 0xcc, 0x34, 0xa5, 0xe5, 0xf1, 0x71, 0xd8, 0x31, 0x15,
    0x04, 0xc7, 0x23, 0xc3, 0x18, 0x96, 0x05, 0x9a, 0x07, 0x12, 0x80, 0xe2,
    0xeb, 0x27, 0xb2, 0x75, 0x09, 0x83, 0x2c, 0x1a, 0x1b, 0x6e, 0x5a, 0xa0,
    0x52, 0x3b, 0xd6, 0xb3, 0x29, 0xe3, 0x2f, 0x84, 0x53, 0xd1, 0x00, 0xed,
    0x20, 0xfc, 0xb1, 0x5b, 0x6a, 0xcb, 0xbe, 0x39, 0x4a, 0x4c, 0x58, 0xcf,
    0xd0, 0xef, 0xaa, 0xfb, 0x43, 0x4d, 0x33, 0x85, 0x45, 0xf9, 0x02, 0x7f,
    0x50, 0x3c, 0x9f, 0xa8, 0x51, 0xa3, 0x40, 0x8f, 0x92, 0x9d, 0x38, 0xf5,
    0xbc, 0xb6, 0xda, 0x21, 0x10, 0xff, 0xf3, 0xd2, 0xcd, 0x0c, 0x13, 0xec,
    0x5f, 0x97, 0x44, 0x17, 0xc4, 0xa7, 0x7e, 0x3d, 0x64, 0x5d, 0x19, 0x73,
    0x60, 0x81, 0x4f, 0xdc, 0x22, 0x2a, 0x90, 0x88, 0x46, 0xee, 0xb8, 0x14,
    0xde, 0x5e, 0x0b, 0xdb, 0xe0, 0x32, 0x3a, 0x0a, 0x49, 0x06, 0x24, 0x5c,
    0xc2, 0xd3, 0xac, 0x62, 0x91, 0x95, 0xe4, 0x79, 0xe7, 0xc8, 0x37, 0x6d,
    0x8d, 0xd5, 0x4e, 0xa9, 0x6c, 0x56, 0xf4, 0xea, 0x65, 0x7a, 0xae, 0x08,
    0xba, 0x78, 0x25, 0x2e, 0x1c, 0xa6, 0xb4, 0xc6, 0xe8, 0xdd, 0x74, 0x1f,
    0x4b, 0xbd, 0x8b, 0x8a, 0x70, 0x3e, 0xb5, 0x66, 0x48, 0x03, 0xf6, 0x0e,
    0x61, 0x35, 0x57, 0xb9, 0x86, 0xc1, 0x1d, 0x9e, 0xe1, 0xf8, 0x98, 0x11,
    0x69, 0xd9, 0x8e, 0x94, 0x9b, 0x1e, 0x87, 0xe9, 0xce, 0x55, 0x28, 0xdf,
    0x8c, 0xa1, 0x89, 0x0d, 0xbf, 0xe6, 0x42, 0x68, 0x41, 0x99, 0x2d, 0x0f,
    0xb0, 0x54, 0xbb, 0x16,
};

static const uint8_t aes_inv_sbox[256] = {
    0x52, 0x09, 0x6a, 0xd5, 0x30, 0x36, 0xa5, 0x38, 0xbf, 0x40, 0xa3, 0x9e,
    0x81, 0xf3, 0xd7, 0xfb, 0x7c, 0xe3, 0x39, 0x82, 0x9b, 0x2f, 0xff, 0x87,
    0x34, 0x8e, 0x43, 0x44, 0xc4, 0xde, 0xe9, 0xcb, 0x54, 0x7b, 0x94, 0x32,
    0xa6, 0xc2, 0x23, 0x3d, 0xee, 0x4c, 0x95, 0x0b, 0x42, 0xfa, 0xc3, 0x4e,
    0x08, 0x2e, 0xa1, 0x66, 0x28, 0xd9, 0x24, 0xb2, 0x76, 0x5b, 0xa2, 0x49,
    0x6d, 0x8b, 0xd1, 0x25, 0x72, 0xf8, 0xf6, 0x64, 0x86, 0x68, 0x98, 0x16,
    0xd4, 0xa4, 0x5c, 0xcc, 0x5d, 0x65, 0xb6, 0x92, 0x6c, 0x70, 0x48, 0x50,
    0xfd, 0xed, 0xb9, 0xda, 0x5e, 0x15, 0x46, 0x57, 0xa7, 0x8d, 0x9d, 0x84,
    0x90, 0xd8, 0xab, 0x00, 0x8c, 0xbc, 0xd3, 0x0a, 0xf7, 0xe4, 0x58, 0x05,
    0xb8, 0xb3, 0x45, 0x06, 0xd0, 0x2c, 0x1e, 0x8f, 0xca, 0x3f, 0x0f, 0x02,
    0xc1, 0xaf, 0xbd, 0x03, 0x01, 0x13, 0x8a, 0x6b, 0x3a, 0x91, 0x11, 0x41,
    0x4f, 0x67, 0xdc, 0xea, 0x97, 0xf2, 0xcf, 0xce, 0xf0, 0xb4, 0xe6, 0x73,
    0x96, 0xac, 0x74, 0x22, 0xe7, 0xad, 0x35, 0x85, 0xe2, 0xf9, 0x37, 0xe8,
    0x1c, 0x75, 0xdf, 0x6e, 0x47, 0xf1, 0x1a, 0x71, 0x1d, 0x29, 0xc5, 0x89,
    0x6f, 0xb7, 0x62, 0x0e, 0xaa, 0x18, 0xbe, 0x1b, 0xfc, 0x56, 0x3e, 0x4b,
    0xc6, 0xd2, 0x79, 0x20, 0x9a, 0xdb, 0xc0, 0xfe, 0x78, 0xcd, 0x5a, 0xf4,
    0x1f, 0xdd, 0xa8, 0x33, 0x88, 0x07, 0xc7, 0x31, 0xb1, 0x12, 0x10, 0x59,
    0x27, 0x80, 0xec, 0x5f, 0x60, 0x51, 0x7f, 0xa9, 0x19, 0xb5, 0x4a, 0x0d,
    0x2d, 0xe5, 0x7a, 0x9f, 0x93, 0xc9, 0x9c, 0xef, 0xa0, 0xe0, 0x3b, 0x4d,
    0xae, 0x2a, 0xf5, 0xb0, 0xc8, 0xeb, 0xbb, 0x3c, 0x83, 0x53, 0x99, 0x61,
    0x17, 0x2b, 0x04, 0x7e, 0xba, 0x77, 0xd6, 0x26, 0xe1, 0x69, 0x14, 0x63,
    0x55, 0x21, 0x0c, 0x7d,
};

static inline uint32_t ror32(uint32_t v, unsigned n)
{
    return (v >> n) | (v << ((32 - n) & 31));
}
static inline uint32_t rol32(uint32_t v, unsigned n)
{
    return ror32(v, (32 - n) & 31);
}

/* ---- AES: the state is 16 bytes, column-major (byte 4c + r) ------------- */

static inline uint8_t xtime(uint8_t b)
{
    return (uint8_t)((b << 1) ^ ((b & 0x80) ? 0x1b : 0));
}

static uint8_t gf_mul(uint8_t a, uint8_t b)
{
    uint8_t r = 0;
    while (b) {
        if (b & 1)
            r ^= a;
        a = xtime(a);
        b >>= 1;
    }
    return r;
}

static op_result_t op_aese(cpu_t *cpu, const op_t *op)
{
    vreg_t s, r;
    for (unsigned i = 0; i < 16; i++)
        s.b[i] = cpu->v[op->rd].b[i] ^ cpu->v[op->rn].b[i];
    for (unsigned c = 0; c < 4; c++)
        for (unsigned row = 0; row < 4; row++)
            r.b[4 * c + row] = aes_sbox[s.b[4 * ((c + row) & 3) + row]];
    cpu->v[op->rd] = r;
    return OP_NEXT;
}

static op_result_t op_aesd(cpu_t *cpu, const op_t *op)
{
    vreg_t s, r;
    for (unsigned i = 0; i < 16; i++)
        s.b[i] = cpu->v[op->rd].b[i] ^ cpu->v[op->rn].b[i];
    for (unsigned c = 0; c < 4; c++)
        for (unsigned row = 0; row < 4; row++)
            r.b[4 * c + row] = aes_inv_sbox[s.b[4 * ((c - row) & 3) + row]];
    cpu->v[op->rd] = r;
    return OP_NEXT;
}

static op_result_t op_aesmc(cpu_t *cpu, const op_t *op)
{
    const vreg_t s = cpu->v[op->rn];
    vreg_t r;
    for (unsigned c = 0; c < 4; c++) {
        const uint8_t *a = &s.b[4 * c];
        for (unsigned row = 0; row < 4; row++)
            r.b[4 * c + row] = (uint8_t)(xtime(a[row]) ^
                                         (xtime(a[(row + 1) & 3]) ^ a[(row + 1) & 3]) ^
                                         a[(row + 2) & 3] ^ a[(row + 3) & 3]);
    }
    cpu->v[op->rd] = r;
    return OP_NEXT;
}

static op_result_t op_aesimc(cpu_t *cpu, const op_t *op)
{
    static const uint8_t k[4] = {0x0e, 0x0b, 0x0d, 0x09};
    const vreg_t s = cpu->v[op->rn];
    vreg_t r;
    for (unsigned c = 0; c < 4; c++)
        for (unsigned row = 0; row < 4; row++) {
            uint8_t v = 0;
            for (unsigned j = 0; j < 4; j++)
                v ^= gf_mul(s.b[4 * c + ((row + j) & 3)], k[j]);
            r.b[4 * c + row] = v;
        }
    cpu->v[op->rd] = r;
    return OP_NEXT;
}

static bool tr_aes(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    static const op_fn_t fns[4] = {op_aese, op_aesd, op_aesmc, op_aesimc};
    if (!simd_has_aes(ctx->model))
        return false;
    op->fn = fns[F(f, 'o')];
    op->rd = (uint8_t)F(f, 'd');
    op->rn = (uint8_t)F(f, 'n');
    return true;
}

/* ---- SHA-1 and SHA-256 ----------------------------------------------------- */

static inline uint32_t sha_choose(uint32_t x, uint32_t y, uint32_t z)
{
    return ((y ^ z) & x) ^ z;
}
static inline uint32_t sha_parity(uint32_t x, uint32_t y, uint32_t z)
{
    return x ^ y ^ z;
}
static inline uint32_t sha_majority(uint32_t x, uint32_t y, uint32_t z)
{
    return (x & y) | ((x | y) & z);
}

/* SHA1C/SHA1P/SHA1M: X = Qd, Y = Sn, W = Vm.4S; four rounds. */
#define DEF_SHA1_HASH(name, fn)                                                \
    static op_result_t op_##name(cpu_t *cpu, const op_t *op)                   \
    {                                                                          \
        vreg_t x = cpu->v[op->rd];                                             \
        uint32_t y = cpu->v[op->rn].s[0];                                      \
        const vreg_t w = cpu->v[op->rm];                                       \
        for (unsigned e = 0; e < 4; e++) {                                     \
            uint32_t t = fn(x.s[1], x.s[2], x.s[3]);                           \
            y = y + rol32(x.s[0], 5) + t + w.s[e];                             \
            x.s[1] = rol32(x.s[1], 30);                                        \
            uint32_t top = x.s[3];                                             \
            x.s[3] = x.s[2];                                                   \
            x.s[2] = x.s[1];                                                   \
            x.s[1] = x.s[0];                                                   \
            x.s[0] = y;                                                        \
            y = top;                                                           \
        }                                                                      \
        cpu->v[op->rd] = x;                                                    \
        return OP_NEXT;                                                        \
    }
DEF_SHA1_HASH(sha1c, sha_choose)
DEF_SHA1_HASH(sha1p, sha_parity)
DEF_SHA1_HASH(sha1m, sha_majority)

static op_result_t op_sha1su0(cpu_t *cpu, const op_t *op)
{
    const vreg_t a = cpu->v[op->rd], b = cpu->v[op->rn], c = cpu->v[op->rm];
    vreg_t r;
    r.d[0] = a.d[1] ^ a.d[0] ^ c.d[0];
    r.d[1] = b.d[0] ^ a.d[1] ^ c.d[1];
    cpu->v[op->rd] = r;
    return OP_NEXT;
}

static op_result_t op_sha1h(cpu_t *cpu, const op_t *op)
{
    vreg_t r = {{0}};
    r.s[0] = rol32(cpu->v[op->rn].s[0], 30);
    cpu->v[op->rd] = r;
    return OP_NEXT;
}

static op_result_t op_sha1su1(cpu_t *cpu, const op_t *op)
{
    const vreg_t a = cpu->v[op->rd], b = cpu->v[op->rn];
    uint32_t t[4] = {a.s[0] ^ b.s[1], a.s[1] ^ b.s[2], a.s[2] ^ b.s[3], a.s[3]};
    vreg_t r;
    r.s[0] = rol32(t[0], 1);
    r.s[1] = rol32(t[1], 1);
    r.s[2] = rol32(t[2], 1);
    r.s[3] = rol32(t[3], 1) ^ rol32(t[0], 2);
    cpu->v[op->rd] = r;
    return OP_NEXT;
}

/* SHA256hash: four rounds on X (a..d) and Y (e..h); part1 returns X. */
static vreg_t sha256_hash(vreg_t x, vreg_t y, const vreg_t w, bool part1)
{
    for (unsigned e = 0; e < 4; e++) {
        uint32_t chs = sha_choose(y.s[0], y.s[1], y.s[2]);
        uint32_t maj = sha_majority(x.s[0], x.s[1], x.s[2]);
        uint32_t sig1 = ror32(y.s[0], 6) ^ ror32(y.s[0], 11) ^ ror32(y.s[0], 25);
        uint32_t sig0 = ror32(x.s[0], 2) ^ ror32(x.s[0], 13) ^ ror32(x.s[0], 22);
        uint32_t t = y.s[3] + sig1 + chs + w.s[e];
        x.s[3] = t + x.s[3];
        y.s[3] = t + sig0 + maj;
        uint32_t xtop = x.s[3], ytop = y.s[3];
        x.s[3] = x.s[2], x.s[2] = x.s[1], x.s[1] = x.s[0], x.s[0] = ytop;
        y.s[3] = y.s[2], y.s[2] = y.s[1], y.s[1] = y.s[0], y.s[0] = xtop;
    }
    return part1 ? x : y;
}

static op_result_t op_sha256h(cpu_t *cpu, const op_t *op)
{
    cpu->v[op->rd] = sha256_hash(cpu->v[op->rd], cpu->v[op->rn], cpu->v[op->rm], true);
    return OP_NEXT;
}

static op_result_t op_sha256h2(cpu_t *cpu, const op_t *op)
{
    cpu->v[op->rd] = sha256_hash(cpu->v[op->rn], cpu->v[op->rd], cpu->v[op->rm], false);
    return OP_NEXT;
}

static op_result_t op_sha256su0(cpu_t *cpu, const op_t *op)
{
    const vreg_t a = cpu->v[op->rd], b = cpu->v[op->rn];
    uint32_t t[4] = {a.s[1], a.s[2], a.s[3], b.s[0]};
    vreg_t r;
    for (unsigned e = 0; e < 4; e++)
        r.s[e] = (ror32(t[e], 7) ^ ror32(t[e], 18) ^ (t[e] >> 3)) + a.s[e];
    cpu->v[op->rd] = r;
    return OP_NEXT;
}

static op_result_t op_sha256su1(cpu_t *cpu, const op_t *op)
{
    const vreg_t a = cpu->v[op->rd], b = cpu->v[op->rn], c = cpu->v[op->rm];
    uint32_t t0[4] = {b.s[1], b.s[2], b.s[3], c.s[0]};
    vreg_t r;
    for (unsigned e = 0; e < 4; e++) {
        uint32_t x = e < 2 ? c.s[2 + e] : r.s[e - 2];
        r.s[e] = (ror32(x, 17) ^ ror32(x, 19) ^ (x >> 10)) + a.s[e] + t0[e];
    }
    cpu->v[op->rd] = r;
    return OP_NEXT;
}

static bool tr_sha3reg(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    static const op_fn_t fns[7] = {op_sha1c,   op_sha1p,    op_sha1m,
                                   op_sha1su0, op_sha256h,  op_sha256h2,
                                   op_sha256su1};
    unsigned o = F(f, 'o');
    if (o == 7 || !(o < 4 ? simd_has_sha1(ctx->model) : simd_has_sha256(ctx->model)))
        return false;
    op->fn = fns[o];
    op->rd = (uint8_t)F(f, 'd');
    op->rn = (uint8_t)F(f, 'n');
    op->rm = (uint8_t)F(f, 'm');
    return true;
}

static bool tr_sha2reg(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    static const op_fn_t fns[3] = {op_sha1h, op_sha1su1, op_sha256su0};
    unsigned o = F(f, 'o');
    if (o == 3 || !(o < 2 ? simd_has_sha1(ctx->model) : simd_has_sha256(ctx->model)))
        return false;
    op->fn = fns[o];
    op->rd = (uint8_t)F(f, 'd');
    op->rn = (uint8_t)F(f, 'n');
    return true;
}

/* ---- SHA-512 and SHA-3 ----------------------------------------------------- */

static inline uint64_t ror64c(uint64_t v, unsigned n)
{
    return (v >> n) | (v << ((64 - n) & 63));
}

static op_result_t op_sha512h(cpu_t *cpu, const op_t *op)
{
    const vreg_t x = cpu->v[op->rn], y = cpu->v[op->rm], w = cpu->v[op->rd];
    vreg_t r;
    uint64_t sig = ror64c(y.d[1], 14) ^ ror64c(y.d[1], 18) ^ ror64c(y.d[1], 41);
    r.d[1] = ((y.d[1] & x.d[0]) ^ (~y.d[1] & x.d[1])) + sig + w.d[1];
    uint64_t tmp = r.d[1] + y.d[0];
    sig = ror64c(tmp, 14) ^ ror64c(tmp, 18) ^ ror64c(tmp, 41);
    r.d[0] = ((tmp & y.d[1]) ^ (~tmp & x.d[0])) + sig + w.d[0];
    cpu->v[op->rd] = r;
    return OP_NEXT;
}

static op_result_t op_sha512h2(cpu_t *cpu, const op_t *op)
{
    const vreg_t x = cpu->v[op->rn], y = cpu->v[op->rm], w = cpu->v[op->rd];
    vreg_t r;
    uint64_t sig = ror64c(y.d[0], 28) ^ ror64c(y.d[0], 34) ^ ror64c(y.d[0], 39);
    r.d[1] = ((x.d[0] & y.d[1]) ^ (x.d[0] & y.d[0]) ^ (y.d[1] & y.d[0])) + sig + w.d[1];
    sig = ror64c(r.d[1], 28) ^ ror64c(r.d[1], 34) ^ ror64c(r.d[1], 39);
    r.d[0] = ((r.d[1] & y.d[0]) ^ (r.d[1] & y.d[1]) ^ (y.d[1] & y.d[0])) + sig + w.d[0];
    cpu->v[op->rd] = r;
    return OP_NEXT;
}

static op_result_t op_sha512su0(cpu_t *cpu, const op_t *op)
{
    const vreg_t x = cpu->v[op->rn], w = cpu->v[op->rd];
    vreg_t r;
    r.d[0] = w.d[0] + (ror64c(w.d[1], 1) ^ ror64c(w.d[1], 8) ^ (w.d[1] >> 7));
    r.d[1] = w.d[1] + (ror64c(x.d[0], 1) ^ ror64c(x.d[0], 8) ^ (x.d[0] >> 7));
    cpu->v[op->rd] = r;
    return OP_NEXT;
}

static op_result_t op_sha512su1(cpu_t *cpu, const op_t *op)
{
    const vreg_t x = cpu->v[op->rn], y = cpu->v[op->rm], w = cpu->v[op->rd];
    vreg_t r;
    for (unsigned i = 0; i < 2; i++)
        r.d[i] = w.d[i] + (ror64c(x.d[i], 19) ^ ror64c(x.d[i], 61) ^ (x.d[i] >> 6)) +
                 y.d[i];
    cpu->v[op->rd] = r;
    return OP_NEXT;
}

static op_result_t op_rax1(cpu_t *cpu, const op_t *op)
{
    const vreg_t n = cpu->v[op->rn], m = cpu->v[op->rm];
    vreg_t r;
    for (unsigned i = 0; i < 2; i++)
        r.d[i] = n.d[i] ^ ror64c(m.d[i], 63);
    cpu->v[op->rd] = r;
    return OP_NEXT;
}

static op_result_t op_xar(cpu_t *cpu, const op_t *op)
{
    const vreg_t n = cpu->v[op->rn], m = cpu->v[op->rm];
    vreg_t r;
    for (unsigned i = 0; i < 2; i++)
        r.d[i] = ror64c(n.d[i] ^ m.d[i], op->shift);
    cpu->v[op->rd] = r;
    return OP_NEXT;
}

static op_result_t op_eor3(cpu_t *cpu, const op_t *op)
{
    vreg_t r;
    for (unsigned i = 0; i < 2; i++)
        r.d[i] = cpu->v[op->rn].d[i] ^ cpu->v[op->rm].d[i] ^ cpu->v[op->ra].d[i];
    cpu->v[op->rd] = r;
    return OP_NEXT;
}

static op_result_t op_bcax(cpu_t *cpu, const op_t *op)
{
    vreg_t r;
    for (unsigned i = 0; i < 2; i++)
        r.d[i] = cpu->v[op->rn].d[i] ^ (cpu->v[op->rm].d[i] & ~cpu->v[op->ra].d[i]);
    cpu->v[op->rd] = r;
    return OP_NEXT;
}

static bool tr_sha512_3reg(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    static const op_fn_t fns[4] = {op_sha512h, op_sha512h2, op_sha512su1,
                                   op_rax1};
    unsigned o = F(f, 'o');
    if (!(o == 3 ? simd_has_sha3(ctx->model) : simd_has_sha512(ctx->model)))
        return false;
    op->fn = fns[o];
    op->rd = (uint8_t)F(f, 'd');
    op->rn = (uint8_t)F(f, 'n');
    op->rm = (uint8_t)F(f, 'm');
    return true;
}

static bool tr_sha512su0(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    if (!simd_has_sha512(ctx->model))
        return false;
    op->fn = op_sha512su0;
    op->rd = (uint8_t)F(f, 'd');
    op->rn = (uint8_t)F(f, 'n');
    return true;
}

static bool tr_eor3_bcax(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    if (!simd_has_sha3(ctx->model))
        return false;
    op->fn = F(f, 'o') ? op_bcax : op_eor3;
    op->rd = (uint8_t)F(f, 'd');
    op->rn = (uint8_t)F(f, 'n');
    op->rm = (uint8_t)F(f, 'm');
    op->ra = (uint8_t)F(f, 'a');
    return true;
}

static bool tr_xar(op_t *op, const fields_t *f, const decode_ctx_t *ctx)
{
    if (!simd_has_sha3(ctx->model))
        return false;
    op->fn = op_xar;
    op->shift = (uint8_t)F(f, 'i');
    op->rd = (uint8_t)F(f, 'd');
    op->rn = (uint8_t)F(f, 'n');
    op->rm = (uint8_t)F(f, 'm');
    return true;
}

const pattern_t insn_crypto_table[] = {
    {"AESE/AESD/AESMC/AESIMC", "01001110 00 10100 001oo 10 nnnnn ddddd", tr_aes},
    {"SHA1C/SHA1P/SHA1M/SHA1SU0/SHA256H/SHA256H2/SHA256SU1",
     "01011110 00 0 mmmmm 0 ooo 00 nnnnn ddddd", tr_sha3reg},
    {"SHA1H/SHA1SU1/SHA256SU0", "01011110 00 10100 000oo 10 nnnnn ddddd",
     tr_sha2reg},
    {"SHA512H/SHA512H2/SHA512SU1/RAX1", "11001110 011 mmmmm 1 0 00 oo nnnnn ddddd",
     tr_sha512_3reg},
    {"SHA512SU0", "11001110 11000000 1000 00 nnnnn ddddd", tr_sha512su0},
    {"EOR3/BCAX", "110011100 0o mmmmm 0 aaaaa nnnnn ddddd", tr_eor3_bcax},
    {"XAR", "11001110100 mmmmm iiiiii nnnnn ddddd", tr_xar},
    {NULL, NULL, NULL},
};
