// SPDX-License-Identifier: GPL-2.0-or-later
/* brkit tap add|del|show|flush */
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <net/if.h>
#include "cli/cli.h"
#include "cli/cmd_tap.h"
#include "cli/print.h"
#include "cli/show_tap.h"

static void tap_usage(FILE *f)
{
	fputs("Usage: brkit tap add NAME [bridge BR] [user U] [group G] [vnet_hdr] [multi_queue]\n"
	      "                    [mtu N] [mac ADDR] [devgroup N]\n"
	      "       brkit tap del NAME\n"
	      "       brkit tap show [NAME]\n"
	      "       brkit tap flush devgroup N\n"
	      "NAME may be a template with %d (vnet%d): the kernel picks the number and\n"
	      "tap add prints the name it got.\n",
	      f);
}

int tap_parse_id(const char *s, uint32_t *out)
{
	unsigned long v;
	int err = cli_parse_uint(s, 0, 4294967294UL, &v); /* (uid_t)-1 means "none" */

	if (err)
		return err;
	*out = (uint32_t)v;
	return 0;
}

static const char *need(int argc, char **argv, int *i)
{
	if (*i + 1 >= argc)
		return NULL;
	return argv[++*i];
}

int tap_parse_add(int argc, char **argv, struct tap_add_args *a, char *msg, size_t msglen)
{
	const char *why, *v;
	unsigned long n;
	int i, err;

	memset(a, 0, sizeof(*a));
	a->tap.fd = -1;
	if (argc < 1) {
		snprintf(msg, msglen, "tap add: the tap's NAME is missing");
		return -EINVAL;
	}
	if (brkit_tap_name_check(argv[0], &why)) {
		snprintf(msg, msglen, "tap '%s': %s", argv[0], why);
		return -EINVAL;
	}
	a->tap.name = argv[0];
	for (i = 1; i < argc; i++) {
		const char *k = argv[i];

		if (!strcmp(k, "vnet_hdr")) {
			a->tap.vnet_hdr = true;
			continue;
		}
		if (!strcmp(k, "multi_queue")) {
			a->tap.multi_queue = true;
			continue;
		}
		if (strcmp(k, "bridge") && strcmp(k, "master") && strcmp(k, "user") &&
		    strcmp(k, "group") && strcmp(k, "mtu") && strcmp(k, "mac") &&
		    strcmp(k, "address") && strcmp(k, "devgroup")) {
			snprintf(msg, msglen, "tap %s: unknown argument '%s'", argv[0], k);
			return -EINVAL;
		}
		v = need(argc, argv, &i);
		if (!v) {
			snprintf(msg, msglen, "tap %s: %s needs a value", argv[0], k);
			return -EINVAL;
		}
		if (!strcmp(k, "bridge") || !strcmp(k, "master")) {
			if (brkit_ifname_check(v, &why)) {
				snprintf(msg, msglen, "bridge '%s': %s", v, why);
				return -EINVAL;
			}
			a->tap.bridge = v;
		} else if (!strcmp(k, "user")) {
			if (!*v) {
				snprintf(msg, msglen, "tap %s: user is empty", argv[0]);
				return -EINVAL;
			}
			a->user = v;
		} else if (!strcmp(k, "group")) {
			if (!*v) {
				snprintf(msg, msglen, "tap %s: group is empty", argv[0]);
				return -EINVAL;
			}
			a->group = v;
		} else if (!strcmp(k, "mtu")) {
			err = cli_parse_uint(v, 68, 65535, &n);
			if (err) {
				snprintf(msg, msglen, "tap %s: mtu '%s': %s", argv[0], v,
					 err == -ERANGE ? "out of range 68..65535"
							: "not a number");
				return -EINVAL;
			}
			a->tap.mtu = (unsigned int)n;
		} else if (!strcmp(k, "mac") || !strcmp(k, "address")) {
			if (cli_parse_mac(v, a->tap.mac)) {
				snprintf(msg, msglen,
					 "tap %s: mac '%s': not a MAC address (aa:bb:cc:dd:ee:ff)",
					 argv[0], v);
				return -EINVAL;
			}
			if (brkit_tap_mac_check(a->tap.mac, &why)) {
				snprintf(msg, msglen, "tap %s: mac %s: %s", argv[0], v, why);
				return -EINVAL;
			}
			a->tap.has_mac = true;
		} else {
			err = cli_parse_uint(v, 0, 4294967295UL, &n);
			if (err) {
				snprintf(msg, msglen, "tap %s: devgroup '%s': %s", argv[0], v,
					 err == -ERANGE ? "out of range 0..4294967295"
							: "not a number");
				return -EINVAL;
			}
			a->tap.devgroup = (uint32_t)n;
			a->tap.has_devgroup = true;
		}
	}
	return 0;
}

