/* The initial process stack, laid out as Linux's binfmt_elf does: strings at
 * the top, then AT_RANDOM bytes, then (16-byte aligned) argc, argv[], NULL,
 * envp[], NULL and the auxiliary vector ending in AT_NULL. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "user.h"

enum {
    AT_NULL = 0, AT_PHDR = 3, AT_PHENT = 4, AT_PHNUM = 5, AT_PAGESZ = 6,
    AT_BASE = 7, AT_FLAGS = 8, AT_ENTRY = 9, AT_UID = 11, AT_EUID = 12,
    AT_GID = 13, AT_EGID = 14, AT_PLATFORM = 15, AT_HWCAP = 16,
    AT_CLKTCK = 17, AT_SECURE = 23, AT_RANDOM = 25, AT_HWCAP2 = 26,
    AT_EXECFN = 31,
};

#define MAX_AUX 20

/* Copies s below *pos and returns its guest address (0 on failure). */
static uint64_t push_str(user_ctx *u, uint64_t *pos, uint64_t floor,
                         const char *s)
{
    size_t n = strlen(s) + 1;
    if (*pos - floor < n)
        return 0;
    *pos -= n;
    return guest_write(u, *pos, s, n) ? *pos : 0;
}

static size_t count(char **v)
{
    size_t n = 0;
    while (v && v[n])
        n++;
    return n;
}

bool stack_build(user_ctx *u, const elf_info *info, int argc, char **argv,
                 char **envp, uint64_t *sp_out)
{
    uint64_t bottom = USER_STACK_TOP - USER_STACK_SIZE;
    /* Arguments may use a quarter of the stack, as Linux's ARG_MAX rule. */
    uint64_t floor = USER_STACK_TOP - USER_STACK_SIZE / 4;
    if (vm_map(u, bottom, USER_STACK_SIZE) != 0) {
        fprintf(stderr, "arm64emu-user: cannot map the stack\n");
        return false;
    }
    size_t envc = count(envp);
    size_t nvec = 1 + ((size_t)argc + 1) + (envc + 1) + 2 * MAX_AUX;
    uint64_t *vec = calloc(nvec, sizeof(*vec));
    if (!vec)
        return false;
    uint64_t pos = USER_STACK_TOP;
    bool ok = true;
    uint64_t execfn = push_str(u, &pos, floor, u->prog);
    ok &= execfn != 0;
    size_t k = 1 + (size_t)argc + 1;
    for (size_t i = envc; ok && i-- > 0;)
        ok &= (vec[k + i] = push_str(u, &pos, floor, envp[i])) != 0;
    for (int i = argc; ok && i-- > 0;)
        ok &= (vec[1 + i] = push_str(u, &pos, floor, argv[i])) != 0;
    uint64_t platform = ok ? push_str(u, &pos, floor, "aarch64") : 0;
    ok &= platform != 0;
    uint8_t rnd[16];
    user_random(u, rnd, sizeof(rnd));
    pos = (pos - sizeof(rnd)) & ~15ull;
    uint64_t random = pos;
    ok &= pos > floor && guest_write(u, random, rnd, sizeof(rnd));

    uint64_t hwcap, hwcap2;
    cpu_hwcaps(u, &hwcap, &hwcap2);
    const uint64_t aux[][2] = {
        {AT_PHDR, info->phdr},     {AT_PHENT, info->phent},
        {AT_PHNUM, info->phnum},   {AT_PAGESZ, USER_PAGE},
        {AT_BASE, 0},              {AT_FLAGS, 0},
        {AT_ENTRY, info->entry},   {AT_UID, (uint64_t)getuid()},
        {AT_EUID, (uint64_t)geteuid()}, {AT_GID, (uint64_t)getgid()},
        {AT_EGID, (uint64_t)getegid()}, {AT_SECURE, 0},
        {AT_HWCAP, hwcap},         {AT_HWCAP2, hwcap2},
        {AT_CLKTCK, 100},          {AT_RANDOM, random},
        {AT_PLATFORM, platform},   {AT_EXECFN, execfn},
        {AT_NULL, 0},
    };
    size_t naux = sizeof(aux) / sizeof(aux[0]);
    vec[0] = (uint64_t)argc;
    k += envc + 1; /* argv[] and envp[] are NULL-terminated by calloc */
    for (size_t i = 0; i < naux; i++) {
        vec[k++] = aux[i][0];
        vec[k++] = aux[i][1];
    }
    uint64_t sp = (pos - k * 8) & ~15ull;
    ok &= sp > floor;
    if (ok) {
        uint8_t *bytes = malloc(k * 8);
        ok = bytes != NULL;
        for (size_t i = 0; ok && i < k; i++)
            put_u64(bytes + 8 * i, vec[i]);
        ok = ok && guest_write(u, sp, bytes, k * 8);
        free(bytes);
    }
    free(vec);
    if (!ok) {
        fprintf(stderr, "arm64emu-user: argument list too long\n");
        return false;
    }
    *sp_out = sp;
    return true;
}
