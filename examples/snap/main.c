/* arm64emu-snap: inspect, check and compare libarm64emu snapshot files
 * (docs/snapshot-format.md). It reads untrusted files: everything goes
 * through the codec's bounds-checked cursors, and a file is verified whole
 * (snap_verify) before any subcommand looks inside it. */
#include <stdlib.h>
#include <string.h>

#include "arm64emu/arm64emu.h"
#include "snap_schema.h"
#include "snaptool.h"

static void usage(FILE *out)
{
    fputs("Usage: arm64emu-snap COMMAND [OPTIONS] FILE...\n"
          "Inspect libarm64emu snapshot files.\n"
          "\n"
          "Commands:\n"
          "  info FILE          header, machine summary and the record tree\n"
          "  dump [--full] FILE every item at every depth as JSON (--full: no\n"
          "                     abbreviation of large byte fields)\n"
          "  verify FILE...     structure, checksums, duplicates and unknown\n"
          "                     critical items; exit 0 when every file is valid\n"
          "  diff A B           field-by-field differences, RAM page by page;\n"
          "                     exit 0 same, 1 different, 2 trouble\n"
          "  schema             the records and fields this build writes, as JSON\n"
          "\n"
          "  --help             this text\n"
          "  --version          the tool's and the format's versions\n",
          out);
}

/* ---- info ---------------------------------------------------------------- */

static void human_size(uint64_t n, char *buf, size_t cap)
{
    if (n && n % (1ull << 30) == 0)
        snprintf(buf, cap, "%llu GiB", (unsigned long long)(n >> 30));
    else if (n && n % (1ull << 20) == 0)
        snprintf(buf, cap, "%llu MiB", (unsigned long long)(n >> 20));
    else if (n && n % (1ull << 10) == 0)
        snprintf(buf, cap, "%llu KiB", (unsigned long long)(n >> 10));
    else
        snprintf(buf, cap, "%llu bytes", (unsigned long long)n);
}

/* The machine line: board, CPUs, model, RAM, from the machine record and
 * cpu0's model record (whatever of them is present). */
static void info_machine(const snapfile_t *f)
{
    snap_cursor_t c = f->top;
    snap_item_t it, machine, cpu0, model;
    snap_err_t err;
    bool have_machine = false, have_model = false;
    while (snap_next(&c, &it, &err) == 1) {
        if (it.type != SNAP_T_RECORD)
            continue;
        if (strcmp(it.name, "machine") == 0 && !have_machine) {
            machine = it;
            have_machine = true;
        } else if (strcmp(it.name, "cpu0") == 0 && !have_model) {
            cpu0 = it;
            have_model = rec_child(&cpu0, "cpu0.model", &model);
        }
    }
    if (!have_machine) {
        printf("machine:    (no machine record)\n");
        return;
    }
    char board[SNAP_NAME_MAX + 1] = "?", name[SNAP_NAME_MAX + 1] = "?";
    if (rec_str(&machine, "board", board, sizeof(board)) && !board[0])
        snprintf(board, sizeof(board), "bare");
    if (have_model)
        rec_str(&model, "name", name, sizeof(name));
    uint64_t cpus = 0, ram_size = 0, ram_base = 0;
    char ncpus[32] = "?", ram[64] = "?";
    if (rec_u64(&machine, "cpus", &cpus))
        snprintf(ncpus, sizeof(ncpus), "%llu", (unsigned long long)cpus);
    if (rec_u64(&machine, "ram_size", &ram_size)) {
        human_size(ram_size, ram, sizeof(ram));
        if (rec_u64(&machine, "ram_base", &ram_base) && ram_size)
            snprintf(ram + strlen(ram), sizeof(ram) - strlen(ram), " at 0x%llx",
                     (unsigned long long)ram_base);
    }
    printf("machine:    board %s, %s CPU%s, model %s, RAM %s\n", board, ncpus,
           cpus == 1 ? "" : "s", name, ram);
}

/* One line per RAM source a `ram` record refers to (the files a load
 * needs). */
static void info_sources(const snapfile_t *f)
{
    snap_cursor_t c = f->top, inner;
    snap_item_t ram, it, field;
    snap_err_t err;
    while (snap_next(&c, &ram, &err) == 1) {
        if (ram.type != SNAP_T_RECORD || strcmp(ram.name, "ram") ||
            !snap_enter(&ram, &inner, &err))
            continue;
        uint64_t base = 0;
        rec_u64(&ram, "base", &base);
        while (snap_next(&inner, &it, &err) == 1) {
            if (it.type != SNAP_T_RECORD || strcmp(it.name, "ram.source"))
                continue;
            char name[SNAP_NAME_MAX + 1] = "?", hex[65] = "?";
            uint64_t size = 0, offset = 0;
            const uint8_t *digest;
            size_t len;
            rec_str(&it, "name", name, sizeof(name));
            rec_u64(&it, "size", &size);
            rec_u64(&it, "offset", &offset);
            if (snap_find(&it, "sha256", &field, &err) == 1 &&
                snap_get_bytes(&field, &digest, &len, &err) && len == 32)
                for (unsigned i = 0; i < 32; i++)
                    snprintf(hex + 2 * i, 3, "%02x", digest[i]);
            printf("needs:      RAM source '%s', %llu bytes at 0x%llx, "
                   "sha256 %s\n", name, (unsigned long long)size,
                   (unsigned long long)(base + offset), hex);
        }
    }
}

