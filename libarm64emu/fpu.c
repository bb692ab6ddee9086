/* The bit-exact floating-point core (see fpu.h). Function and variable
 * names follow the Arm ARM pseudocode so each function can be checked
 * against its namesake. */
#include "fpu.h"

typedef unsigned __int128 u128;

typedef struct fmt {
    unsigned n, e, f; /* total, exponent and fraction bits */
    int bias;
} fmt_t;

static const fmt_t fmts[3] = {
    {16, 5, 10, 15},
    {32, 8, 23, 127},
    {64, 11, 52, 1023},
};

typedef enum fptype {
    T_ZERO,
    T_NONZERO, /* normal or (not flushed) denormal */
    T_INF,
    T_QNAN,
    T_SNAN
} fptype_t;

/* An unpacked operand: value = (-1)^sign * mant * 2^exp. */
typedef struct unp {
    fptype_t type;
    bool sign;
    int exp;
    uint64_t mant;
} unp_t;

static inline bool is_nan(fptype_t t) { return t == T_QNAN || t == T_SNAN; }

static inline uint64_t frac_mask(const fmt_t *f) { return (1ull << f->f) - 1; }
static inline uint64_t exp_ones(const fmt_t *f) { return (1ull << f->e) - 1; }

static inline uint64_t fp_zero(const fmt_t *f, bool sign)
{
    return (uint64_t)sign << (f->n - 1);
}

static inline uint64_t fp_inf(const fmt_t *f, bool sign)
{
    return fp_zero(f, sign) | (exp_ones(f) << f->f);
}

static inline uint64_t fp_max_normal(const fmt_t *f, bool sign)
{
    return fp_zero(f, sign) | ((exp_ones(f) - 1) << f->f) | frac_mask(f);
}

static inline uint64_t default_nan(const fmt_t *f)
{
    return (exp_ones(f) << f->f) | (1ull << (f->f - 1));
}

uint64_t fp_default_nan(unsigned sz) { return default_nan(&fmts[sz]); }

/* Flush-to-zero applies to this precision: FZ16 for half, FZ otherwise. */
static inline bool flush_enabled(const fmt_t *f, uint32_t fpcr)
{
    return f->n == 16 ? (fpcr & FPCR_FZ16) != 0 : (fpcr & FPCR_FZ) != 0;
}

/* FPUnpackBase. cv: FPUnpackCV (FZ16 ignored, AHP observed); otherwise
 * FPUnpack (FZ16 observed, AHP ignored). */
static unp_t unpack_base(const fmt_t *f, uint64_t x, bool cv, fp_env_t *env)
{
    unp_t u;
    uint64_t frac = x & frac_mask(f);
    uint64_t e = (x >> f->f) & exp_ones(f);
    u.sign = (x >> (f->n - 1)) & 1;
    u.exp = 0;
    u.mant = 0;
    if (e == 0) {
        bool fz = f->n == 16 ? !cv && (env->fpcr & FPCR_FZ16)
                             : (env->fpcr & FPCR_FZ) != 0;
        if (frac == 0 || fz) {
            u.type = T_ZERO;
            /* A flushed single/double denormal raises Input Denormal;
             * FZ16 flushes silently. */
            if (frac != 0 && f->n != 16)
                env->exc |= FPSR_IDC;
        } else {
            u.type = T_NONZERO;
            u.mant = frac;
            u.exp = 1 - f->bias - (int)f->f;
        }
    } else if (e == exp_ones(f) && !(cv && f->n == 16 &&
                                      (env->fpcr & FPCR_AHP))) {
        if (frac == 0)
            u.type = T_INF;
        else
            u.type = (frac >> (f->f - 1)) & 1 ? T_QNAN : T_SNAN;
    } else {
        u.type = T_NONZERO;
        u.mant = frac | (1ull << f->f);
        u.exp = (int)e - f->bias - (int)f->f;
    }
    return u;
}

static inline unp_t unpack(const fmt_t *f, uint64_t x, fp_env_t *env)
{
    return unpack_base(f, x, false, env);
}

/* FPProcessNaN. */
static uint64_t process_nan(const fmt_t *f, fptype_t t, uint64_t x,
                            fp_env_t *env)
{
    uint64_t r = x;
    if (t == T_SNAN) {
        r |= 1ull << (f->f - 1);
        env->exc |= FPSR_IOC;
    }
    if (env->fpcr & FPCR_DN)
        r = default_nan(f);
    return r;
}

/* FPProcessNaNs: true (and *r) when an operand is a NaN. */
static bool process_nans(const fmt_t *f, const unp_t *a, const unp_t *b,
                         uint64_t xa, uint64_t xb, uint64_t *r, fp_env_t *env)
{
    if (a->type == T_SNAN)
        *r = process_nan(f, a->type, xa, env);
    else if (b->type == T_SNAN)
        *r = process_nan(f, b->type, xb, env);
    else if (a->type == T_QNAN)
        *r = process_nan(f, a->type, xa, env);
    else if (b->type == T_QNAN)
        *r = process_nan(f, b->type, xb, env);
    else
        return false;
    return true;
}

/* FPProcessNaNs3. */
static bool process_nans3(const fmt_t *f, const unp_t *a, const unp_t *b,
                          const unp_t *c, uint64_t xa, uint64_t xb,
                          uint64_t xc, uint64_t *r, fp_env_t *env)
{
    if (a->type == T_SNAN)
        *r = process_nan(f, a->type, xa, env);
    else if (b->type == T_SNAN)
        *r = process_nan(f, b->type, xb, env);
    else if (c->type == T_SNAN)
        *r = process_nan(f, c->type, xc, env);
    else if (a->type == T_QNAN)
        *r = process_nan(f, a->type, xa, env);
    else if (b->type == T_QNAN)
        *r = process_nan(f, b->type, xb, env);
    else if (c->type == T_QNAN)
        *r = process_nan(f, c->type, xc, env);
    else
        return false;
    return true;
}

