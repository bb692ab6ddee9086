/* The CPU part of machine snapshots: cpuN with cpuN.model, cpuN.regs and
 * cpuN.sysregs (docs/snapshot/cpu.md). */
#include <stdlib.h>
#include <string.h>

#include "snapshot.h"

static bool cpu_save(snap_writer_t *w, machine_t *m, unsigned n)
{
    (void)w;
    (void)m;
    (void)n;
    return true;
}

static bool cpu_owns(const char *tag, unsigned *n)
{
    (void)tag;
    (void)n;
    return false;
}

static void *cpu_parse(snap_load_t *ld, unsigned n, const snap_item_t *rec)
{
    (void)ld;
    (void)n;
    (void)rec;
    return NULL;
}

static void cpu_apply(machine_t *m, unsigned n, void *stage)
{
    (void)m;
    (void)n;
    (void)stage;
}

static void cpu_release(void *stage)
{
    free(stage);
}

static const snap_record_def_t cpu_schema[] = {
    {NULL, 0, NULL},
};

const snap_part_t snap_part_cpu = {
    .name = "cpu",
    .per_cpu = true,
    .board_only = false,
    .save = cpu_save,
    .owns = cpu_owns,
    .parse = cpu_parse,
    .apply = cpu_apply,
    .release = cpu_release,
    .schema = cpu_schema,
};

bool snap_model_read(snap_load_t *ld, const snap_item_t *cpu_rec,
                     const cpu_model_t *base, cpu_model_t *out)
{
    (void)ld;
    (void)cpu_rec;
    *out = *base;
    return true;
}

bool snap_model_check(snap_load_t *ld, const cpu_model_t *saved,
                      const cpu_model_t *have)
{
    (void)ld;
    (void)saved;
    (void)have;
    return true;
}
