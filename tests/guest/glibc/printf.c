/* glibc stdio: printf formatting of integers and strings (no floating
 * point), puts, and an fflush before exit. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
    printf("Hello from glibc, argc=%d\n", argc);
    for (int i = 1; i < argc; i++)
        printf("argv[%d]=%s (%zu chars)\n", i, argv[i], strlen(argv[i]));
    printf("[%5d] [%-5d] [%05d] [%+d] [%x] [%X] [%#o]\n", 42, 42, 42, 42,
           0xbeef, 0xbeef, 8);
    printf("[%" PRId64 "] [%" PRIu64 "] [%" PRIx64 "]\n", INT64_MIN,
           UINT64_MAX, (uint64_t)0x0123456789abcdefull);
    printf("[%s] [%10s] [%-10s] [%.3s] [%c]\n", "str", "right", "left",
           "truncate", 'c');
    char buf[64];
    int n = snprintf(buf, sizeof(buf), "%d-%d-%d", 2024, 1, 31);
    printf("snprintf wrote %d: %s\n", n, buf);
    puts("puts works");
    fputs("to stderr\n", stderr);
    fflush(stdout);
    return 0;
}