static inline int clz128(u128 x)
{
    uint64_t hi = (uint64_t)(x >> 64);
    return hi ? __builtin_clzll(hi) : 64 + __builtin_clzll((uint64_t)x);
}

/* Shifts right by n, OR-ing any bit shifted out into bit 0. */
static inline u128 shift_right_jam(u128 x, int n)
{
    if (n <= 0)
        return x;
    if (n >= 128)
        return x != 0;
    return (x >> n) | ((x & (((u128)1 << n) - 1)) != 0);
}

/* FPRoundBase for value = (-1)^sign * mant * 2^exp, mant != 0. Bit 0 of
 * mant may be a sticky bit standing for a nonzero tail; callers keep it at
 * least two bits below the rounding position. fz: flush-to-zero for this
 * precision; ahp: alternative half precision (FPRoundCV only). */
static uint64_t round_base(const fmt_t *f, bool sign, int exp, u128 mant,
                           fp_rounding_t rounding, bool fz, bool ahp,
                           fp_env_t *env)
{
    int exponent = exp + 127 - clz128(mant);
    int minimum_exp = 1 - f->bias;
    if (fz && exponent < minimum_exp) {
        env->exc |= FPSR_UFC;
        return fp_zero(f, sign);
    }
    int biased_exp = exponent - minimum_exp + 1;
    if (biased_exp < 0)
        biased_exp = 0;
    int e_used = biased_exp ? exponent : minimum_exp;

    /* int_mant = RoundDown(value * 2^(F - e_used)); err classifies the
     * error: 0 none, 1 below half, 2 half, 3 above half. */
    int sh = e_used - (int)f->f - exp;
    uint64_t int_mant;
    int err;
    if (sh <= 0) {
        int_mant = (uint64_t)(mant << -sh);
        err = 0;
    } else if (sh > 128) {
        int_mant = 0;
        err = 1;
    } else {
        u128 rem = sh == 128 ? mant : mant & (((u128)1 << sh) - 1);
        u128 half = (u128)1 << (sh - 1);
        int_mant = sh == 128 ? 0 : (uint64_t)(mant >> sh);
        err = rem == 0 ? 0 : rem < half ? 1 : rem == half ? 2 : 3;
    }

    if (biased_exp == 0 && err)
        env->exc |= FPSR_UFC;

    bool round_up, overflow_to_inf;
    switch (rounding) {
    case FPR_TIEEVEN:
        round_up = err == 3 || (err == 2 && (int_mant & 1));
        overflow_to_inf = true;
        break;
    case FPR_POSINF:
        round_up = err && !sign;
        overflow_to_inf = !sign;
        break;
    case FPR_NEGINF:
        round_up = err && sign;
        overflow_to_inf = sign;
        break;
    case FPR_TIEAWAY:
        round_up = err >= 2;
        overflow_to_inf = true;
        break;
    default: /* ZERO, ODD */
        round_up = false;
        overflow_to_inf = false;
        break;
    }
    if (round_up) {
        int_mant++;
        if (int_mant == 1ull << f->f)
            biased_exp = 1;
        if (int_mant == 2ull << f->f) {
            biased_exp++;
            int_mant >>= 1;
        }
    }
    if (err && rounding == FPR_ODD)
        int_mant |= 1;

    uint64_t result;
    if (!ahp) {
        if (biased_exp >= (int)exp_ones(f)) {
            result = overflow_to_inf ? fp_inf(f, sign) : fp_max_normal(f, sign);
            env->exc |= FPSR_OFC;
            err = 1;
        } else {
            result = fp_zero(f, sign) | ((uint64_t)biased_exp << f->f) |
                     (int_mant & frac_mask(f));
        }
    } else {
        if (biased_exp >= (int)exp_ones(f) + 1) {
            result = fp_zero(f, sign) | (((1ull << (f->n - 1)) - 1));
            env->exc |= FPSR_IOC;
            err = 0;
        } else {
            result = fp_zero(f, sign) | ((uint64_t)biased_exp << f->f) |
                     (int_mant & frac_mask(f));
        }
    }
    if (err)
        env->exc |= FPSR_IXC;
    return result;
}

/* FPRound: arithmetic rounding (FZ/FZ16 observed, AHP ignored). */
static inline uint64_t fp_round(const fmt_t *f, bool sign, int exp, u128 mant,
                                fp_rounding_t rounding, fp_env_t *env)
{
    return round_base(f, sign, exp, mant, rounding,
                      flush_enabled(f, env->fpcr), false, env);
}

/* An exact zero result whose sign the rounding mode decides. */
static inline uint64_t zero_by_mode(const fmt_t *f, fp_env_t *env)
{
    return fp_zero(f, fp_rmode(env->fpcr) == FPR_NEGINF);
}

static uint64_t convert_nan(const fmt_t *from, const fmt_t *to, uint64_t a);

/* ---- exact arithmetic on unpacked values --------------------------------- */

/* Normalises mant (nonzero) so that its top bit is bit 124, adjusting exp. */
static inline void norm124(u128 *mant, int *exp)
{
    int s = clz128(*mant) - 3;
    if (s > 0) {
        *mant <<= s;
        *exp -= s;
    } else if (s < 0) {
        *mant = shift_right_jam(*mant, -s);
        *exp -= s;
    }
}

