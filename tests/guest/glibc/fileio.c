/* File I/O through glibc: read the program itself through /proc/self/exe,
 * write a temporary file, read it back, stat it, seek, and remove it. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int main(void)
{
    unsigned char hdr[20];
    FILE *f = fopen("/proc/self/exe", "rb");
    if (!f || fread(hdr, 1, sizeof(hdr), f) != sizeof(hdr)) {
        printf("cannot read /proc/self/exe\n");
        return 1;
    }
    fclose(f);
    printf("self: magic %s, class %d, machine %d\n",
           memcmp(hdr, "\x7f" "ELF", 4) == 0 ? "ELF" : "?", hdr[4],
           hdr[18] | hdr[19] << 8);

    char path[64];
    snprintf(path, sizeof(path), "/tmp/arm64emu-guest-%d.txt", (int)getpid());
    f = fopen(path, "w");
    if (!f) {
        printf("cannot create a temp file\n");
        return 1;
    }
    for (int i = 0; i < 1000; i++)
        fprintf(f, "line %d\n", i);
    fclose(f);

    struct stat st;
    if (stat(path, &st) != 0) {
        printf("stat failed\n");
        return 1;
    }
    printf("size %lld, regular %d\n", (long long)st.st_size,
           S_ISREG(st.st_mode) ? 1 : 0);

    int fd = open(path, O_RDONLY);
    char buf[32] = {0};
    lseek(fd, 6890, SEEK_SET);
    ssize_t n = read(fd, buf, 20);
    off_t end = lseek(fd, 0, SEEK_END);
    close(fd);
    printf("read %zd at 6890: \"%.*s\", end at %lld\n", n, (int)strcspn(buf, "\n"),
           buf, (long long)end);

    f = fopen(path, "r");
    long sum = 0, lines = 0;
    char line[64];
    while (fgets(line, sizeof(line), f)) {
        sum += atoi(line + 5);
        lines++;
    }
    fclose(f);
    printf("lines %ld, sum %ld\n", lines, sum);
    printf("unlink: %d, exists after: %d\n", unlink(path),
           access(path, F_OK) == 0);
    printf("open missing: %d\n", open("/nonexistent/file", O_RDONLY));
    return 0;
}
