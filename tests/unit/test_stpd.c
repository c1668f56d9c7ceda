// SPDX-License-Identifier: GPL-2.0-or-later
/* brkit-stpd's pure parts: settings (the engine's limits), the configuration
 * file, the control protocol's records and the IFLA_BR_STP_MODE request. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include <libmnl/libmnl.h>
#include <linux/ethtool.h>
#include <linux/ethtool_netlink.h>
#include <linux/genetlink.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include "stp/stp.h"
#include "stpd/ctl.h"
#include "stpd/stpd.h"

static int parse(bool port, const char *words, struct stpd_opts *o, char *why)
{
	char buf[512], *argv[STPD_MAX_WORDS];
	int argc;

	snprintf(buf, sizeof(buf), "%s", words);
	argc = stpd_split(buf, argv, STPD_MAX_WORDS);
	memset(o, 0, sizeof(*o));
	o->port = port;
	return stpd_opts_parse(o, argc, argv, why, 256);
}

static void bad(bool port, const char *words, const char *needle)
{
	struct stpd_opts o;
	char why[256] = "";

	if (parse(port, words, &o, why) != -EINVAL)
		fail_msg("'%s' was accepted", words);
	if (!strstr(why, needle))
		fail_msg("'%s': reason [%s] lacks [%s]", words, why, needle);
}

static void test_bridge_settings(void **state)
{
	struct stpd_opts o;
	char why[256], out[256];

	(void)state;
	assert_int_equal(parse(false,
			       "priority 4096 hello 1 maxage 6 fdelay 4 txholdcount 10 "
			       "forcevers stp ageing 10",
			       &o, why),
			 0);
	assert_int_equal(o.val[STPD_B_PRIORITY], 4096);
	assert_int_equal(o.val[STPD_B_HELLO], 1);
	assert_int_equal(o.val[STPD_B_MAXAGE], 6);
	assert_int_equal(o.val[STPD_B_FDELAY], 4);
	assert_int_equal(o.val[STPD_B_TXHOLD], 10);
	assert_int_equal(o.val[STPD_B_FORCEVERS], STP_FORCE_STP);
	assert_true(o.mask & (1u << STPD_B_AGEING));
	stpd_opts_format(&o, out, sizeof(out));
	assert_string_equal(out, "forcevers stp priority 4096 hello 1 maxage 6 fdelay 4 "
				 "txholdcount 10 ageing 10");
	/* every limit of 802.1D-2004 17.13 / 17.14 */
	bad(false, "priority 4095", "multiple of 4096");
	bad(false, "priority 65536", "multiple of 4096");
	bad(false, "priority 61441", "multiple of 4096");
	bad(false, "priority -1", "multiple of 4096");
	bad(false, "hello 0", "hello '0'");
	bad(false, "hello 3", "1 to 2");
	bad(false, "maxage 5", "6 to 40");
	bad(false, "maxage 41", "6 to 40");
	bad(false, "fdelay 3", "4 to 30");
	bad(false, "fdelay 31", "4 to 30");
	bad(false, "txholdcount 0", "1 to 10");
	bad(false, "txholdcount 11", "1 to 10");
	bad(false, "forcevers mstp", "not stp or rstp");
	bad(false, "ageing 1000001", "ageing");
	/* issue 19: 802.1D's and mstpd's range is 10 to 1000000 */
	bad(false, "ageing 0", "not 10 to 1000000 seconds");
	bad(false, "ageing 9", "not 10 to 1000000 seconds");
	assert_int_equal(parse(false, "ageing 1000000", &o, why), 0);
	bad(false, "ageing 1.5", "ageing");
	bad(false, "priority", "needs a value");
	bad(false, "colour blue", "unknown setting 'colour'");
	bad(false, "hello 1 hello 2", "'hello' given twice");
	bad(false, "", "no setting");
	/* a refusal leaves @o alone */
	o.val[STPD_B_PRIORITY] = 77;
	assert_int_equal(stpd_opts_parse(&o, 0, NULL, why, sizeof(why)), -EINVAL);
	assert_int_equal(o.val[STPD_B_PRIORITY], 77);
	assert_int_equal(parse(false, "priority 61440", &o, why), 0);
	assert_int_equal(parse(false, "priority 0", &o, why), 0);
}