int tap_parse_flush(int argc, char **argv, uint32_t *group, char *msg, size_t msglen)
{
	unsigned long n;
	int err;

	if (argc != 2 || strcmp(argv[0], "devgroup")) {
		snprintf(msg, msglen, "tap flush: usage: tap flush devgroup N");
		return -EINVAL;
	}
	err = cli_parse_uint(argv[1], 1, 4294967295UL, &n);
	if (err) {
		snprintf(msg, msglen, "tap flush: devgroup '%s': %s", argv[1],
			 err == -ERANGE ? "out of range 1..4294967295 (0 is the default group)"
					: "not a number");
		return -EINVAL;
	}
	*group = (uint32_t)n;
	return 0;
}

/* Users and groups by name or number, as `ip tuntap` takes them. */
static int resolve_ids(struct cli *c, struct tap_add_args *a)
{
	if (a->user) {
		struct passwd *pw;

		if (tap_parse_id(a->user, &a->tap.owner) == 0) {
			a->tap.has_owner = true;
		} else {
			errno = 0;
			pw = getpwnam(a->user);
			if (!pw)
				return cli_usage(c, "tap %s: user '%s': no such user", a->tap.name,
						 a->user);
			a->tap.owner = pw->pw_uid;
			a->tap.has_owner = true;
		}
	}
	if (a->group) {
		struct group *gr;

		if (tap_parse_id(a->group, &a->tap.group) == 0) {
			a->tap.has_group = true;
		} else {
			gr = getgrnam(a->group);
			if (!gr)
				return cli_usage(c, "tap %s: group '%s': no such group",
						 a->tap.name, a->group);
			a->tap.group = gr->gr_gid;
			a->tap.has_group = true;
		}
	}
	return 0;
}

static int tap_add(struct cli *c, int argc, char **argv)
{
	struct tap_add_args a;
	struct brkit *h;
	char msg[256], mac[18];
	struct pr p;
	int err;

	if (tap_parse_add(argc, argv, &a, msg, sizeof(msg)))
		return cli_usage(c, "%s", msg);
	err = resolve_ids(c, &a);
	if (err)
		return err;
	h = cli_handle(c);
	if (!h)
		return EXIT_FAIL;
	err = brkit_tap_add(h, &a.tap);
	if (err)
		return cli_fail(c, err);
	cli_format_mac(a.tap.addr, mac);
	pr_init(&p, c->out, c->json, c->pretty);
	pr_open_obj(&p, NULL);
	pr_str(&p, PR_ANY, "ifname", "%s\n", a.tap.ifname);
	pr_str(&p, PR_JSON, "address", "%s", mac);
	pr_close_obj(&p);
	pr_end(&p);
	return EXIT_OK;
}

static int tap_del(struct cli *c, int argc, char **argv)
{
	struct brkit *h;
	int err;

	if (argc != 1)
		return cli_usage(c, "tap del: usage: tap del NAME");
	err = cli_check_ifname(c, "tap", argv[0]);
	if (err)
		return err;
	h = cli_handle(c);
	if (!h)
		return EXIT_FAIL;
	err = brkit_tap_del(h, argv[0]);
	if (err)
		return cli_fail(c, err);
	return EXIT_OK;
}

static int tap_flush(struct cli *c, int argc, char **argv)
{
	struct brkit *h;
	uint32_t group;
	char msg[256];
	int n;

	if (tap_parse_flush(argc, argv, &group, msg, sizeof(msg)))
		return cli_usage(c, "%s", msg);
	h = cli_handle(c);
	if (!h)
		return EXIT_FAIL;
	n = brkit_tap_flush_group(h, group);
	if (n < 0)
		return cli_fail(c, n);
	return EXIT_OK;
}

