/* The guest address space: a sorted list of page-aligned areas, each one
 * arm64emu_map_ram region. Partial unmaps split an area by copying the
 * pages that stay into new regions. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "user.h"

static bool range_valid(uint64_t base, uint64_t size)
{
    return size != 0 && base % USER_PAGE == 0 && size % USER_PAGE == 0 &&
           base < USER_VA_LIMIT && size <= USER_VA_LIMIT - base;
}

static bool reserve_area(user_ctx *u)
{
    if (u->nareas < u->cap_areas)
        return true;
    size_t cap = u->cap_areas ? u->cap_areas * 2 : 16;
    vm_area *a = realloc(u->areas, cap * sizeof(*a));
    if (!a)
        return false;
    u->areas = a;
    u->cap_areas = cap;
    return true;
}

/* Needs a slot reserved with reserve_area. */
static void insert_area(user_ctx *u, uint64_t base, uint64_t size)
{
    size_t i = 0;
    while (i < u->nareas && u->areas[i].base < base)
        i++;
    memmove(&u->areas[i + 1], &u->areas[i],
            (u->nareas - i) * sizeof(u->areas[0]));
    u->areas[i] = (vm_area){base, size};
    u->nareas++;
}

int vm_map(user_ctx *u, uint64_t base, uint64_t size)
{
    if (!range_valid(base, size))
        return -EINVAL;
    if (!vm_is_free(u, base, size))
        return -EEXIST;
    if (size > USER_MEM_LIMIT - u->mapped)
        return -ENOMEM;
    if (!reserve_area(u) || arm64emu_map_ram(u->m, base, size) != ARM64EMU_OK)
        return -ENOMEM;
    insert_area(u, base, size);
    u->mapped += size;
    return 0;
}

bool vm_is_free(const user_ctx *u, uint64_t base, uint64_t size)
{
    uint64_t end = base + size;
    for (size_t i = 0; i < u->nareas; i++) {
        const vm_area *a = &u->areas[i];
        if (a->base < end && base < a->base + a->size)
            return false;
    }
    return true;
}

bool vm_is_mapped(const user_ctx *u, uint64_t base, uint64_t size)
{
    uint64_t at = base, end = base + size;
    for (size_t i = 0; i < u->nareas && at < end; i++) {
        const vm_area *a = &u->areas[i];
        if (a->base <= at && at < a->base + a->size)
            at = a->base + a->size;
    }
    return at >= end;
}

uint64_t vm_find_free(const user_ctx *u, uint64_t size, uint64_t hint)
{
    uint64_t at = page_up(hint);
    if (size == 0 || size > USER_VA_LIMIT)
        return 0;
    for (size_t i = 0; i < u->nareas; i++) {
        const vm_area *a = &u->areas[i];
        if (a->base + a->size <= at)
            continue;
        if (a->base >= at && a->base - at >= size)
            return at;
        at = a->base + a->size;
    }
    return at <= USER_VA_LIMIT && USER_VA_LIMIT - at >= size ? at : 0;
}

/* Re-creates [base, base+size) of a removed area from saved bytes. */
static int remap_piece(user_ctx *u, uint64_t base, uint64_t size,
                       const uint8_t *bytes)
{
    int rc = vm_map(u, base, size);
    if (rc == 0 && !guest_write(u, base, bytes, size))
        rc = -EFAULT;
    return rc;
}

/* Cuts [lo, hi) out of area i, keeping the pages on either side. */
static int cut_area(user_ctx *u, size_t i, uint64_t lo, uint64_t hi)
{
    vm_area a = u->areas[i];
    uint64_t a_end = a.base + a.size;
    uint64_t left = lo > a.base ? lo - a.base : 0;
    uint64_t right = hi < a_end ? a_end - hi : 0;
    uint8_t *keep_l = NULL, *keep_r = NULL;
    if ((left && !(keep_l = malloc(left))) ||
        (right && !(keep_r = malloc(right)))) {
        free(keep_l);
        return -ENOMEM;
    }
    if ((left && !guest_read(u, a.base, keep_l, left)) ||
        (right && !guest_read(u, hi, keep_r, right))) {
        free(keep_l);
        free(keep_r);
        return -EFAULT;
    }
    arm64emu_invalidate_code(u->m, a.base, a.size);
    arm64emu_unmap(u->m, a.base, a.size);
    u->mapped -= a.size;
    memmove(&u->areas[i], &u->areas[i + 1],
            (u->nareas - i - 1) * sizeof(u->areas[0]));
    u->nareas--;
    int rc = 0;
    if (left)
        rc = remap_piece(u, a.base, left, keep_l);
    if (right && rc == 0)
        rc = remap_piece(u, hi, right, keep_r);
    free(keep_l);
    free(keep_r);
    return rc;
}

int vm_unmap(user_ctx *u, uint64_t base, uint64_t size)
{
    if (!range_valid(base, size))
        return -EINVAL;
    uint64_t end = base + size;
    size_t i = 0;
    while (i < u->nareas) {
        vm_area a = u->areas[i];
        if (a.base >= end)
            break;
        if (a.base + a.size <= base) {
            i++;
            continue;
        }
        int rc = cut_area(u, i, base, end);
        if (rc)
            return rc;
        i = 0; /* the list changed; areas are few, start over */
    }
    return 0;
}

void vm_free_all(user_ctx *u)
{
    free(u->areas);
    u->areas = NULL;
    u->nareas = u->cap_areas = 0;
}