/* Rounds sa*ma*2^ea + sb*mb*2^eb (both nonzero). */
static uint64_t add_round(const fmt_t *f, bool sa, int ea, u128 ma, bool sb,
                          int eb, u128 mb, fp_env_t *env)
{
    norm124(&ma, &ea);
    norm124(&mb, &eb);
    if (ea < eb || (ea == eb && ma < mb)) {
        bool ts = sa; sa = sb; sb = ts;
        int te = ea; ea = eb; eb = te;
        u128 tm = ma; ma = mb; mb = tm;
    }
    mb = shift_right_jam(mb, ea - eb);
    u128 r = sa == sb ? ma + mb : ma - mb;
    if (r == 0)
        return zero_by_mode(f, env);
    return fp_round(f, sa, ea, r, fp_rmode(env->fpcr), env);
}

/* ---- operations ------------------------------------------------------------ */

static uint64_t add_sub(unsigned sz, uint64_t a, uint64_t b, bool negate_b,
                        fp_env_t *env)
{
    const fmt_t *f = &fmts[sz];
    unp_t u1 = unpack(f, a, env), u2 = unpack(f, b, env);
    uint64_t r;
    if (process_nans(f, &u1, &u2, a, b, &r, env))
        return r;
    bool s2 = u2.sign ^ negate_b;
    bool inf1 = u1.type == T_INF, inf2 = u2.type == T_INF;
    bool zero1 = u1.type == T_ZERO, zero2 = u2.type == T_ZERO;
    if (inf1 && inf2 && u1.sign != s2) {
        env->exc |= FPSR_IOC;
        return default_nan(f);
    }
    if (inf1)
        return fp_inf(f, u1.sign);
    if (inf2)
        return fp_inf(f, s2);
    if (zero1 && zero2 && u1.sign == s2)
        return fp_zero(f, u1.sign);
    if (zero1 && zero2)
        return zero_by_mode(f, env);
    if (zero2)
        return fp_round(f, u1.sign, u1.exp, u1.mant, fp_rmode(env->fpcr), env);
    if (zero1)
        return fp_round(f, s2, u2.exp, u2.mant, fp_rmode(env->fpcr), env);
    return add_round(f, u1.sign, u1.exp, u1.mant, s2, u2.exp, u2.mant, env);
}

uint64_t fp_add(unsigned sz, uint64_t a, uint64_t b, fp_env_t *env)
{
    return add_sub(sz, a, b, false, env);
}

uint64_t fp_sub(unsigned sz, uint64_t a, uint64_t b, fp_env_t *env)
{
    return add_sub(sz, a, b, true, env);
}

/* FPMul and FPMulX (mulx: Inf * 0 is 2.0 with the product's sign). */
static uint64_t mul_common(unsigned sz, uint64_t a, uint64_t b, bool mulx,
                           fp_env_t *env)
{
    const fmt_t *f = &fmts[sz];
    unp_t u1 = unpack(f, a, env), u2 = unpack(f, b, env);
    uint64_t r;
    if (process_nans(f, &u1, &u2, a, b, &r, env))
        return r;
    bool sign = u1.sign ^ u2.sign;
    bool inf1 = u1.type == T_INF, inf2 = u2.type == T_INF;
    bool zero1 = u1.type == T_ZERO, zero2 = u2.type == T_ZERO;
    if ((inf1 && zero2) || (zero1 && inf2)) {
        if (mulx)
            return fp_zero(f, sign) | ((uint64_t)f->bias + 1) << f->f; /* 2.0 */
        env->exc |= FPSR_IOC;
        return default_nan(f);
    }
    if (inf1 || inf2)
        return fp_inf(f, sign);
    if (zero1 || zero2)
        return fp_zero(f, sign);
    return fp_round(f, sign, u1.exp + u2.exp, (u128)u1.mant * u2.mant,
                    fp_rmode(env->fpcr), env);
}

uint64_t fp_mul(unsigned sz, uint64_t a, uint64_t b, fp_env_t *env)
{
    return mul_common(sz, a, b, false, env);
}

uint64_t fp_mulx(unsigned sz, uint64_t a, uint64_t b, fp_env_t *env)
{
    return mul_common(sz, a, b, true, env);
}

uint64_t fp_div(unsigned sz, uint64_t a, uint64_t b, fp_env_t *env)
{
    const fmt_t *f = &fmts[sz];
    unp_t u1 = unpack(f, a, env), u2 = unpack(f, b, env);
    uint64_t r;
    if (process_nans(f, &u1, &u2, a, b, &r, env))
        return r;
    bool sign = u1.sign ^ u2.sign;
    bool inf1 = u1.type == T_INF, inf2 = u2.type == T_INF;
    bool zero1 = u1.type == T_ZERO, zero2 = u2.type == T_ZERO;
    if ((inf1 && inf2) || (zero1 && zero2)) {
        env->exc |= FPSR_IOC;
        return default_nan(f);
    }
    if (inf1 || zero2) {
        if (!inf1)
            env->exc |= FPSR_DZC;
        return fp_inf(f, sign);
    }
    if (zero1 || inf2)
        return fp_zero(f, sign);
    /* Dividend at bit 127, divisor at bit 63: a quotient of 64 or 65 bits,
     * the remainder folded into a sticky bit. */
    int s1 = clz128(u1.mant), s2 = __builtin_clzll(u2.mant);
    u128 n = (u128)u1.mant << s1;
    uint64_t d = u2.mant << s2;
    u128 q = n / d;
    if (n % d)
        q |= 1;
    return fp_round(f, sign, (u1.exp - s1) - (u2.exp - s2), q,
                    fp_rmode(env->fpcr), env);
}

