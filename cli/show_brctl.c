// SPDX-License-Identifier: GPL-2.0-or-later
/* bridge-utils 1.7's output formats: `brctl show` and `brctl showstp`, byte
 * for byte, and the name order every bridge and port listing uses. */
#include <stdlib.h>
#include <string.h>
#include "cli/show_brctl.h"

void brctl_fmt_timer(FILE *f, uint64_t cs)
{
	fprintf(f, "%4i.%.2i", (int)(cs / 100), (int)(cs % 100));
}

static void fmt_id(FILE *f, const struct brkit_bridge_id *id)
{
	char buf[18];

	brkit_bridge_id_str(id, buf);
	fputs(buf, f);
}

static int port_cmp(const void *a, const void *b)
{
	return strcmp(((const struct brkit_port_info *)a)->ifname,
		      ((const struct brkit_port_info *)b)->ifname);
}

static int bridge_cmp(const void *a, const void *b)
{
	return strcmp(((const struct brkit_bridge_info *)a)->ifname,
		      ((const struct brkit_bridge_info *)b)->ifname);
}

void brctl_sort(struct brkit_bridge_list *l)
{
	size_t i;

	if (l->n > 1)
		qsort(l->bridges, l->n, sizeof(*l->bridges), bridge_cmp);
	for (i = 0; i < l->n; i++)
		if (l->bridges[i].nports > 1)
			qsort(l->bridges[i].ports, l->bridges[i].nports,
			      sizeof(*l->bridges[i].ports), port_cmp);
}

void brctl_fmt_show_header(FILE *f)
{
	fputs("bridge name\tbridge id\t\tSTP enabled\tinterfaces\n", f);
}

void brctl_fmt_show_bridge(FILE *f, const struct brkit_bridge_info *b)
{
	brctl_fmt_show_bridge_stp(f, b, b->stp_state != 0);
}

void brctl_fmt_show_bridge_stp(FILE *f, const struct brkit_bridge_info *b, bool stp)
{
	size_t i;

	fprintf(f, "%s\t\t", b->ifname);
	fmt_id(f, &b->bridge_id);
	fprintf(f, "\t%s\t\t", stp ? "yes" : "no");
	for (i = 0; i < b->nports; i++) {
		if (i)
			fputs("\n\t\t\t\t\t\t\t", f);
		fputs(b->ports[i].ifname, f);
	}
	fputc('\n', f);
}

static void fmt_port_stp(FILE *f, const struct brkit_port_info *p)
{
	fprintf(f, "%s (%d)\n", p->ifname, p->port_no);
	fprintf(f, " port id\t\t%.4x\t\t\t", p->port_id);
	fprintf(f, "state\t\t%15s\n",
		p->state <= BRKIT_PORT_BLOCKING ? brkit_port_state_name(p->state)
						: "<INVALID STATE>");
	fputs(" designated root\t", f);
	fmt_id(f, &p->designated_root);
	fprintf(f, "\tpath cost\t\t%4i\n", (int)p->cost);
	fputs(" designated bridge\t", f);
	fmt_id(f, &p->designated_bridge);
	fputs("\tmessage age timer\t", f);
	brctl_fmt_timer(f, p->message_age_timer);
	fprintf(f, "\n designated port\t%.4x", p->designated_port);
	fputs("\t\t\tforward delay timer\t", f);
	brctl_fmt_timer(f, p->forward_delay_timer);
	fprintf(f, "\n designated cost\t%4i", (int)p->designated_cost);
	fputs("\t\t\thold timer\t\t", f);
	brctl_fmt_timer(f, p->hold_timer);
	fputs("\n flags\t\t\t", f);
	if (p->config_pending)
		fputs("CONFIG_PENDING ", f);
	if (p->topology_change_ack)
		fputs("TOPOLOGY_CHANGE_ACK ", f);
	if (p->flags & BRKIT_PF_HAIRPIN)
		fprintf(f, "\n hairpin mode\t\t%4i", 1);
	fputs("\n\n", f);
}

void brctl_fmt_showstp(FILE *f, const struct brkit_bridge_info *b)
{
	size_t i;

	fprintf(f, "%s\n", b->ifname);
	fputs(" bridge id\t\t", f);
	fmt_id(f, &b->bridge_id);
	fputs("\n designated root\t", f);
	fmt_id(f, &b->designated_root);
	fprintf(f, "\n root port\t\t%4i\t\t\t", b->root_port);
	fprintf(f, "path cost\t\t%4i\n", (int)b->root_path_cost);
	/* The kernel keeps one value of each (sysfs and netlink show the same),
	 * so brctl prints it twice. */
	fputs(" max age\t\t", f);
	brctl_fmt_timer(f, b->max_age);
	fputs("\t\t\tbridge max age\t\t", f);
	brctl_fmt_timer(f, b->max_age);
	fputs("\n hello time\t\t", f);
	brctl_fmt_timer(f, b->hello_time);
	fputs("\t\t\tbridge hello time\t", f);
	brctl_fmt_timer(f, b->hello_time);
	fputs("\n forward delay\t\t", f);
	brctl_fmt_timer(f, b->forward_delay);
	fputs("\t\t\tbridge forward delay\t", f);
	brctl_fmt_timer(f, b->forward_delay);
	fputs("\n ageing time\t\t", f);
	brctl_fmt_timer(f, b->ageing_time);
	fputs("\n hello timer\t\t", f);
	brctl_fmt_timer(f, b->hello_timer);
	fputs("\t\t\ttcn timer\t\t", f);
	brctl_fmt_timer(f, b->tcn_timer);
	fputs("\n topology change timer\t", f);
	brctl_fmt_timer(f, b->topology_change_timer);
	fputs("\t\t\tgc timer\t\t", f);
	brctl_fmt_timer(f, b->gc_timer);
	fputs("\n flags\t\t\t", f);
	if (b->topology_change)
		fputs("TOPOLOGY_CHANGE ", f);
	if (b->topology_change_detected)
		fputs("TOPOLOGY_CHANGE_DETECTED ", f);
	fputs("\n\n\n", f);
	for (i = 0; i < b->nports; i++)
		fmt_port_stp(f, &b->ports[i]);
}
