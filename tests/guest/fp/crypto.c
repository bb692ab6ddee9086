/* The cryptographic extension through arm_neon.h (-march=armv8-a+crypto):
 * AES (FIPS-197 known answer, encrypt and decrypt), SHA-1 and SHA-256
 * (FIPS 180 known answers for "abc" and a longer message) and PMULL
 * (64x64 carry-less products), plus each instruction over varied inputs. */
#include "neon_test.h"

static void fill(void)
{
    uint64_t s = 4242;
    for (int i = 0; i < NV + 8; i++)
        for (int j = 0; j < 16; j++)
            vin[i][j] = (uint8_t)lcg64(&s);
    memset(vin[4], 0, 16);
    memset(vin[9], 0xff, 16);
}

static void hexdump(const char *what, const uint8_t *p, size_t n)
{
    printf("%s ", what);
    for (size_t i = 0; i < n; i++)
        printf("%02x", p[i]);
    printf("\n");
}

/* SubWord through AESE with a zero key on a vector of four equal words
 * (ShiftRows is then the identity). */
static uint32_t sub_word(uint32_t w)
{
    uint8x16_t v = vaeseq_u8(vreinterpretq_u8_u32(vdupq_n_u32(w)), vdupq_n_u8(0));
    return vgetq_lane_u32(vreinterpretq_u32_u8(v), 0);
}

static void aes128(void)
{
    uint8_t key[16], pt[16], ct[16], back[16];
    for (int i = 0; i < 16; i++)
        key[i] = (uint8_t)i, pt[i] = (uint8_t)(i * 0x11);
    uint32_t w[44];
    memcpy(w, key, 16);
    uint32_t rcon = 1;
    for (int i = 4; i < 44; i++) {
        uint32_t t = w[i - 1];
        if (i % 4 == 0) {
            t = sub_word(t);
            t = (t >> 8 | t << 24) ^ rcon;
            rcon = rcon << 1 ^ (rcon & 0x80 ? 0x11b : 0);
        }
        w[i] = w[i - 4] ^ t;
    }
    uint8x16_t rk[11], dk[11];
    for (int r = 0; r < 11; r++)
        rk[r] = vld1q_u8((const uint8_t *)(w + 4 * r));
    uint8x16_t st = vld1q_u8(pt);
    for (int r = 0; r < 9; r++)
        st = vaesmcq_u8(vaeseq_u8(st, rk[r]));
    st = veorq_u8(vaeseq_u8(st, rk[9]), rk[10]);
    vst1q_u8(ct, st);
    hexdump("aes128 encrypt", ct, 16);
    dk[0] = rk[10];
    for (int r = 1; r < 10; r++)
        dk[r] = vaesimcq_u8(rk[10 - r]);
    dk[10] = rk[0];
    for (int r = 0; r < 9; r++)
        st = vaesimcq_u8(vaesdq_u8(st, dk[r]));
    st = veorq_u8(vaesdq_u8(st, dk[9]), dk[10]);
    vst1q_u8(back, st);
    hexdump("aes128 decrypt", back, 16);
    /* CBC-like chain over many blocks, hashed */
    uint64_t h = FNV_INIT;
    st = vdupq_n_u8(0);
    for (int b = 0; b < 2000; b++) {
        st = veorq_u8(st, vld1q_u8(vin[b % NV]));
        for (int r = 0; r < 9; r++)
            st = vaesmcq_u8(vaeseq_u8(st, rk[r]));
        st = veorq_u8(vaeseq_u8(st, rk[9]), rk[10]);
        uint8_t o[16];
        vst1q_u8(o, st);
        h = fnv_bytes(h, o, 16);
    }
    printf("aes128 chain %016llx\n", (unsigned long long)h);
}