/* An integer key ordered like the operand's value (numbers only; flushed
 * denormals are zeros). */
static int64_t order_key(const fmt_t *f, const unp_t *u, uint64_t x)
{
    int64_t k = u->type == T_ZERO ? 0 : (int64_t)(x & ~fp_zero(f, true));
    return u->sign ? -k : k;
}

/* FPMax / FPMin. */
static uint64_t max_min(unsigned sz, uint64_t a, uint64_t b, bool is_max,
                        fp_env_t *env)
{
    const fmt_t *f = &fmts[sz];
    unp_t u1 = unpack(f, a, env), u2 = unpack(f, b, env);
    uint64_t r;
    if (process_nans(f, &u1, &u2, a, b, &r, env))
        return r;
    int64_t v1 = order_key(f, &u1, a), v2 = order_key(f, &u2, b);
    const unp_t *w = (is_max ? v1 > v2 : v1 < v2) ? &u1 : &u2;
    if (w->type == T_INF)
        return fp_inf(f, w->sign);
    if (w->type == T_ZERO)
        return fp_zero(f, is_max ? (u1.sign && u2.sign) : (u1.sign || u2.sign));
    return fp_round(f, w->sign, w->exp, w->mant, fp_rmode(env->fpcr), env);
}

uint64_t fp_max(unsigned sz, uint64_t a, uint64_t b, fp_env_t *env)
{
    return max_min(sz, a, b, true, env);
}

uint64_t fp_min(unsigned sz, uint64_t a, uint64_t b, fp_env_t *env)
{
    return max_min(sz, a, b, false, env);
}

/* FPMaxNum / FPMinNum: a single quiet NaN loses against a number. */
static uint64_t max_min_num(unsigned sz, uint64_t a, uint64_t b, bool is_max,
                            fp_env_t *env)
{
    const fmt_t *f = &fmts[sz];
    unp_t u1 = unpack(f, a, env), u2 = unpack(f, b, env);
    if (u1.type == T_QNAN && u2.type != T_QNAN)
        a = fp_inf(f, is_max);
    else if (u1.type != T_QNAN && u2.type == T_QNAN)
        b = fp_inf(f, is_max);
    return max_min(sz, a, b, is_max, env);
}

uint64_t fp_maxnm(unsigned sz, uint64_t a, uint64_t b, fp_env_t *env)
{
    return max_min_num(sz, a, b, true, env);
}

uint64_t fp_minnm(unsigned sz, uint64_t a, uint64_t b, fp_env_t *env)
{
    return max_min_num(sz, a, b, false, env);
}

static uint64_t isqrt128(u128 x, bool *inexact)
{
    u128 rem = 0, root = 0;
    for (int i = 0; i < 64; i++) {
        rem = (rem << 2) | (x >> 126);
        x <<= 2;
        root <<= 1;
        u128 t = (root << 1) | 1;
        if (rem >= t) {
            rem -= t;
            root |= 1;
        }
    }
    *inexact = rem != 0;
    return (uint64_t)root;
}

uint64_t fp_sqrt(unsigned sz, uint64_t a, fp_env_t *env)
{
    const fmt_t *f = &fmts[sz];
    unp_t u = unpack(f, a, env);
    if (is_nan(u.type))
        return process_nan(f, u.type, a, env);
    if (u.type == T_ZERO)
        return fp_zero(f, u.sign);
    if (u.type == T_INF && !u.sign)
        return fp_inf(f, false);
    if (u.sign) {
        env->exc |= FPSR_IOC;
        return default_nan(f);
    }
    /* Even exponent, mantissa at bit 126 or 127: a 64-bit root. */
    int s = clz128(u.mant);
    int exp = u.exp - s;
    u128 m = (u128)u.mant << s;
    if (exp & 1) {
        m >>= 1; /* bit 0 is clear: the mantissa has at most 53 bits */
        exp++;
    }
    bool inexact;
    uint64_t root = isqrt128(m, &inexact);
    return fp_round(f, false, exp / 2, (u128)root | inexact,
                    fp_rmode(env->fpcr), env);
}

/* The rest of FPMulAdd once the operands are unpacked and the NaNs
 * processed (done, nan: FPProcessNaNs3's answer). */
static uint64_t muladd_tail(const fmt_t *f, unp_t ua, unp_t u1, unp_t u2,
                            bool done, uint64_t r, fp_env_t *env)
{
    bool inf1 = u1.type == T_INF, inf2 = u2.type == T_INF;
    bool zero1 = u1.type == T_ZERO, zero2 = u2.type == T_ZERO;
    if (ua.type == T_QNAN && ((inf1 && zero2) || (zero1 && inf2))) {
        env->exc |= FPSR_IOC;
        return default_nan(f);
    }
    if (done)
        return r;
    bool infa = ua.type == T_INF, zeroa = ua.type == T_ZERO;
    bool signp = u1.sign ^ u2.sign;
    bool infp = inf1 || inf2, zerop = zero1 || zero2;
    if ((inf1 && zero2) || (zero1 && inf2) ||
        (infa && infp && ua.sign != signp)) {
        env->exc |= FPSR_IOC;
        return default_nan(f);
    }
    if ((infa && !ua.sign) || (infp && !signp))
        return fp_inf(f, false);
    if ((infa && ua.sign) || (infp && signp))
        return fp_inf(f, true);
    if (zeroa && zerop && ua.sign == signp)
        return fp_zero(f, ua.sign);
    if (zerop && zeroa)
        return zero_by_mode(f, env);
    if (zerop)
        return fp_round(f, ua.sign, ua.exp, ua.mant, fp_rmode(env->fpcr), env);
    u128 p = (u128)u1.mant * u2.mant;
    if (zeroa)
        return fp_round(f, signp, u1.exp + u2.exp, p, fp_rmode(env->fpcr), env);
    return add_round(f, ua.sign, ua.exp, ua.mant, signp, u1.exp + u2.exp, p,
                     env);
}