/* `strict on|off` and `rules LIST`: one setting, the engine's rule bits */
static void test_rules_settings(void **state)
{
	struct stpd_opts o;
	char why[256], out[256];
	uint32_t r = 99;

	(void)state;
	assert_int_equal(parse(false, "strict on", &o, why), 0);
	assert_true(o.mask & (1u << STPD_B_RULES));
	assert_int_equal(o.val[STPD_B_RULES], 0);
	stpd_opts_format(&o, out, sizeof(out));
	assert_string_equal(out, "rules none");
	assert_int_equal(parse(false, "strict off priority 4096", &o, why), 0);
	assert_int_equal(o.val[STPD_B_RULES], STP_RULES_SAFE);
	stpd_opts_format(&o, out, sizeof(out));
	assert_string_equal(out, "priority 4096 rules agree-same-root,aged-fdwhile,rising-cost,"
				 "txhold-events,stale-info");
	/* what format prints parses back to the same bits */
	{
		char *argv[STPD_MAX_WORDS];
		struct stpd_opts back = { 0 };
		int argc = stpd_split(out, argv, STPD_MAX_WORDS);

		assert_int_equal(stpd_opts_parse(&back, argc, argv, why, sizeof(why)), 0);
		assert_int_equal(back.val[STPD_B_RULES], STP_RULES_SAFE);
	}
	assert_int_equal(parse(false, "strict 1", &o, why), 0);
	assert_int_equal(o.val[STPD_B_RULES], 0);
	assert_int_equal(parse(false, "rules safe", &o, why), 0);
	assert_int_equal(o.val[STPD_B_RULES], STP_RULES_SAFE);
	assert_int_equal(parse(false, "rules none", &o, why), 0);
	assert_int_equal(o.val[STPD_B_RULES], 0);
	assert_int_equal(parse(false, "rules stale-info,agree-same-root", &o, why), 0);
	assert_int_equal(o.val[STPD_B_RULES], STP_RULE_STALE_INFO | STP_RULE_AGREE_SAME_ROOT);
	stpd_opts_format(&o, out, sizeof(out));
	assert_string_equal(out, "rules agree-same-root,stale-info");
	assert_int_equal(parse(false, "rules aged-fdwhile,rising-cost,txhold-events", &o, why), 0);
	assert_int_equal(o.val[STPD_B_RULES],
			 STP_RULE_AGED_FDWHILE | STP_RULE_RISING_COST | STP_RULE_TXHOLD_EVENTS);
	/* the names are the engine's bits, in bit order */
	assert_string_equal(stpd_rule_name(0), "agree-same-root");
	assert_string_equal(stpd_rule_name(4), "stale-info");
	assert_null(stpd_rule_name(5));
	stpd_rules_format(0, out, sizeof(out));
	assert_string_equal(out, "none");
	stpd_rules_format(STP_RULE_TXHOLD_EVENTS, out, sizeof(out));
	assert_string_equal(out, "txhold-events");
	/* refusals name the keyword, and leave the value alone */
	bad(false, "strict maybe", "strict 'maybe': not on, off, yes, no, 1 or 0");
	bad(false, "strict", "'strict' needs a value");
	bad(false, "strict on strict off", "'strict' given twice");
	bad(false, "rules safe rules none", "'rules' given twice");
	bad(false, "strict on rules safe", "'strict' and 'rules' both set the rules");
	bad(false, "rules none strict off", "'strict' and 'rules' both set the rules");
	bad(false, "rules", "'rules' needs a value");
	bad(false, "rules loose", "rules 'loose': 'loose' is not safe, none or a rule");
	bad(false, "rules agree-same-root,,stale-info", "rules 'agree-same-root,,stale-info'");
	bad(false, "rules agree-same-root,", "is not safe, none or a rule");
	bad(false, "rules ,stale-info", "is not safe, none or a rule");
	bad(false, "rules safe,stale-info", "'safe' is not safe, none or a rule");
	bad(false, "rules stale-info,stale-info", "stale-info given twice");
	bad(false, "rules STALE-INFO", "is not safe, none or a rule");
	bad(true, "strict on", "unknown setting 'strict'");
	bad(true, "rules none", "unknown setting 'rules'");
	assert_int_equal(stpd_rules_parse("nope", &r, why, sizeof(why)), -EINVAL);
	assert_int_equal(r, 99);
}

static void test_port_settings(void **state)
{
	struct stpd_opts o;
	char why[256], out[256];

	(void)state;
	assert_int_equal(parse(true,
			       "cost 200000000 priority 240 edge on autoedge off p2p auto "
			       "bpduguard on bpdufilter off rootguard yes restrtcn 0 mcheck",
			       &o, why),
			 0);
	assert_int_equal(o.val[STPD_P_COST], 200000000);
	assert_int_equal(o.val[STPD_P_PRIORITY], 240);
	assert_int_equal(o.val[STPD_P_EDGE], 1);
	assert_int_equal(o.val[STPD_P_AUTOEDGE], 0);
	assert_int_equal(o.val[STPD_P_P2P], STP_P2P_AUTO);
	assert_int_equal(o.val[STPD_P_ROOTGUARD], 1);
	assert_true(o.mask & (1u << STPD_P_MCHECK));
	stpd_opts_format(&o, out, sizeof(out));
	assert_string_equal(out, "cost 200000000 priority 240 edge on autoedge off p2p auto "
				 "bpduguard on bpdufilter off rootguard on restrtcn off mcheck");
	assert_int_equal(parse(true, "enable", &o, why), 0);
	assert_true(o.mask & (1u << STPD_P_ENABLE));
	bad(true, "cost 0", "1 to 200000000");
	bad(true, "cost 200000001", "1 to 200000000");
	bad(true, "cost 99999999999", "1 to 200000000");
	bad(true, "priority 8", "multiple of 16");
	bad(true, "priority 256", "multiple of 16");
	bad(true, "p2p maybe", "on, off or auto");
	bad(true, "edge sometimes", "edge 'sometimes': not on, off, yes, no, 1 or 0");
	bad(true, "bpduguard", "needs a value");
	bad(true, "edge on edge off", "'edge' given twice");
	bad(true, "hello 1", "unknown setting 'hello'");
}

