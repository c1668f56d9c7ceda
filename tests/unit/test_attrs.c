// SPDX-License-Identifier: GPL-2.0-or-later
/* Replies with attributes of the wrong length, fed to every module that reads
 * them (fdb, vxlan, tap, vlan, brctl showmacs): each such attribute reads as
 * absent or makes the message malformed (-EBADMSG), never past its end.
 *
 * A short attribute's padding is 0xff, so a read past its end into the
 * padding shows as a wrong value, which the assertions catch. Two ways in:
 * - The pure parsers (brkit_fdb_parse, brkit_vxlan_parse, brkit_tap_parse)
 *   get the message at the very end of a readable page, the bad attribute
 *   last, an unreadable page after it: a read past the message faults (an
 *   ASan SEGV report in build/asan/tests/test_attrs). A guard page, not a
 *   malloc()ed buffer of exact size: most reads happen inside libmnl's
 *   getters, which ASan does not instrument (it missed them on the old code).
 * - The module callbacks (VLAN read-back, port numbers, the vlan_filtering
 *   check) get theirs through a scripted kernel (nl/nl.h's peer transport).
 * An argument runs only the tests it names (cmocka's filter pattern). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <sys/mman.h>
#include <unistd.h>
#include <linux/if_bridge.h>
#include <linux/if_link.h>
#include <linux/if_tun.h>
#include <linux/neighbour.h>
#include "nl/nl.h"
#include "tap/tap_msg.h"
#include "vxlan/vxlan.h"

#define BUFLEN 4096

/* ---- messages that end where a readable page ends ---- */

struct msg {
	char buf[BUFLEN];
	struct nlmsghdr *nlh;
};

static struct nlmsghdr *msg_begin(struct msg *m, uint16_t type, const void *hdr, size_t hdrlen)
{
	memset(m->buf, 0xff, sizeof(m->buf));
	m->nlh = mnl_nlmsg_put_header(m->buf);
	m->nlh->nlmsg_type = type;
	memcpy(mnl_nlmsg_put_extra_header(m->nlh, hdrlen), hdr, hdrlen);
	return m->nlh;
}

/* An attribute of @len bytes whose padding is 0xff (libmnl may zero it). */
static void put_short(struct nlmsghdr *nlh, uint16_t type, uint16_t len, const void *data)
{
	struct nlattr *a = mnl_nlmsg_get_payload_tail(nlh);

	a->nla_type = type;
	a->nla_len = (uint16_t)(sizeof(*a) + len);
	if (len)
		memcpy(a + 1, data, len);
	memset((char *)(a + 1) + len, 0xff, MNL_ALIGN(len) - len);
	nlh->nlmsg_len += MNL_ALIGN(a->nla_len);
}

static size_t page_size(void)
{
	return (size_t)sysconf(_SC_PAGESIZE);
}

/* A copy of @m's message ending where a readable page ends, before one that
 * is not: a read past the message faults. Released with release(). */
static struct nlmsghdr *exact(const struct msg *m)
{
	size_t pg = page_size(), len = m->nlh->nlmsg_len, need = (len + pg - 1) / pg * pg;
	char *map =
		mmap(NULL, need + pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	assert_true(map != MAP_FAILED);
	assert_int_equal(mprotect(map + need, pg, PROT_NONE), 0);
	memcpy(map + need - len, m->nlh, len);
	return (struct nlmsghdr *)(map + need - len);
}

static void release(struct nlmsghdr *nlh)
{
	size_t pg = page_size(), len = nlh->nlmsg_len, need = (len + pg - 1) / pg * pg;

	munmap((char *)nlh + len - need, need + pg);
}

/* Bytes that would be read as a value if a reader went past the length. */
static const char junk[33] = "\x11\x22\x33\x44\x55\x66\x77\x88\x99\xaa\xbb\xcc\xdd\xee\xf0\xf1"
			     "\x12\x23\x34\x45\x56\x67\x78\x89\x9a\xab\xbc\xcd\xde\xef\xf2\xf3";

/* ---- FDB entries: brkit_fdb_parse ---- */

static const uint8_t mac1[6] = { 0x02, 0x77, 0x00, 0x00, 0x00, 0x01 };

static void fdb_begin(struct msg *m)
{
	struct ndmsg ndm = { .ndm_family = AF_BRIDGE,
			     .ndm_ifindex = 4,
			     .ndm_state = NUD_REACHABLE,
			     .ndm_flags = NTF_MASTER };

	msg_begin(m, RTM_NEWNEIGH, &ndm, sizeof(ndm));
}

/* An entry with every attribute right, then @type with @len bytes, last. */
static struct nlmsghdr *fdb_msg(struct msg *m, uint16_t type, uint16_t len)
{
	fdb_begin(m);
	if (type != NDA_LLADDR)
		mnl_attr_put(m->nlh, NDA_LLADDR, 6, mac1);
	put_short(m->nlh, type, len, junk);
	return exact(m);
}

static void test_fdb_short_mac_refused(void **state)
{
	static const uint16_t lens[] = { 0, 2, 5, 7, 8 };
	struct brkit_fdb_entry e;
	struct nlmsghdr *nlh;
	struct msg m;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		nlh = fdb_msg(&m, NDA_LLADDR, lens[i]);
		assert_int_equal(brkit_fdb_parse(nlh, &e), -EBADMSG);
		release(nlh);
	}
	/* right as the kernel sends it */
	nlh = fdb_msg(&m, NDA_LLADDR, 6);
	assert_int_equal(brkit_fdb_parse(nlh, &e), 0);
	assert_memory_equal(e.mac, junk, 6);
	release(nlh);
}

