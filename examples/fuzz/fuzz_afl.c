/* AFL++ persistent-mode harness for the fuzz target (afl-clang-fast).
 *
 * The target boots once, before the fork server starts (__AFL_INIT), so
 * every child starts from the checkpointed machine; each input of the
 * persistent loop is written into guest memory, run with an instruction
 * budget and undone with arm64emu_checkpoint_restore (fuzz_target.c). A
 * guest bug is reported as a crash: a line naming it on stderr, then
 * abort(), so afl-fuzz files the input under crashes/ (hangs of the guest
 * are crashes too: the budget ends them long before afl-fuzz's timeout).
 *
 * Guest coverage: the library's edge map is attached to a slice of AFL++'s
 * shared map, ids 16384 to 32767, below the harness's own edges (see
 * fuzz_afl_map.c), so afl-fuzz sees the guest's edges with no copying.
 *
 * Built by another compiler (cc), it runs the file named on the command
 * line, or stdin, once: handy to check a crash afl-fuzz saved.
 *
 * Environment: FUZZ_TARGET_IMAGE, FUZZ_REPORT, FUZZ_BUDGET,
 * FUZZ_NO_COVERAGE as for the libFuzzer harness (fuzz_libfuzzer.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz_target.h"
#include "target/layout.h"

#ifdef __AFL_FUZZ_TESTCASE_LEN
#include "fuzz_afl_map.h"
__AFL_FUZZ_INIT();
#endif

static int report(const fuzz_outcome *o, int mask)
{
    if (o->verdict == FUZZ_OK || !(mask & (1 << o->verdict)))
        return 0;
    char line[256];
    fuzz_outcome_describe(o, line, sizeof line);
    fprintf(stderr, "==fuzz-parser== %s\n", line);
    return 1;
}

int main(int argc, char **argv)
{
    const char *r = getenv("FUZZ_REPORT");
    int mask = fuzz_verdict_mask(r && *r ? r : "all");
    if (mask < 0) {
        fprintf(stderr, "FUZZ_REPORT: unknown verdict in '%s'\n", r);
        return 2;
    }
    const char *b = getenv("FUZZ_BUDGET");
    uint64_t budget = b && *b ? strtoull(b, NULL, 0) : 0;
    char err[512];
    fuzz_target t;
    if (fuzz_target_open(&t, fuzz_target_image_path(), budget, err, sizeof err)) {
        fprintf(stderr, "fuzz target: %s\n", err);
        fuzz_target_close(&t);
        return 2;
    }
    fuzz_outcome o;

#ifdef __AFL_FUZZ_TESTCASE_LEN
    (void)argc;
    (void)argv;
    __AFL_INIT();
    const char *nc = getenv("FUZZ_NO_COVERAGE");
    int coverage = !(nc && *nc == '1');
    unsigned char *buf = __AFL_FUZZ_TESTCASE_BUF;
    while (__AFL_LOOP(100000)) {
        size_t len = (size_t)__AFL_FUZZ_TESTCASE_LEN;
        /* The shared map can move at the first iteration: attach each
         * time (the library only stores the pointer). */
        if (coverage && afl_map_size() >= AFL_GUEST_MAP_END)
            arm64emu_coverage_attach(t.m, afl_map() + AFL_GUEST_MAP_BASE,
                                     AFL_GUEST_MAP_SIZE);
        if (fuzz_target_run(&t, buf, len, &o, err, sizeof err)) {
            fprintf(stderr, "fuzz target: %s\n", err);
            abort();
        }
        if (report(&o, mask))
            abort();
    }
#else
    static uint8_t input[TARGET_INPUT_MAX];
    FILE *f = argc > 1 ? fopen(argv[1], "rb") : stdin;
    if (!f) {
        fprintf(stderr, "%s: cannot open\n", argv[1]);
        return 2;
    }
    size_t len = fread(input, 1, sizeof input, f);
    if (f != stdin)
        fclose(f);
    if (fuzz_target_run(&t, input, len, &o, err, sizeof err)) {
        fprintf(stderr, "fuzz target: %s\n", err);
        return 2;
    }
    if (report(&o, mask))
        abort();
#endif
    fuzz_target_close(&t);
    return 0;
}
