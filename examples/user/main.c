/* arm64emu-user [options] prog [args...]: options, machine set-up and the
 * run loop. */
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "user.h"

extern char **environ;

#define RUN_BUDGET (1ull << 32)
#define DEFAULT_SEED 0x61726d3634656d75ull /* "arm64emu" */

static void usage(FILE *f)
{
    fprintf(f,
            "usage: arm64emu-user [options] program [args...]\n"
            "Runs a static AArch64 Linux program.\n\n"
            "  --cpu MODEL    CPU model (max, cortex-a72, cortex-a53)\n"
            "  --strace       log system calls on stderr\n"
            "  --icount       print the guest instruction count on stderr\n"
            "  --seed N       seed of AT_RANDOM and getrandom (default fixed)\n"
            "  -L DIR         look up absolute guest paths under DIR first\n"
            "  -E VAR=VALUE   set a variable in the guest environment\n"
            "  -U VAR         remove a variable from the guest environment\n"
            "  -h, --help     this text\n"
            "  --version      library version\n");
}

/* The guest environment: the host's, edited by -E and -U. */
typedef struct env_list {
    char **v;
    size_t n;
} env_list;

static void env_unset(env_list *e, const char *name)
{
    size_t len = strlen(name);
    for (size_t i = 0; i < e->n; i++)
        if (strncmp(e->v[i], name, len) == 0 && e->v[i][len] == '=') {
            memmove(&e->v[i], &e->v[i + 1], (e->n - i) * sizeof(char *));
            e->n--;
            return;
        }
}

static bool env_set(env_list *e, char *assign)
{
    char *eq = strchr(assign, '=');
    if (!eq)
        return false;
    *eq = 0;
    env_unset(e, assign);
    *eq = '=';
    char **v = realloc(e->v, (e->n + 2) * sizeof(char *));
    if (!v)
        return false;
    e->v = v;
    e->v[e->n++] = assign;
    e->v[e->n] = NULL;
    return true;
}

static bool env_init(env_list *e)
{
    size_t n = 0;
    while (environ && environ[n])
        n++;
    e->v = calloc(n + 1, sizeof(char *));
    if (!e->v)
        return false;
    memcpy(e->v, environ, n * sizeof(char *));
    e->n = n;
    return true;
}

/* Parses options up to the program name. Returns its index in argv, or -1
 * after printing why, or 0 when the run is done (help, version). */
static int parse_options(int argc, char **argv, user_options *o, env_list *e)
{
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        const char *a = argv[i];
        const char *val = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--")) {
            i++;
            break;
        } else if (!strcmp(a, "--strace") || !strcmp(a, "-strace")) {
            o->strace = true;
        } else if (!strcmp(a, "--icount")) {
            o->icount = true;
        } else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            usage(stdout);
            return 0;
        } else if (!strcmp(a, "--version")) {
            printf("arm64emu-user %s\n", arm64emu_version_string());
            return 0;
        } else if (!val) {
            fprintf(stderr, "arm64emu-user: %s needs a value\n", a);
            return -1;
        } else if (!strcmp(a, "--cpu") || !strcmp(a, "-cpu")) {
            o->cpu = argv[++i];
        } else if (!strcmp(a, "-L")) {
            o->prefix = argv[++i];
        } else if (!strcmp(a, "--seed")) {
            char *end;
            o->seed = strtoull(val, &end, 0);
            if (*end) {
                fprintf(stderr, "arm64emu-user: bad seed '%s'\n", val);
                return -1;
            }
            i++;
        } else if (!strcmp(a, "-E")) {
            if (!env_set(e, argv[++i])) {
                fprintf(stderr, "arm64emu-user: -E wants VAR=VALUE\n");
                return -1;
            }
        } else if (!strcmp(a, "-U")) {
            env_unset(e, argv[++i]);
        } else {
            fprintf(stderr, "arm64emu-user: unknown option %s\n", a);
            usage(stderr);
            return -1;
        }
    }
    if (i >= argc) {
        usage(stderr);
        return -1;
    }
    return i;
}

static arm64emu_machine *create_machine(const user_options *o)
{
    arm64emu_config *cfg = NULL;
    arm64emu_machine *m = NULL;
    if (arm64emu_config_new(&cfg) != ARM64EMU_OK)
        return NULL;
    int rc = arm64emu_config_set_u64(cfg, ARM64EMU_CFG_EXIT_ON_SVC, 1);
    if (rc == ARM64EMU_OK)
        rc = arm64emu_config_set_u64(cfg, ARM64EMU_CFG_RAM_SIZE, 0);
    if (rc == ARM64EMU_OK && o->cpu)
        rc = arm64emu_config_set_str(cfg, ARM64EMU_CFG_CPU_MODEL, o->cpu);
    if (rc == ARM64EMU_OK)
        rc = arm64emu_create(cfg, &m);
    if (rc != ARM64EMU_OK)
        fprintf(stderr, "arm64emu-user: %s\n", arm64emu_config_last_error(cfg));
    arm64emu_config_free(cfg);
    return m;
}

/* Runs the guest until it exits or crashes; returns the exit status. */
static int run(user_ctx *u)
{
    arm64emu_exit e;
    for (;;) {
        memset(&e, 0, sizeof(e));
        e.struct_size = sizeof(e);
        if (arm64emu_run(u->m, RUN_BUDGET, &e) != ARM64EMU_OK) {
            fprintf(stderr, "arm64emu-user: %s\n", arm64emu_last_error(u->m));
            return 1;
        }
        switch (e.reason) {
        case ARM64EMU_EXIT_BUDGET:
        case ARM64EMU_EXIT_WFI: /* Linux lets WFI run at EL0: a pause */
            break;
        case ARM64EMU_EXIT_SVC:
            syscall_dispatch(u);
            if (u->exited)
                return u->exit_status;
            break;
        case ARM64EMU_EXIT_UNDEFINED:
            if (cpu_emulate_mrs(u, e.insn, e.pc))
                break;
            return crash_report(u, &e);
        default:
            return crash_report(u, &e);
        }
    }
}

static int start(user_ctx *u, int argc, char **argv, char **envp)
{
    elf_info info;
    uint64_t sp;
    if (!elf_load(u, u->prog, &info))
        return 127;
    u->brk_start = u->brk_cur = u->brk_mapped = info.brk_start;
    if (!stack_build(u, &info, argc, argv, envp, &sp))
        return 127;
    arm64emu_reg_write(u->m, 0, ARM64EMU_REG_SP, sp);
    arm64emu_reg_write(u->m, 0, ARM64EMU_REG_PC, info.entry);
    return run(u);
}

int main(int argc, char **argv)
{
    user_ctx u;
    env_list env = {0};
    memset(&u, 0, sizeof(u));
    u.opt.seed = DEFAULT_SEED;
    if (!env_init(&env))
        return 127;
    int first = parse_options(argc, argv, &u.opt, &env);
    if (first <= 0) {
        free(env.v);
        return first < 0 ? 2 : 0;
    }
    u.prog = argv[first];
    u.rng = u.opt.seed;
    u.exe_path = realpath(u.prog, NULL);
    u.m = create_machine(&u.opt);
    int status = 127;
    if (u.m) {
        status = start(&u, argc - first, argv + first, env.v);
        if (u.opt.icount) {
            uint64_t n = 0;
            arm64emu_instructions(u.m, 0, &n);
            fprintf(stderr, "arm64emu-user: icount %" PRIu64 "\n", n);
        }
        arm64emu_destroy(u.m);
    }
    vm_free_all(&u);
    free(u.exe_path);
    free(env.v);
    return status;
}