static void test_conf(void **state)
{
	struct stpd_conf c;
	struct stpd_opts o;
	char err[256];

	(void)state;
	assert_int_equal(stpd_conf_parse("t.conf",
					 "# VM ports\n"
					 "port * vnet* edge on bpduguard on\n"
					 "\n"
					 "bridge br0 priority 4096 hello 1   # the core\n"
					 "bridge br* stp on\n"
					 "port br0 vnet7 bpduguard off\n",
					 &c, err, sizeof(err)),
			 0);
	assert_int_equal(c.n, 4);
	assert_int_equal(c.lines[1].lineno, 4);
	memset(&o, 0, sizeof(o));
	o.port = true;
	stpd_conf_match(&c, "br0", "vnet7", &o);
	assert_int_equal(o.val[STPD_P_EDGE], 1);
	assert_int_equal(o.val[STPD_P_BPDUGUARD], 0); /* the later line wins */
	memset(&o, 0, sizeof(o));
	o.port = true;
	stpd_conf_match(&c, "br1", "vnet0", &o);
	assert_int_equal(o.val[STPD_P_BPDUGUARD], 1);
	memset(&o, 0, sizeof(o));
	o.port = true;
	stpd_conf_match(&c, "br1", "eth0", &o);
	assert_int_equal(o.mask, 0);
	memset(&o, 0, sizeof(o));
	stpd_conf_match(&c, "br0", NULL, &o);
	assert_int_equal(o.val[STPD_B_PRIORITY], 4096);
	assert_int_equal(o.val[STPD_B_STP], 1);
	memset(&o, 0, sizeof(o));
	stpd_conf_match(&c, "xy0", NULL, &o);
	assert_int_equal(o.mask, 0);
	stpd_conf_free(&c);

	/* a bad line names file and line; nothing is kept */
	assert_int_equal(stpd_conf_parse("/etc/x.conf",
					 "bridge br0 priority 4096\nport br0 vnet0 cost 0\n", &c,
					 err, sizeof(err)),
			 -EINVAL);
	assert_string_equal(err, "/etc/x.conf:2: cost '0': not 1 to 200000000");
	assert_int_equal(c.n, 0);
	assert_null(c.lines);
	assert_int_equal(stpd_conf_parse("f", "bridge\n", &c, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "f:1: expected"));
	assert_int_equal(stpd_conf_parse("f", "\n\nswitch br0 priority 0\n", &c, err, sizeof(err)),
			 -EINVAL);
	assert_non_null(strstr(err, "f:3: expected"));
	assert_int_equal(stpd_conf_parse("f", "port br0 p0 mcheck\n", &c, err, sizeof(err)),
			 -EINVAL);
	assert_non_null(strstr(err, "f:1: mcheck and enable are commands"));
	assert_int_equal(stpd_conf_parse("f", "bridge br0 hello 9\n", &c, err, sizeof(err)),
			 -EINVAL);
	assert_string_equal(err, "f:1: hello '9': not 1 to 2 seconds");
	/* 802.1D's timer relation, with the defaults (2, 20, 15) for what a line does not set */
	assert_int_equal(
		stpd_conf_parse("f",
				"bridge br0 stp on\nbridge br0 stp on hello 2 maxage 40 fdelay 4\n",
				&c, err, sizeof(err)),
		-EINVAL);
	assert_non_null(strstr(err, "f:2: hello 2, maxage 40, fdelay 4: 802.1D needs"));
	assert_int_equal(c.n, 0);
	assert_int_equal(stpd_conf_parse("f", "bridge br0 fdelay 4\n", &c, err, sizeof(err)),
			 -EINVAL);
	assert_non_null(strstr(err, "f:1: hello 2, maxage 20, fdelay 4: "));
	assert_int_equal(stpd_conf_parse("f", "bridge br0 maxage 29\n", &c, err, sizeof(err)),
			 -EINVAL);
	assert_non_null(strstr(err, "f:1: hello 2, maxage 29, fdelay 15: "));
	assert_int_equal(
		stpd_conf_parse("f", "bridge br0 hello 2 maxage 5\n", &c, err, sizeof(err)),
		-EINVAL); /* 5 is below maxage's range */
	assert_int_equal(
		stpd_conf_parse("f",
				"bridge br0 maxage 28\nbridge br0 hello 1 maxage 6 fdelay 4\n"
				"bridge br1 fdelay 11 priority 0\n",
				&c, err, sizeof(err)),
		0); /* the edges of the relation pass */
	assert_int_equal(c.n, 3);
	stpd_conf_free(&c);
	assert_int_equal(stpd_conf_parse("f", "bridge abcdefghijklmnopqrstuvwxyz0123456 stp on\n",
					 &c, err, sizeof(err)),
			 -EINVAL);
	assert_non_null(strstr(err, "too long"));
	/* strict / rules in the file: the later matching line wins, errors
	 * name FILE:LINE and the keyword */
	assert_int_equal(stpd_conf_parse("f",
					 "bridge br* stp on strict on\n"
					 "bridge br1 rules rising-cost\n"
					 "bridge br2 strict off\n",
					 &c, err, sizeof(err)),
			 0);
	memset(&o, 0, sizeof(o));
	stpd_conf_match(&c, "br0", NULL, &o);
	assert_true(o.mask & (1u << STPD_B_RULES));
	assert_int_equal(o.val[STPD_B_RULES], 0);
	memset(&o, 0, sizeof(o));
	stpd_conf_match(&c, "br1", NULL, &o);
	assert_int_equal(o.val[STPD_B_RULES], STP_RULE_RISING_COST);
	memset(&o, 0, sizeof(o));
	stpd_conf_match(&c, "br2", NULL, &o);
	assert_int_equal(o.val[STPD_B_RULES], STP_RULES_SAFE);
	stpd_conf_free(&c);
	assert_int_equal(stpd_conf_parse("s.conf", "bridge br0 stp on\nbridge br0 strict yes no\n",
					 &c, err, sizeof(err)),
			 -EINVAL);
	assert_string_equal(err, "s.conf:2: unknown setting 'no'");
	assert_int_equal(stpd_conf_parse("s.conf", "\nbridge br0 strict on strict on\n", &c, err,
					 sizeof(err)),
			 -EINVAL);
	assert_string_equal(err, "s.conf:2: 'strict' given twice");
	assert_int_equal(
		stpd_conf_parse("s.conf", "bridge br0 strict sure\n", &c, err, sizeof(err)),
		-EINVAL);
	assert_string_equal(err, "s.conf:1: strict 'sure': not on, off, yes, no, 1 or 0");
	assert_int_equal(stpd_conf_parse("s.conf", "bridge br0 rules fast\n", &c, err, sizeof(err)),
			 -EINVAL);
	assert_non_null(strstr(err, "s.conf:1: rules 'fast': 'fast' is not safe, none or a rule"));
	assert_int_equal(stpd_conf_parse("s.conf", "port br0 p0 strict on\n", &c, err, sizeof(err)),
			 -EINVAL);
	assert_string_equal(err, "s.conf:1: unknown setting 'strict'");
	assert_int_equal(c.n, 0);
	/* empty and comment-only files are fine */
	assert_int_equal(stpd_conf_parse("f", "", &c, err, sizeof(err)), 0);
	assert_int_equal(c.n, 0);
	assert_int_equal(stpd_conf_parse("f", "# nothing\n   \n", &c, err, sizeof(err)), 0);
	assert_int_equal(c.n, 0);
}

