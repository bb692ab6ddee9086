/* The exit status reaches the parent: exit_group(argc + 40). */
#define RT_IMPL
#include "rt.h"

int cmain(u64 *sp)
{
    put_str("exiting with 42\n");
    return (int)sp[0] + 40; /* run with one argument: 2 + 40 */
}