/* FPMulAdd(addend, op1, op2) with the product and sum computed exactly
 * and rounded once. */
uint64_t fp_muladd(unsigned sz, uint64_t addend, uint64_t a, uint64_t b,
                   fp_env_t *env)
{
    const fmt_t *f = &fmts[sz];
    unp_t ua = unpack(f, addend, env), u1 = unpack(f, a, env),
          u2 = unpack(f, b, env);
    uint64_t r = 0;
    bool done = process_nans3(f, &ua, &u1, &u2, addend, a, b, &r, env);
    return muladd_tail(f, ua, u1, u2, done, r, env);
}

/* FPProcessNaN of a half, widened to single (FPConvertNaN). */
static uint64_t process_nan_h_to_s(fptype_t t, uint64_t x, fp_env_t *env)
{
    uint64_t r = process_nan(&fmts[FP_H], t, x, env);
    return (env->fpcr & FPCR_DN) ? default_nan(&fmts[FP_S])
                                 : convert_nan(&fmts[FP_H], &fmts[FP_S], r);
}

uint64_t fp_muladd_h(uint64_t addend, uint64_t a, uint64_t b, fp_env_t *env)
{
    const fmt_t *f = &fmts[FP_S], *h = &fmts[FP_H];
    unp_t ua = unpack(f, addend, env), u1 = unpack(h, a, env),
          u2 = unpack(h, b, env);
    uint64_t r = 0;
    bool done = true;
    /* FPProcessNaNs3H: the addend is single, the multiplicands half. */
    if (ua.type == T_SNAN)
        r = process_nan(f, ua.type, addend, env);
    else if (u1.type == T_SNAN)
        r = process_nan_h_to_s(u1.type, a, env);
    else if (u2.type == T_SNAN)
        r = process_nan_h_to_s(u2.type, b, env);
    else if (ua.type == T_QNAN)
        r = process_nan(f, ua.type, addend, env);
    else if (u1.type == T_QNAN)
        r = process_nan_h_to_s(u1.type, a, env);
    else if (u2.type == T_QNAN)
        r = process_nan_h_to_s(u2.type, b, env);
    else
        done = false;
    return muladd_tail(f, ua, u1, u2, done, r, env);
}

/* FPRecipStepFused (2 - a*b) and FPRSqrtStepFused ((3 - a*b) / 2). */
static uint64_t step_fused(unsigned sz, uint64_t a, uint64_t b, bool rsqrt,
                           fp_env_t *env)
{
    const fmt_t *f = &fmts[sz];
    a = a ^ (1ull << (f->n - 1)); /* FPNeg(op1), before NaN handling */
    unp_t u1 = unpack(f, a, env), u2 = unpack(f, b, env);
    uint64_t r;
    if (process_nans(f, &u1, &u2, a, b, &r, env))
        return r;
    bool inf1 = u1.type == T_INF, inf2 = u2.type == T_INF;
    bool zero1 = u1.type == T_ZERO, zero2 = u2.type == T_ZERO;
    if ((inf1 && zero2) || (zero1 && inf2)) {
        /* 2.0 or 1.5 */
        uint64_t one_exp = (uint64_t)f->bias << f->f;
        return rsqrt ? one_exp | (1ull << (f->f - 1))
                     : one_exp + (1ull << f->f);
    }
    if (inf1 || inf2)
        return fp_inf(f, u1.sign ^ u2.sign);
    int cexp = rsqrt ? -1 : 1; /* 3/2 = 3 * 2^-1, 2 = 1 * 2^1 */
    u128 cm = rsqrt ? 3 : 1;
    if (zero1 || zero2)
        return fp_round(f, false, cexp, cm, fp_rmode(env->fpcr), env);
    u128 p = (u128)u1.mant * u2.mant;
    int pexp = u1.exp + u2.exp - (rsqrt ? 1 : 0);
    return add_round(f, false, cexp, cm, u1.sign ^ u2.sign, pexp, p, env);
}

uint64_t fp_recps(unsigned sz, uint64_t a, uint64_t b, fp_env_t *env)
{
    return step_fused(sz, a, b, false, env);
}

uint64_t fp_rsqrts(unsigned sz, uint64_t a, uint64_t b, fp_env_t *env)
{
    return step_fused(sz, a, b, true, env);
}

uint64_t fp_recpx(unsigned sz, uint64_t a, fp_env_t *env)
{
    const fmt_t *f = &fmts[sz];
    unp_t u = unpack(f, a, env);
    if (is_nan(u.type))
        return process_nan(f, u.type, a, env);
    uint64_t e = (a >> f->f) & exp_ones(f);
    uint64_t re = e == 0 ? exp_ones(f) - 1 : (~e & exp_ones(f));
    return fp_zero(f, u.sign) | (re << f->f);
}

/* RecipEstimate: a in 256..511, result in 256..511. */
static unsigned recip_estimate(unsigned a)
{
    a = a * 2 + 1;
    unsigned b = (1u << 19) / a;
    return (b + 1) / 2;
}

