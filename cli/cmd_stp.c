// SPDX-License-Identifier: GPL-2.0-or-later
/* brkit stp: talk to brkit-stpd (the control socket of the namespace), and
 * brkit stp trace (BPDUs captured with libpcap, decoded one a line). */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <net/if.h>
#include <pcap/pcap.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include "cli/cli.h"
#include "cli/print.h"
#include "cli/show_stp.h"
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

/* JSON members (the text layout is stp_fmt_show's) */
static void print_rec(struct pr *p, const struct stpd_rec *r, const char *indent)
{
	(void)indent;
	print_fields(p, r, 0);
}

static int stp_show(struct cli *c, int argc, char **argv)
{
	char req[STPD_MAX_REQ], *reply, *body, *line, *save = NULL;
	bool in_bridge = false, any_bridge = false, detail = false;
	struct pr p;
	int ret;

	if (argc >= 1 && !strcmp(argv[0], "-d")) {
		detail = true;
		argc--;
		argv++;
	}
	if (argc > 2)
		return cli_usage(c, "stp show: too many arguments (expected [-d] [BRIDGE [PORT]])");
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
	if (!c->json) {
		stp_fmt_show(c->out, body, detail);
		free(reply);
		return EXIT_OK;
	}
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

/* Whether brkit-stpd runs bridge @br: 1 yes, 0 no (or no daemon in the
 * namespace), -1 when asking failed (after printing why). */
int stp_daemon_runs(struct cli *c, const char *br)
{
	char req[64], *reply, *body;
	int ret;

	snprintf(req, sizeof(req), "show %s", br);
	ret = ask_q(c, req, &reply, &body, true);
	if (ret == -ENOENT)
		return 0;
	if (ret)
		return -1;
	free(reply);
	return 1;
}

/* brkit stp BR on|off, brctl's stp verb and bridge set stp_state: the daemon
 * when one runs in the namespace (on: it takes the bridge; off: when it runs
 * the bridge, it hands it back), kernel STP otherwise. Returns -1 when the
 * kernel decides. */
int stp_daemon_onoff(struct cli *c, const char *br, bool on)
{
	char req[64], *reply, *body;
	int ret;

	if (!on) {
		ret = stp_daemon_runs(c, br);
		if (ret < 0)
			return EXIT_FAIL;
		if (!ret)
			return -1;
	}
	snprintf(req, sizeof(req), "%s %s", on ? "on" : "off", br);
	ret = ask(c, req, &reply, &body);
	if (ret == -ENOENT)
		return -1;
	if (ret)
		return ret;
	free(reply);
	return EXIT_OK;
}

/* "set BR WORDS" / "port BR PORT WORDS": 0, or -1 with @why (naming brkit-stpd). */
static int daemon_set(struct cli *c, const char *br, const char *port, const char *words, char *why,
		      size_t wlen)
{
	char req[STPD_MAX_REQ], *reply = NULL;
	int ret;

	if (port)
		snprintf(req, sizeof(req), "port %s %s %s", br, port, words);
	else
		snprintf(req, sizeof(req), "set %s %s", br, words);
	ret = stp_daemon_request(c, req, &reply);
	if (ret == -EREMOTE && reply && !strncmp(reply, "error ", 6)) {
		char *msg = strchr(reply + 6, ' ');

		if (msg)
			msg[strcspn(msg, "\n")] = 0;
		snprintf(why, wlen, "brkit-stpd runs %s and refused: %s", br,
			 msg ? msg + 1 : "no reason given");
	} else if (ret == -ENOENT) {
		snprintf(why, wlen, "brkit-stpd stopped while asked to change %s", br);
	} else if (ret) {
		snprintf(why, wlen, "brkit-stpd runs %s: asking it failed: %s", br,
			 strerror(ret < 0 ? -ret : EIO));
	}
	free(reply);
	return ret ? -1 : 0;
}

/* Whether brkit-stpd runs BR: 1 yes, 0 no, -1 asking failed (WHY says so). */
static int route_runs(struct cli *c, const char *br, char *why, size_t wlen)
{
	int runs = stp_daemon_runs(c, br);

	if (runs < 0)
		snprintf(why, wlen, "asking brkit-stpd whether it runs %s failed", br);
	return runs < 0 ? -1 : runs > 0;
}

/* Send WORDS to the daemon that runs BR, or say why they cannot be (W, when
 * the conversion to its units failed: WERR). */
static int route_send(struct cli *c, const char *br, const char *dev, int werr, const char *words,
		      const char *w, char *why, size_t wlen)
{
	if (werr) {
		snprintf(why, wlen, "brkit-stpd runs %s: %s", br, w);
		return -1;
	}
	return daemon_set(c, br, dev, words, why, wlen);
}

/* The words functions take what they convert out of the options (the rest
 * stays for the kernel), so they run only once the daemon is known to run
 * the bridge. */
int stp_route_bridge(struct cli *c, const char *br, struct brkit_bridge_opts *o, char *why,
		     size_t wlen)
{
	const uint32_t stp =
		BRKIT_BR_PRIORITY | BRKIT_BR_FORWARD_DELAY | BRKIT_BR_HELLO_TIME | BRKIT_BR_MAX_AGE;
	char words[256], w[256] = "";
	int runs, werr;

	if (!(o->mask & stp))
		return 1;
	runs = route_runs(c, br, why, wlen);
	if (runs <= 0)
		return runs < 0 ? -1 : 1;
	werr = stpd_words_bridge(o, words, sizeof(words), w, sizeof(w));
	return route_send(c, br, NULL, werr, words, w, why, wlen);
}

int stp_route_port(struct cli *c, const char *br, const char *dev, struct brkit_port_opts *o,
		   char *why, size_t wlen)
{
	char words[256], w[256] = "";
	int runs, werr;

	if (!o->has_cost && !o->has_priority &&
	    !(o->flags_mask & (BRKIT_PF_GUARD | BRKIT_PF_PROTECT)))
		return 1;
	runs = route_runs(c, br, why, wlen);
	if (runs <= 0)
		return runs < 0 ? -1 : 1;
	werr = stpd_words_port(o, words, sizeof(words), w, sizeof(w));
	return route_send(c, br, dev, werr, words, w, why, wlen);
}

/* brkit-stpd's view of the bridges it runs, over the kernel's. */
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

static void fill_bridge(struct brkit_bridge_info *bi, const struct stpd_rec *r)
{
	size_t i;

	fill_id(&bi->bridge_id, stpd_rec_get(r, "id"));
	fill_id(&bi->designated_root, stpd_rec_get(r, "root"));
	bi->priority = (uint16_t)(bi->bridge_id.prio[0] << 8 | bi->bridge_id.prio[1]);
	bi->root_path_cost = (uint32_t)num(r, "root_cost");
	bi->max_age = (uint32_t)num(r, "maxage") * 100;
	bi->hello_time = (uint32_t)num(r, "hello") * 100;
	bi->forward_delay = (uint32_t)num(r, "fdelay") * 100;
	bi->root_port = 0;
	for (i = 0; i < bi->nports; i++)
		if (!strcmp(bi->ports[i].ifname, stpd_rec_get(r, "root_port") ?: ""))
			bi->root_port = bi->ports[i].port_no;
}

static void fill_port(struct brkit_port_info *p, const struct stpd_rec *r)
{
	const char *st = stpd_rec_get(r, "state") ?: "";

	p->port_id = (uint16_t)strtoul(stpd_rec_get(r, "port_id") ?: "0", NULL, 16);
	p->cost = (uint32_t)num(r, "cost");
	p->priority = (uint16_t)(num(r, "priority") / 4); /* the kernel's units */
	fill_id(&p->designated_root, stpd_rec_get(r, "designated_root"));
	fill_id(&p->designated_bridge, stpd_rec_get(r, "designated_bridge"));
	p->designated_cost = (uint32_t)num(r, "designated_cost");
	p->designated_port = (uint16_t)strtoul(stpd_rec_get(r, "designated_port") ?: "0", NULL, 16);
	/* the daemon's state, in the kernel's words (as under mstpd) */
	if (!num(r, "enabled"))
		p->state = BRKIT_PORT_DISABLED;
	else if (!strcmp(st, "forwarding"))
		p->state = BRKIT_PORT_FORWARDING;
	else if (!strcmp(st, "learning"))
		p->state = BRKIT_PORT_LEARNING;
	else
		p->state = BRKIT_PORT_BLOCKING;
}

const char *stp_by_kernel(const struct brkit_bridge_info *bi)
{
	return bi->stp_state == 1 ? "kernel" : bi->stp_state == 2 ? "user" : "none";
}

static const char *role_const(const char *r)
{
	static const char *const names[] = { "root", "designated", "alternate", "backup",
					     "disabled" };

	for (size_t i = 0; r && i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(r, names[i]))
			return names[i];
	return r ? "unknown" : NULL;
}

void stp_roles_free(const char ***roles, size_t n)
{
	for (size_t i = 0; roles && i < n; i++)
		free(roles[i]);
}

void stp_daemon_overlay(struct cli *c, struct brkit_bridge_list *l, const char **by)
{
	stp_daemon_overlay_roles(c, l, by, NULL);
}

void stp_daemon_overlay_roles(struct cli *c, struct brkit_bridge_list *l, const char **by,
			      const char ***roles)
{
	char *reply, *body, *line, *save = NULL;
	struct brkit_bridge_info *cur = NULL;
	const char **cur_roles = NULL;
	size_t i;

	for (i = 0; i < l->n; i++)
		by[i] = stp_by_kernel(&l->bridges[i]);
	if (!l->n || ask_q(c, "show", &reply, &body, true))
		return;
	for (line = strtok_r(body, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		struct stpd_rec r;
		const char *name;

		if (stpd_rec_parse(line, &r) || !(name = stpd_rec_get(&r, "name")))
			continue;
		if (!strcmp(r.kind, "bridge")) {
			cur = NULL;
			cur_roles = NULL;
			for (i = 0; i < l->n; i++)
				if (!strcmp(l->bridges[i].ifname, name)) {
					cur = &l->bridges[i];
					by[i] = "brkit-stpd";
					fill_bridge(cur, &r);
					if (roles && !roles[i] && cur->nports)
						roles[i] = calloc(cur->nports, sizeof(**roles));
					cur_roles = roles ? roles[i] : NULL;
				}
		} else if (!strcmp(r.kind, "port") && cur) {
			for (i = 0; i < cur->nports; i++)
				if (!strcmp(cur->ports[i].ifname, name)) {
					fill_port(&cur->ports[i], &r);
					if (cur_roles)
						cur_roles[i] = role_const(stpd_rec_get(&r, "role"));
				}
		}
	}
	free(reply);
}

/* ---- trace ---- */
static volatile sig_atomic_t trace_stop;

static void on_sigint(int sig)
{
	(void)sig;
	trace_stop = 1;
}

struct trace {
	struct cli *c;
	const char *dev;
	uint8_t mac[6]; /* the device's own address: a frame from it was sent */
	bool has_mac;
	unsigned long n, max;
	pcap_t *p;
};

static void trace_frame(u_char *arg, const struct pcap_pkthdr *h, const u_char *bytes)
{
	struct trace *t = (struct trace *)arg;
	bool out = t->has_mac && h->caplen >= 12 && !memcmp(bytes + 6, t->mac, 6);

	stp_fmt_trace(t->c->out, t->c->json, &h->ts, t->dev, out, bytes, h->caplen);
	fflush(t->c->out);
	if (t->max && ++t->n >= t->max)
		pcap_breakloop(t->p);
}

struct trace_open {
	const char *dev;
	uint8_t mac[6];
	bool has_mac;
	pcap_t *p;
	char err[PCAP_ERRBUF_SIZE + 64];
};

static int trace_open_in_ns(struct brkit *h, void *arg)
{
	struct trace_open *o = arg;
	struct bpf_program prog;
	struct ifreq ifr = { 0 };
	pcap_t *p;
	int fd;

	(void)h;
	/* the device's address, in its namespace: the direction of each frame */
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", o->dev);
	if (fd >= 0 && !ioctl(fd, SIOCGIFHWADDR, &ifr)) {
		memcpy(o->mac, ifr.ifr_hwaddr.sa_data, 6);
		o->has_mac = true;
	}
	if (fd >= 0)
		close(fd);
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
	t.dev = argv[0];
	memcpy(t.mac, o.mac, 6);
	t.has_mac = o.has_mac;
	ret = trace_loop(c, argv[0], &t);
	pcap_close(o.p);
	return ret;
}

void cmd_stp_usage(struct cli *c, FILE *f)
{
	(void)c;
	fputs("Usage: brkit stp BR on|off\n"
	      "       brkit [-j] stp show [-d] [BR [PORT]]\n"
	      "       brkit stp set BR forcevers stp|rstp | priority N | hello S | maxage S |\n"
	      "                        fdelay S | txholdcount N | ageing S | strict on|off |\n"
	      "                        rules safe|none|RULE[,RULE]...\n"
	      "       brkit stp port set BR PORT cost N | priority N | edge on|off | autoedge on|off |\n"
	      "                        p2p on|off|auto | bpduguard on|off | bpdufilter on|off |\n"
	      "                        rootguard on|off | restrtcn on|off | mcheck | enable\n"
	      "       brkit [-j] stp trace DEV [-c N]\n"
	      "  on hands BR to brkit-stpd when one runs in the namespace, kernel STP otherwise\n"
	      "  show -d adds every field and counter of each port\n"
	      "  strict on: 802.1D-2004 to the letter (rules none); off: brkit's rules (safe)\n"
	      "  RULE: agree-same-root aged-fdwhile rising-cost txhold-events stale-info\n"
	      "  trace: one line a BPDU (-j: one JSON object a line), in or out of DEV\n"
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
	if (argc == 2 && !strcmp(argv[1], "show")) /* stp BR show: as stp show BR */
		return stp_show(c, 1, argv);
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