static void test_records(void **state)
{
	char line[] = "port bridge=br0 name=p-ab role=alternate cost=2000";
	char bad1[] = "port name";
	char bad2[] = "port =x";
	char words[] = "  show  br0\tp1\n";
	char *argv[4];
	struct stpd_rec r;

	(void)state;
	assert_int_equal(stpd_rec_parse(line, &r), 0);
	assert_string_equal(r.kind, "port");
	assert_int_equal(r.n, 4);
	assert_string_equal(stpd_rec_get(&r, "role"), "alternate");
	assert_string_equal(stpd_rec_get(&r, "cost"), "2000");
	assert_null(stpd_rec_get(&r, "state"));
	assert_int_equal(stpd_rec_parse(bad1, &r), -EINVAL);
	assert_int_equal(stpd_rec_parse(bad2, &r), -EINVAL);
	assert_int_equal(stpd_split(words, argv, 4), 3);
	assert_string_equal(argv[0], "show");
	assert_string_equal(argv[2], "p1");
	{
		char many[] = "a b c d e";

		assert_int_equal(stpd_split(many, argv, 4), -E2BIG);
	}
	/* reads are open to anyone, everything else needs CAP_NET_ADMIN */
	assert_false(stpd_req_is_change("show"));
	assert_true(stpd_req_is_change("set"));
	assert_true(stpd_req_is_change("port"));
	assert_true(stpd_req_is_change("on"));
	assert_true(stpd_req_is_change("off"));
	assert_true(stpd_req_is_change("reload"));
	assert_true(stpd_req_is_change("anything"));
	{ /* a refusal names the request in the CLI's words */
		char *set[] = { "set", "br0", "priority", "4096" },
		     *port[] = { "port", "br0", "vnet0", "edge", "on" };
		char *on[] = { "on", "br1" }, *rl[] = { "reload" }, name[64];

		stpd_req_name(4, set, name, sizeof(name));
		assert_string_equal(name, "stp set br0");
		stpd_req_name(5, port, name, sizeof(name));
		assert_string_equal(name, "stp port set br0 vnet0");
		stpd_req_name(2, on, name, sizeof(name));
		assert_string_equal(name, "stp br1 on");
		stpd_req_name(1, rl, name, sizeof(name));
		assert_string_equal(name, "reload");
		stpd_req_name(1, set, name, sizeof(name));
		assert_string_equal(name, "stp set ?");
	}
}

