/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Reading a whole file or socket: the one loop the library, the command and
 * the daemon share (not a public header). */
#ifndef BRKIT_FILE_H
#define BRKIT_FILE_H

#include <stddef.h>

/* Read @fd to its end into a malloc()ed, NUL-terminated buffer: *out (free()
 * it), its length without the NUL in *len (may be NULL). EINTR is retried.
 * Returns 0, -EFBIG past @max bytes (0: no limit), -ENOMEM, or read()'s
 * -errno; *out is NULL on failure. Does not close @fd. */
int brkit_read_fd(int fd, size_t max, char **out, size_t *len);

#endif