/* Each attribute one byte short (and empty): absent, the entry still parsed. */
static void test_fdb_short_attrs_absent(void **state)
{
	static const struct {
		uint16_t type, len;
	} bad[] = {
		{ NDA_MASTER, 2 },    { NDA_MASTER, 0 },       { NDA_VLAN, 1 },
		{ NDA_VLAN, 0 },      { NDA_DST, 3 },	       { NDA_DST, 15 },
		{ NDA_PORT, 1 },      { NDA_VNI, 3 },	       { NDA_SRC_VNI, 2 },
		{ NDA_IFINDEX, 3 },   { NDA_LINK_NETNSID, 1 }, { NDA_NH_ID, 2 },
		{ NDA_FLAGS_EXT, 3 }, { NDA_FLAGS_EXT, 0 },    { NDA_CACHEINFO, 0 },
		{ NDA_CACHEINFO, 8 }, { NDA_CACHEINFO, 15 },
	};
	struct brkit_fdb_entry e;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct msg m;
		struct nlmsghdr *nlh = fdb_msg(&m, bad[i].type, bad[i].len);

		memset(&e, 0x55, sizeof(e));
		assert_int_equal(brkit_fdb_parse(nlh, &e), 0);
		assert_memory_equal(e.mac, mac1, 6);
		assert_int_equal(e.ifindex, 4);
		assert_int_equal(e.master, 0);
		assert_int_equal(e.vlan, 0);
		assert_int_equal(e.dst_family, 0);
		assert_false(e.has_port);
		assert_false(e.has_vni);
		assert_false(e.has_src_vni);
		assert_false(e.has_via);
		assert_false(e.has_netnsid);
		assert_false(e.has_nh_id);
		assert_int_equal(e.flags_ext, 0);
		assert_false(e.has_cacheinfo);
		release(nlh);
	}
}

/* The same attributes at their right lengths are read (the test above is not
 * passing because nothing is ever read). */
static void test_fdb_right_attrs_read(void **state)
{
	struct nda_cacheinfo ci = { .ndm_used = 300, .ndm_updated = 200 };
	struct brkit_fdb_entry e;
	struct nlmsghdr *nlh;
	struct msg m;

	(void)state;
	fdb_begin(&m);
	mnl_attr_put(m.nlh, NDA_LLADDR, 6, mac1);
	mnl_attr_put_u32(m.nlh, NDA_MASTER, 3);
	mnl_attr_put_u16(m.nlh, NDA_VLAN, 10);
	mnl_attr_put(m.nlh, NDA_DST, 4, "\xc6\x33\x64\x09");
	mnl_attr_put_u16(m.nlh, NDA_PORT, htons(4789));
	mnl_attr_put_u32(m.nlh, NDA_VNI, 42);
	mnl_attr_put_u32(m.nlh, NDA_SRC_VNI, 43);
	mnl_attr_put_u32(m.nlh, NDA_IFINDEX, 7);
	mnl_attr_put_u32(m.nlh, NDA_LINK_NETNSID, 2);
	mnl_attr_put_u32(m.nlh, NDA_NH_ID, 9);
	mnl_attr_put_u32(m.nlh, NDA_FLAGS_EXT, BRKIT_FDB_EXT_LOCKED);
	put_short(m.nlh, NDA_CACHEINFO, sizeof(ci), &ci);
	nlh = exact(&m);
	assert_int_equal(brkit_fdb_parse(nlh, &e), 0);
	assert_int_equal(e.master, 3);
	assert_int_equal(e.vlan, 10);
	assert_int_equal(e.dst_family, AF_INET);
	assert_true(e.has_port);
	assert_int_equal(e.port, 4789);
	assert_int_equal(e.vni, 42);
	assert_int_equal(e.src_vni, 43);
	assert_int_equal(e.via, 7);
	assert_int_equal(e.netnsid, 2);
	assert_int_equal(e.nh_id, 9);
	assert_int_equal(e.flags_ext, BRKIT_FDB_EXT_LOCKED);
	assert_true(e.has_cacheinfo);
	assert_int_equal(e.used, 300);
	assert_int_equal(e.updated, 200);
	release(nlh);
}

