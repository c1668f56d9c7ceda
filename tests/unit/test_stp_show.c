// SPDX-License-Identifier: GPL-2.0-or-later
/* brkit stp's layouts for people (stp show's bridge block and port table,
 * stp trace's line and JSON) and the words the brctl, bridge and port verbs
 * send to brkit-stpd (their units converted, what it cannot take refused). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>
#include <json-c/json.h>
#include "cli/print.h"
#include "cli/show_bridge.h"
#include "cli/show_brctl.h"
#include "cli/show_stp.h"
#include "stp/bpdu.h"

static const char reply[] =
	"daemon netns=ns1 pid=42 ticks=7\n"
	"bridge name=br0 mode=nftables id=8000.00005e00530c root=8000.00005e00530a "
	"root_cost=2000 root_port=p-ca is_root=0 hello=2 maxage=20 fdelay=15 txholdcount=6 "
	"forcevers=rstp strict=0 rules=rising-cost,stale-info\n"
	"port bridge=br0 name=p-ca port_id=8002 role=root state=forwarding "
	"kernel_state=forwarding enabled=1 edge=0 p2p=1 cost=2000 priority=128 "
	"designated_root=8000.00005e00530a designated_cost=0 "
	"designated_bridge=8000.00005e00530a designated_port=8001 rx_rst=12 drop_too_short=0\n"
	"port bridge=br0 name=p-cb port_id=8001 role=alternate state=discarding "
	"kernel_state=listening enabled=1 edge=0 p2p=1 cost=2000 priority=128 "
	"designated_root=8000.00005e00530a designated_cost=2000 "
	"designated_bridge=8000.00005e00530b designated_port=8002 rx_rst=9 drop_too_short=0\n";

static char *show(bool detail)
{
	char *body = strdup(reply), *s = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&s, &n);

	assert_non_null(body);
	stp_fmt_show(f, body, detail);
	fclose(f);
	free(body);
	return s;
}

static void test_show_layout(void **state)
{
	char *s = show(false);

	(void)state;
	/* the daemon, a block for the bridge (two label/value pairs a line),
	 * then the port table */
	assert_non_null(strstr(s, "brkit-stpd pid 42, namespace ns1\n"));
	assert_non_null(
		strstr(s, "br0 (brkit-stpd, mode nftables)\n"
			  "  bridge id          8000.00005e00530c      designated root    "
			  "8000.00005e00530a\n"
			  "  root port          p-ca                   path cost          2000\n"
			  "  is root            no                     force protocol     rstp\n"));
	/* strict 802.1D and the rules in effect (issue 16) */
	assert_non_null(strstr(s,
			       "  ageing time        kernel's               strict 802.1D      no\n"
			       "  rules              rising-cost,stale-info\n"));
	assert_non_null(
		strstr(s, "\n  port            id    role        state       kernel      "));
	assert_non_null(strstr(s,
			       "  p-cb            8001  alternate   discarding  listening        "
			       "2000  8000.00005e00530b  8002   no    yes\n"));
	/* without -d, no counters */
	assert_null(strstr(s, "rx rst"));
	free(s);
}

static void test_show_detail(void **state)
{
	char *s = show(true);

	(void)state;
	/* the table, then a block per port with every field, counters too */
	assert_non_null(strstr(s, "\n  br0:p-ca\n"));
	assert_non_null(strstr(
		s,
		"\n  br0:p-cb\n    port id                8001                 role                   alternate\n"));
	assert_non_null(strstr(s, "rx rst                 9"));
	assert_true(strstr(s, "br0:p-ca") > strstr(s, "  p-cb            8001"));
	free(s);
}

/* port show / showstp -j: the daemon's role beside the state, only when given */
static void test_port_role(void **state)
{
	struct brkit_port_info pt = { .state = BRKIT_PORT_BLOCKING, .port_no = 2 };
	char *s = NULL;
	size_t n = 0;
	FILE *f;
	struct pr p;

	(void)state;
	snprintf(pt.ifname, sizeof(pt.ifname), "p-cb");
	f = open_memstream(&s, &n);
	pr_init(&p, f, true, false);
	show_port_role(&p, &pt, "br0", "alternate");
	pr_end(&p);
	fclose(f);
	assert_non_null(strstr(s, "\"state\":\"blocking\",\"role\":\"alternate\""));
	free(s);
	f = open_memstream(&s, &n);
	pr_init(&p, f, false, false);
	show_port_role(&p, &pt, "br0", "alternate");
	show_port(&p, &pt, "br0");
	fclose(f);
	assert_non_null(strstr(s, " state blocking role alternate "));
	assert_int_equal(strstr(strstr(s, "role") + 1, "role"), NULL);
	free(s);
}

