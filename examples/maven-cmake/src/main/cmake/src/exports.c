/* The module's entry points are the library's: referencing them links them in from libchecksums.a. */
#include "checksums.h"

void *checksums_entry_points[] = {(void *) checksums_adler32, (void *) checksums_crc32c};
