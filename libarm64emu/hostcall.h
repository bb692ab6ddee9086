/* Host calls: a guest call (or SVC/HVC) answered by a host C function
 * through libffi (arm64emu_hostcall_*).
 *
 * A binding is a parsed signature, a prepared libffi call interface and
 * the host function. hc_call_invoke reads the arguments from a CPU as
 * AAPCS64 passes them (integers and pointers in X0-X7, float and double
 * in V0-V7, each class counted on its own), calls the function and writes
 * the result back as AAPCS64 returns it. libffi stays inside hostcall.c.
 */
#ifndef ARM64EMU_HOSTCALL_H
#define ARM64EMU_HOSTCALL_H

#include <stddef.h>

#include "cpu.h"
#include "machine.h"

/* Types of the signature language ("i64(p,u32,d)"). */
typedef enum hc_type {
    HC_VOID = 0, /* v: return only */
    HC_I8, HC_I16, HC_I32, HC_I64,
    HC_U8, HC_U16, HC_U32, HC_U64,
    HC_PTR,      /* p: a guest address, passed as uint64_t */
    HC_F32,      /* f */
    HC_F64,      /* d */
} hc_type_t;

#define HC_MAX_INT_ARGS 8 /* X0-X7 */
#define HC_MAX_FP_ARGS 8  /* V0-V7 */
#define HC_MAX_ARGS (HC_MAX_INT_ARGS + HC_MAX_FP_ARGS)

typedef struct hc_sig {
    hc_type_t ret;
    unsigned nargs;
    hc_type_t args[HC_MAX_ARGS];
} hc_sig_t;

/* Parses a signature exactly as arm64emu.h documents it. On error writes
 * a message naming the 0-based position at fault and returns
 * ARM64EMU_ERR_INVALID_ARGUMENT. */
int hc_parse_signature(const char *text, hc_sig_t *sig, char *msg,
                       size_t msg_len);

typedef struct hc_call hc_call_t;

/* Parses text and prepares the libffi call of fn. */
int hc_call_new(const char *text, arm64emu_hostcall_fn fn, hc_call_t **out,
                char *msg, size_t msg_len);
void hc_call_free(hc_call_t *c);

/* Calls fn(m, args...) with the arguments in cpu's registers and writes
 * the result: X0 for integers and pointers (sign-extended from signed
 * types, zero-extended from unsigned ones), V0 for float/double (the rest
 * of V0 zeroed, as an FP scalar write does); nothing for void. The PC is
 * not touched. */
void hc_call_invoke(const hc_call_t *c, arm64emu_machine *m, cpu_t *cpu);

/* The host-call state of a machine (arm64emu_hostcall_bind); freed with
 * the machine. */
struct hostcall_state;
void hostcall_free(machine_t *m);

/* vmem.c: translates va's page for cpu c as arm64emu_vmem_* do (current
 * regime, no side effects; write permission checked for writes only).
 * Fails with ARM64EMU_ERR_UNMAPPED, the message (prefixed by what) naming
 * va, when it does not translate to RAM. */
int vmem_translate(machine_t *m, const cpu_t *c, const char *what,
                   uint64_t va, bool write, uint64_t *pa);

#endif
