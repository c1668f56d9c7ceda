// SPDX-License-Identifier: GPL-2.0-or-later
/* libFuzzer target for the VM port parsers of hooks/spec.c: the first
 * octet picks one, the rest is its text.
 *   0  a port spec (`vm-port up TAP` words): accepted -> its canonical
 *      words parse again to the same canonical words
 *   1  the config file (/etc/brkit/vm-ports.conf), looked up for two taps
 *   2  an ACL (bridge.conf): the text holds up to 4 files, "/a" ".." "/d",
 *      separated by lines "%%"; "include /b" reads the next one
 *   3  a state file: accepted -> formatted, parsed again, formatted the same
 * Nothing may crash, leak or be undefined (ASan, UBSan); a refusal has a
 * reason. */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hooks/vmport.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAXFILES 4

struct files {
	char *text[MAXFILES];
	unsigned int loads;
};

/* Each include is read again (as the helper reads files), so a file that
 * includes itself k times costs k^8 loads at depth 8; that is the ACL
 * author's to avoid (root's own files), not a fault here: the harness
 * refuses past 256 loads, as a missing file. */
static int load(const char *path, char **text, void *arg)
{
	struct files *f = arg;
	unsigned int i;

	if (++f->loads > 256)
		return -ELOOP;
	if (strlen(path) != 2 || path[0] != '/' || path[1] < 'a' || path[1] >= 'a' + MAXFILES)
		return -ENOENT;
	i = (unsigned int)(path[1] - 'a');
	if (!f->text[i])
		return -ENOENT;
	*text = strdup(f->text[i]);
	return *text ? 0 : -ENOMEM;
}

static void need_reason(int r, const char *why)
{
	if (r > 0 || (r < 0 && !why[0]))
		abort();
}

static void spec(char *text)
{
	char *w[64], *p = text, why[VMPORT_WHYLEN] = "", a[VMPORT_SPECLEN], b[VMPORT_SPECLEN];
	struct vmport_spec s, t;
	int n = 0, r;

	while (n < 64) {
		while (*p == ' ' || *p == '\n' || *p == '\t')
			p++;
		if (!*p)
			break;
		w[n++] = p;
		while (*p && *p != ' ' && *p != '\n' && *p != '\t')
			p++;
		if (*p)
			*p++ = 0;
	}
	r = vmport_spec_parse(&s, n, w, why, sizeof(why));
	need_reason(r, why);
	if (r)
		return;
	if (vmport_spec_format(&s, a, sizeof(a)) >= sizeof(a))
		return;
	/* the canonical words parse again, to the same words */
	strcpy(b, a);
	n = 0;
	p = b;
	while (n < 64 && *p) {
		w[n++] = p;
		p = strchr(p, ' ');
		if (!p)
			break;
		*p++ = 0;
	}
	why[0] = 0;
	if (vmport_spec_parse(&t, n, w, why, sizeof(why)) != 0)
		abort();
	vmport_spec_format(&t, b, sizeof(b));
	if (strcmp(a, b) != 0)
		abort();
}

static void conf(const char *text)
{
	static const char *const taps[] = { "vnet0", "tap-a1" };
	struct vmport_conf_match m;
	char why[VMPORT_WHYLEN] = "";
	unsigned int i;
	int r;

	for (i = 0; i < 2; i++) {
		char *copy = strdup(text);

		if (!copy)
			return;
		why[0] = 0;
		r = vmport_conf_find(copy, "/etc/brkit/vm-ports.conf", taps[i], &m, why,
				     sizeof(why));
		need_reason(r, why);
		free(copy);
	}
}

static void acl(char *text)
{
	struct files f = { { NULL }, 0 };
	char why[VMPORT_WHYLEN] = "", *p = text;
	unsigned int n = 0;
	bool allowed;
	int r;

	f.text[n++] = p;
	while (n < MAXFILES && (p = strstr(p, "\n%%\n"))) {
		*p = 0;
		p += 4;
		f.text[n++] = p;
	}
	r = vmport_acl_check("/a", "br0", load, &f, &allowed, why, sizeof(why));
	need_reason(r, why);
}

static void state(const char *text)
{
	struct vmport_state s, t;
	char why[VMPORT_WHYLEN] = "", a[4096], b[4096], *copy = strdup(text);
	int r;

	if (!copy)
		return;
	memset(&s, 0, sizeof(s));
	r = vmport_state_parse(copy, &s, why, sizeof(why));
	free(copy);
	need_reason(r, why);
	if (r || vmport_state_format(&s, a, sizeof(a)) >= sizeof(a))
		return;
	memcpy(b, a, sizeof(b));
	memset(&t, 0, sizeof(t));
	if (vmport_state_parse(b, &t, why, sizeof(why)) != 0)
		abort();
	vmport_state_format(&t, b, sizeof(b));
	if (strcmp(a, b) != 0)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text;

	if (size < 1)
		return 0;
	text = malloc(size);
	if (!text)
		return 0;
	memcpy(text, data + 1, size - 1);
	text[size - 1] = 0;
	switch (data[0] & 3) {
	case 0:
		spec(text);
		break;
	case 1:
		conf(text);
		break;
	case 2:
		acl(text);
		break;
	default:
		state(text);
		break;
	}
	free(text);
	return 0;
}
