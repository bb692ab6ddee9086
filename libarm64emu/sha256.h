/* SHA-256 (FIPS 180-4) of a byte string: names the files a snapshot's RAM
 * refers to (ram_source.c). */
#ifndef ARM64EMU_SHA256_H
#define ARM64EMU_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_LEN 32

void sha256(const void *data, size_t len, uint8_t out[SHA256_LEN]);
/* The same without CPU extensions (for tests: both must agree). */
void sha256_portable(const void *data, size_t len, uint8_t out[SHA256_LEN]);

#endif
