#ifndef FUZZ_AFL_MAP_H
#define FUZZ_AFL_MAP_H
/* AFL++'s shared coverage map (valid after __AFL_INIT). */
unsigned char *afl_map(void);
unsigned int afl_map_size(void);
/* The guest's part of the map: [AFL_GUEST_MAP_BASE, AFL_GUEST_MAP_END),
 * below the harness's own edges (fuzz_afl_map.c reserves it). Small
 * enough that the whole map stays under AFL++'s default 64 KiB, so
 * afl-fuzz needs no AFL_MAP_SIZE. */
#define AFL_GUEST_MAP_BASE 16384u
#define AFL_GUEST_MAP_SIZE 16384u
#define AFL_GUEST_MAP_END (AFL_GUEST_MAP_BASE + AFL_GUEST_MAP_SIZE)
#endif