/* RecipSqrtEstimate: a in 128..511, result in 256..511. */
static unsigned rsqrt_estimate(unsigned a)
{
    if (a < 256)
        a = a * 2 + 1;
    else {
        a = (a >> 1) << 1;
        a = (a + 1) * 2;
    }
    unsigned b = 512;
    while ((uint64_t)a * (b + 1) * (b + 1) < (1ull << 28))
        b++;
    return (b + 1) / 2;
}

uint32_t fp_unsigned_recip_estimate(uint32_t a)
{
    if (!(a >> 31))
        return 0xffffffffu;
    return (uint32_t)recip_estimate(a >> 23) << 23;
}

uint32_t fp_unsigned_rsqrt_estimate(uint32_t a)
{
    if (!(a >> 30))
        return 0xffffffffu;
    return (uint32_t)rsqrt_estimate(a >> 23) << 23;
}

uint64_t fp_recip_estimate(unsigned sz, uint64_t a, fp_env_t *env)
{
    const fmt_t *f = &fmts[sz];
    unp_t u = unpack(f, a, env);
    if (is_nan(u.type))
        return process_nan(f, u.type, a, env);
    if (u.type == T_INF)
        return fp_zero(f, u.sign);
    if (u.type == T_ZERO) {
        env->exc |= FPSR_DZC;
        return fp_inf(f, u.sign);
    }
    /* Abs(value) < 2^-(bias+1): the reciprocal overflows. */
    int l = u.exp + 63 - __builtin_clzll(u.mant); /* floor(log2 |value|) */
    if (l < -(f->bias + 1)) {
        bool oti;
        switch (fp_rmode(env->fpcr)) {
        case FPR_TIEEVEN: oti = true; break;
        case FPR_POSINF: oti = !u.sign; break;
        case FPR_NEGINF: oti = u.sign; break;
        default: oti = false; break;
        }
        env->exc |= FPSR_OFC | FPSR_IXC;
        return oti ? fp_inf(f, u.sign) : fp_max_normal(f, u.sign);
    }
    if (flush_enabled(f, env->fpcr) && l >= f->bias - 1) {
        env->exc |= FPSR_UFC;
        return fp_zero(f, u.sign);
    }
    uint64_t fraction = (a & frac_mask(f)) << (52 - f->f);
    int exp = (int)((a >> f->f) & exp_ones(f));
    if (exp == 0) {
        if (!((fraction >> 51) & 1)) {
            exp = -1;
            fraction = (fraction << 2) & ((1ull << 52) - 1);
        } else {
            fraction = (fraction << 1) & ((1ull << 52) - 1);
        }
    }
    unsigned scaled = 256 | (unsigned)(fraction >> 44);
    int result_exp = 2 * f->bias - 1 - exp;
    unsigned estimate = recip_estimate(scaled);
    fraction = (uint64_t)(estimate & 0xff) << 44;
    if (result_exp == 0) {
        fraction = (1ull << 51) | (fraction >> 1);
    } else if (result_exp == -1) {
        fraction = (1ull << 50) | (fraction >> 2);
        result_exp = 0;
    }
    return fp_zero(f, u.sign) |
           ((uint64_t)result_exp << f->f) | (fraction >> (52 - f->f));
}

uint64_t fp_rsqrt_estimate(unsigned sz, uint64_t a, fp_env_t *env)
{
    const fmt_t *f = &fmts[sz];
    unp_t u = unpack(f, a, env);
    if (is_nan(u.type))
        return process_nan(f, u.type, a, env);
    if (u.type == T_ZERO) {
        env->exc |= FPSR_DZC;
        return fp_inf(f, u.sign);
    }
    if (u.sign) {
        env->exc |= FPSR_IOC;
        return default_nan(f);
    }
    if (u.type == T_INF)
        return fp_zero(f, false);
    uint64_t fraction = (a & frac_mask(f)) << (52 - f->f);
    int exp = (int)((a >> f->f) & exp_ones(f));
    if (exp == 0) {
        while (!((fraction >> 51) & 1)) {
            fraction <<= 1;
            exp--;
        }
        fraction = (fraction << 1) & ((1ull << 52) - 1);
    }
    /* An odd biased exponent is an even unbiased one (the biases are odd):
     * scale into [0.25, 0.5), else into [0.5, 1.0). */
    unsigned scaled = (exp & 1) ? 128 | (unsigned)(fraction >> 45)
                                : 256 | (unsigned)(fraction >> 44);
    /* (3 * bias - 1 - exp) DIV 2, rounding toward minus infinity. */
    int num = 3 * f->bias - 1 - exp;
    int result_exp = num >= 0 ? num / 2 : -((-num + 1) / 2);
    unsigned estimate = rsqrt_estimate(scaled);
    return ((uint64_t)result_exp << f->f) |
           ((uint64_t)(estimate & 0xff) << (f->f - 8));
}

/* ---- comparisons ----------------------------------------------------------- */

/* -1, 0, 1 for value1 <,=,> value2; 2 when unordered. */
static int compare_values(const fmt_t *f, uint64_t a, uint64_t b,
                          unp_t *u1, unp_t *u2, fp_env_t *env)
{
    *u1 = unpack(f, a, env);
    *u2 = unpack(f, b, env);
    if (is_nan(u1->type) || is_nan(u2->type))
        return 2;
    /* Map each number onto an ordered integer key: sign-magnitude of the
     * encoding with flushed denormals as zero. */
    int64_t va = order_key(f, u1, a), vb = order_key(f, u2, b);
    return va < vb ? -1 : va > vb ? 1 : 0;
}

