/* See snap_upgrade.h. */
#include "snap_upgrade.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* None yet: a step is added with its §7.3 row and its golden test. */
const snap_upgrade_step_t snap_upgrade_steps[] = {
    {NULL, NULL, NULL},
};

/* Whether some top-level record of the file has the tag from: 1, 0, -1. */
static int has_tag(const uint8_t *file, size_t size, const char *from,
                   snap_err_t *err)
{
    snap_header_t h;
    snap_cursor_t top;
    snap_item_t it;
    if (!snap_open(file, size, &h, &top, err))
        return -1;
    int r;
    while ((r = snap_next(&top, &it, err)) == 1)
        if (strcmp(it.name, from) == 0)
            return 1;
    return r;
}

/* One pass of step over file into a new buffer. */
static bool run_step(const uint8_t *file, size_t size,
                     const snap_upgrade_step_t *step, uint8_t **out,
                     size_t *out_size, snap_err_t *err)
{
    snap_header_t h;
    snap_cursor_t top;
    snap_item_t it;
    snap_writer_t w;
    snap_w_init(&w);
    if (!snap_open(file, size, &h, &top, err))
        return false;
    bool ok = snap_w_header(&w, h.producer, h.version, h.flags);
    int r;
    while (ok && (r = snap_next(&top, &it, err)) == 1) {
        if (strcmp(it.name, step->from) == 0)
            ok = step->fn(&it, &w, err);
        else
            ok = snap_w_raw(&w, it.start, it.size);
    }
    ok = ok && r == 0 && snap_w_finish(&w);
    if (ok)
        *out = snap_w_take(&w, out_size);
    if (!ok || !*out) {
        if (ok)
            snprintf(err->msg, sizeof(err->msg),
                     "upgrade step %s: out of memory", step->name);
        snap_w_free(&w);
        return false;
    }
    return true;
}

bool snap_upgrade(const uint8_t *file, size_t size,
                  const snap_upgrade_step_t *steps, uint8_t **out,
                  size_t *out_size, snap_report_t *rep, snap_err_t *err)
{
    uint8_t *cur = NULL; /* the latest converted file, or NULL */
    size_t cur_size = 0;
    *out = NULL;
    *out_size = 0;
    for (const snap_upgrade_step_t *s = steps; s->name; s++) {
        const uint8_t *in = cur ? cur : file;
        size_t in_size = cur ? cur_size : size;
        int r = has_tag(in, in_size, s->from, err);
        if (r < 0) {
            free(cur);
            return false;
        }
        if (!r)
            continue;
        uint8_t *next;
        size_t next_size;
        if (!run_step(in, in_size, s, &next, &next_size, err)) {
            free(cur);
            return false;
        }
        free(cur);
        cur = next;
        cur_size = next_size;
        if (rep) {
            char line[2 * SNAP_NAME_MAX + 64];
            snprintf(line, sizeof(line), "upgraded record '%s' by step %s",
                     s->from, s->name);
            snap_report_note(rep, line);
        }
    }
    *out = cur;
    *out_size = cur_size;
    return true;
}