static unsigned count_items(const snap_item_t *rec)
{
    snap_cursor_t c;
    snap_item_t it;
    snap_err_t err;
    unsigned n = 0;
    if (!snap_enter(rec, &c, &err))
        return 0;
    while (snap_next(&c, &it, &err) == 1)
        n++;
    return n;
}

/* Lists the records of a sequence, children indented; a run of more than
 * three records of the same name (ram.chunk) is one line. */
static void info_tree(snap_cursor_t c, unsigned indent)
{
    snap_item_t it, next;
    snap_err_t err;
    char fl[8];
    int r = snap_next(&c, &it, &err);
    while (r == 1) {
        if (it.type != SNAP_T_RECORD) {
            r = snap_next(&c, &it, &err);
            continue;
        }
        snap_cursor_t after = c;
        unsigned run = 1;
        uint64_t bytes = it.size;
        while ((r = snap_next(&after, &next, &err)) == 1 &&
               next.type == SNAP_T_RECORD && strcmp(next.name, it.name) == 0) {
            run++;
            bytes += next.size;
        }
        int width = 28 - (int)indent;
        if (run > 3) {
            printf("%*s%-*s %-3s %10llu bytes  %u records\n", (int)indent, "",
                   width, it.name, flags_str(it.flags, fl),
                   (unsigned long long)bytes, run);
            c = after;
            it = next;
            continue;
        }
        unsigned items = count_items(&it);
        printf("%*s%-*s %-3s %10llu bytes  %u item%s\n", (int)indent, "", width,
               it.name, flags_str(it.flags, fl), (unsigned long long)it.size,
               items, items == 1 ? "" : "s");
        snap_cursor_t child;
        if (snap_enter(&it, &child, &err))
            info_tree(child, indent + 2);
        r = snap_next(&c, &it, &err);
    }
}

int cmd_info(int argc, char **argv)
{
    if (argc != 1) {
        fprintf(stderr, "arm64emu-snap info: expects one FILE\n");
        return EXIT_TROUBLE;
    }
    snapfile_t f;
    if (!snapfile_load(&f, argv[0]))
        return EXIT_DIFF;
    printf("file:       %s (%zu bytes)\n", f.path, f.size);
    printf("format:     generation %u, header flags 0x%08x\n", f.hdr.generation,
           f.hdr.flags);
    printf("producer:   %s %s\n", f.hdr.producer, f.hdr.version);
    info_machine(&f);
    info_sources(&f);
    printf("records:    (C critical, O optional, S safe-to-copy; sizes include "
           "framing)\n");
    info_tree(f.top, 2);
    snapfile_free(&f);
    return EXIT_SAME;
}

/* ---- verify --------------------------------------------------------------- */

/* Names already seen in one sequence, for the duplicate rule (spec §3.3):
 * an open-addressing set, so a hostile file of many names stays linear. */
typedef struct nameset {
    char (*names)[SNAP_NAME_MAX + 1];
    size_t cap, n;
} nameset_t;

static uint64_t name_hash(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    while (*s)
        h = (h ^ (uint8_t)*s++) * 1099511628211ull;
    return h;
}

/* 1 added, 0 already there, -1 out of memory. */
static int nameset_add(nameset_t *s, const char *name)
{
    if (2 * (s->n + 1) > s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 64;
        char(*t)[SNAP_NAME_MAX + 1] = calloc(cap, sizeof(*t));
        if (!t)
            return -1;
        for (size_t i = 0; i < s->cap; i++) {
            if (!s->names[i][0])
                continue;
            size_t j = name_hash(s->names[i]) & (cap - 1);
            while (t[j][0])
                j = (j + 1) & (cap - 1);
            memcpy(t[j], s->names[i], sizeof(t[j]));
        }
        free(s->names);
        s->names = t;
        s->cap = cap;
    }
    size_t j = name_hash(name) & (s->cap - 1);
    while (s->names[j][0]) {
        if (strcmp(s->names[j], name) == 0)
            return 0;
        j = (j + 1) & (s->cap - 1);
    }
    snprintf(s->names[j], sizeof(s->names[j]), "%s", name);
    s->n++;
    return 1;
}

static const char *kind(const snap_item_t *it)
{
    return it->type == SNAP_T_RECORD ? "record" : "field";
}

static void where(char *buf, size_t cap, const snap_item_t *it)
{
    if (it->parent[0])
        snprintf(buf, cap, "%s '%s' in record '%s' at offset %llu", kind(it),
                 it->name, it->parent, (unsigned long long)(it->start - it->file));
    else
        snprintf(buf, cap, "%s '%s' at offset %llu", kind(it), it->name,
                 (unsigned long long)(it->start - it->file));
}