/* ---- links: the header of an RTM_NEWLINK and its IFLA_LINKINFO ---- */

static struct nlattr *link_begin(struct msg *m, const char *name, const char *kind)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC, .ifi_index = 12 };
	struct nlattr *li;

	msg_begin(m, RTM_NEWLINK, &ifi, sizeof(ifi));
	mnl_attr_put_strz(m->nlh, IFLA_IFNAME, name);
	mnl_attr_put_u32(m->nlh, IFLA_MTU, 1500);
	li = mnl_attr_nest_start(m->nlh, IFLA_LINKINFO);
	mnl_attr_put_strz(m->nlh, IFLA_INFO_KIND, kind);
	return li;
}

/* ---- VXLAN devices: brkit_vxlan_parse ---- */

/* A vxlan whose IFLA_INFO_DATA ends with @type of @len bytes (@type 0: none). */
static struct nlmsghdr *vxlan_msg(struct msg *m, uint16_t type, uint16_t len)
{
	struct nlattr *li = link_begin(m, "vx0", "vxlan"), *data;

	data = mnl_attr_nest_start(m->nlh, IFLA_INFO_DATA);
	if (type != IFLA_VXLAN_ID)
		mnl_attr_put_u32(m->nlh, IFLA_VXLAN_ID, 42);
	if (type)
		put_short(m->nlh, type, len, junk);
	mnl_attr_nest_end(m->nlh, data);
	mnl_attr_nest_end(m->nlh, li);
	return exact(m);
}

static void test_vxlan_short_vni_refused(void **state)
{
	static const uint16_t lens[] = { 0, 1, 3, 5 };
	struct brkit_vxlan_info vx;
	struct nlmsghdr *nlh;
	struct msg m;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		nlh = vxlan_msg(&m, IFLA_VXLAN_ID, lens[i]);
		assert_int_equal(brkit_vxlan_parse(nlh, &vx), -EBADMSG);
		release(nlh);
	}
	nlh = vxlan_msg(&m, 0, 0);
	assert_int_equal(brkit_vxlan_parse(nlh, &vx), 0);
	assert_int_equal(vx.vni, 42);
	release(nlh);
}

static void test_vxlan_short_attrs_absent(void **state)
{
	static const struct {
		uint16_t type, len;
	} bad[] = {
		{ IFLA_VXLAN_GROUP, 2 },       { IFLA_VXLAN_GROUP, 16 },
		{ IFLA_VXLAN_LOCAL, 3 },       { IFLA_VXLAN_GROUP6, 8 },
		{ IFLA_VXLAN_LOCAL6, 15 },     { IFLA_VXLAN_LOCAL6, 4 },
		{ IFLA_VXLAN_PORT, 1 },	       { IFLA_VXLAN_PORT, 0 },
		{ IFLA_VXLAN_LEARNING, 0 },    { IFLA_VXLAN_TTL, 0 },
		{ IFLA_VXLAN_TTL_INHERIT, 2 }, { IFLA_VXLAN_LINK, 2 },
		{ IFLA_VXLAN_AGEING, 3 },      { IFLA_VXLAN_COLLECT_METADATA, 0 },
	};
	struct brkit_vxlan_info vx;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct msg m;
		struct nlmsghdr *nlh = vxlan_msg(&m, bad[i].type, bad[i].len);

		memset(&vx, 0x55, sizeof(vx));
		assert_int_equal(brkit_vxlan_parse(nlh, &vx), 0);
		assert_int_equal(vx.vni, 42);
		assert_int_equal(vx.remote.family, 0);
		assert_int_equal(vx.local.family, 0);
		assert_int_equal(vx.dstport, 0);
		assert_false(vx.learning);
		assert_int_equal(vx.ttl, 0);
		assert_false(vx.ttl_inherit);
		assert_int_equal(vx.underlay, 0);
		assert_int_equal(vx.ageing, 0);
		assert_false(vx.external);
		release(nlh);
	}
}

/* IFLA_INFO_DATA too short to hold an attribute: the vxlan is malformed. */
static void test_vxlan_short_data_refused(void **state)
{
	struct brkit_vxlan_info vx;
	struct nlmsghdr *nlh;
	struct nlattr *li;
	struct msg m;

	(void)state;
	li = link_begin(&m, "vx0", "vxlan");
	put_short(m.nlh, IFLA_INFO_DATA, 2, junk);
	mnl_attr_nest_end(m.nlh, li);
	nlh = exact(&m);
	assert_int_equal(brkit_vxlan_parse(nlh, &vx), -EBADMSG);
	release(nlh);
}

