/* glibc string functions, whose AArch64 versions use SIMD loads, stores and
 * compares: memcpy, memmove, memset, memcmp, strlen, strcmp, strchr,
 * strrchr, memchr, strstr, strcpy, at many lengths and alignments. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static unsigned char a[4096], b[4096];

static uint64_t fnv(const unsigned char *p, size_t n)
{
    uint64_t h = 0xcbf29ce484222325ull;
    for (size_t i = 0; i < n; i++)
        h = (h ^ p[i]) * 0x100000001b3ull;
    return h;
}

int main(void)
{
    for (int i = 0; i < 4096; i++)
        a[i] = (unsigned char)(i * 13 + 7);
    uint64_t h = 0;
    for (int al = 0; al < 16; al++)
        for (size_t n = 0; n < 300; n += 7) {
            memset(b, 0, 512);
            memcpy(b + al, a + (15 - al), n);
            h = h * 31 + fnv(b, 512);
            memmove(b + 1, b, n);
            h = h * 31 + fnv(b, 512);
            memset(b + al, 0x5c, n);
            h = h * 31 + fnv(b, 512);
        }
    printf("memcpy/memmove/memset: %016llx\n", (unsigned long long)h);

    unsigned c = 0;
    for (size_t n = 1; n < 200; n++) {
        memcpy(b, a, n);
        b[n - 1] ^= 1;
        c = c * 3 + (unsigned)((memcmp(a, b, n) > 0) - (memcmp(a, b, n) < 0));
    }
    printf("memcmp: %u\n", c);

    char s[600];
    uint64_t lens = 0;
    for (int al = 0; al < 16; al++)
        for (int n = 0; n < 300; n += 11) {
            memset(s, 'x', sizeof(s));
            s[al + n] = 0;
            lens = lens * 7 + strlen(s + al);
        }
    printf("strlen: %llu\n", (unsigned long long)lens);

    const char *text = "the quick brown fox jumps over the lazy dog; "
                       "pack my box with five dozen liquor jugs";
    printf("strchr(q): %td, strrchr(o): %td, memchr(z): %td\n",
           strchr(text, 'q') - text, strrchr(text, 'o') - text,
           (const char *)memchr(text, 'z', strlen(text)) - text);
    printf("strstr(liquor): %td, strstr(cat): %s\n",
           strstr(text, "liquor") - text,
           strstr(text, "cat") ? "found" : "null");
    printf("strcmp: %d %d %d\n", strcmp("abc", "abd") < 0,
           strcmp("abc", "abc") == 0, strcmp("abd", "abc") > 0);
    char copy[128];
    strcpy(copy, text + 4);
    strcat(copy, "!");
    printf("strcpy+strcat: %s\n", copy);
    printf("strncmp: %d, strspn: %zu, strcspn: %zu\n",
           strncmp(text, "the quack", 6), strspn(text, "eht "),
           strcspn(text, ";"));
    return 0;
}
