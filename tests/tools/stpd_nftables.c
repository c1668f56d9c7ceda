// SPDX-License-Identifier: GPL-2.0-or-later
/* For the brkit-stpd suites (the host has no nft binary): the nftables
 * ruleset of the caller's namespace through libnftables, as `nft list
 * ruleset` prints it; or, given one argument, that nftables command. */
#include <stdio.h>
#include <nftables/libnftables.h>

int main(int argc, char **argv)
{
	struct nft_ctx *c = nft_ctx_new(NFT_CTX_DEFAULT);
	int ret;

	if (!c)
		return 1;
	nft_ctx_buffer_output(c);
	nft_ctx_buffer_error(c);
	ret = nft_run_cmd_from_buffer(c, argc > 1 ? argv[1] : "list ruleset");
	fputs(ret ? nft_ctx_get_error_buffer(c) : nft_ctx_get_output_buffer(c),
	      ret ? stderr : stdout);
	nft_ctx_free(c);
	return ret ? 1 : 0;
}
