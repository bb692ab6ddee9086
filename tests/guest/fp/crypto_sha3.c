/* SHA-512 and SHA-3 instructions through arm_neon.h
 * (-march=armv8.2-a+sha3): SHA-512 and SHA3-256 known answers computed
 * with SHA512H/H2/SU0/SU1 and EOR3/RAX1/XAR/BCAX, plus each instruction
 * over varied inputs. */
#include "neon_test.h"

static const uint64_t K512[80] = {
    0x428a2f98d728ae22ull, 0x7137449123ef65cdull, 0xb5c0fbcfec4d3b2full, 0xe9b5dba58189dbbcull,
    0x3956c25bf348b538ull, 0x59f111f1b605d019ull, 0x923f82a4af194f9bull, 0xab1c5ed5da6d8118ull,
    0xd807aa98a3030242ull, 0x12835b0145706fbeull, 0x243185be4ee4b28cull, 0x550c7dc3d5ffb4e2ull,
    0x72be5d74f27b896full, 0x80deb1fe3b1696b1ull, 0x9bdc06a725c71235ull, 0xc19bf174cf692694ull,
    0xe49b69c19ef14ad2ull, 0xefbe4786384f25e3ull, 0x0fc19dc68b8cd5b5ull, 0x240ca1cc77ac9c65ull,
    0x2de92c6f592b0275ull, 0x4a7484aa6ea6e483ull, 0x5cb0a9dcbd41fbd4ull, 0x76f988da831153b5ull,
    0x983e5152ee66dfabull, 0xa831c66d2db43210ull, 0xb00327c898fb213full, 0xbf597fc7beef0ee4ull,
    0xc6e00bf33da88fc2ull, 0xd5a79147930aa725ull, 0x06ca6351e003826full, 0x142929670a0e6e70ull,
    0x27b70a8546d22ffcull, 0x2e1b21385c26c926ull, 0x4d2c6dfc5ac42aedull, 0x53380d139d95b3dfull,
    0x650a73548baf63deull, 0x766a0abb3c77b2a8ull, 0x81c2c92e47edaee6ull, 0x92722c851482353bull,
    0xa2bfe8a14cf10364ull, 0xa81a664bbc423001ull, 0xc24b8b70d0f89791ull, 0xc76c51a30654be30ull,
    0xd192e819d6ef5218ull, 0xd69906245565a910ull, 0xf40e35855771202aull, 0x106aa07032bbd1b8ull,
    0x19a4c116b8d2d0c8ull, 0x1e376c085141ab53ull, 0x2748774cdf8eeb99ull, 0x34b0bcb5e19b48a8ull,
    0x391c0cb3c5c95a63ull, 0x4ed8aa4ae3418acbull, 0x5b9cca4f7763e373ull, 0x682e6ff3d6b2b8a3ull,
    0x748f82ee5defb2fcull, 0x78a5636f43172f60ull, 0x84c87814a1f0ab72ull, 0x8cc702081a6439ecull,
    0x90befffa23631e28ull, 0xa4506cebde82bde9ull, 0xbef9a3f7b2c67915ull, 0xc67178f2e372532bull,
    0xca273eceea26619cull, 0xd186b8c721c0c207ull, 0xeada7dd6cde0eb1eull, 0xf57d4f7fee6ed178ull,
    0x06f067aa72176fbaull, 0x0a637dc5a2c898a6ull, 0x113f9804bef90daeull, 0x1b710b35131c471bull,
    0x28db77f523047d84ull, 0x32caab7b40c72493ull, 0x3c9ebe0a15c9bebcull, 0x431d67c49c100d4cull,
    0x4cc5d4becb3e42b6ull, 0x597f299cfc657e2aull, 0x5fcb6fab3ad6faecull, 0x6c44198c4a475817ull,
};

