/* The pieces every harness of the fuzz target shares (libFuzzer, AFL++,
 * the replay tool): create the machine and boot the target once
 * (fuzz_target_open), then per input write it into guest memory, run with
 * an instruction budget, classify the outcome and put the machine back to
 * the checkpoint (fuzz_target_run). Public API only. */
#ifndef FUZZ_TARGET_H
#define FUZZ_TARGET_H

#include <stddef.h>
#include <stdint.h>

#include "arm64emu/arm64emu.h"

/* What one input did. Everything from FUZZ_OOB_WRITE on is a bug. */
typedef enum fuzz_verdict {
    FUZZ_OK = 0,          /* parse_input returned (result holds its value) */
    FUZZ_OOB_WRITE,       /* a write into the guard page after STATE */
    FUZZ_OOB_READ,        /* a read past the end of the input */
    FUZZ_BAD_POINTER,     /* any other access to unmapped memory */
    FUZZ_HANG,            /* the instruction budget ran out */
    FUZZ_CRASH            /* any other exit (undefined instruction, ...) */
} fuzz_verdict;

#define FUZZ_VERDICT_COUNT 6

typedef struct fuzz_outcome {
    fuzz_verdict verdict;
    arm64emu_exit exit; /* how arm64emu_run stopped */
    int64_t result;     /* X0 at DONE (FUZZ_OK only) */
    uint64_t insns;     /* instructions the run retired */
} fuzz_outcome;

typedef struct fuzz_target {
    arm64emu_machine *m;
    uint64_t budget; /* 0: FUZZ_BUDGET_BASE + FUZZ_BUDGET_PER_BYTE * length */
} fuzz_target;

/* The default budget grows with the input: parse_input needs at most
 * about 435 instructions per byte (a run of 'R' records with count 255,
 * stride 1), so a run that spends BASE + PER_BYTE * length is a hang. A
 * short endless input is then caught after a few thousand instructions,
 * not after the millions a 4 KiB input may legitimately take. */
#define FUZZ_BUDGET_BASE 1000u
#define FUZZ_BUDGET_PER_BYTE 500u

/* Where the target image is: $FUZZ_TARGET_IMAGE, else the path the build
 * compiled in (FUZZ_TARGET_IMAGE_PATH), else "parser.bin". */
const char *fuzz_target_image_path(void);

/* Creates the machine, maps the layout, loads the flat image, runs the
 * initialisation to READY and checkpoints at ENTRY. budget: instructions
 * per input, or 0 for the default that grows with the input. On failure returns
 * nonzero with a message in err (call fuzz_target_close all the same). */
int fuzz_target_open(fuzz_target *t, const char *image_path, uint64_t budget,
                     char *err, size_t err_len);

/* Runs one input (at most TARGET_INPUT_MAX bytes are used) and restores
 * the checkpoint. Returns nonzero only if the library failed (err says
 * why), never for what the guest did. */
int fuzz_target_run(fuzz_target *t, const uint8_t *data, size_t len,
                    fuzz_outcome *out, char *err, size_t err_len);

/* Short name of a verdict ("out-of-bounds write", ...). */
const char *fuzz_verdict_name(fuzz_verdict v);

/* One line describing an outcome: the verdict, the address and access,
 * the PC. */
void fuzz_outcome_describe(const fuzz_outcome *o, char *buf, size_t len);

/* Parses a comma-separated list of verdict keys ("oob-write,oob-read,
 * bad-pointer,hang,crash", or "all") into a mask of (1 << verdict).
 * Unknown keys give -1. */
int fuzz_verdict_mask(const char *list);

void fuzz_target_close(fuzz_target *t);

#endif