/* The device's name without its NUL, last: absent (nl/link.c's reader). */
static void test_vxlan_name_without_nul(void **state)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC, .ifi_index = 12 };
	struct brkit_vxlan_info vx;
	struct nlmsghdr *nlh;
	struct nlattr *li, *data;
	struct msg m;

	(void)state;
	msg_begin(&m, RTM_NEWLINK, &ifi, sizeof(ifi));
	li = mnl_attr_nest_start(m.nlh, IFLA_LINKINFO);
	mnl_attr_put_strz(m.nlh, IFLA_INFO_KIND, "vxlan");
	data = mnl_attr_nest_start(m.nlh, IFLA_INFO_DATA);
	mnl_attr_put_u32(m.nlh, IFLA_VXLAN_ID, 42);
	mnl_attr_nest_end(m.nlh, data);
	mnl_attr_nest_end(m.nlh, li);
	put_short(m.nlh, IFLA_IFNAME, 5, "vx0vx");
	nlh = exact(&m);
	assert_int_equal(brkit_vxlan_parse(nlh, &vx), 0);
	assert_string_equal(vx.link.ifname, "");
	assert_int_equal(vx.vni, 42);
	release(nlh);
}

/* ---- taps: brkit_tap_parse ---- */

static struct nlmsghdr *tap_msg(struct msg *m, uint16_t type, uint16_t len)
{
	struct nlattr *li = link_begin(m, "vm-1", "tun"), *data;

	data = mnl_attr_nest_start(m->nlh, IFLA_INFO_DATA);
	put_short(m->nlh, type, len, junk);
	mnl_attr_nest_end(m->nlh, data);
	mnl_attr_nest_end(m->nlh, li);
	return exact(m);
}

static void test_tap_short_attrs_absent(void **state)
{
	static const struct {
		uint16_t type, len;
	} bad[] = {
		{ IFLA_TUN_TYPE, 0 },	     { IFLA_TUN_PI, 0 },
		{ IFLA_TUN_VNET_HDR, 0 },    { IFLA_TUN_PERSIST, 0 },
		{ IFLA_TUN_MULTI_QUEUE, 0 }, { IFLA_TUN_OWNER, 2 },
		{ IFLA_TUN_OWNER, 0 },	     { IFLA_TUN_GROUP, 3 },
		{ IFLA_TUN_NUM_QUEUES, 1 },  { IFLA_TUN_NUM_DISABLED_QUEUES, 2 },
	};
	struct brkit_tap_info ti;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct msg m;
		struct nlmsghdr *nlh = tap_msg(&m, bad[i].type, bad[i].len);

		memset(&ti, 0x55, sizeof(ti));
		assert_int_equal(brkit_tap_parse(nlh, &ti), 0);
		assert_string_equal(ti.link.ifname, "vm-1");
		assert_string_equal(ti.link.kind, "tun");
		assert_false(ti.is_tap);
		assert_false(ti.pi);
		assert_false(ti.vnet_hdr);
		assert_false(ti.persist);
		assert_false(ti.multi_queue);
		assert_false(ti.has_owner);
		assert_false(ti.has_group);
		assert_int_equal(ti.num_queues, 0);
		assert_int_equal(ti.num_disabled_queues, 0);
		release(nlh);
	}
}

/* Right lengths are read. */
static void test_tap_right_attrs_read(void **state)
{
	uint8_t tap = IFF_TAP;
	uint32_t owner = 1000;
	struct brkit_tap_info ti;
	struct nlmsghdr *nlh;

	(void)state;
	{
		struct msg m;
		struct nlattr *li = link_begin(&m, "vm-1", "tun"), *data;

		data = mnl_attr_nest_start(m.nlh, IFLA_INFO_DATA);
		mnl_attr_put_u8(m.nlh, IFLA_TUN_TYPE, tap);
		mnl_attr_put_u8(m.nlh, IFLA_TUN_PERSIST, 1);
		mnl_attr_put_u32(m.nlh, IFLA_TUN_NUM_QUEUES, 4);
		put_short(m.nlh, IFLA_TUN_OWNER, 4, &owner);
		mnl_attr_nest_end(m.nlh, data);
		mnl_attr_nest_end(m.nlh, li);
		nlh = exact(&m);
	}
	assert_int_equal(brkit_tap_parse(nlh, &ti), 0);
	assert_true(ti.is_tap);
	assert_true(ti.persist);
	assert_int_equal(ti.num_queues, 4);
	assert_true(ti.has_owner);
	assert_int_equal(ti.owner, 1000);
	assert_false(ti.has_group);
	release(nlh);
}

