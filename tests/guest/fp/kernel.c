/* A double-precision numeric kernel: matrix products, an LU solve with
 * partial pivoting, Newton iterations (square root, cube root, a
 * polynomial root), a small n-body integration and a float dot product,
 * all printed with %a so any rounding difference shows. */
#include <math.h>
#include <stdio.h>

#include "fp_common.h"

#define N 24

static double a[N][N], b[N][N], c[N][N], lu[N][N];

static void matmul(double r[N][N], double x[N][N], double y[N][N])
{
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            double s = 0;
            for (int k = 0; k < N; k++)
                s += x[i][k] * y[k][j];
            r[i][j] = s;
        }
}

static void lu_solve(double rhs[N], double x[N])
{
    int piv[N];
    for (int i = 0; i < N; i++) {
        piv[i] = i;
        for (int j = 0; j < N; j++)
            lu[i][j] = a[i][j];
    }
    for (int k = 0; k < N; k++) {
        int p = k;
        for (int i = k + 1; i < N; i++)
            if (fabs(lu[i][k]) > fabs(lu[p][k]))
                p = i;
        if (p != k) {
            for (int j = 0; j < N; j++) {
                double t = lu[k][j];
                lu[k][j] = lu[p][j];
                lu[p][j] = t;
            }
            int t = piv[k];
            piv[k] = piv[p];
            piv[p] = t;
        }
        for (int i = k + 1; i < N; i++) {
            lu[i][k] /= lu[k][k];
            for (int j = k + 1; j < N; j++)
                lu[i][j] -= lu[i][k] * lu[k][j];
        }
    }
    double y[N];
    for (int i = 0; i < N; i++) {
        double s = rhs[piv[i]];
        for (int j = 0; j < i; j++)
            s -= lu[i][j] * y[j];
        y[i] = s;
    }
    for (int i = N - 1; i >= 0; i--) {
        double s = y[i];
        for (int j = i + 1; j < N; j++)
            s -= lu[i][j] * x[j];
        x[i] = s / lu[i][i];
    }
}

static void nbody(void)
{
    double px[5] = {0, 4.84, 8.34, 12.89, 15.37}, py[5] = {0, -1.16, 4.12, -15.11, -25.91};
    double vx[5] = {0, 0.606, -0.276, 0.296, 0.268}, vy[5] = {0, 2.81, 1.82, 0.873, 0.595};
    double m[5] = {39.47, 0.0377, 0.0113, 0.0017, 0.002};
    const double dt = 0.01;
    for (int step = 0; step < 2000; step++) {
        for (int i = 0; i < 5; i++)
            for (int j = i + 1; j < 5; j++) {
                double dx = px[i] - px[j], dy = py[i] - py[j];
                double d2 = dx * dx + dy * dy;
                double mag = dt / (d2 * sqrt(d2));
                vx[i] -= dx * m[j] * mag, vy[i] -= dy * m[j] * mag;
                vx[j] += dx * m[i] * mag, vy[j] += dy * m[i] * mag;
            }
        for (int i = 0; i < 5; i++)
            px[i] += dt * vx[i], py[i] += dt * vy[i];
    }
    double e = 0;
    for (int i = 0; i < 5; i++) {
        e += 0.5 * m[i] * (vx[i] * vx[i] + vy[i] * vy[i]);
        for (int j = i + 1; j < 5; j++)
            e -= m[i] * m[j] / hypot(px[i] - px[j], py[i] - py[j]);
    }
    printf("nbody: energy %a x1 %a y4 %a\n", e, px[1], py[4]);
}

int main(void)
{
    uint64_t s = 5;
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            a[i][j] = (double)(int64_t)(lcg64(&s) >> 20) / 0x1p40 + (i == j ? 4.0 : 0.0);
            b[i][j] = 1.0 / (i + j + 1); /* Hilbert */
        }
    matmul(c, a, b);
    uint64_t h = FNV_INIT;
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++)
            h = fnv_u64(h, bits64(c[i][j]));
    printf("matmul: c[0][0] %a c[5][17] %a c[23][23] %a hash %016llx\n", c[0][0], c[5][17],
           c[23][23], (unsigned long long)h);
    for (int r = 0; r < 10; r++)
        matmul(b, a, c), matmul(c, b, a);
    printf("matmul x20: c[1][2] %a c[20][3] %a\n", c[1][2], c[20][3]);

    double rhs[N], x[N];
    for (int i = 0; i < N; i++)
        rhs[i] = sin(i * 0.37);
    lu_solve(rhs, x);
    double res = 0;
    for (int i = 0; i < N; i++) {
        double t = -rhs[i];
        for (int j = 0; j < N; j++)
            t += a[i][j] * x[j];
        res = fmax(res, fabs(t));
    }
    printf("lu: x0 %a x11 %a x23 %a residual %a\n", x[0], x[11], x[23], res);

    for (double v = 0.5; v < 1e6; v *= 7.3) {
        double r = v, q = v;
        for (int i = 0; i < 40; i++)
            r = 0.5 * (r + v / r);
        for (int i = 0; i < 60; i++)
            q = q - (q * q * q - v) / (3 * q * q);
        printf("newton %a: sqrt %a (%+d ulp) cbrt %a (libm %a)\n", v, r,
               (int)(bits64(r) - bits64(sqrt(v))), q, cbrt(v));
    }
    /* Root of x^5 - 3x + 1 near 1.2 with fma-based Horner. */
    double z = 1.2;
    for (int i = 0; i < 30; i++) {
        double p = fma(fma(fma(fma(fma(1, z, 0), z, 0), z, 0), z, -3), z, 1);
        double dp = fma(5 * z * z, z * z, -3);
        z -= p / dp;
    }
    printf("poly root %a\n", z);
    nbody();

    float fa[1000], fb[1000];
    for (int i = 0; i < 1000; i++)
        fa[i] = (float)sin(i * 0.1), fb[i] = (float)(1.0 / (1 + i));
    float dot = 0, dot4[4] = {0, 0, 0, 0};
    for (int i = 0; i < 1000; i++)
        dot += fa[i] * fb[i];
    for (int i = 0; i < 1000; i += 4)
        for (int k = 0; k < 4; k++)
            dot4[k] += fa[i + k] * fb[i + k];
    printf("float dot %a %a %a %a %a\n", (double)dot, (double)dot4[0], (double)dot4[1],
           (double)dot4[2], (double)dot4[3]);
    return 0;
}
