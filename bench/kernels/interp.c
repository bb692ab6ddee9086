/* A bytecode interpreter: a switch-dispatched stack machine running a loop
 * that sums a polynomial. Branchy, load/store heavy, like real emulators. */
#define RT_IMPL
#include "rt.h"

enum { PUSH, LOAD, STORE, ADD, SUB, MUL, JNZ, HALT, DUP, XOR, SHR };

static const i64 prog[] = {
    /* acc = 0; i = n; do { acc += (i * i) ^ (acc >> 3); } while (--i); */
    PUSH, 0, STORE, 0,          /* acc */
    LOAD, 2, STORE, 1,          /* i = n */
    LOAD, 1, DUP, MUL,          /* 8: i*i */
    LOAD, 0, PUSH, 3, SHR, XOR, /* ^ (acc >> 3) */
    LOAD, 0, ADD, STORE, 0,     /* acc += */
    LOAD, 1, PUSH, 1, SUB, DUP, STORE, 1,
    JNZ, 8, HALT,
};

static i64 run(i64 n)
{
    i64 stack[64], vars[4] = {0, 0, n, 0};
    int sp = 0;
    long pc = 0;
    for (;;) {
        switch (prog[pc++]) {
        case PUSH: stack[sp++] = prog[pc++]; break;
        case LOAD: stack[sp++] = vars[prog[pc++]]; break;
        case STORE: vars[prog[pc++]] = stack[--sp]; break;
        case ADD: sp--; stack[sp - 1] += stack[sp]; break;
        case SUB: sp--; stack[sp - 1] -= stack[sp]; break;
        case MUL: sp--; stack[sp - 1] *= stack[sp]; break;
        case XOR: sp--; stack[sp - 1] ^= stack[sp]; break;
        case SHR: sp--; stack[sp - 1] >>= stack[sp]; break;
        case DUP: stack[sp] = stack[sp - 1]; sp++; break;
        case JNZ: {
            i64 t = prog[pc++];
            if (stack[--sp])
                pc = t;
            break;
        }
        case HALT: return vars[0];
        }
    }
}

static u64 arg(u64 *sp, u64 dflt)
{
    if (sp[0] < 2)
        return dflt;
    const char *s = (const char *)sp[2];
    u64 v = 0;
    while (*s >= '0' && *s <= '9')
        v = v * 10 + (u64)(*s++ - '0');
    return v;
}

int cmain(u64 *sp)
{
    show("interp", (u64)run((i64)arg(sp, 6000000)));
    return 0;
}