/* ---- a scripted kernel, for the module callbacks ---- */

#define PORTID 4343
#define MAXQ 32

struct peer;
typedef void (*script_fn)(struct peer *p, const struct nlmsghdr *req);

struct peer {
	struct brkit_nl_peer t;
	struct brkit *h;
	script_fn script;
	char *q[MAXQ];
	size_t qlen[MAXQ];
	int qhead, qtail;
	char cur[BUFLEN]; /* the datagram being built, 0xff where nothing was written */
	size_t curlen;
	int setlinks; /* RTM_SETLINK requests seen */
};

static void cut(struct peer *p)
{
	if (!p->curlen)
		return;
	assert_true(p->qtail < MAXQ);
	p->q[p->qtail] = malloc(p->curlen);
	assert_non_null(p->q[p->qtail]);
	memcpy(p->q[p->qtail], p->cur, p->curlen);
	p->qlen[p->qtail++] = p->curlen;
	p->curlen = 0;
	memset(p->cur, 0xff, sizeof(p->cur));
}

static struct nlmsghdr *reply(struct peer *p, uint16_t type, uint16_t flags, uint32_t seq,
			      const void *hdr, size_t hdrlen)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(p->cur + p->curlen);

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = flags;
	nlh->nlmsg_seq = seq;
	nlh->nlmsg_pid = PORTID;
	if (hdrlen)
		memcpy(mnl_nlmsg_put_extra_header(nlh, hdrlen), hdr, hdrlen);
	return nlh;
}

static void reply_end(struct peer *p, struct nlmsghdr *nlh)
{
	p->curlen += NLMSG_ALIGN(nlh->nlmsg_len);
	assert_true(p->curlen + 1024 < sizeof(p->cur));
}

static void ack(struct peer *p, uint32_t seq, int error)
{
	struct nlmsgerr e = { .error = error };
	struct nlmsghdr *nlh;

	e.msg.nlmsg_len = sizeof(struct nlmsghdr);
	e.msg.nlmsg_seq = seq;
	e.msg.nlmsg_pid = PORTID;
	nlh = reply(p, NLMSG_ERROR, NLM_F_CAPPED, seq, &e, sizeof(e));
	reply_end(p, nlh);
}

static void done(struct peer *p, uint32_t seq)
{
	int zero = 0;

	reply_end(p, reply(p, NLMSG_DONE, NLM_F_MULTI, seq, &zero, sizeof(zero)));
}

static ssize_t peer_send(void *arg, const void *buf, size_t len)
{
	struct peer *p = arg;
	const struct nlmsghdr *nlh;
	int n = (int)len;

	for (nlh = buf; mnl_nlmsg_ok(nlh, n); nlh = mnl_nlmsg_next(nlh, &n)) {
		if (nlh->nlmsg_type == RTM_SETLINK)
			p->setlinks++;
		p->script(p, nlh);
	}
	cut(p);
	return (ssize_t)len;
}

static ssize_t peer_recv(void *arg, void *buf, size_t len)
{
	struct peer *p = arg;

	if (p->qhead == p->qtail)
		fail_msg("the library waits for a reply the kernel would never send");
	if (p->qlen[p->qhead] < len)
		len = p->qlen[p->qhead];
	memcpy(buf, p->q[p->qhead++], len);
	return (ssize_t)len;
}

static struct peer *peer_new(script_fn script)
{
	struct peer *p = calloc(1, sizeof(*p));

	assert_non_null(p);
	p->script = script;
	p->t.send = peer_send;
	p->t.recv = peer_recv;
	p->t.arg = p;
	p->t.portid = PORTID;
	memset(p->cur, 0xff, sizeof(p->cur));
	assert_int_equal(brkit_nl_open_peer(&p->h, &p->t), 0);
	return p;
}

static void peer_free(struct peer *p)
{
	int i;

	brkit_close(p->h);
	for (i = 0; i < p->qtail; i++)
		free(p->q[i]);
	free(p);
}

/* The devices of every script: bridge br0 (3, vlan_filtering written by
 * @vf_put), its ports p0 (4, port number from @no_put) and p1 (5, number 2). */
