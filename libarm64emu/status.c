/* Status names and the library version. */
#include "arm64emu/arm64emu.h"

#define STR_(x) #x
#define STR(x) STR_(x)

static const char *const status_names[] = {
    [0] = "ok",
    [1] = "invalid argument",
    [2] = "out of memory",
    [3] = "unmapped guest address",
    [4] = "overlapping region",
    [5] = "unknown CPU model",
    [6] = "unknown register",
    [7] = "busy",
    [8] = "unsupported",
    [9] = "bad snapshot",
    [10] = "incompatible snapshot",
    [11] = "input/output error",
};

const char *arm64emu_status_string(int status)
{
    unsigned i = status <= 0 ? 0u - (unsigned)status : ~0u; /* INT_MIN too */
    if (i < sizeof(status_names) / sizeof(status_names[0]) && status_names[i])
        return status_names[i];
    return "unknown status";
}

unsigned arm64emu_version(void)
{
    return ARM64EMU_VERSION_NUMBER;
}

const char *arm64emu_version_string(void)
{
    return STR(ARM64EMU_VERSION_MAJOR) "." STR(ARM64EMU_VERSION_MINOR) "." STR(
        ARM64EMU_VERSION_PATCH);
}
