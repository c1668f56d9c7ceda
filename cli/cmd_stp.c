// SPDX-License-Identifier: GPL-2.0-or-later
/* brkit stp: talk to brkit-stpd (the control socket of the namespace), and
 * brkit stp trace (BPDUs captured with libpcap, decoded one a line). */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <pcap/pcap.h>
#include "cli/cli.h"
#include "cli/print.h"
#include "stp/bpdu.h"
#include "stpd/stpd.h"

/* Ask the daemon. Returns 0 and *reply (the records after "ok"), -ENOENT when
 * no daemon runs (nothing printed), or an exit status after printing. */
static int ask_q(struct cli *c, const char *req, char **reply, char **body, bool quiet);

static int ask(struct cli *c, const char *req, char **reply, char **body)
{
	return ask_q(c, req, reply, body, false);
}

/* @quiet: a refusal is not printed (-ENOENT), for showstp's fallback. */
static int ask_q(struct cli *c, const char *req, char **reply, char **body, bool quiet)
{
	struct stpd_call k = { .req = req };

	*reply = *body = NULL;
	if (stpd_call_daemon(c, &k))
		return EXIT_FAIL;
	if (k.err == -ECONNREFUSED || k.err == -ENOENT)
		return -ENOENT;
	if (k.err)
		return cli_failmsg(c, "brkit-stpd in %s: %s",
				   c->netns ? c->netns : "this namespace", strerror(-k.err));
	if (!strncmp(k.reply, "ok\n", 3)) {
		*reply = k.reply;
		*body = k.reply + 3;
		return 0;
	}
	if (quiet) {
		free(k.reply);
		return -ENOENT;
	}
	if (!strncmp(k.reply, "error ", 6)) {
		char *msg = strchr(k.reply + 6, ' ');

		if (msg)
			msg[strcspn(msg, "\n")] = 0;
		cli_failmsg(c, "%s", msg ? msg + 1 : "brkit-stpd refused");
	} else {
		cli_failmsg(c, "brkit-stpd: malformed reply");
	}
	free(k.reply);
	return EXIT_FAIL;
}

static int no_daemon(struct cli *c)
{
	return cli_failmsg(c, "no brkit-stpd runs in %s",
			   c->netns ? c->netns : "this network namespace");
}

