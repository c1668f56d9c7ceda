/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Small helpers the library, the command and the daemon share (not a public
 * header): reading a whole file or socket, a parser's reason. */
#ifndef BRKIT_UTIL_H
#define BRKIT_UTIL_H

#include <stddef.h>

/* Read @fd to its end into a malloc()ed, NUL-terminated buffer: *out (free()
 * it), its length without the NUL in *len (may be NULL). EINTR is retried.
 * Returns 0, -EFBIG past @max bytes (0: no limit), -ENOMEM, or read()'s
 * -errno; *out is NULL on failure. Does not close @fd. */
int brkit_read_fd(int fd, size_t max, char **out, size_t *len);

/* Write @fmt into @why (@len bytes; nothing when @why is NULL or @len 0) and
 * return @err: how a pure parser fails with its reason. */
int brkit_whyf(char *why, size_t len, int err, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Run an nftables script with libnftables (dlopen()ed here, in the calling
 * process and namespace). Returns 0, or a negative errno with libnftables'
 * error text (or why it could not be loaded) in @err. */
int brkit_nft_run(const char *script, char *err, size_t errlen);

#endif