static const uint32_t K256[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static void sha256_block(uint32x4_t st[2], const uint8_t *blk)
{
    uint32x4_t m[4], s0 = st[0], s1 = st[1];
    for (int j = 0; j < 4; j++)
        m[j] = vreinterpretq_u32_u8(vrev32q_u8(vld1q_u8(blk + 16 * j)));
    for (int i = 0; i < 16; i++) {
        uint32x4_t wk = vaddq_u32(m[i % 4], vld1q_u32(K256 + 4 * i));
        uint32x4_t t = s0;
        s0 = vsha256hq_u32(s0, s1, wk);
        s1 = vsha256h2q_u32(s1, t, wk);
        if (i < 12)
            m[i % 4] = vsha256su1q_u32(vsha256su0q_u32(m[i % 4], m[(i + 1) % 4]),
                                       m[(i + 2) % 4], m[(i + 3) % 4]);
    }
    st[0] = vaddq_u32(st[0], s0);
    st[1] = vaddq_u32(st[1], s1);
}

static void sha1_block(uint32x4_t *abcd, uint32_t *e0, const uint8_t *blk)
{
    static const uint32_t K1[4] = {0x5a827999, 0x6ed9eba1, 0x8f1bbcdc, 0xca62c1d6};
    uint32x4_t m[4], a = *abcd;
    uint32_t e = *e0;
    for (int j = 0; j < 4; j++)
        m[j] = vreinterpretq_u32_u8(vrev32q_u8(vld1q_u8(blk + 16 * j)));
    for (int i = 0; i < 20; i++) {
        uint32x4_t wk = vaddq_u32(m[i % 4], vdupq_n_u32(K1[i / 5]));
        uint32_t en = vsha1h_u32(vgetq_lane_u32(a, 0));
        if (i < 5)
            a = vsha1cq_u32(a, e, wk);
        else if (i < 10 || i >= 15)
            a = vsha1pq_u32(a, e, wk);
        else
            a = vsha1mq_u32(a, e, wk);
        e = en;
        if (i < 16)
            m[i % 4] = vsha1su1q_u32(vsha1su0q_u32(m[i % 4], m[(i + 1) % 4], m[(i + 2) % 4]),
                                     m[(i + 3) % 4]);
    }
    *abcd = vaddq_u32(*abcd, a);
    *e0 += e;
}

/* Pads msg (len < 120) into one or two blocks; returns the block count. */
static int pad(uint8_t out[128], const char *msg, size_t len)
{
    memset(out, 0, 128);
    memcpy(out, msg, len);
    out[len] = 0x80;
    int blocks = len + 9 > 64 ? 2 : 1;
    uint64_t bits = (uint64_t)len * 8;
    for (int i = 0; i < 8; i++)
        out[blocks * 64 - 1 - i] = (uint8_t)(bits >> (8 * i));
    return blocks;
}

static void shas(void)
{
    static const char *const msgs[] = {
        "abc", "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", ""};
    for (int k = 0; k < 3; k++) {
        uint8_t buf[128];
        int nb = pad(buf, msgs[k], strlen(msgs[k]));
        static const uint32_t h256[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                         0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
        uint32x4_t st[2] = {vld1q_u32(h256), vld1q_u32(h256 + 4)};
        for (int b = 0; b < nb; b++)
            sha256_block(st, buf + 64 * b);
        uint32_t o[8];
        vst1q_u32(o, st[0]);
        vst1q_u32(o + 4, st[1]);
        printf("sha256(\"%s\") =", msgs[k]);
        for (int i = 0; i < 8; i++)
            printf(" %08x", o[i]);
        static const uint32_t h1[5] = {0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0};
        uint32x4_t abcd = vld1q_u32(h1);
        uint32_t e = h1[4];
        for (int b = 0; b < nb; b++)
            sha1_block(&abcd, &e, buf + 64 * b);
        vst1q_u32(o, abcd);
        printf("\nsha1(\"%s\") = %08x %08x %08x %08x %08x\n", msgs[k], o[0], o[1], o[2], o[3], e);
    }
}

static void pmull(void)
{
    static const uint64_t x[] = {0, 1, 0x87, 0xffffffffffffffffull, 0x8000000000000001ull,
                                 0xc200000000000000ull, 0x0123456789abcdefull};
    for (size_t i = 0; i < sizeof(x) / 8; i++)
        for (size_t j = i; j < sizeof(x) / 8; j++) {
            poly128_t p = vmull_p64((poly64_t)x[i], (poly64_t)x[j]);
            printf("pmull %016llx * %016llx = %016llx%016llx\n", (unsigned long long)x[i],
                   (unsigned long long)x[j], (unsigned long long)(uint64_t)(p >> 64),
                   (unsigned long long)(uint64_t)p);
        }
}

int main(void)
{
    fill();
    aes128();
    shas();
    pmull();
    T(vaeseq_u8(A(u8), B(u8)));
    T(vaesdq_u8(A(u8), B(u8)));
    T(vaesmcq_u8(A(u8)));
    T(vaesimcq_u8(A(u8)));
    T(vsha1cq_u32(A(u32), SB(uint32_t), C(u32)));
    T(vsha1pq_u32(A(u32), SB(uint32_t), C(u32)));
    T(vsha1mq_u32(A(u32), SB(uint32_t), C(u32)));
    T(vsha1h_u32(SA(uint32_t)));
    T(vsha1su0q_u32(A(u32), B(u32), C(u32)));
    T(vsha1su1q_u32(A(u32), B(u32)));
    T(vsha256hq_u32(A(u32), B(u32), C(u32)));
    T(vsha256h2q_u32(A(u32), B(u32), C(u32)));
    T(vsha256su0q_u32(A(u32), B(u32)));
    T(vsha256su1q_u32(A(u32), B(u32), C(u32)));
    T(vmull_p64(SA(poly64_t), SB(poly64_t)));
    T(vmull_high_p64(A(p64), B(p64)));
    return 0;
}