unsigned fp_compare(unsigned sz, uint64_t a, uint64_t b, bool signal_nans,
                    fp_env_t *env)
{
    unp_t u1, u2;
    int c = compare_values(&fmts[sz], a, b, &u1, &u2, env);
    if (c == 2) {
        if (u1.type == T_SNAN || u2.type == T_SNAN || signal_nans)
            env->exc |= FPSR_IOC;
        return 0x3;
    }
    return c == 0 ? 0x6 : c < 0 ? 0x8 : 0x2;
}

bool fp_compare_eq(unsigned sz, uint64_t a, uint64_t b, fp_env_t *env)
{
    unp_t u1, u2;
    int c = compare_values(&fmts[sz], a, b, &u1, &u2, env);
    if (c == 2) {
        if (u1.type == T_SNAN || u2.type == T_SNAN)
            env->exc |= FPSR_IOC;
        return false;
    }
    return c == 0;
}

bool fp_compare_ge(unsigned sz, uint64_t a, uint64_t b, fp_env_t *env)
{
    unp_t u1, u2;
    int c = compare_values(&fmts[sz], a, b, &u1, &u2, env);
    if (c == 2) {
        env->exc |= FPSR_IOC;
        return false;
    }
    return c >= 0;
}

bool fp_compare_gt(unsigned sz, uint64_t a, uint64_t b, fp_env_t *env)
{
    unp_t u1, u2;
    int c = compare_values(&fmts[sz], a, b, &u1, &u2, env);
    if (c == 2) {
        env->exc |= FPSR_IOC;
        return false;
    }
    return c > 0;
}

/* ---- integer rounding and conversions ------------------------------------- */

/* Splits |value| * 2^fbits (value = mant * 2^exp) into an integer part
 * (saturated at 2^100) and an error class (0 none, 1 < half, 2 half,
 * 3 > half). */
static u128 int_part(uint64_t mant, int exp, int *err)
{
    if (exp >= 0) {
        *err = 0;
        int msb = 63 - __builtin_clzll(mant);
        if (msb + exp >= 100)
            return (u128)1 << 100;
        return (u128)mant << exp;
    }
    int sh = -exp;
    if (sh > 64) {
        *err = 1;
        return 0;
    }
    u128 m = mant;
    u128 rem = m & (((u128)1 << sh) - 1), half = (u128)1 << (sh - 1);
    *err = rem == 0 ? 0 : rem < half ? 1 : rem == half ? 2 : 3;
    return m >> sh;
}

/* The increment of |x| rounding |x| = ip + frac in the given mode. */
static bool round_up_mag(bool sign, u128 ip, int err, fp_rounding_t rounding)
{
    switch (rounding) {
    case FPR_TIEEVEN: return err == 3 || (err == 2 && (ip & 1));
    case FPR_POSINF: return err && !sign;
    case FPR_NEGINF: return err && sign;
    case FPR_TIEAWAY: return err >= 2;
    default: return false;
    }
}

uint64_t fp_round_int(unsigned sz, uint64_t a, fp_rounding_t rounding,
                      bool exact, fp_env_t *env)
{
    const fmt_t *f = &fmts[sz];
    unp_t u = unpack(f, a, env);
    if (is_nan(u.type))
        return process_nan(f, u.type, a, env);
    if (u.type == T_INF)
        return fp_inf(f, u.sign);
    if (u.type == T_ZERO)
        return fp_zero(f, u.sign);
    if (u.exp >= 0) /* already an integer */
        return fp_round(f, u.sign, u.exp, u.mant, FPR_ZERO, env);
    int err;
    u128 ip = int_part(u.mant, u.exp, &err);
    if (round_up_mag(u.sign, ip, err, rounding))
        ip++;
    uint64_t r = ip == 0 ? fp_zero(f, u.sign)
                         : fp_round(f, u.sign, 0, ip, FPR_ZERO, env);
    if (err && exact)
        env->exc |= FPSR_IXC;
    return r;
}

uint64_t fp_round_int_n(unsigned sz, uint64_t a, fp_rounding_t rounding,
                        unsigned intsize, fp_env_t *env)
{
    const fmt_t *f = &fmts[sz];
    unp_t u = unpack(f, a, env);
    /* -2^(intsize-1) */
    uint64_t most_neg = fp_zero(f, true) |
                        ((uint64_t)(f->bias + (int)intsize - 1) << f->f);
    if (is_nan(u.type) || u.type == T_INF) {
        env->exc |= FPSR_IOC;
        return most_neg;
    }
    if (u.type == T_ZERO)
        return fp_zero(f, u.sign);
    int err;
    u128 ip = int_part(u.mant, u.exp, &err);
    if (round_up_mag(u.sign, ip, err, rounding))
        ip++;
    u128 lim = (u128)1 << (intsize - 1);
    if (u.sign ? ip > lim : ip >= lim) {
        env->exc |= FPSR_IOC;
        return most_neg;
    }
    uint64_t r = ip == 0 ? fp_zero(f, u.sign)
                         : fp_round(f, u.sign, 0, ip, FPR_ZERO, env);
    if (err)
        env->exc |= FPSR_IXC;
    return r;
}

