/* Placeholder: semihosting calls are not implemented yet. */
#include "semihost.h"

bool semihost_call(cpu_t *cpu)
{
    cpu->r[0] = (uint64_t)-1;
    return true;
}