/* Checks one sequence against the schema: def is the enclosing record's
 * definition (NULL at the top level). Returns false after printing the
 * first error. */
static bool verify_seq(const char *file, snap_cursor_t c,
                       const snap_record_def_t *def, unsigned *notes)
{
    nameset_t seen = {NULL, 0, 0};
    snap_item_t it;
    snap_err_t err;
    char w[3 * SNAP_NAME_MAX + 80];
    char tb[2][24];
    bool ok = true;
    int r;
    while (ok && (r = snap_next(&c, &it, &err)) == 1) {
        const snap_record_def_t *child = NULL;
        uint8_t want = 0;
        bool repeatable = false, known;
        where(w, sizeof(w), &it);
        if (!def) {
            bool top = false;
            child = snap_schema_record(it.name, &top);
            known = child && top;
            want = SNAP_T_RECORD;
            repeatable = snap_schema_top_repeatable(it.name);
        } else {
            const snap_field_def_t *fd = snap_schema_field(def, it.name);
            known = fd != NULL;
            if (fd) {
                want = fd->type;
                repeatable = fd->repeatable;
                if (fd->type == SNAP_T_RECORD)
                    child = snap_schema_record(it.name, NULL);
            }
        }
        if (!known) {
            if (it.flags & SNAP_F_CRITICAL) {
                fprintf(stderr,
                        "%s: unknown critical %s: this build cannot load the file\n",
                        file, w);
                ok = false;
                break;
            }
            printf("%s: note: unknown optional %s (skipped on load%s)\n", file, w,
                   (it.flags & SNAP_F_SAFE_TO_COPY) ? ", kept: safe to copy" : "");
            (*notes)++;
            continue;
        }
        if (it.type != want) {
            fprintf(stderr, "%s: %s is a %s where a %s is expected\n", file, w,
                    type_str(it.type, tb[0]), type_str(want, tb[1]));
            ok = false;
            break;
        }
        if (!repeatable) {
            int a = nameset_add(&seen, it.name);
            if (a <= 0) {
                if (a < 0)
                    fprintf(stderr, "%s: out of memory\n", file);
                else
                    fprintf(stderr, "%s: %s appears more than once\n", file, w);
                ok = false;
                break;
            }
        }
        snap_cursor_t sub;
        if (it.type == SNAP_T_RECORD && child && snap_enter(&it, &sub, &err))
            ok = verify_seq(file, sub, child, notes);
    }
    free(seen.names);
    return ok;
}

int cmd_verify(int argc, char **argv)
{
    if (argc < 1) {
        fprintf(stderr, "arm64emu-snap verify: expects at least one FILE\n");
        return EXIT_TROUBLE;
    }
    int status = EXIT_SAME;
    for (int i = 0; i < argc; i++) {
        snapfile_t f;
        if (!snapfile_load(&f, argv[i])) {
            status = EXIT_DIFF;
            continue;
        }
        unsigned notes = 0;
        if (verify_seq(argv[i], f.top, NULL, &notes))
            printf("%s: valid (%s %s, %zu bytes%s)\n", argv[i], f.hdr.producer,
                   f.hdr.version, f.size, notes ? ", with notes" : "");
        else
            status = EXIT_DIFF;
        snapfile_free(&f);
    }
    return status;
}

/* ---- schema --------------------------------------------------------------- */

int cmd_schema(int argc, char **argv)
{
    (void)argv;
    if (argc != 0) {
        fprintf(stderr, "arm64emu-snap schema: takes no arguments\n");
        return EXIT_TROUBLE;
    }
    char *json = snap_schema_json();
    if (!json) {
        fprintf(stderr, "arm64emu-snap: out of memory\n");
        return EXIT_TROUBLE;
    }
    fputs(json, stdout);
    free(json);
    return EXIT_SAME;
}

/* ---- main ------------------------------------------------------------------ */

int main(int argc, char **argv)
{
    static const struct {
        const char *name;
        int (*fn)(int, char **);
    } cmds[] = {
        {"info", cmd_info},     {"dump", cmd_dump},     {"verify", cmd_verify},
        {"diff", cmd_diff},     {"schema", cmd_schema},
    };
    if (argc < 2) {
        usage(stderr);
        return EXIT_TROUBLE;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        usage(stdout);
        return EXIT_SAME;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("arm64emu-snap (libarm64emu) %s\nsnapshot format generation %u\n",
               arm64emu_version_string(), SNAP_GENERATION);
        return EXIT_SAME;
    }
    for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
        if (strcmp(argv[1], cmds[i].name) == 0) {
            int r = cmds[i].fn(argc - 2, argv + 2);
            if (fflush(stdout) != 0 && r == EXIT_SAME)
                r = EXIT_TROUBLE;
            return r;
        }
    fprintf(stderr, "arm64emu-snap: unknown command '%s' (try --help)\n", argv[1]);
    return EXIT_TROUBLE;
}
