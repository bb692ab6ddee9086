/* Access to AFL++'s coverage map for fuzz_afl.c. Compiled WITHOUT
 * afl-clang-fast: its instrumentation pass declares __afl_area_ptr itself
 * and renames any declaration of the same name in the module it
 * instruments. */
#include "fuzz_afl_map.h"

extern unsigned char *__afl_area_ptr;
extern unsigned int __afl_map_size;
extern unsigned int __afl_final_loc;

unsigned char *afl_map(void) { return __afl_area_ptr; }
unsigned int afl_map_size(void) { return __afl_map_size; }

/* Reserves the map ids below AFL_GUEST_MAP_END for the guest: runs before
 * the instrumentation's own constructors number the harness's edges
 * (from __afl_final_loc + 1 on) and before the runtime sizes the shared
 * map from __afl_final_loc, which the fork server then reports to
 * afl-fuzz as the size the program needs. The instrumentation's
 * constructors run at priority 2, the runtime's after them. */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wprio-ctor-dtor" /* 1: before priority 2 */
#endif
__attribute__((constructor(1))) static void afl_map_reserve(void)
{
    if (__afl_final_loc < AFL_GUEST_MAP_END)
        __afl_final_loc = AFL_GUEST_MAP_END;
}
