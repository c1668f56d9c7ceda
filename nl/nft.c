// SPDX-License-Identifier: LGPL-2.1-or-later
/* One nftables script through libnftables, loaded with dlopen() only when a
 * caller needs it (brkit-stpd's BPDU relay rule, brkit net's tables): no
 * program links it, so none pays for loading it (libnftables, libnftnl,
 * libgmp, libxtables, libjansson) on every start. */
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <nftables/libnftables.h>
#include "nl/util.h"

#define NFT_LIB "libnftables.so.1"

int brkit_nft_run(const char *script, char *err, size_t errlen)
{
	__typeof__(nft_ctx_new) *ctx_new;
	__typeof__(nft_ctx_free) *ctx_free;
	__typeof__(nft_ctx_buffer_output) *buf_out;
	__typeof__(nft_ctx_buffer_error) *buf_err;
	__typeof__(nft_ctx_get_error_buffer) *get_err;
	__typeof__(nft_run_cmd_from_buffer) *run;
	struct nft_ctx *c;
	void *lib = dlopen(NFT_LIB, RTLD_NOW | RTLD_LOCAL);
	int ret;

	if (!lib)
		return brkit_whyf(err, errlen, -ENOENT,
				  "cannot load %s (Debian's libnftables1): %s", NFT_LIB, dlerror());
	ctx_new = (__typeof__(ctx_new))dlsym(lib, "nft_ctx_new");
	ctx_free = (__typeof__(ctx_free))dlsym(lib, "nft_ctx_free");
	buf_out = (__typeof__(buf_out))dlsym(lib, "nft_ctx_buffer_output");
	buf_err = (__typeof__(buf_err))dlsym(lib, "nft_ctx_buffer_error");
	get_err = (__typeof__(get_err))dlsym(lib, "nft_ctx_get_error_buffer");
	run = (__typeof__(run))dlsym(lib, "nft_run_cmd_from_buffer");
	if (!ctx_new || !ctx_free || !buf_out || !buf_err || !get_err || !run) {
		dlclose(lib);
		return brkit_whyf(err, errlen, -ENOSYS, "%s: a function is missing", NFT_LIB);
	}
	c = ctx_new(NFT_CTX_DEFAULT);
	if (!c) {
		dlclose(lib);
		return brkit_whyf(err, errlen, -ENOMEM, "nftables: cannot make a context");
	}
	buf_out(c);
	buf_err(c);
	ret = run(c, script);
	if (ret) {
		const char *m = get_err(c);
		size_t n;

		brkit_whyf(err, errlen, -EIO, "%s", m && *m ? m : "failed");
		n = err && errlen ? strlen(err) : 0;
		while (n && (err[n - 1] == '\n' || err[n - 1] == ' '))
			err[--n] = 0;
	}
	ctx_free(c);
	dlclose(lib);
	return ret ? -EIO : 0;
}