uint64_t fp_to_fixed(unsigned sz, uint64_t a, unsigned fbits, bool is_unsigned,
                     unsigned intbits, fp_rounding_t rounding, fp_env_t *env)
{
    const fmt_t *f = &fmts[sz];
    unp_t u = unpack(f, a, env);
    uint64_t mask = intbits == 64 ? ~0ull : (1ull << intbits) - 1;
    if (is_nan(u.type)) {
        env->exc |= FPSR_IOC;
        return 0;
    }
    if (u.type == T_ZERO)
        return 0;
    u128 ip;
    int err = 0;
    if (u.type == T_INF) {
        ip = (u128)1 << 100;
    } else {
        ip = int_part(u.mant, u.exp + (int)fbits, &err);
        if (round_up_mag(u.sign, ip, err, rounding))
            ip++;
    }
    u128 max = is_unsigned ? ((u128)1 << intbits) - 1
                           : ((u128)1 << (intbits - 1)) - 1;
    u128 min_mag = is_unsigned ? 0 : (u128)1 << (intbits - 1);
    if (u.sign ? ip > min_mag : ip > max) {
        env->exc |= FPSR_IOC;
        if (u.sign)
            return is_unsigned ? 0 : (uint64_t)min_mag;
        return (uint64_t)max;
    }
    if (err)
        env->exc |= FPSR_IXC;
    uint64_t r = (uint64_t)ip;
    return (u.sign ? (uint64_t)0 - r : r) & mask;
}

uint64_t fp_from_fixed(unsigned sz, uint64_t v, unsigned fbits,
                       bool is_unsigned, unsigned intbits,
                       fp_rounding_t rounding, fp_env_t *env)
{
    const fmt_t *f = &fmts[sz];
    if (intbits < 64) {
        v &= (1ull << intbits) - 1;
        if (!is_unsigned && (v >> (intbits - 1)))
            v |= ~0ull << intbits;
    }
    bool sign = !is_unsigned && (int64_t)v < 0;
    uint64_t mag = sign ? (uint64_t)0 - v : v;
    if (mag == 0)
        return fp_zero(f, false);
    return fp_round(f, sign, -(int)fbits, mag, rounding, env);
}

uint32_t fp_to_fixed_js(uint64_t a, bool *z, fp_env_t *env)
{
    const fmt_t *f = &fmts[FP_D];
    unp_t u = unpack(f, a, env);
    *z = false;
    if (is_nan(u.type)) {
        env->exc |= FPSR_IOC;
        return 0;
    }
    if (u.type == T_INF) {
        env->exc |= FPSR_IOC;
        return 0;
    }
    if (u.type == T_ZERO) {
        *z = !u.sign && !(a & frac_mask(f));
        return 0;
    }
    /* Truncate toward zero; the result is the low 32 bits. */
    uint32_t low;
    bool big;
    int err = 0;
    if (u.exp >= 32) {
        low = 0;
        big = true;
    } else {
        u128 ip = u.exp >= 0 ? (u128)u.mant << u.exp
                             : int_part(u.mant, u.exp, &err);
        low = (uint32_t)ip;
        big = u.sign ? ip > ((u128)1 << 31) : ip >= ((u128)1 << 31);
    }
    if (u.sign)
        low = (uint32_t)0 - low;
    if (big)
        env->exc |= FPSR_IOC;
    else if (err)
        env->exc |= FPSR_IXC;
    else
        *z = true;
    return low;
}

/* FPConvertNaN: quiet, payload kept left-aligned (truncated or widened). */
static uint64_t convert_nan(const fmt_t *from, const fmt_t *to, uint64_t a)
{
    bool sign = (a >> (from->n - 1)) & 1;
    uint64_t payload = a & ((1ull << (from->f - 1)) - 1); /* below quiet bit */
    uint64_t p51 = payload << (52 - from->f);             /* 51-bit field */
    uint64_t out = to->f >= 52 ? p51 : p51 >> (52 - to->f);
    return fp_zero(to, sign) | (exp_ones(to) << to->f) |
           (1ull << (to->f - 1)) | out;
}

uint64_t fp_convert(unsigned from, unsigned to, uint64_t a,
                    fp_rounding_t rounding, fp_env_t *env)
{
    const fmt_t *fi = &fmts[from], *fo = &fmts[to];
    unp_t u = unpack_base(fi, a, true, env);
    bool alt_hp = to == FP_H && (env->fpcr & FPCR_AHP);
    if (is_nan(u.type)) {
        uint64_t r;
        if (alt_hp)
            r = fp_zero(fo, u.sign);
        else if (env->fpcr & FPCR_DN)
            r = default_nan(fo);
        else
            r = convert_nan(fi, fo, a);
        if (u.type == T_SNAN || alt_hp)
            env->exc |= FPSR_IOC;
        return r;
    }
    if (u.type == T_INF) {
        if (alt_hp) {
            env->exc |= FPSR_IOC;
            return fp_zero(fo, u.sign) | 0x7fff;
        }
        return fp_inf(fo, u.sign);
    }
    if (u.type == T_ZERO)
        return fp_zero(fo, u.sign);
    /* FPRoundCV: FZ16 ignored, AHP observed. */
    bool fz = to == FP_H ? false : (env->fpcr & FPCR_FZ) != 0;
    return round_base(fo, u.sign, u.exp, u.mant, rounding, fz, alt_hp, env);
}

uint64_t fp_expand_imm(unsigned sz, unsigned imm8)
{
    const fmt_t *f = &fmts[sz];
    uint64_t sign = (imm8 >> 7) & 1, b6 = (imm8 >> 6) & 1;
    uint64_t exp = ((b6 ^ 1) << (f->e - 1)) |
                   ((b6 ? (1ull << (f->e - 3)) - 1 : 0) << 2) |
                   ((imm8 >> 4) & 3);
    uint64_t frac = (uint64_t)(imm8 & 15) << (f->f - 4);
    return (sign << (f->n - 1)) | (exp << f->f) | frac;
}
