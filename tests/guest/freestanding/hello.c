/* The smallest program: one write, exit 0. */
#define RT_IMPL
#include "rt.h"

int cmain(u64 *sp)
{
    (void)sp;
    put_str("Hello, world!\n");
    return 0;
}