/* ---- show ---- */

struct master_name {
	int ifindex;
	char name[IFNAMSIZ];
};

struct show_ctx {
	struct cli *c;
	const char *only;
	struct pr p;
	struct master_name masters[16];
	int nmasters;
	int shown;
	struct brkit_tap_info *taps; /* collected during the dump, printed after */
	size_t n, cap;
};

static int collect(const struct brkit_tap_info *t, void *arg)
{
	struct show_ctx *s = arg;

	if (s->only && strcmp(s->only, t->link.ifname))
		return 0;
	if (!t->is_tap && !s->only)
		return 0;
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 64;
		struct brkit_tap_info *p = realloc(s->taps, cap * sizeof(*p));

		if (!p) {
			errno = ENOMEM;
			return -ENOMEM;
		}
		s->taps = p;
		s->cap = cap;
	}
	s->taps[s->n++] = *t;
	return 0;
}

static const char *master_name(struct show_ctx *s, int ifindex, char *buf)
{
	struct brkit_link l;
	int i;

	for (i = 0; i < s->nmasters; i++)
		if (s->masters[i].ifindex == ifindex)
			return s->masters[i].name;
	if (brkit_link_get_index(s->c->h, ifindex, &l))
		snprintf(l.ifname, sizeof(l.ifname), "if%d", ifindex);
	if (s->nmasters < 16) {
		s->masters[s->nmasters].ifindex = ifindex;
		memcpy(s->masters[s->nmasters].name, l.ifname, IFNAMSIZ);
		return s->masters[s->nmasters++].name;
	}
	memcpy(buf, l.ifname, IFNAMSIZ);
	return buf;
}

static int show_one(const struct brkit_tap_info *t, void *arg)
{
	struct show_ctx *s = arg;
	char buf[IFNAMSIZ];

	if (!s->shown++)
		pr_open_arr(&s->p, NULL);
	show_tap(&s->p, t, t->link.master ? master_name(s, t->link.master, buf) : NULL);
	return 0;
}

static int tap_show(struct cli *c, int argc, char **argv)
{
	struct show_ctx s = { .c = c };
	struct brkit *h;
	size_t i;
	int err;

	if (argc > 1)
		return cli_usage(c, "tap show: usage: tap show [NAME]");
	if (argc == 1) {
		err = cli_check_ifname(c, "tap", argv[0]);
		if (err)
			return err;
		s.only = argv[0];
	}
	h = cli_handle(c);
	if (!h)
		return EXIT_FAIL;
	pr_init(&s.p, c->out, c->json, c->pretty);
	err = brkit_tap_foreach(h, collect, &s);
	if (err < 0) {
		free(s.taps);
		return err == -ENOMEM ? cli_failmsg(c, "listing taps: out of memory")
				      : cli_fail(c, err);
	}
	/* Masters are looked up after the dump: the socket serves one request at a time. */
	for (i = 0; i < s.n; i++)
		show_one(&s.taps[i], &s);
	free(s.taps);
	if (s.only && !s.shown)
		return cli_failmsg(c, "tap %s: no such tap", s.only);
	if (!s.shown)
		pr_open_arr(&s.p, NULL);
	pr_close_arr(&s.p);
	pr_end(&s.p);
	return EXIT_OK;
}

int cmd_tap(struct cli *c, int argc, char **argv)
{
	if (argc < 1) {
		tap_usage(c->err);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[0], "add"))
		return tap_add(c, argc - 1, argv + 1);
	if (!strcmp(argv[0], "del") || !strcmp(argv[0], "delete"))
		return tap_del(c, argc - 1, argv + 1);
	if (!strcmp(argv[0], "show") || !strcmp(argv[0], "list"))
		return tap_show(c, argc - 1, argv + 1);
	if (!strcmp(argv[0], "flush"))
		return tap_flush(c, argc - 1, argv + 1);
	if (!strcmp(argv[0], "help")) {
		tap_usage(c->out);
		return EXIT_OK;
	}
	tap_usage(c->err);
	return cli_usage(c, "tap: unknown command '%s'", argv[0]);
}