/* `control group NAME` in the configuration file: once, one name. */
static void test_conf_group(void **state)
{
	struct stpd_conf c;
	char err[256] = "";

	(void)state;
	assert_int_equal(stpd_conf_parse("f",
					 "bridge br0 priority 4096\n# who\ncontrol group brkit\n",
					 &c, err, sizeof(err)),
			 0);
	assert_string_equal(c.ctl_group, "brkit");
	assert_int_equal(c.ctl_group_line, 3);
	assert_int_equal(c.n, 1);
	stpd_conf_free(&c);
	assert_string_equal(c.ctl_group, "");
	assert_int_equal(stpd_conf_parse("f", "bridge br0 stp on\n", &c, err, sizeof(err)), 0);
	assert_string_equal(c.ctl_group, "");
	stpd_conf_free(&c);
	assert_int_equal(
		stpd_conf_parse("f", "control group a\ncontrol group b\n", &c, err, sizeof(err)),
		-EINVAL);
	assert_string_equal(err, "f:2: control group given twice (also line 1)");
	assert_string_equal(c.ctl_group, "");
	assert_int_equal(stpd_conf_parse("f", "control group\n", &c, err, sizeof(err)), -EINVAL);
	assert_string_equal(err, "f:1: expected 'control group NAME'");
	assert_int_equal(stpd_conf_parse("f", "control user root\n", &c, err, sizeof(err)),
			 -EINVAL);
	assert_string_equal(err, "f:1: expected 'control group NAME'");
	assert_int_equal(stpd_conf_parse("f", "control group a b\n", &c, err, sizeof(err)),
			 -EINVAL);
	assert_int_equal(
		stpd_conf_parse(
			"f",
			"control group "
			"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n",
			&c, err, sizeof(err)),
		-EINVAL);
	assert_string_equal(err, "f:1: control group name longer than 63 bytes");
}

/* The control socket's framing: a line, more to come, or too long. */
static void test_ctl_frame(void **state)
{
	char buf[STPD_CTL_BUF + 1];

	(void)state;
	strcpy(buf, "show br0\nrest");
	assert_int_equal(stpd_ctl_frame(buf, strlen(buf), false), STPD_FRAME_LINE);
	assert_string_equal(buf, "show br0");
	strcpy(buf, "show br");
	assert_int_equal(stpd_ctl_frame(buf, strlen(buf), false), STPD_FRAME_MORE);
	assert_int_equal(stpd_ctl_frame(buf, strlen(buf), true), STPD_FRAME_LINE);
	assert_string_equal(buf, "show br");
	assert_int_equal(stpd_ctl_frame(buf, 0, true), STPD_FRAME_LINE);
	assert_string_equal(buf, "");
	memset(buf, 'a', STPD_CTL_BUF);
	assert_int_equal(stpd_ctl_frame(buf, STPD_CTL_BUF - 1, false), STPD_FRAME_MORE);
	assert_int_equal(stpd_ctl_frame(buf, STPD_CTL_BUF, false), STPD_FRAME_TOOLONG);
	assert_int_equal(stpd_ctl_frame(buf, STPD_CTL_BUF, true), STPD_FRAME_TOOLONG);
	buf[STPD_CTL_BUF - 1] = '\n'; /* 1024 bytes and the newline: fits */
	assert_int_equal(stpd_ctl_frame(buf, STPD_CTL_BUF, false), STPD_FRAME_LINE);
	assert_int_equal(strlen(buf), STPD_MAX_REQ);
	stpd_ctl_toolong(buf, sizeof(buf));
	assert_string_equal(buf, "error 7 request too long (max 1024 bytes)\n");
}

/* Who may change: uid 0, the control group (primary or supplementary), as
 * SO_PEERCRED/SO_PEERGROUPS give them; reads are anyone's. */
static void test_ctl_check(void **state)
{
	static const uint32_t groups[] = { 27, 4242 };
	struct stpd_peer root = { 0 }, user = { .uid = 1000, .gid = 1000 },
			 member = { .uid = 1001, .gid = 1001, .groups = groups, .ngroups = 2 },
			 primary = { .uid = 1002, .gid = 4242 };
	struct stpd_ctl_policy none = { 0 }, grp = { .group = "brkit", .gid = 4242 };
	char reply[256], many[512] = "show";
	int i;

	(void)state;
	assert_int_equal(stpd_ctl_check("set br0 priority 0", &root, &none, reply, 256), 0);
	assert_int_equal(stpd_ctl_check("show br0", &user, &none, reply, 256), 0);
	assert_int_equal(stpd_ctl_check("set br0 priority 0", &user, &none, reply, 256), EPERM);
	assert_string_equal(reply, "error 1 stp set br0: refused: uid 1000 is not root (no control "
				   "group is configured)\n");
	assert_int_equal(stpd_ctl_check("port br0 vnet0 edge on", &user, &grp, reply, 256), EPERM);
	assert_string_equal(reply, "error 1 stp port set br0 vnet0: refused: uid 1000 is not root "
				   "and not in group brkit\n");
	assert_int_equal(stpd_ctl_check("off br0", &member, &grp, reply, 256), 0);
	assert_int_equal(stpd_ctl_check("off br0", &primary, &grp, reply, 256), 0);
	assert_int_equal(stpd_ctl_check("off br0", &member, &none, reply, 256), EPERM);
	assert_int_equal(stpd_ctl_check("reload", &user, &grp, reply, 256), EPERM);
	assert_string_equal(reply, "error 1 reload: refused: uid 1000 is not root and not in "
				   "group brkit\n");
	assert_int_equal(stpd_ctl_check("  \t ", &root, &none, reply, 256), EINVAL);
	assert_string_equal(reply, "error 22 empty request\n");
	assert_int_equal(stpd_ctl_check("frobnicate br0", &root, &none, reply, 256), EINVAL);
	assert_string_equal(reply, "error 22 unknown request 'frobnicate'\n");
	for (i = 0; i < 64; i++)
		strcat(many, " a");
	assert_int_equal(stpd_ctl_check(many, &root, &none, reply, 256), E2BIG);
	assert_string_equal(reply, "error 7 request has more than 64 words\n");
}