static struct nlmsghdr *dev_msg(struct peer *p, uint32_t seq, uint16_t flags, int ifindex,
				void (*vf_put)(struct nlmsghdr *),
				void (*no_put)(struct nlmsghdr *))
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC, .ifi_index = ifindex };
	struct nlmsghdr *nlh = reply(p, RTM_NEWLINK, flags, seq, &ifi, sizeof(ifi));
	struct nlattr *li, *data;

	mnl_attr_put_strz(nlh, IFLA_IFNAME, ifindex == 3 ? "br0" : ifindex == 4 ? "p0" : "p1");
	if (ifindex != 3)
		mnl_attr_put_u32(nlh, IFLA_MASTER, 3);
	li = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
	if (ifindex == 3) {
		mnl_attr_put_strz(nlh, IFLA_INFO_KIND, "bridge");
		data = mnl_attr_nest_start(nlh, IFLA_INFO_DATA);
		if (vf_put)
			vf_put(nlh);
		else
			mnl_attr_put_u8(nlh, IFLA_BR_VLAN_FILTERING, 1);
		mnl_attr_put_u16(nlh, IFLA_BR_VLAN_PROTOCOL, htons(0x8100));
	} else {
		mnl_attr_put_strz(nlh, IFLA_INFO_KIND, "veth");
		mnl_attr_put_strz(nlh, IFLA_INFO_SLAVE_KIND, "bridge");
		data = mnl_attr_nest_start(nlh, IFLA_INFO_SLAVE_DATA);
		if (ifindex == 4 && no_put)
			no_put(nlh);
		else
			mnl_attr_put_u16(nlh, IFLA_BRPORT_NO, (uint16_t)(ifindex - 3));
	}
	mnl_attr_nest_end(nlh, data);
	mnl_attr_nest_end(nlh, li);
	reply_end(p, nlh);
	return nlh;
}

static int asked_ifindex(const struct nlmsghdr *req)
{
	const struct ifinfomsg *ifi = mnl_nlmsg_get_payload(req);
	const struct nlattr *a;

	if (ifi->ifi_index)
		return ifi->ifi_index;
	mnl_attr_for_each(a, req, sizeof(*ifi))
	{
		if (mnl_attr_get_type(a) != IFLA_IFNAME)
			continue;
		if (!strcmp(mnl_attr_get_str(a), "br0"))
			return 3;
		if (!strcmp(mnl_attr_get_str(a), "p0"))
			return 4;
		if (!strcmp(mnl_attr_get_str(a), "p1"))
			return 5;
	}
	return 0;
}

/* RTM_GETLINK of one device, or a dump of the three; RTM_SETLINK ACKed. */
static void answer_links(struct peer *p, const struct nlmsghdr *req,
			 void (*vf_put)(struct nlmsghdr *), void (*no_put)(struct nlmsghdr *))
{
	int i;

	if (req->nlmsg_type == RTM_SETLINK) {
		ack(p, req->nlmsg_seq, 0);
		return;
	}
	assert_int_equal(req->nlmsg_type, RTM_GETLINK);
	if (req->nlmsg_flags & NLM_F_DUMP) {
		for (i = 3; i <= 5; i++)
			dev_msg(p, req->nlmsg_seq, NLM_F_MULTI, i, vf_put, no_put);
		done(p, req->nlmsg_seq);
		return;
	}
	i = asked_ifindex(req);
	assert_true(i >= 3 && i <= 5);
	dev_msg(p, req->nlmsg_seq, 0, i, vf_put, no_put);
	ack(p, req->nlmsg_seq, 0);
}

/* ---- the vlan_filtering check before a VLAN change ---- */

/* IFLA_BR_VLAN_FILTERING empty: a reader past its end would take the next
 * attribute's length (6) as "on". */
static void vf_empty(struct nlmsghdr *nlh)
{
	put_short(nlh, IFLA_BR_VLAN_FILTERING, 0, NULL);
}

static void script_vf_empty(struct peer *p, const struct nlmsghdr *req)
{
	answer_links(p, req, vf_empty, NULL);
}

static void script_vf_on(struct peer *p, const struct nlmsghdr *req)
{
	answer_links(p, req, NULL, NULL);
}

static void test_vlan_short_filtering_is_off(void **state)
{
	struct peer *p = peer_new(script_vf_empty);

	(void)state;
	assert_int_equal(brkit_vlan_add(p->h, "p0", 10, 10, 0, BRKIT_VLAN_AUTO), -ENOPROTOOPT);
	assert_int_equal(p->setlinks, 0);
	peer_free(p);
	/* and with the attribute right, the change goes through */
	p = peer_new(script_vf_on);
	assert_int_equal(brkit_vlan_add(p->h, "p0", 10, 10, 0, BRKIT_VLAN_AUTO), 0);
	assert_int_equal(p->setlinks, 1);
	peer_free(p);
}

/* ---- VLAN read-back: RTM_GETVLAN entries, RTM_GETLINK AF_SPEC ---- */

static void vlandb_entry(struct nlmsghdr *nlh, uint16_t vid, uint16_t info_len, int range,
			 uint16_t range_len)
{
	struct bridge_vlan_info vi = { .flags = BRIDGE_VLAN_INFO_UNTAGGED, .vid = vid };
	struct nlattr *e = mnl_attr_nest_start(nlh, BRIDGE_VLANDB_ENTRY);
	uint16_t r = (uint16_t)range;

	put_short(nlh, BRIDGE_VLANDB_ENTRY_INFO, info_len, &vi);
	if (range)
		put_short(nlh, BRIDGE_VLANDB_ENTRY_RANGE, range_len, &r);
	mnl_attr_nest_end(nlh, e);
}