static bool numeric(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

/* Fields that are always JSON strings whatever their digits: names and the
 * hex ids (a port id "8001" is as much a string as "f001"). */
static bool string_field(const char *key)
{
	static const char *const keys[] = {
		"name",
		"netns",
		"mode",
		"id",
		"root",
		"root_port",
		"port_id",
		"designated_root",
		"designated_bridge",
		"designated_port",
	};

	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (!strcmp(key, keys[i]))
			return true;
	return false;
}

static void print_fields(struct pr *p, const struct stpd_rec *r, unsigned int from)
{
	unsigned int i;

	for (i = from; i < r->n; i++) {
		if (!strcmp(r->key[i], "bridge") && !strcmp(r->kind, "port"))
			continue;
		if (!string_field(r->key[i]) && numeric(r->val[i]))
			pr_num(p, PR_ANY, r->key[i], " %s", r->val[i]);
		else
			pr_str(p, PR_ANY, r->key[i], " %s", r->val[i]);
	}
}

/* text: "key value key value"; JSON: members */
static void print_rec(struct pr *p, const struct stpd_rec *r, const char *indent)
{
	unsigned int i;

	if (pr_is_json(p)) {
		print_fields(p, r, 0);
		return;
	}
	pr_text(p, "%s%s %s", indent, r->kind, r->n ? r->val[0] : "");
	for (i = 1; i < r->n; i++) {
		if (!strcmp(r->key[i], "bridge") && !strcmp(r->kind, "port"))
			continue;
		pr_text(p, "%s%s %s", (i - 1) % 6 == 5 ? "\n    " : "  ", r->key[i], r->val[i]);
	}
	pr_text(p, "\n");
}

static int stp_show(struct cli *c, int argc, char **argv)
{
	char req[STPD_MAX_REQ], *reply, *body, *line, *save = NULL;
	bool in_bridge = false, any_bridge = false;
	struct pr p;
	int ret;

	if (argc > 2)
		return cli_usage(c, "stp show: too many arguments (expected [BRIDGE [PORT]])");
	if (argc >= 1 && cli_check_ifname(c, "bridge", argv[0]))
		return EXIT_USAGE;
	if (argc == 2 && cli_check_ifname(c, "port", argv[1]))
		return EXIT_USAGE;
	snprintf(req, sizeof(req), "show%s%s%s%s", argc ? " " : "", argc ? argv[0] : "",
		 argc > 1 ? " " : "", argc > 1 ? argv[1] : "");
	ret = ask(c, req, &reply, &body);
	if (ret == -ENOENT)
		return no_daemon(c);
	if (ret)
		return ret;
	pr_init(&p, c->out, c->json, c->pretty);
	pr_open_obj(&p, NULL);
	for (line = strtok_r(body, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		struct stpd_rec r;

		if (stpd_rec_parse(line, &r))
			continue;
		if (!strcmp(r.kind, "daemon")) {
			pr_open_obj(&p, "daemon");
			print_rec(&p, &r, "");
			pr_close_obj(&p);
			pr_open_arr(&p, "bridges");
		} else if (!strcmp(r.kind, "bridge")) {
			if (in_bridge) {
				pr_close_arr(&p);
				pr_close_obj(&p);
			}
			pr_open_obj(&p, NULL);
			print_rec(&p, &r, "");
			pr_open_arr(&p, "ports");
			in_bridge = any_bridge = true;
		} else if (!strcmp(r.kind, "port")) {
			pr_open_obj(&p, NULL);
			print_rec(&p, &r, "  ");
			pr_close_obj(&p);
		}
	}
	if (in_bridge) {
		pr_close_arr(&p);
		pr_close_obj(&p);
	}
	(void)any_bridge;
	pr_close_arr(&p);
	pr_close_obj(&p);
	pr_end(&p);
	free(reply);
	return EXIT_OK;
}

/* set BR ... / port set BR PORT ...: checked here first (exit 2, nothing sent). */
static int stp_change(struct cli *c, bool port, int argc, char **argv)
{
	struct stpd_opts o = { .port = port };
	char why[256], req[STPD_MAX_REQ + 64], words[STPD_MAX_REQ], *reply, *body;
	int first = port ? 2 : 1, ret;

	if (argc < first + 1)
		return cli_usage(c, port ? "stp port set BRIDGE PORT SETTING [VALUE]..."
					 : "stp set BRIDGE SETTING VALUE...");
	if (cli_check_ifname(c, "bridge", argv[0]) ||
	    (port && cli_check_ifname(c, "port", argv[1])))
		return EXIT_USAGE;
	if (stpd_opts_parse(&o, argc - first, argv + first, why, sizeof(why)))
		return cli_usage(c, "stp %sset %s%s%s: %s", port ? "port " : "", argv[0],
				 port ? " " : "", port ? argv[1] : "", why);
	if (!port && (o.mask & (1u << STPD_B_STP)))
		return cli_usage(c, "stp set %s: use 'brkit stp %s on|off'", argv[0], argv[0]);
	stpd_opts_format(&o, words, sizeof(words));
	if (port)
		snprintf(req, sizeof(req), "port %s %s %s", argv[0], argv[1], words);
	else
		snprintf(req, sizeof(req), "set %s %s", argv[0], words);
	ret = ask(c, req, &reply, &body);
	if (ret == -ENOENT)
		return no_daemon(c);
	if (ret)
		return ret;
	free(reply);
	return EXIT_OK;
}

/* brkit stp BR on|off, and brctl's stp verb: the daemon when one runs in the
 * namespace, kernel STP otherwise. Returns -1 when no daemon runs. */
int stp_daemon_onoff(struct cli *c, const char *br, bool on)
{
	char req[64], *reply, *body;
	int ret;

	snprintf(req, sizeof(req), "%s %s", on ? "on" : "off", br);
	ret = ask(c, req, &reply, &body);
	if (ret == -ENOENT)
		return -1;
	if (ret)
		return ret;
	free(reply);
	return EXIT_OK;
}

/* Fill brctl showstp's bridge (and its ports) from the daemon when it runs it. */
static void fill_id(struct brkit_bridge_id *id, const char *s)
{
	unsigned int prio, b[6];

	if (s && sscanf(s, "%4x.%2x%2x%2x%2x%2x%2x", &prio, &b[0], &b[1], &b[2], &b[3], &b[4],
			&b[5]) == 7) {
		id->prio[0] = (uint8_t)(prio >> 8);
		id->prio[1] = (uint8_t)prio;
		for (int i = 0; i < 6; i++)
			id->addr[i] = (uint8_t)b[i];
	}
}

static unsigned long num(const struct stpd_rec *r, const char *k)
{
	const char *v = stpd_rec_get(r, k);

	return v ? strtoul(v, NULL, 0) : 0;
}

int stp_daemon_fill(struct cli *c, struct brkit_bridge_info *bi)
{
	char req[64], *reply, *body, *line, *save = NULL;
	int ret;

	snprintf(req, sizeof(req), "show %s", bi->ifname);
	ret = ask_q(c, req, &reply, &body, true);
	if (ret)
		return -1;
	for (line = strtok_r(body, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		struct stpd_rec r;
		const char *name;

		if (stpd_rec_parse(line, &r))
			continue;
		name = stpd_rec_get(&r, "name");
		if (!strcmp(r.kind, "bridge")) {
			fill_id(&bi->bridge_id, stpd_rec_get(&r, "id"));
			fill_id(&bi->designated_root, stpd_rec_get(&r, "root"));
			bi->root_path_cost = (uint32_t)num(&r, "root_cost");
			bi->max_age = (uint32_t)num(&r, "maxage") * 100;
			bi->hello_time = (uint32_t)num(&r, "hello") * 100;
			bi->forward_delay = (uint32_t)num(&r, "fdelay") * 100;
			bi->root_port = 0;
			for (size_t i = 0; i < bi->nports; i++)
				if (!strcmp(bi->ports[i].ifname,
					    stpd_rec_get(&r, "root_port") ?: ""))
					bi->root_port = bi->ports[i].port_no;
		} else if (!strcmp(r.kind, "port") && name) {
			for (size_t i = 0; i < bi->nports; i++) {
				struct brkit_port_info *p = &bi->ports[i];

				if (strcmp(p->ifname, name))
					continue;
				p->port_id = (uint16_t)strtoul(stpd_rec_get(&r, "port_id") ?: "0",
							       NULL, 16);
				p->cost = (uint32_t)num(&r, "cost");
				fill_id(&p->designated_root, stpd_rec_get(&r, "designated_root"));
				fill_id(&p->designated_bridge,
					stpd_rec_get(&r, "designated_bridge"));
				p->designated_cost = (uint32_t)num(&r, "designated_cost");
				p->designated_port = (uint16_t)strtoul(
					stpd_rec_get(&r, "designated_port") ?: "0", NULL, 16);
			}
		}
	}
	free(reply);
	return 0;
}

/* ---- trace ---- */
static volatile sig_atomic_t trace_stop;

static void on_sigint(int sig)
{
	(void)sig;
	trace_stop = 1;
}

static void id_str(uint64_t id, char buf[24])
{
	snprintf(buf, 24, "%04x.%012llx", (unsigned int)(id >> 48),
		 (unsigned long long)(id & 0xffffffffffffull));
}

struct trace {
	struct cli *c;
	unsigned long n, max;
	pcap_t *p;
};

static void trace_frame(u_char *arg, const struct pcap_pkthdr *h, const u_char *bytes)
{
	struct trace *t = (struct trace *)arg;
	struct stp_bpdu b;
	enum stp_drop_reason r = stp_frame_decode(bytes, h->caplen, &b);
	char root[24], br[24];
	FILE *f = t->c->out;

	fprintf(f, "%ld.%06ld ", (long)h->ts.tv_sec, (long)h->ts.tv_usec);
	if (r != STP_DROP_NONE) {
		fprintf(f, "malformed (%s), %u bytes\n", stp_drop_reason_name(r), h->caplen);
	} else if (b.type == STP_BPDU_TCN) {
		fprintf(f, "TCN v%u\n", b.version);
	} else {
		id_str(b.root_id, root);
		id_str(b.bridge_id, br);
		fprintf(f,
			"%s v%u flags 0x%02x%s%s%s%s root %s cost %u bridge %s port %04x age %.2f max %.2f hello %.2f fdelay %.2f\n",
			b.type == STP_BPDU_CONFIG ? "CONFIG"
			: b.version >= 3	  ? "MST"
						  : "RST",
			b.version, b.flags, b.flags & STP_FLAG_TC ? " tc" : "",
			b.flags & STP_FLAG_PROPOSAL ? " proposal" : "",
			b.flags & STP_FLAG_AGREEMENT ? " agreement" : "",
			b.flags & STP_FLAG_TCA ? " tca" : "", root, b.root_path_cost, br, b.port_id,
			b.message_age / 256.0, b.max_age / 256.0, b.hello_time / 256.0,
			b.forward_delay / 256.0);
	}
	fflush(f);
	if (t->max && ++t->n >= t->max)
		pcap_breakloop(t->p);
}

struct trace_open {
	const char *dev;
	pcap_t *p;
	char err[PCAP_ERRBUF_SIZE + 64];
};

static int trace_open_in_ns(struct brkit *h, void *arg)
{
	struct trace_open *o = arg;
	struct bpf_program prog;
	pcap_t *p;

	(void)h;
	p = pcap_create(o->dev, o->err);
	if (!p)
		return -1;
	pcap_set_snaplen(p, 256);
	pcap_set_buffer_size(p, 65536);
	pcap_set_immediate_mode(p, 1);
	if (pcap_activate(p) < 0 ||
	    pcap_compile(p, &prog, "ether dst 01:80:c2:00:00:00", 1, PCAP_NETMASK_UNKNOWN) < 0 ||
	    pcap_setfilter(p, &prog) < 0) {
		snprintf(o->err, sizeof(o->err), "%s", pcap_geterr(p));
		pcap_close(p);
		return -1;
	}
	pcap_freecode(&prog);
	o->p = p;
	return 0;
}

/* Non-blocking capture, waiting in ppoll with SIGINT and SIGTERM blocked
 * everywhere else: a signal arriving before the wait wakes it at once, so the
 * trace stops promptly even on a device that never sees a BPDU. */
static int trace_loop(struct cli *c, const char *dev, struct trace *t)
{
	struct sigaction sa = { .sa_handler = on_sigint }, oint, oterm;
	sigset_t block, orig;
	struct pollfd pfd = { .events = POLLIN };
	int ret = EXIT_OK;

	pfd.fd = pcap_get_selectable_fd(t->p);
	if (pfd.fd < 0 || pcap_setnonblock(t->p, 1, NULL) < 0)
		return cli_failmsg(c, "stp trace %s: cannot wait for frames: %s", dev,
				   pcap_geterr(t->p));
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigprocmask(SIG_BLOCK, &block, &orig);
	sigaction(SIGINT, &sa, &oint); /* no SA_RESTART: ppoll returns EINTR */
	sigaction(SIGTERM, &sa, &oterm);
	while (!trace_stop && (!t->max || t->n < t->max)) {
		int r = ppoll(&pfd, 1, NULL, &orig);

		if (r < 0 && errno != EINTR) {
			ret = cli_failmsg(c, "stp trace %s: poll: %s", dev, strerror(errno));
			break;
		}
		if (r <= 0)
			continue;
		r = pcap_dispatch(t->p, -1, trace_frame, (u_char *)t);
		if (r == PCAP_ERROR_BREAK)
			break;
		if (r < 0) {
			ret = cli_failmsg(c, "stp trace %s: %s", dev, pcap_geterr(t->p));
			break;
		}
	}
	sigaction(SIGINT, &oint, NULL);
	sigaction(SIGTERM, &oterm, NULL);
	sigprocmask(SIG_SETMASK, &orig, NULL);
	return ret;
}

static int stp_trace(struct cli *c, int argc, char **argv)
{
	struct trace_open o = { 0 };
	struct trace t = { .c = c };
	unsigned long n;
	int ret;

	if (argc != 1 && argc != 3)
		return cli_usage(c, "stp trace DEV [-c N]");
	if (cli_check_ifname(c, "device", argv[0]))
		return EXIT_USAGE;
	if (argc == 3) {
		if (strcmp(argv[1], "-c") || cli_parse_uint(argv[2], 1, 100000000, &n))
			return cli_usage(c, "stp trace %s: expected -c N (1 or more), not '%s %s'",
					 argv[0], argv[1], argv[2]);
		t.max = n;
	}
	o.dev = argv[0];
	if (c->netns) {
		if (!cli_handle(c))
			return EXIT_FAIL;
		brkit_in_netns(c->h, trace_open_in_ns, &o);
	} else {
		trace_open_in_ns(NULL, &o);
	}
	if (!o.p)
		return cli_failmsg(c, "stp trace %s: %s", argv[0], o.err);
	t.p = o.p;
	ret = trace_loop(c, argv[0], &t);
	pcap_close(o.p);
	return ret;
}

void cmd_stp_usage(struct cli *c, FILE *f)
{
	(void)c;
	fputs("Usage: brkit stp BR on|off\n"
	      "       brkit [-j] stp show [BR [PORT]]\n"
	      "       brkit stp set BR forcevers stp|rstp | priority N | hello S | maxage S |\n"
	      "                        fdelay S | txholdcount N | ageing S\n"
	      "       brkit stp port set BR PORT cost N | priority N | edge on|off | autoedge on|off |\n"
	      "                        p2p on|off|auto | bpduguard on|off | bpdufilter on|off |\n"
	      "                        rootguard on|off | restrtcn on|off | mcheck | enable\n"
	      "       brkit stp trace DEV [-c N]\n"
	      "  on hands BR to brkit-stpd when one runs in the namespace, kernel STP otherwise\n"
	      "  trace stops after N BPDUs or at SIGINT/SIGTERM (Ctrl-C), exit status 0 either way\n",
	      f);
}

int cmd_stp(struct cli *c, int argc, char **argv)
{
	if (argc < 1) {
		cmd_stp_usage(c, c->err);
		return cli_usage(c, "stp: expected BRIDGE on|off, show, set, port set or trace");
	}
	if (!strcmp(argv[0], "show"))
		return stp_show(c, argc - 1, argv + 1);
	if (!strcmp(argv[0], "set"))
		return stp_change(c, false, argc - 1, argv + 1);
	if (!strcmp(argv[0], "port")) {
		if (argc < 2 || strcmp(argv[1], "set"))
			return cli_usage(c,
					 "stp port: expected 'set BRIDGE PORT SETTING [VALUE]...'");
		return stp_change(c, true, argc - 2, argv + 2);
	}
	if (!strcmp(argv[0], "trace"))
		return stp_trace(c, argc - 1, argv + 1);
	if (argc == 2) { /* brctl's verb, with its words and its hand-over to the daemon */
		char *verb[] = { "stp", argv[0], argv[1], NULL };

		return cmd_brctl(c, 3, verb);
	}
	if (argc == 1)
		return cli_usage(c, "stp %s: on or off expected", argv[0]);
	cmd_stp_usage(c, c->err);
	return cli_usage(c,
			 "stp: unknown command '%s' (expected BRIDGE on|off, show, set, "
			 "port set or trace)",
			 argv[0]);
}
