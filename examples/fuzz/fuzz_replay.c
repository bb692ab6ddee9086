/* fuzz-parser-replay: runs files through the fuzz target, one line each,
 * the way the fuzzers run them (same setup, budget and classification).
 * For reproducing what a fuzzer found, and for the tests. Exits 0 when
 * every file is "ok", 1 when some file hit a bug, 2 on errors.
 *   fuzz-parser-replay [-b BUDGET] FILE... */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_target.h"
#include "target/layout.h"

int main(int argc, char **argv)
{
    uint64_t budget = 0; /* the default, by input length */
    int first = 1;
    if (argc > 2 && !strcmp(argv[1], "-b")) {
        budget = strtoull(argv[2], NULL, 0);
        first = 3;
    }
    if (first >= argc) {
        fprintf(stderr, "usage: %s [-b BUDGET] FILE...\n", argv[0]);
        return 2;
    }
    char err[512];
    fuzz_target t;
    if (fuzz_target_open(&t, fuzz_target_image_path(), budget, err, sizeof err)) {
        fprintf(stderr, "%s\n", err);
        fuzz_target_close(&t);
        return 2;
    }
    int status = 0;
    static uint8_t buf[TARGET_INPUT_MAX];
    for (int i = first; i < argc; i++) {
        FILE *f = fopen(argv[i], "rb");
        if (!f) {
            fprintf(stderr, "%s: cannot open\n", argv[i]);
            status = 2;
            continue;
        }
        size_t n = fread(buf, 1, sizeof buf, f);
        fclose(f);
        fuzz_outcome o;
        if (fuzz_target_run(&t, buf, n, &o, err, sizeof err)) {
            fprintf(stderr, "%s\n", err);
            status = 2;
            break;
        }
        char line[256];
        fuzz_outcome_describe(&o, line, sizeof line);
        printf("%s: %s\n", argv[i], line);
        if (o.verdict != FUZZ_OK && status == 0)
            status = 1;
    }
    fuzz_target_close(&t);
    return status;
}
