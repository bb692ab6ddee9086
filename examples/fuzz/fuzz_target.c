/* Setup, run and reset of the fuzz target; see fuzz_target.h. */
#include "fuzz_target.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "target/layout.h"

#ifndef FUZZ_TARGET_IMAGE_PATH
#define FUZZ_TARGET_IMAGE_PATH "parser.bin"
#endif

const char *fuzz_target_image_path(void)
{
    const char *env = getenv("FUZZ_TARGET_IMAGE");
    return env && *env ? env : FUZZ_TARGET_IMAGE_PATH;
}

static int fail(char *err, size_t len, const char *what,
                arm64emu_machine *m, int rc)
{
    snprintf(err, len, "%s: %s (%s)", what, arm64emu_status_string(rc),
             m ? arm64emu_last_error(m) : "");
    return rc ? rc : -1;
}

static int read_file(const char *path, uint8_t *buf, size_t cap, size_t *len,
                     char *err, size_t err_len)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, err_len, "cannot open the target image %s", path);
        return -1;
    }
    size_t n = fread(buf, 1, cap, f);
    int extra = fgetc(f);
    fclose(f);
    if (n == 0 || extra != EOF) {
        snprintf(err, err_len, "%s: empty or larger than %zu bytes", path, cap);
        return -1;
    }
    *len = n;
    return 0;
}

int fuzz_target_open(fuzz_target *t, const char *image_path, uint64_t budget,
                     char *err, size_t err_len)
{
    enum { IMAGE_MAX = TARGET_CODE_SIZE + TARGET_DATA_SIZE };
    uint8_t *image = malloc(IMAGE_MAX);
    size_t image_len;
    memset(t, 0, sizeof *t);
    t->budget = budget;
    if (!image) {
        snprintf(err, err_len, "out of memory");
        return -1;
    }
    if (read_file(image_path, image, IMAGE_MAX, &image_len, err, err_len)) {
        free(image);
        return -1;
    }

    /* The bare machine: no RAM but what we map, CPU 0 at EL0 with the MMU
     * off, every exception an exit (the defaults). */
    arm64emu_config *cfg;
    int rc = arm64emu_config_new(&cfg);
    if (rc) {
        free(image);
        return fail(err, err_len, "config", NULL, rc);
    }
    rc = arm64emu_create(cfg, &t->m);
    if (rc)
        snprintf(err, err_len, "create: %s", arm64emu_config_last_error(cfg));
    arm64emu_config_free(cfg);
    if (rc) {
        free(image);
        return rc;
    }

    arm64emu_machine *m = t->m;
    if ((rc = arm64emu_map_ram(m, TARGET_CODE_BASE,
                               TARGET_CODE_SIZE + TARGET_DATA_SIZE)) ||
        (rc = arm64emu_map_ram(m, TARGET_INPUT_BASE, TARGET_INPUT_MAX)) ||
        (rc = arm64emu_map_ram(m, TARGET_STATE_BASE, TARGET_STATE_SIZE))) {
        free(image);
        return fail(err, err_len, "map", m, rc);
    }
    rc = arm64emu_mem_write(m, TARGET_CODE_BASE, image, image_len);
    free(image);
    if (rc)
        return fail(err, err_len, "load", m, rc);
    if ((rc = arm64emu_reg_write(m, 0, ARM64EMU_REG_PC, TARGET_CODE_BASE)))
        return fail(err, err_len, "pc", m, rc);

    /* Boot once: the initialisation ends at READY with BRK #1 (an exit
     * that leaves the PC on the BRK). */
    arm64emu_exit ex = {.struct_size = sizeof ex};
    if ((rc = arm64emu_run(m, 1000000, &ex)))
        return fail(err, err_len, "boot run", m, rc);
    if (ex.reason != ARM64EMU_EXIT_BRK || ex.imm != 1 ||
        ex.pc != TARGET_READY_ADDR) {
        snprintf(err, err_len,
                 "the target did not reach READY (exit reason %u, pc 0x%llx)",
                 ex.reason, (unsigned long long)ex.pc);
        return -1;
    }
    if ((rc = arm64emu_reg_write(m, 0, ARM64EMU_REG_PC, TARGET_ENTRY_ADDR)))
        return fail(err, err_len, "pc", m, rc);
    if ((rc = arm64emu_checkpoint(m)))
        return fail(err, err_len, "checkpoint", m, rc);
    return 0;
}

static fuzz_verdict classify(const arm64emu_exit *ex)
{
    switch (ex->reason) {
    case ARM64EMU_EXIT_BRK:
        if (ex->imm == 0 && ex->pc == TARGET_DONE_ADDR)
            return FUZZ_OK;
        return FUZZ_CRASH;
    case ARM64EMU_EXIT_BUDGET:
        return FUZZ_HANG;
    case ARM64EMU_EXIT_UNMAPPED:
        if (ex->access == ARM64EMU_ACCESS_WRITE &&
            ex->addr >= TARGET_STATE_END &&
            ex->addr < TARGET_STATE_END + 0x1000)
            return FUZZ_OOB_WRITE;
        if (ex->access == ARM64EMU_ACCESS_READ &&
            ex->addr >= TARGET_INPUT_END &&
            ex->addr < TARGET_INPUT_END + 0x1000)
            return FUZZ_OOB_READ;
        return FUZZ_BAD_POINTER;
    default:
        return FUZZ_CRASH;
    }
}

