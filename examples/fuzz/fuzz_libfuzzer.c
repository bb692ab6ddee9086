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
 *   FUZZ_BUDGET         a fixed instruction budget per input (default:
 *                       1000 + 500 per input byte)
 *   FUZZ_NO_COVERAGE=1  do not attach the edge map (blind fuzzing)
 *   FUZZ_CMPLOG=1       also log the guest's comparisons
 *                       (arm64emu_cmplog_attach) and hand their operands to
 *                       libFuzzer's comparison tables, as its own
 *                       instrumentation does (see feed_cmplog)
 */
#include <stdio.h>
#include <stdlib.h>

#include "fuzz_target.h"

#define COVERAGE_SIZE (1u << 13)

__attribute__((section("__libfuzzer_extra_counters"), used))
static uint8_t guest_coverage[COVERAGE_SIZE];

#define CMPLOG_CAPACITY 4096

static fuzz_target target;
static int report_mask;
static arm64emu_cmplog_entry *cmplog;

/* libFuzzer's handlers of the callbacks that -fsanitize=fuzzer inserts
 * for comparisons and memcmp. Called here with the guest's operands, they
 * fill the same tables, which the CMP mutations draw from. */
void __sanitizer_cov_trace_cmp4(uint32_t a, uint32_t b);
void __sanitizer_cov_trace_cmp8(uint64_t a, uint64_t b);
void __sanitizer_weak_hook_memcmp(void *caller_pc, const void *s1,
                                  const void *s2, size_t n, int result);

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
    uint64_t budget = b && *b ? strtoull(b, NULL, 0) : 0;
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
    const char *cl = getenv("FUZZ_CMPLOG");
    if (cl && *cl == '1') {
        cmplog = calloc(CMPLOG_CAPACITY, sizeof *cmplog);
        if (!cmplog ||
            arm64emu_cmplog_attach(target.m, cmplog, CMPLOG_CAPACITY)) {
            fprintf(stderr, "cmplog_attach: %s\n", arm64emu_last_error(target.m));
            exit(2);
        }
    }
    return 0;
}

/* Hands the comparisons the guest made to libFuzzer. Operands that fit in
 * a byte (the guest compares input bytes) go in as 1-byte memcmp calls: the
 * mutator then replaces that byte of the input with the other operand.
 * Wider ones go in as 4- or 8-byte comparisons. */
static void feed_cmplog(void)
{
    size_t n = 0;
    arm64emu_cmplog_count(target.m, &n);
    for (size_t i = 0; i < n; i++) {
        const arm64emu_cmplog_entry *e = &cmplog[i];
        if (e->kind != 0 || e->a == e->b)
            continue;
        if (e->a < 256 && e->b < 256) {
            uint8_t a = (uint8_t)e->a, b = (uint8_t)e->b;
            __sanitizer_weak_hook_memcmp((void *)(uintptr_t)e->pc, &a, &b, 1,
                                         a < b ? -1 : 1);
        } else if (e->size == 4) {
            __sanitizer_cov_trace_cmp4((uint32_t)e->a, (uint32_t)e->b);
        } else {
            __sanitizer_cov_trace_cmp8(e->a, e->b);
        }
    }
    arm64emu_cmplog_reset(target.m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_outcome o;
    char err[512];
    if (fuzz_target_run(&target, data, size, &o, err, sizeof err)) {
        fprintf(stderr, "fuzz target: %s\n", err);
        abort();
    }
    if (cmplog)
        feed_cmplog();
    if (o.verdict != FUZZ_OK && (report_mask & (1 << o.verdict))) {
        char line[256];
        fuzz_outcome_describe(&o, line, sizeof line);
        fprintf(stderr, "==fuzz-parser== %s\n", line);
        abort();
    }
    return 0;
}