/* The IFLA_BR_STP_MODE request, byte for byte. */
static void test_stp_mode_request(void **state)
{
	uint8_t buf[256];
	size_t n;
	const struct nlmsghdr *nlh = (const void *)buf;
	const struct ifinfomsg *ifi;
	const uint8_t *a;

	(void)state;
	assert_int_equal(STPD_IFLA_BR_STP_MODE, IFLA_BR_MCAST_QUERIER_STATE + 3);
	assert_int_equal(stpd_mode_request(buf, 64, 1, 7, 1, 1), 0); /* too small */
	n = stpd_mode_request(buf, sizeof(buf), 42, 7, STPD_BR_STP_MODE_USER, 1);
	assert_int_equal(n, 16 + 16 + 4 + 12 + 4 + 8 + 8);
	assert_int_equal(nlh->nlmsg_len, n);
	assert_int_equal(nlh->nlmsg_type, RTM_NEWLINK);
	assert_int_equal(nlh->nlmsg_flags, NLM_F_REQUEST | NLM_F_ACK);
	assert_int_equal(nlh->nlmsg_seq, 42);
	ifi = (const void *)(buf + 16);
	assert_int_equal(ifi->ifi_family, AF_UNSPEC);
	assert_int_equal(ifi->ifi_index, 7);
	a = buf + 32;
	{
		static const uint8_t want[] = {
			/* IFLA_LINKINFO, nested, 4 + 12 + 4 + 8 + 8 */
			36,
			0,
			IFLA_LINKINFO | 0x00,
			0x80,
			/* IFLA_INFO_KIND "bridge\0" */
			11,
			0,
			IFLA_INFO_KIND,
			0,
			'b',
			'r',
			'i',
			'd',
			'g',
			'e',
			0,
			0,
			/* IFLA_INFO_DATA, nested */
			20,
			0,
			IFLA_INFO_DATA,
			0x80,
			/* IFLA_BR_STP_MODE (50) = 1 (user) */
			8,
			0,
			50,
			0,
			1,
			0,
			0,
			0,
			/* IFLA_BR_STP_STATE (5) = 1 */
			8,
			0,
			IFLA_BR_STP_STATE,
			0,
			1,
			0,
			0,
			0,
		};

		assert_memory_equal(a, want, sizeof(want));
	}
	/* the mode back to auto with STP off, in the same request */
	n = stpd_mode_request(buf, sizeof(buf), 43, 9, STPD_BR_STP_MODE_AUTO, 0);
	assert_int_equal(buf[32 + 28 + 4], STPD_BR_STP_MODE_AUTO);
	assert_int_equal(buf[32 + 36 + 4], 0);
	assert_string_equal(stpd_mode_name(STPD_MODE_NFT), "nftables");
	assert_string_equal(stpd_mode_name(STPD_MODE_HELPER), "bridge-stp");
	assert_string_equal(stpd_mode_name(STPD_MODE_STP_MODE), "stp_mode");
}

/* A generic netlink reply as the kernel writes it: @cmd, then what @fill adds. */
static size_t genl_reply(char *buf, uint16_t type, uint8_t cmd,
			 void (*fill)(struct nlmsghdr *nlh, int arg), int arg)
{
	struct nlmsghdr *nlh;
	struct genlmsghdr *g;

	memset(buf, 0, 512);
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = type;
	nlh->nlmsg_seq = 7;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = cmd;
	g->version = 1;
	if (fill)
		fill(nlh, arg);
	return nlh->nlmsg_len;
}

/* a LINKMODES reply: the header nest, autoneg, speed, then duplex @arg (-1: none) */
static void fill_linkmodes(struct nlmsghdr *nlh, int arg)
{
	struct nlattr *nest = mnl_attr_nest_start(nlh, ETHTOOL_A_LINKMODES_HEADER);

	mnl_attr_put_u32(nlh, ETHTOOL_A_HEADER_DEV_INDEX, 5);
	mnl_attr_put_strz(nlh, ETHTOOL_A_HEADER_DEV_NAME, "p-ab");
	mnl_attr_nest_end(nlh, nest);
	mnl_attr_put_u8(nlh, ETHTOOL_A_LINKMODES_AUTONEG, 0);
	mnl_attr_put_u32(nlh, ETHTOOL_A_LINKMODES_SPEED, 10000);
	if (arg >= 0)
		mnl_attr_put_u8(nlh, ETHTOOL_A_LINKMODES_DUPLEX, (uint8_t)arg);
}