int fuzz_target_run(fuzz_target *t, const uint8_t *data, size_t len,
                    fuzz_outcome *out, char *err, size_t err_len)
{
    arm64emu_machine *m = t->m;
    if (len > TARGET_INPUT_MAX)
        len = TARGET_INPUT_MAX;
    /* The input ends where the INPUT region ends. */
    uint64_t addr = TARGET_INPUT_END - len;
    uint64_t before = 0, after = 0, x0 = 0;
    int rc;
    if ((len && (rc = arm64emu_mem_write(m, addr, data, len))) ||
        (rc = arm64emu_reg_write(m, 0, ARM64EMU_REG_X0, addr)) ||
        (rc = arm64emu_reg_write(m, 0, ARM64EMU_REG_X0 + 1, len)) ||
        (rc = arm64emu_instructions(m, 0, &before)))
        return fail(err, err_len, "input", m, rc);

    memset(out, 0, sizeof *out);
    out->exit.struct_size = sizeof out->exit;
    uint64_t budget = t->budget ? t->budget
                                : FUZZ_BUDGET_BASE + FUZZ_BUDGET_PER_BYTE * len;
    if ((rc = arm64emu_run(m, budget, &out->exit)))
        return fail(err, err_len, "run", m, rc);
    out->verdict = classify(&out->exit);
    if ((rc = arm64emu_instructions(m, 0, &after)) ||
        (rc = arm64emu_reg_read(m, 0, ARM64EMU_REG_X0, &x0)))
        return fail(err, err_len, "registers", m, rc);
    out->insns = after - before;
    out->result = out->verdict == FUZZ_OK ? (int64_t)x0 : 0;

    /* Back to ENTRY with the memory of the checkpoint: only the pages the
     * run wrote (the input, the stack, STATE) are copied back. */
    if ((rc = arm64emu_checkpoint_restore(m)))
        return fail(err, err_len, "restore", m, rc);
    return 0;
}

static const char *const verdict_keys[FUZZ_VERDICT_COUNT] = {
    "ok", "oob-write", "oob-read", "bad-pointer", "hang", "crash"};

const char *fuzz_verdict_name(fuzz_verdict v)
{
    static const char *const names[FUZZ_VERDICT_COUNT] = {
        "ok", "out-of-bounds write", "out-of-bounds read of the input",
        "bad pointer", "hang (instruction budget spent)", "crash"};
    return (unsigned)v < FUZZ_VERDICT_COUNT ? names[v] : "?";
}

void fuzz_outcome_describe(const fuzz_outcome *o, char *buf, size_t len)
{
    static const char *const access[] = {"read", "write", "fetch"};
    const arm64emu_exit *ex = &o->exit;
    switch (o->verdict) {
    case FUZZ_OK:
        snprintf(buf, len, "ok: result %lld after %llu instructions",
                 (long long)o->result, (unsigned long long)o->insns);
        break;
    case FUZZ_OOB_WRITE:
    case FUZZ_OOB_READ:
    case FUZZ_BAD_POINTER:
        snprintf(buf, len, "guest %s: %s of %u bytes at 0x%llx, pc 0x%llx",
                 fuzz_verdict_name(o->verdict),
                 ex->access < 3 ? access[ex->access] : "access",
                 ex->access_size, (unsigned long long)ex->addr,
                 (unsigned long long)ex->pc);
        break;
    case FUZZ_HANG:
        snprintf(buf, len, "guest %s: %llu instructions, pc 0x%llx",
                 fuzz_verdict_name(o->verdict), (unsigned long long)o->insns,
                 (unsigned long long)ex->pc);
        break;
    default:
        snprintf(buf, len, "guest crash: exit reason %u, pc 0x%llx, "
                 "syndrome 0x%llx", ex->reason, (unsigned long long)ex->pc,
                 (unsigned long long)ex->syndrome);
        break;
    }
}

int fuzz_verdict_mask(const char *list)
{
    int mask = 0;
    const char *p = list;
    while (*p) {
        size_t n = strcspn(p, ",");
        int found = 0;
        if (n == 3 && !strncmp(p, "all", 3)) {
            mask |= ((1 << FUZZ_VERDICT_COUNT) - 1) & ~1;
            found = 1;
        }
        for (int v = 1; v < FUZZ_VERDICT_COUNT && !found; v++)
            if (strlen(verdict_keys[v]) == n && !strncmp(p, verdict_keys[v], n)) {
                mask |= 1 << v;
                found = 1;
            }
        if (!found)
            return -1;
        p += n;
        if (*p == ',')
            p++;
    }
    return mask;
}

void fuzz_target_close(fuzz_target *t)
{
    arm64emu_destroy(t->m);
    t->m = NULL;
}