static void sha512_block(uint64x2_t st[4], const uint8_t *blk)
{
    uint64x2_t m[8], s[4];
    for (int j = 0; j < 8; j++)
        m[j] = vreinterpretq_u64_u8(vrev64q_u8(vld1q_u8(blk + 16 * j)));
    for (int j = 0; j < 4; j++)
        s[j] = st[j];
    for (int i = 0; i < 40; i++) {
        /* the four state registers change roles every two rounds */
        int o = i % 4;
#define X(k) s[((k) - o + 4) % 4]
        uint64x2_t mk = vaddq_u64(m[i % 8], vld1q_u64(K512 + 2 * i));
        uint64x2_t t0 = vaddq_u64(vextq_u64(mk, mk, 1), X(3));
        uint64x2_t t1 = vsha512hq_u64(t0, vextq_u64(X(2), X(3), 1), vextq_u64(X(1), X(2), 1));
        X(3) = vsha512h2q_u64(t1, X(1), X(0));
        X(1) = vaddq_u64(X(1), t1);
#undef X
        if (i < 32) {
            int j = i % 8;
            m[j] = vsha512su1q_u64(vsha512su0q_u64(m[j], m[(j + 1) % 8]), m[(j + 7) % 8],
                                   vextq_u64(m[(j + 4) % 8], m[(j + 5) % 8], 1));
        }
    }
    for (int j = 0; j < 4; j++)
        st[j] = vaddq_u64(st[j], s[j]);
}

static void sha512(const char *msg)
{
    static const uint64_t h0[8] = {
        0x6a09e667f3bcc908ull, 0xbb67ae8584caa73bull, 0x3c6ef372fe94f82bull,
        0xa54ff53a5f1d36f1ull, 0x510e527fade682d1ull, 0x9b05688c2b3e6c1full,
        0x1f83d9abfb41bd6bull, 0x5be0cd19137e2179ull};
    uint64x2_t st[4];
    for (int j = 0; j < 4; j++)
        st[j] = vld1q_u64(h0 + 2 * j);
    size_t len = strlen(msg);
    uint8_t buf[256] = {0};
    memcpy(buf, msg, len);
    buf[len] = 0x80;
    int nb = len + 17 > 128 ? 2 : 1;
    for (int i = 0; i < 8; i++)
        buf[nb * 128 - 1 - i] = (uint8_t)((uint64_t)len * 8 >> (8 * i));
    for (int b = 0; b < nb; b++)
        sha512_block(st, buf + 128 * b);
    uint64_t o[8];
    for (int j = 0; j < 4; j++)
        vst1q_u64(o + 2 * j, st[j]);
    printf("sha512(\"%s\") =", msg);
    for (int j = 0; j < 8; j++)
        printf(" %016llx", (unsigned long long)o[j]);
    printf("\n");
}

static const uint64_t RC[24] = {
    0x0000000000000001ull, 0x0000000000008082ull, 0x800000000000808aull, 0x8000000080008000ull,
    0x000000000000808bull, 0x0000000080000001ull, 0x8000000080008081ull, 0x8000000000008009ull,
    0x000000000000008aull, 0x0000000000000088ull, 0x0000000080008009ull, 0x000000008000000aull,
    0x000000008000808bull, 0x800000000000008bull, 0x8000000000008089ull, 0x8000000000008003ull,
    0x8000000000008002ull, 0x8000000000000080ull, 0x000000000000800aull, 0x800000008000000aull,
    0x8000000080008081ull, 0x8000000000008080ull, 0x0000000080000001ull, 0x8000000080008008ull,
};