static void fill_bad_duplex(struct nlmsghdr *nlh, int arg)
{
	(void)arg;
	mnl_attr_put_u32(nlh, ETHTOOL_A_LINKMODES_DUPLEX, 0); /* 4 octets, not 1 */
}

static void fill_family(struct nlmsghdr *nlh, int arg)
{
	struct nlattr *groups, *g;

	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, ETHTOOL_GENL_NAME);
	if (arg >= 0)
		mnl_attr_put_u16(nlh, CTRL_ATTR_FAMILY_ID, (uint16_t)arg);
	mnl_attr_put_u32(nlh, CTRL_ATTR_VERSION, 1);
	/* two groups, "monitor" second, as a family may list them */
	groups = mnl_attr_nest_start(nlh, CTRL_ATTR_MCAST_GROUPS);
	g = mnl_attr_nest_start(nlh, 1);
	mnl_attr_put_strz(nlh, CTRL_ATTR_MCAST_GRP_NAME, "other");
	mnl_attr_put_u32(nlh, CTRL_ATTR_MCAST_GRP_ID, 4);
	mnl_attr_nest_end(nlh, g);
	g = mnl_attr_nest_start(nlh, 2);
	mnl_attr_put_u32(nlh, CTRL_ATTR_MCAST_GRP_ID, 11);
	mnl_attr_put_strz(nlh, CTRL_ATTR_MCAST_GRP_NAME, ETHTOOL_MCGRP_MONITOR_NAME);
	mnl_attr_nest_end(nlh, g);
	mnl_attr_nest_end(nlh, groups);
}

/* ethtool netlink: the requests byte for byte where it matters, and every
 * shape of reply the duplex parser can meet */
