/* No global mutable state: machines on separate threads never interfere,
 * and request_stop works from another thread. */
#include <pthread.h>
#include <stdatomic.h>
#include <time.h>

#include "harness.h"

typedef struct job {
    uint64_t seed;
    uint64_t pc_after;
    uint64_t count;
    int ok;
} job_t;

static void *run_job(void *arg)
{
    job_t *j = arg;
    arm64emu_config *cfg;
    arm64emu_machine *m;
    arm64emu_config_new(&cfg);
    arm64emu_config_set_u64(cfg, ARM64EMU_CFG_RAM_SIZE, 1 << 20);
    if (arm64emu_create(cfg, &m) != ARM64EMU_OK)
        return NULL;
    arm64emu_config_free(cfg);
    /* a ladder of forward branches, different per job, ending in a loop */
    uint32_t code[256];
    unsigned n = 16 + (unsigned)(j->seed % 200);
    for (unsigned i = 0; i < n; i++)
        code[i] = 0x14000001; /* b .+4 */
    code[n] = 0x14000000;     /* b . */
    arm64emu_mem_write(m, 0x40000000, code, (n + 1) * 4);
    arm64emu_reg_write(m, 0, ARM64EMU_REG_PC, 0x40000000);
    arm64emu_exit e = {.struct_size = sizeof(e)};
    for (int round = 0; round < 50; round++)
        arm64emu_run(m, 100000, &e);
    arm64emu_reg_read(m, 0, ARM64EMU_REG_PC, &j->pc_after);
    arm64emu_instructions(m, 0, &j->count);
    j->ok = e.reason == ARM64EMU_EXIT_BUDGET &&
            j->pc_after == 0x40000000 + 4ull * n && j->count == 5000000;
    arm64emu_destroy(m);
    return NULL;
}

START_TEST(machines_on_two_threads_do_not_interfere)
{
    job_t jobs[4] = {{.seed = 1}, {.seed = 77}, {.seed = 150}, {.seed = 199}};
    pthread_t t[4];
    for (int i = 0; i < 4; i++)
        ck_assert_int_eq(pthread_create(&t[i], NULL, run_job, &jobs[i]), 0);
    for (int i = 0; i < 4; i++)
        pthread_join(t[i], NULL);
    for (int i = 0; i < 4; i++)
        ck_assert_msg(jobs[i].ok, "job %d: pc 0x%llx count %llu", i,
                      (unsigned long long)jobs[i].pc_after,
                      (unsigned long long)jobs[i].count);
}
END_TEST

typedef struct stopper {
    arm64emu_machine *m;
    atomic_int started;
} stopper_t;

static void *stop_later(void *arg)
{
    stopper_t *s = arg;
    while (!atomic_load(&s->started))
        ;
    struct timespec ts = {0, 20 * 1000 * 1000};
    nanosleep(&ts, NULL);
    arm64emu_request_stop(s->m);
    return NULL;
}

START_TEST(request_stop_from_another_thread_ends_an_endless_run)
{
    arm64emu_machine *m = test_machine();
    const uint32_t loop[] = {0x14000000};
    test_load(m, TEST_RAM_BASE, loop, 1);
    stopper_t s = {.m = m};
    pthread_t t;
    pthread_create(&t, NULL, stop_later, &s);
    atomic_store(&s.started, 1);
    arm64emu_exit e = test_run(m, 0);
    pthread_join(t, NULL);
    ck_assert_uint_eq(e.reason, ARM64EMU_EXIT_STOP);
    arm64emu_destroy(m);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("threads");
    TCase *tc = tcase_create("isolation");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, machines_on_two_threads_do_not_interfere);
    tcase_add_test(tc, request_stop_from_another_thread_ends_an_endless_run);
    suite_add_tcase(s, tc);
    return test_main(s);
}
