/* libFuzzer harness for the fuzz target (clang -fsanitize=fuzzer).
 *
 * The target boots once (LLVMFuzzerInitialize) and is checkpointed; each
 * input is written into guest memory, run with an instruction budget and
 * undone with arm64emu_checkpoint_restore (fuzz_target.c). A guest bug is
 * reported as a crash of the harness: a line naming it, then abort(), so
 * libFuzzer saves the input as crash-<sha1>.
 *
 * Guest coverage: the library's edge map is attached to an array in the
 * section __libfuzzer_extra_counters, which libFuzzer clears before each
 * input and reads after it, as it does its own counters.
 *
 * Environment:
 *   FUZZ_TARGET_IMAGE   the target image (default: the build's parser.bin)
 *   FUZZ_REPORT         the verdicts that count as crashes: a comma list of
 *                       oob-write, oob-read, bad-pointer, hang, crash, or
 *                       all (the default)
 *   FUZZ_BUDGET         the instruction budget of one input (200000)
 *   FUZZ_NO_COVERAGE=1  do not attach the edge map (blind fuzzing)
 */
#include <stdio.h>
#include <stdlib.h>

#include "fuzz_target.h"

#define COVERAGE_SIZE (1u << 13)

__attribute__((section("__libfuzzer_extra_counters"), used))
static uint8_t guest_coverage[COVERAGE_SIZE];

static fuzz_target target;
static int report_mask;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    const char *report = getenv("FUZZ_REPORT");
    report_mask = fuzz_verdict_mask(report && *report ? report : "all");
    if (report_mask < 0) {
        fprintf(stderr, "FUZZ_REPORT: unknown verdict in '%s'\n", report);
        exit(2);
    }
    const char *b = getenv("FUZZ_BUDGET");
    uint64_t budget = b && *b ? strtoull(b, NULL, 0) : FUZZ_DEFAULT_BUDGET;
    char err[512];
    if (fuzz_target_open(&target, fuzz_target_image_path(), budget, err,
                         sizeof err)) {
        fprintf(stderr, "fuzz target: %s\n", err);
        exit(2);
    }
    const char *nc = getenv("FUZZ_NO_COVERAGE");
    if (!(nc && *nc == '1')) {
        int rc = arm64emu_coverage_attach(target.m, guest_coverage,
                                          sizeof guest_coverage);
        if (rc) {
            fprintf(stderr, "coverage_attach: %s\n",
                    arm64emu_last_error(target.m));
            exit(2);
        }
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_outcome o;
    char err[512];
    if (fuzz_target_run(&target, data, size, &o, err, sizeof err)) {
        fprintf(stderr, "fuzz target: %s\n", err);
        abort();
    }
    if (o.verdict != FUZZ_OK && (report_mask & (1 << o.verdict))) {
        char line[256];
        fuzz_outcome_describe(&o, line, sizeof line);
        fprintf(stderr, "==fuzz-parser== %s\n", line);
        abort();
    }
    return 0;
}