static void test_ethtool_duplex(void **state)
{
	char buf[512];
	const struct nlmsghdr *nlh = (const struct nlmsghdr *)buf;
	const struct genlmsghdr *g;
	const struct nlattr *a, *in;
	size_t n;
	uint16_t id = 0;
	uint32_t group = 0;
	int duplex = -2, found = 0, ifindex = 0;

	(void)state;
	/* CTRL_CMD_GETFAMILY "ethtool" */
	n = stpd_genl_family_request(buf, sizeof(buf), 3);
	assert_int_equal(n, nlh->nlmsg_len);
	assert_int_equal(nlh->nlmsg_type, GENL_ID_CTRL);
	assert_int_equal(nlh->nlmsg_flags, NLM_F_REQUEST);
	assert_int_equal(nlh->nlmsg_seq, 3);
	g = mnl_nlmsg_get_payload(nlh);
	assert_int_equal(g->cmd, CTRL_CMD_GETFAMILY);
	a = mnl_nlmsg_get_payload_offset(nlh, sizeof(*g));
	assert_int_equal(mnl_attr_get_type(a), CTRL_ATTR_FAMILY_NAME);
	assert_string_equal(mnl_attr_get_str(a), "ethtool");
	assert_int_equal(stpd_genl_family_request(buf, 16, 3), 0);
	/* LINKMODES_GET for ifindex 9: the header nest with the index */
	n = stpd_ethtool_duplex_request(buf, sizeof(buf), 0x1d, 4, 9);
	assert_int_equal(n, nlh->nlmsg_len);
	assert_int_equal(nlh->nlmsg_type, 0x1d);
	g = mnl_nlmsg_get_payload(nlh);
	assert_int_equal(g->cmd, ETHTOOL_MSG_LINKMODES_GET);
	assert_int_equal(g->version, ETHTOOL_GENL_VERSION);
	a = mnl_nlmsg_get_payload_offset(nlh, sizeof(*g));
	assert_int_equal(mnl_attr_get_type(a) & NLA_TYPE_MASK, ETHTOOL_A_LINKMODES_HEADER);
	mnl_attr_for_each_nested(in, a) if (mnl_attr_get_type(in) == ETHTOOL_A_HEADER_DEV_INDEX)
	{
		assert_int_equal(mnl_attr_get_u32(in), 9);
		found++;
	}
	assert_int_equal(found, 1);
	assert_int_equal(stpd_ethtool_duplex_request(buf, 16, 0x1d, 4, 9), 0);

	/* the family id */
	n = genl_reply(buf, GENL_ID_CTRL, CTRL_CMD_NEWFAMILY, fill_family, 0x1d);
	assert_int_equal(stpd_genl_family_parse(buf, n, &id, &group), 0);
	assert_int_equal(id, 0x1d);
	assert_int_equal(group, 11);
	assert_int_equal(stpd_genl_family_parse(buf, n, &id, NULL), 0);
	n = genl_reply(buf, GENL_ID_CTRL, CTRL_CMD_NEWFAMILY, fill_family, -1);
	assert_int_equal(stpd_genl_family_parse(buf, n, &id, &group), -ENOENT);

	/* the monitor's LINKMODES notification: port and duplex */
	n = genl_reply(buf, 0x1d, ETHTOOL_MSG_LINKMODES_NTF, fill_linkmodes, DUPLEX_HALF);
	assert_int_equal(stpd_ethtool_duplex_ntf(buf, n, &ifindex, &duplex), 0);
	assert_int_equal(ifindex, 5);
	assert_int_equal(duplex, DUPLEX_HALF);
	n = genl_reply(buf, 0x1d, ETHTOOL_MSG_LINKMODES_NTF, fill_linkmodes, -1);
	assert_int_equal(stpd_ethtool_duplex_ntf(buf, n, &ifindex, &duplex), 0);
	assert_int_equal(duplex, DUPLEX_UNKNOWN);
	n = genl_reply(buf, 0x1d, ETHTOOL_MSG_LINKINFO_NTF, fill_linkmodes, DUPLEX_HALF);
	assert_int_equal(stpd_ethtool_duplex_ntf(buf, n, &ifindex, &duplex), -ENOENT);
	n = genl_reply(buf, 0x1d, ETHTOOL_MSG_LINKMODES_NTF, fill_bad_duplex, 0);
	assert_int_equal(stpd_ethtool_duplex_ntf(buf, n, &ifindex, &duplex), -EINVAL);

	/* full, half, unknown (veth and tap report full) */
	n = genl_reply(buf, 0x1d, ETHTOOL_MSG_LINKMODES_GET_REPLY, fill_linkmodes, DUPLEX_FULL);
	assert_int_equal(stpd_ethtool_duplex_parse(buf, n, &duplex), 0);
	assert_int_equal(duplex, DUPLEX_FULL);
	assert_true(stpd_duplex_p2p(duplex));
	n = genl_reply(buf, 0x1d, ETHTOOL_MSG_LINKMODES_GET_REPLY, fill_linkmodes, DUPLEX_HALF);
	assert_int_equal(stpd_ethtool_duplex_parse(buf, n, &duplex), 0);
	assert_int_equal(duplex, DUPLEX_HALF);
	assert_false(stpd_duplex_p2p(duplex));
	n = genl_reply(buf, 0x1d, ETHTOOL_MSG_LINKMODES_GET_REPLY, fill_linkmodes, DUPLEX_UNKNOWN);
	assert_int_equal(stpd_ethtool_duplex_parse(buf, n, &duplex), 0);
	assert_int_equal(duplex, DUPLEX_UNKNOWN);
	assert_true(stpd_duplex_p2p(duplex));
	/* no duplex attribute at all: unknown */
	n = genl_reply(buf, 0x1d, ETHTOOL_MSG_LINKMODES_GET_REPLY, fill_linkmodes, -1);
	duplex = -2;
	assert_int_equal(stpd_ethtool_duplex_parse(buf, n, &duplex), 0);
	assert_int_equal(duplex, DUPLEX_UNKNOWN);
	/* a duplex of the wrong size, another command, a cut message */
	n = genl_reply(buf, 0x1d, ETHTOOL_MSG_LINKMODES_GET_REPLY, fill_bad_duplex, 0);
	assert_int_equal(stpd_ethtool_duplex_parse(buf, n, &duplex), -EINVAL);
	n = genl_reply(buf, 0x1d, ETHTOOL_MSG_LINKINFO_GET_REPLY, fill_linkmodes, DUPLEX_HALF);
	assert_int_equal(stpd_ethtool_duplex_parse(buf, n, &duplex), -EINVAL);
	n = genl_reply(buf, 0x1d, ETHTOOL_MSG_LINKMODES_GET_REPLY, fill_linkmodes, DUPLEX_HALF);
	assert_int_equal(stpd_ethtool_duplex_parse(buf, n - 4, &duplex), -EINVAL);
	assert_int_equal(stpd_ethtool_duplex_parse(buf, 8, &duplex), -EINVAL);
	/* the kernel's error: a driver without link modes answers EOPNOTSUPP */
	{
		struct nlmsghdr *e = mnl_nlmsg_put_header(buf);
		struct nlmsgerr *err;

		e->nlmsg_type = NLMSG_ERROR;
		err = mnl_nlmsg_put_extra_header(e, sizeof(*err));
		err->error = -EOPNOTSUPP;
		assert_int_equal(stpd_ethtool_duplex_parse(buf, e->nlmsg_len, &duplex),
				 -EOPNOTSUPP);
		assert_int_equal(stpd_genl_family_parse(buf, e->nlmsg_len, &id, NULL), -EOPNOTSUPP);
		/* an error message too short to hold its error */
		assert_int_equal(stpd_ethtool_duplex_parse(buf, MNL_NLMSG_HDRLEN, &duplex),
				 -EINVAL);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bridge_settings),	 cmocka_unit_test(test_rules_settings),
		cmocka_unit_test(test_port_settings),	 cmocka_unit_test(test_conf),
		cmocka_unit_test(test_records),		 cmocka_unit_test(test_conf_group),
		cmocka_unit_test(test_ctl_frame),	 cmocka_unit_test(test_ctl_check),
		cmocka_unit_test(test_stp_mode_request), cmocka_unit_test(test_ethtool_duplex),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