/* Port p0: 10 with a one-byte range end (reads 10 alone), 20-29 right, 40
 * with a two-byte bridge_vlan_info (skipped), 50 with an empty range end. */
static void script_getvlan(struct peer *p, const struct nlmsghdr *req)
{
	struct br_vlan_msg bvm = { .family = AF_BRIDGE, .ifindex = 4 };
	struct nlmsghdr *nlh;

	if (req->nlmsg_type != RTM_GETVLAN) {
		answer_links(p, req, NULL, NULL);
		return;
	}
	assert_true(req->nlmsg_flags & NLM_F_DUMP);
	nlh = reply(p, RTM_NEWVLAN, NLM_F_MULTI, req->nlmsg_seq, &bvm, sizeof(bvm));
	vlandb_entry(nlh, 10, sizeof(struct bridge_vlan_info), 12, 1);
	vlandb_entry(nlh, 20, sizeof(struct bridge_vlan_info), 29, 2);
	vlandb_entry(nlh, 40, 2, 0, 0);
	vlandb_entry(nlh, 50, sizeof(struct bridge_vlan_info), 55, 0);
	reply_end(p, nlh);
	done(p, req->nlmsg_seq);
}

struct seen {
	int ndev;
	struct brkit_vlan_range r[8];
	size_t n;
};

static int vlan_cb(const struct brkit_vlan_dev *d, void *arg)
{
	struct seen *s = arg;

	s->ndev++;
	assert_int_equal(d->ifindex, 4);
	assert_string_equal(d->ifname, "p0");
	assert_true(d->n <= 8);
	memcpy(s->r, d->r, d->n * sizeof(*d->r));
	s->n = d->n;
	return 0;
}

static void assert_range(const struct brkit_vlan_range *r, unsigned int lo, unsigned int hi)
{
	assert_int_equal(r->vid, lo);
	assert_int_equal(r->vid_end, hi);
}

static void test_vlan_getvlan_short_attrs(void **state)
{
	struct peer *p = peer_new(script_getvlan);
	struct seen s = { 0 };

	(void)state;
	assert_int_equal(brkit_vlan_foreach(p->h, NULL, 0, vlan_cb, &s), 0);
	assert_int_equal(s.ndev, 1);
	assert_int_equal(s.n, 3);
	assert_range(&s.r[0], 10, 10);
	assert_range(&s.r[1], 20, 29);
	assert_range(&s.r[2], 50, 50);
	peer_free(p);
}

/* The RTM_GETLINK path: p0's IFLA_AF_SPEC holds 10 right, 30 in a two-byte
 * bridge_vlan_info (skipped), a range 60-62 whose END is three bytes (its
 * BEGIN waits for an END that never comes: nothing), then 70 right; p1's
 * IFLA_AF_SPEC is too short to hold an attribute (no VLANs). */
static void script_getlink_vlans(struct peer *p, const struct nlmsghdr *req)
{
	const struct ifinfomsg *rq = mnl_nlmsg_get_payload(req);
	struct bridge_vlan_info vi = { .flags = BRIDGE_VLAN_INFO_UNTAGGED };
	struct ifinfomsg ifi = { .ifi_family = AF_BRIDGE, .ifi_index = 4 };
	struct nlmsghdr *nlh;
	struct nlattr *spec;

	if (req->nlmsg_type != RTM_GETLINK || rq->ifi_family != AF_BRIDGE) {
		answer_links(p, req, NULL, NULL);
		return;
	}
	nlh = reply(p, RTM_NEWLINK, NLM_F_MULTI, req->nlmsg_seq, &ifi, sizeof(ifi));
	mnl_attr_put_strz(nlh, IFLA_IFNAME, "p0");
	spec = mnl_attr_nest_start(nlh, IFLA_AF_SPEC);
	vi.vid = 10;
	mnl_attr_put(nlh, IFLA_BRIDGE_VLAN_INFO, sizeof(vi), &vi);
	vi.vid = 30;
	put_short(nlh, IFLA_BRIDGE_VLAN_INFO, 2, &vi);
	vi.vid = 60;
	vi.flags = BRIDGE_VLAN_INFO_RANGE_BEGIN;
	mnl_attr_put(nlh, IFLA_BRIDGE_VLAN_INFO, sizeof(vi), &vi);
	vi.vid = 62;
	vi.flags = BRIDGE_VLAN_INFO_RANGE_END;
	put_short(nlh, IFLA_BRIDGE_VLAN_INFO, 3, &vi);
	vi.vid = 70;
	vi.flags = 0;
	mnl_attr_put(nlh, IFLA_BRIDGE_VLAN_INFO, sizeof(vi), &vi);
	mnl_attr_nest_end(nlh, spec);
	reply_end(p, nlh);
	ifi.ifi_index = 5;
	nlh = reply(p, RTM_NEWLINK, NLM_F_MULTI, req->nlmsg_seq, &ifi, sizeof(ifi));
	mnl_attr_put_strz(nlh, IFLA_IFNAME, "p1");
	put_short(nlh, IFLA_AF_SPEC, 2, &vi);
	reply_end(p, nlh);
	done(p, req->nlmsg_seq);
}

