/* Guest paths on the host: /proc/self/exe is the program, not the runner,
 * and with -L DIR an absolute path that exists under DIR is taken there. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "user.h"

const char *path_host(user_ctx *u, const char *path, char *buf, size_t cap)
{
    if (strcmp(path, "/proc/self/exe") == 0 && u->exe_path)
        return u->exe_path;
    if (u->opt.prefix && path[0] == '/') {
        int n = snprintf(buf, cap, "%s%s", u->opt.prefix, path);
        if (n > 0 && (size_t)n < cap && access(buf, F_OK) == 0)
            return buf;
    }
    return path;
}