/* Keccak-f[1600] on two states at once (lane 0 and lane 1). */
static void keccak2(uint64x2_t a[25])
{
    for (int round = 0; round < 24; round++) {
        uint64x2_t c[5], d[5], b[25];
        for (int x = 0; x < 5; x++)
            c[x] = veor3q_u64(veor3q_u64(a[x], a[x + 5], a[x + 10]), a[x + 15], a[x + 20]);
        for (int x = 0; x < 5; x++)
            d[x] = vrax1q_u64(c[(x + 4) % 5], c[(x + 1) % 5]);
        b[0] = veorq_u64(a[0], d[0]);
        b[16] = vxarq_u64(a[5], d[0], 28);
        b[7] = vxarq_u64(a[10], d[0], 61);
        b[23] = vxarq_u64(a[15], d[0], 23);
        b[14] = vxarq_u64(a[20], d[0], 46);
        b[10] = vxarq_u64(a[1], d[1], 63);
        b[1] = vxarq_u64(a[6], d[1], 20);
        b[17] = vxarq_u64(a[11], d[1], 54);
        b[8] = vxarq_u64(a[16], d[1], 19);
        b[24] = vxarq_u64(a[21], d[1], 62);
        b[20] = vxarq_u64(a[2], d[2], 2);
        b[11] = vxarq_u64(a[7], d[2], 58);
        b[2] = vxarq_u64(a[12], d[2], 21);
        b[18] = vxarq_u64(a[17], d[2], 49);
        b[9] = vxarq_u64(a[22], d[2], 3);
        b[5] = vxarq_u64(a[3], d[3], 36);
        b[21] = vxarq_u64(a[8], d[3], 9);
        b[12] = vxarq_u64(a[13], d[3], 39);
        b[3] = vxarq_u64(a[18], d[3], 43);
        b[19] = vxarq_u64(a[23], d[3], 8);
        b[15] = vxarq_u64(a[4], d[4], 37);
        b[6] = vxarq_u64(a[9], d[4], 44);
        b[22] = vxarq_u64(a[14], d[4], 25);
        b[13] = vxarq_u64(a[19], d[4], 56);
        b[4] = vxarq_u64(a[24], d[4], 50);
        for (int y = 0; y < 25; y += 5)
            for (int x = 0; x < 5; x++)
                a[y + x] = vbcaxq_u64(b[y + x], b[y + (x + 2) % 5], b[y + (x + 1) % 5]);
        a[0] = veorq_u64(a[0], vdupq_n_u64(RC[round]));
    }
}

static void sha3_256(const char *m0, const char *m1)
{
    uint64x2_t a[25];
    uint8_t blk[2][136];
    const char *msgs[2] = {m0, m1};
    for (int k = 0; k < 2; k++) {
        size_t len = strlen(msgs[k]);
        memset(blk[k], 0, 136);
        memcpy(blk[k], msgs[k], len);
        blk[k][len] ^= 0x06;
        blk[k][135] ^= 0x80;
    }
    for (int i = 0; i < 25; i++) {
        uint64_t w[2] = {0, 0};
        if (i < 17) {
            memcpy(&w[0], blk[0] + 8 * i, 8);
            memcpy(&w[1], blk[1] + 8 * i, 8);
        }
        a[i] = vld1q_u64(w);
    }
    keccak2(a);
    for (int k = 0; k < 2; k++) {
        printf("sha3-256(\"%s\") = ", msgs[k]);
        for (int i = 0; i < 4; i++) {
            uint64_t w = k ? vgetq_lane_u64(a[i], 1) : vgetq_lane_u64(a[i], 0);
            for (int j = 0; j < 8; j++)
                printf("%02x", (unsigned)(w >> (8 * j)) & 0xff);
        }
        printf("\n");
    }
}

static void fill(void)
{
    uint64_t s = 31337;
    for (int i = 0; i < NV + 8; i++)
        for (int j = 0; j < 16; j++)
            vin[i][j] = (uint8_t)lcg64(&s);
}

int main(void)
{
    fill();
    sha512("abc");
    sha512("");
    sha512("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu");
    sha3_256("abc", "");
    T(vsha512hq_u64(A(u64), B(u64), C(u64)));
    T(vsha512h2q_u64(A(u64), B(u64), C(u64)));
    T(vsha512su0q_u64(A(u64), B(u64)));
    T(vsha512su1q_u64(A(u64), B(u64), C(u64)));
    T(veor3q_u8(A(u8), B(u8), C(u8)));
    T(veor3q_u64(A(u64), B(u64), C(u64)));
    T(vrax1q_u64(A(u64), B(u64)));
    T(vxarq_u64(A(u64), B(u64), 0));
    T(vxarq_u64(A(u64), B(u64), 1));
    T(vxarq_u64(A(u64), B(u64), 37));
    T(vxarq_u64(A(u64), B(u64), 63));
    T(vbcaxq_u8(A(u8), B(u8), C(u8)));
    T(vbcaxq_u32(A(u32), B(u32), C(u32)));
    return 0;
}