static void test_vlan_getlink_short_attrs(void **state)
{
	struct peer *p = peer_new(script_getlink_vlans);
	struct seen s = { 0 };

	(void)state;
	assert_int_equal(brkit_vlan_foreach(p->h, NULL, BRKIT_VLAN_VIA_GETLINK, vlan_cb, &s), 0);
	assert_int_equal(s.ndev, 1);
	assert_int_equal(s.n, 2);
	assert_range(&s.r[0], 10, 10);
	assert_int_equal(s.r[0].flags, BRKIT_VLAN_UNTAGGED);
	assert_range(&s.r[1], 70, 70);
	assert_int_equal(s.r[1].flags, 0);
	peer_free(p);
}

/* ---- brctl showmacs: port numbers and entries ---- */

/* p0's IFLA_BRPORT_NO is one byte: a reader past it would take 0xff01. */
static void no_short(struct nlmsghdr *nlh)
{
	uint8_t one = 1;

	put_short(nlh, IFLA_BRPORT_NO, 1, &one);
}

static void neigh(struct peer *p, uint32_t seq, int ifindex, uint8_t last, uint16_t maclen)
{
	struct ndmsg ndm = { .ndm_family = AF_BRIDGE,
			     .ndm_ifindex = ifindex,
			     .ndm_state = NUD_NOARP,
			     .ndm_flags = NTF_MASTER };
	uint8_t mac[6] = { 0x02, 0x77, 0x00, 0x00, 0x00, last };
	struct nlmsghdr *nlh = reply(p, RTM_NEWNEIGH, NLM_F_MULTI, seq, &ndm, sizeof(ndm));

	put_short(nlh, NDA_LLADDR, maclen, mac);
	mnl_attr_put_u32(nlh, NDA_MASTER, 3);
	reply_end(p, nlh);
}

/* Entries: one on p0 (its port number unreadable: not listed), two on p1,
 * one of them with a 4-byte MAC (refused, not listed as 00:00:00:00:00:00). */
static void script_macs(struct peer *p, const struct nlmsghdr *req)
{
	if (req->nlmsg_type != RTM_GETNEIGH) {
		answer_links(p, req, NULL, no_short);
		return;
	}
	assert_true(req->nlmsg_flags & NLM_F_DUMP);
	neigh(p, req->nlmsg_seq, 4, 1, 6);
	neigh(p, req->nlmsg_seq, 5, 2, 6);
	neigh(p, req->nlmsg_seq, 5, 3, 4);
	done(p, req->nlmsg_seq);
}

static void test_macs_short_attrs(void **state)
{
	static const uint8_t want[6] = { 0x02, 0x77, 0x00, 0x00, 0x00, 0x02 };
	struct peer *p = peer_new(script_macs);
	struct brkit_fdb_mac *m = NULL;
	size_t n = 0;

	(void)state;
	assert_int_equal(brkit_fdb_macs(p->h, "br0", &m, &n), 0);
	assert_int_equal(n, 1);
	assert_memory_equal(m[0].mac, want, 6);
	assert_int_equal(m[0].port_no, 2);
	free(m);
	peer_free(p);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fdb_short_mac_refused),
		cmocka_unit_test(test_fdb_short_attrs_absent),
		cmocka_unit_test(test_fdb_right_attrs_read),
		cmocka_unit_test(test_vxlan_short_vni_refused),
		cmocka_unit_test(test_vxlan_short_attrs_absent),
		cmocka_unit_test(test_vxlan_short_data_refused),
		cmocka_unit_test(test_vxlan_name_without_nul),
		cmocka_unit_test(test_tap_short_attrs_absent),
		cmocka_unit_test(test_tap_right_attrs_read),
		cmocka_unit_test(test_vlan_short_filtering_is_off),
		cmocka_unit_test(test_vlan_getvlan_short_attrs),
		cmocka_unit_test(test_vlan_getlink_short_attrs),
		cmocka_unit_test(test_macs_short_attrs),
	};

	if (argc > 1)
		cmocka_set_test_filter(argv[1]);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
