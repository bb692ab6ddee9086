/* The guest of the snapshot samples (make_samples.c), which the snapshot
 * fuzzer also registers as a RAM source so that samples referring to it
 * load. */
#ifndef ARM64EMU_SAMPLE_GUEST_H
#define ARM64EMU_SAMPLE_GUEST_H

#include <stdint.h>

/* movz x0,#0x1234; movz x1,#0x4000,lsl #16;
 * loop: str x0,[x1,#0x1000]; add x0,x0,#1; b loop */
static const uint32_t sample_code[] = {
    0xd2824680u, 0xd2a80001u, 0xf9080020u, 0x91000400u, 0x17fffffeu,
};
#define SAMPLE_SOURCE_NAME "code"

#endif
