/* Shared helpers for unit tests: a machine with RAM and code loading. */
#ifndef TEST_HARNESS_H
#define TEST_HARNESS_H

#include <check.h>
#include <stdint.h>

#include "arm64emu/arm64emu.h"

#define TEST_RAM_BASE 0x40000000ull
#define TEST_RAM_SIZE (1ull << 20)

/* A 1-CPU "max" machine with 1 MiB RAM at TEST_RAM_BASE, exit on SVC. */
arm64emu_machine *test_machine(void);

/* Writes words at addr and sets PC there. */
void test_load(arm64emu_machine *m, uint64_t addr, const uint32_t *words,
               unsigned n);

/* Runs up to budget instructions; returns the exit. */
arm64emu_exit test_run(arm64emu_machine *m, uint64_t budget);

uint64_t test_x(arm64emu_machine *m, unsigned n);
void test_set_x(arm64emu_machine *m, unsigned n, uint64_t v);

/* A 1-CPU machine of the named model with RAM at TEST_RAM_BASE. */
arm64emu_machine *test_machine_with(const char *model, int exit_on_svc);

/* Retired instructions of CPU 0. */
uint64_t test_icount(arm64emu_machine *m);

/* Runs n words (a BRK #0 is appended) at TEST_RAM_BASE and checks the run
 * reached that BRK. */
void test_run_to_brk(arm64emu_machine *m, const uint32_t *code, unsigned n);

/* Runs one word at TEST_RAM_BASE that must stop as UNDEFINED, unretired. */
void test_expect_undefined(arm64emu_machine *m, uint32_t insn);

/* Runs one TCase-per-function suite and returns a process exit code. */
int test_main(Suite *s);

#endif
