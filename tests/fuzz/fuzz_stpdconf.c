// SPDX-License-Identifier: GPL-2.0-or-later
/* libFuzzer target for brkit-stpd's configuration file parser
 * (stpd_conf_parse(), stpd/common.c): any octets as the file. Nothing may
 * crash, leak or be undefined (ASan, UBSan); a refused file names the file
 * and a line and leaves nothing; an accepted one's lines can be matched
 * against a few bridge and port names and printed back as settings. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "stpd/stpd.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const br[] = { "br0", "br-lab1", "x" };
	static const char *const port[] = { "vnet0", "p-g1", "eth0" };
	struct stpd_conf c;
	struct stpd_opts o;
	char err[512] = "", buf[1024];
	char *text = malloc(size + 1);
	unsigned int i;
	int r;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = 0;
	memset(&c, 0, sizeof(c));
	r = stpd_conf_parse("/etc/brkit/stpd.conf", text, &c, err, sizeof(err));
	free(text);
	if (r != 0) {
		if (r > 0 || c.n || c.lines || strncmp(err, "/etc/brkit/stpd.conf:", 21) != 0)
			abort();
		return 0;
	}
	for (i = 0; i < 9; i++) {
		memset(&o, 0, sizeof(o));
		o.port = i % 3 != 0;
		stpd_conf_match(&c, br[i / 3], o.port ? port[i % 3] : NULL, &o);
		stpd_opts_format(&o, buf, sizeof(buf));
		if (!memchr(buf, '\0', sizeof(buf)))
			abort();
	}
	stpd_conf_free(&c);
	return 0;
}
