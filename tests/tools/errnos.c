// SPDX-License-Identifier: GPL-2.0-or-later
/* Calls each library module on the wrong object and prints the errno it
 * returns, one "LABEL ENAME" line each, for tests/netns/errno.sh (which
 * holds the expected table, brkit.h's). Usage: errnos NETNS
 * The namespace holds bridge br0 with port p-a, and p-b in no bridge. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <linux/neighbour.h>
#include <brkit/brkit.h>

static void show(const char *label, int err)
{
	printf("%s %s\n", label, err < 0 ? strerrorname_np(-err) : err ? "positive" : "0");
}

static int ifindex(struct brkit *h, const char *name)
{
	struct brkit_link l;

	return brkit_link_get(h, name, &l) ? 0 : l.ifindex;
}

static int fdb_change(struct brkit *h, enum brkit_fdb_op op, const char *dev, uint8_t flags)
{
	struct brkit_fdb_spec s = { .op = op, .mac = { 2, 0, 0, 0, 0x0e, 1 }, .flags = flags };

	snprintf(s.dev, sizeof(s.dev), "%s", dev);
	return brkit_fdb_apply(h, &s);
}

int main(int argc, char **argv)
{
	static const struct brkit_mdb_ops mops = { 0 };
	struct brkit_mdb_spec ms;
	const uint8_t mac[6] = { 2, 0, 0, 0, 0x0e, 1 };
	struct brkit_bridge_list bl;
	struct brkit_port_info pi;
	struct brkit_port_opts po = { .has_cost = true, .cost = 7 };
	struct brkit_tap t = { .name = "t-e%d" };
	struct brkit_vxlan_cfg vc;
	struct brkit_vxlan_info vi;
	struct brkit_fdb_entry fe;
	struct brkit_fdb_filter ff = { 0 };
	struct brkit_fdb_mac *m;
	size_t n;
	struct brkit *h;
	int err;

	if (argc != 2)
		return 2;
	err = brkit_open(&h, argv[1]);
	if (err) {
		fprintf(stderr, "open %s: %s\n", argv[1], strerror(-err));
		return 1;
	}
	/* bridge */
	show("bridge_del-absent", brkit_bridge_del(h, "nope0"));
	show("bridge_del-not-bridge", brkit_bridge_del(h, "p-a"));
	show("bridge_addif-not-bridge", brkit_bridge_addif(h, "p-a", "p-b"));
	show("bridge_addif-absent-dev", brkit_bridge_addif(h, "br0", "nope0"));
	show("bridge_delif-not-port", brkit_bridge_delif(h, "br0", "p-b"));
	show("port_set-not-port", brkit_port_set(h, "br0", "p-b", &po));
	show("port_get-not-port", brkit_port_get(h, "p-b", &pi));
	show("port_get-absent", brkit_port_get(h, "nope0", &pi));
	err = brkit_bridge_list(h, "p-a", &bl);
	show("bridge_list-not-bridge", err);
	if (!err)
		brkit_bridge_list_free(&bl);
	err = brkit_bridge_list(h, "nope0", &bl);
	show("bridge_list-absent", err);
	if (!err)
		brkit_bridge_list_free(&bl);
	/* tap */
	t.bridge = "p-a";
	show("tap_add-not-bridge", brkit_tap_add(h, &t));
	t.bridge = "nope0";
	show("tap_add-absent-bridge", brkit_tap_add(h, &t));
	show("tap_del-not-tap", brkit_tap_del(h, "p-a"));
	show("tap_del-absent", brkit_tap_del(h, "nope0"));
	/* vlan (this kernel may lack VLAN filtering: a port is checked first) */
	show("vlan_add-not-port", brkit_vlan_add(h, "p-b", 10, 10, 0, BRKIT_VLAN_AUTO));
	show("vlan_add-absent", brkit_vlan_add(h, "nope0", 10, 10, 0, BRKIT_VLAN_AUTO));
	show("vlan_check-port", brkit_vlan_check(h, "p-a", NULL));
	/* vxlan */
	show("vxlan_del-not-vxlan", brkit_vxlan_del(h, "p-a"));
	show("vxlan_del-absent", brkit_vxlan_del(h, "nope0"));
	show("vxlan_get-not-vxlan", brkit_vxlan_get(h, "p-a", &vi));
	brkit_vxlan_cfg_init(&vc, "vx-e", 5);
	vc.bridge = "p-a";
	show("vxlan_add-not-bridge", brkit_vxlan_add(h, &vc));
	vc.bridge = "nope0";
	show("vxlan_add-absent-bridge", brkit_vxlan_add(h, &vc));
	/* fdb */
	show("fdb_add-not-port", fdb_change(h, BRKIT_FDB_ADD, "p-b", 0));
	show("fdb_add-master-not-port", fdb_change(h, BRKIT_FDB_ADD, "p-b", NTF_MASTER | NTF_SELF));
	show("fdb_add-absent", fdb_change(h, BRKIT_FDB_ADD, "nope0", 0));
	show("fdb_del-no-entry", fdb_change(h, BRKIT_FDB_DEL, "p-a", 0));
	show("fdb_get-not-bridge", brkit_fdb_get(h, "p-a", mac, 0, &fe));
	show("fdb_get-no-entry", brkit_fdb_get(h, "br0", mac, 0, &fe));
	err = brkit_fdb_macs(h, "p-a", &m, &n);
	show("fdb_macs-not-bridge", err);
	ff.br = ifindex(h, "p-a");
	show("fdb_flush-br-not-bridge", brkit_fdb_flush(h, &ff));
	ff.br = ifindex(h, "br0");
	ff.dev = ifindex(h, "p-b");
	show("fdb_flush-not-port-of", brkit_fdb_flush(h, &ff));
	ff.br = 0;
	show("fdb_flush-dev-not-port", brkit_fdb_flush(h, &ff));
	/* mdb */
	memset(&ms, 0, sizeof(ms));
	ms.op = BRKIT_MDB_ADD;
	ms.family = AF_INET;
	memcpy(ms.grp, "\xe9\xfc\x00\x01", 4); /* 233.252.0.1 */
	ms.permanent = true;
	snprintf(ms.dev, sizeof(ms.dev), "nope0");
	snprintf(ms.port, sizeof(ms.port), "p-a");
	show("mdb_add-absent", brkit_mdb_apply(h, &ms));
	snprintf(ms.dev, sizeof(ms.dev), "p-a");
	show("mdb_add-not-bridge", brkit_mdb_apply(h, &ms));
	snprintf(ms.dev, sizeof(ms.dev), "br0");
	snprintf(ms.port, sizeof(ms.port), "p-b");
	show("mdb_add-not-port", brkit_mdb_apply(h, &ms));
	snprintf(ms.port, sizeof(ms.port), "p-a");
	ms.op = BRKIT_MDB_DEL;
	show("mdb_del-no-entry", brkit_mdb_apply(h, &ms));
	snprintf(ms.dev, sizeof(ms.dev), "p-a");
	show("mdb_get-not-bridge", brkit_mdb_get(h, &ms, &mops, NULL));
	snprintf(ms.dev, sizeof(ms.dev), "br0");
	err = brkit_mdb_get(h, &ms, &mops, NULL);
	/* RTM_GETMDB get is Linux 6.7's: older kernels say EOPNOTSUPP */
	show(err == -EOPNOTSUPP ? "mdb_get-unsupported" : "mdb_get-no-entry", err);
	brkit_close(h);
	return 0;
}
