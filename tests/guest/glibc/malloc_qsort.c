/* glibc malloc, realloc, calloc, free and qsort: many blocks of many sizes
 * (brk for small ones, mmap for big ones), contents checked, then a sort. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

static uint64_t state = 12345;
static uint32_t rnd(void)
{
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return (uint32_t)(state >> 33);
}

int main(void)
{
    enum { NBLK = 2000 };
    static unsigned char *blk[NBLK];
    static size_t len[NBLK];
    int bad = 0;
    for (int round = 0; round < 4; round++) {
        for (int i = 0; i < NBLK; i++) {
            size_t n = (rnd() % 8 == 0) ? 1 + rnd() % 300000 : 1 + rnd() % 512;
            if (blk[i] && rnd() % 2) {
                blk[i] = realloc(blk[i], n);
            } else {
                free(blk[i]);
                blk[i] = malloc(n);
            }
            if (!blk[i]) {
                printf("allocation failed\n");
                return 1;
            }
            len[i] = n;
            memset(blk[i], (int)(i & 0xff), n);
        }
        for (int i = 0; i < NBLK; i++)
            for (size_t k = 0; k < len[i]; k += 97)
                if (blk[i][k] != (unsigned char)(i & 0xff))
                    bad++;
    }
    for (int i = 0; i < NBLK; i++)
        free(blk[i]);
    uint32_t *z = calloc(100000, sizeof(*z));
    uint64_t zsum = 0;
    for (int i = 0; i < 100000; i++)
        zsum += z[i];
    printf("corrupted bytes: %d, calloc sum: %llu\n", bad,
           (unsigned long long)zsum);
    for (int i = 0; i < 100000; i++)
        z[i] = rnd();
    qsort(z, 100000, sizeof(*z), cmp_u32);
    int ordered = 1;
    uint64_t h = 0;
    for (int i = 0; i < 100000; i++) {
        if (i && z[i - 1] > z[i])
            ordered = 0;
        h = h * 31 + z[i];
    }
    printf("qsort ordered: %s, hash %016llx, min %u, max %u\n",
           ordered ? "yes" : "no", (unsigned long long)h, z[0], z[99999]);
    free(z);
    return bad || !ordered;
}