/* brctl show: STP enabled yes for a bridge a daemon runs, whatever stp_state */
static void test_brctl_show_yes(void **state)
{
	struct brkit_bridge_info b = { 0 };
	char *s = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&s, &n);

	(void)state;
	snprintf(b.ifname, sizeof(b.ifname), "br0");
	brctl_fmt_show_bridge_stp(f, &b, true);
	brctl_fmt_show_bridge(f, &b);
	fclose(f);
	assert_string_equal(s, "br0\t\t0000.000000000000\tyes\t\t\n"
			       "br0\t\t0000.000000000000\tno\t\t\n");
	free(s);
}

static size_t frame(uint8_t *buf, enum stp_bpdu_type type, uint8_t flags)
{
	static const uint8_t src[6] = { 0x02, 0, 0x5e, 0, 0x53, 0x01 };
	struct stp_bpdu b = {
		.type = type,
		.version = type == STP_BPDU_RST ? 2 : 0,
		.flags = flags,
		.root_id = 0x800000005e00530aull,
		.root_path_cost = 2000,
		.bridge_id = 0x800000005e00530bull,
		.port_id = 0x8002,
		.message_age = 256,
		.max_age = 20 * 256,
		.hello_time = 2 * 256,
		.forward_delay = 15 * 256 + 128,
	};
	size_t n = stp_frame_encode(&b, src, buf, 64);

	assert_true(n > 0);
	return n;
}

static char *trace(bool json, bool out, const uint8_t *f, size_t n)
{
	struct timeval tv = { .tv_sec = 3600 * 5 + 60 * 4 + 3, .tv_usec = 250 };
	char *s = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&s, &len);

	stp_fmt_trace(m, json, &tv, "p-ab", out, f, n);
	fclose(m);
	return s;
}

static void test_trace_text(void **state)
{
	uint8_t buf[64];
	size_t n;
	char *s;

	(void)state;
	setenv("TZ", "UTC", 1);
	tzset();
	/* every flag: TC P R=Desig L F A TCA, in the bits' order */
	n = frame(buf, STP_BPDU_RST, 0xff);
	s = trace(false, true, buf, n);
	assert_string_equal(s, "05:04:03.000250 p-ab out RST v2 TC P R=Desig L F A TCA root "
			       "8000.00005e00530a cost 2000 bridge 8000.00005e00530b port 8002 "
			       "age 1s max 20s hello 2s fdelay 15.50s\n");
	free(s);
	/* an alternate's agreement, received */
	n = frame(buf, STP_BPDU_RST, STP_FLAG_AGREEMENT | (1 << STP_FLAG_ROLE_SHIFT));
	s = trace(false, false, buf, n);
	assert_non_null(strstr(s, " p-ab in RST v2 R=Alt A root "));
	free(s);
	/* a Configuration BPDU has TC and TCA only, no role */
	n = frame(buf, STP_BPDU_CONFIG, STP_FLAG_TC | STP_FLAG_TCA);
	s = trace(false, false, buf, n);
	assert_non_null(strstr(s, " p-ab in CONFIG v0 TC TCA root "));
	free(s);
	n = frame(buf, STP_BPDU_TCN, 0);
	s = trace(false, false, buf, n);
	assert_string_equal(s, "05:04:03.000250 p-ab in TCN v0\n");
	free(s);
	/* a frame cut short says so */
	s = trace(false, false, buf, 10);
	assert_non_null(strstr(s, " p-ab in malformed ("));
	free(s);
}

static void test_trace_json(void **state)
{
	json_object *o, *v;
	uint8_t buf[64];
	size_t n, i;
	char *s;

	(void)state;
	n = frame(buf, STP_BPDU_RST, STP_FLAG_PROPOSAL | (3 << STP_FLAG_ROLE_SHIFT));
	s = trace(true, true, buf, n);
	/* one object a line */
	for (n = 0, i = 0; s[i]; i++)
		n += s[i] == '\n';
	assert_int_equal(n, 1);
	assert_int_equal(s[strlen(s) - 1], '\n');
	o = json_tokener_parse(s);
	assert_non_null(o);
	assert_true(json_object_object_get_ex(o, "dev", &v));
	assert_string_equal(json_object_get_string(v), "p-ab");
	assert_true(json_object_object_get_ex(o, "dir", &v));
	assert_string_equal(json_object_get_string(v), "out");
	assert_true(json_object_object_get_ex(o, "type", &v));
	assert_string_equal(json_object_get_string(v), "RST");
	assert_true(json_object_object_get_ex(o, "proposal", &v));
	assert_true(json_object_get_boolean(v));
	assert_true(json_object_object_get_ex(o, "agreement", &v));
	assert_false(json_object_get_boolean(v));
	assert_true(json_object_object_get_ex(o, "role", &v));
	assert_string_equal(json_object_get_string(v), "Desig");
	assert_true(json_object_object_get_ex(o, "root", &v));
	assert_string_equal(json_object_get_string(v), "8000.00005e00530a");
	assert_true(json_object_object_get_ex(o, "port", &v));
	assert_string_equal(json_object_get_string(v), "8002");
	assert_true(json_object_object_get_ex(o, "forward_delay", &v));
	assert_true(json_object_get_double(v) == 15.5);
	assert_true(json_object_object_get_ex(o, "time", &v));
	assert_true(json_object_get_double(v) > 18243.0 && json_object_get_double(v) < 18243.001);
	json_object_put(o);
	free(s);
}

static void test_words_bridge(void **state)
{
	struct brkit_bridge_opts o = { 0 };
	char w[128], why[256];

	(void)state;
	o.mask = BRKIT_BR_PRIORITY | BRKIT_BR_FORWARD_DELAY | BRKIT_BR_HELLO_TIME |
		 BRKIT_BR_MAX_AGE | BRKIT_BR_AGEING_TIME;
	o.priority = 4096;
	o.forward_delay = 400;
	o.hello_time = 100;
	o.max_age = 1000;
	assert_int_equal(stpd_words_bridge(&o, w, sizeof(w), why, sizeof(why)), 0);
	assert_string_equal(w, "priority 4096 fdelay 4 hello 1 maxage 10");
	/* the kernel's part is left */
	assert_int_equal(o.mask, BRKIT_BR_AGEING_TIME);
	/* centiseconds the daemon cannot hold: refused, @o untouched */
	o.mask = BRKIT_BR_HELLO_TIME | BRKIT_BR_PRIORITY;
	o.hello_time = 150;
	assert_int_equal(stpd_words_bridge(&o, w, sizeof(w), why, sizeof(why)), -EINVAL);
	assert_non_null(strstr(why, "hello time 1.50 s: brkit-stpd takes whole seconds"));
	assert_int_equal(o.mask, BRKIT_BR_HELLO_TIME | BRKIT_BR_PRIORITY);
	/* nothing of the daemon's: no words */
	o.mask = BRKIT_BR_AGEING_TIME;
	assert_int_equal(stpd_words_bridge(&o, w, sizeof(w), why, sizeof(why)), 0);
	assert_string_equal(w, "");
}

static void test_words_port(void **state)
{
	struct brkit_port_opts o = { 0 };
	char w[128], why[256];

	(void)state;
	o.has_cost = o.has_priority = true;
	o.cost = 3000;
	o.priority = 32; /* the kernel's default is 802.1D's 128 */
	o.flags_mask = BRKIT_PF_GUARD | BRKIT_PF_PROTECT | BRKIT_PF_LEARNING;
	o.flags = BRKIT_PF_PROTECT | BRKIT_PF_LEARNING;
	assert_int_equal(stpd_words_port(&o, w, sizeof(w), why, sizeof(why)), 0);
	assert_string_equal(w, "cost 3000 priority 128 bpduguard 0 rootguard 1");
	assert_false(o.has_cost || o.has_priority);
	assert_int_equal(o.flags_mask, BRKIT_PF_LEARNING);
	assert_int_equal(o.flags, BRKIT_PF_LEARNING);
	memset(&o, 0, sizeof(o));
	o.has_priority = true;
	o.priority = 63;
	assert_int_equal(stpd_words_port(&o, w, sizeof(w), why, sizeof(why)), -EINVAL);
	assert_non_null(strstr(why, "port priority 63: brkit-stpd takes 802.1D's steps of 16"));
	assert_true(o.has_priority);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_show_layout),  cmocka_unit_test(test_show_detail),
		cmocka_unit_test(test_trace_text),   cmocka_unit_test(test_trace_json),
		cmocka_unit_test(test_words_bridge), cmocka_unit_test(test_words_port),
		cmocka_unit_test(test_port_role),    cmocka_unit_test(test_brctl_show_yes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
