// SPDX-License-Identifier: GPL-2.0-or-later
/* libvirt's qemu hook, pure part: the domain XML (libxml2) to a list of
 * bridge interfaces with their port specs from the domain's <metadata>.
 *
 *   <metadata>
 *     <brkit:port xmlns:brkit="https://brkit.example/xmlns/1"
 *                 mac="52:54:00:00:00:01" vlan="10" lock="yes"/>
 *   </metadata>
 *
 * A brkit:port element applies to the interface whose <mac address> equals its
 * mac attribute or, failing that, whose <target dev> equals its dev attribute
 * (libvirt names taps vnetN afresh at each start, so mac is the stable key).
 * Attributes: vlan, trunks, mtu, isolated, lock, guard (yes/no; guard="no"
 * is noguard), network. The bridge is the interface's <source bridge>; lock
 * pins the guest's MAC from <mac address>.
 *
 * A brkit network's VM (issue 18) is an <interface type='ethernet'> with a
 * <target dev> (libvirt makes the tap and plugs it nowhere) and a brkit:port
 * with network='NAME': the hook puts it on the network's bridge. On an
 * <interface type='bridge'> network= must name the network whose bridge is
 * the <source bridge> (the hook checks). <interface type='network'> is
 * libvirt's own network: libvirt plugs it, brkit leaves it alone. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli/xmldl.h"
#include "hooks/libvirt.h"

static const struct xmldl *x;

/* Attribute values of one interface, copied whole: a value is a list of
 * nodes (text, and a reference for each entity of the document's DTD), which
 * libxml2 joins with its entities substituted. */
struct vals {
	char buf[8192];
	size_t used;
	bool overflow;
};

static const char *attr(struct vals *a, xmlNode *n, const char *name)
{
	xmlAttr *p;
	xmlChar *v;
	char *out;
	size_t l;

	for (p = n->properties; p; p = p->next) {
		if (strcmp((const char *)p->name, name))
			continue;
		v = x->list_string(n->doc, p->children, 1);
		if (!v)
			return NULL;
		l = strlen((const char *)v) + 1;
		if (l > sizeof(a->buf) - a->used) {
			a->overflow = true;
			(*x->free_fn)(v);
			return NULL;
		}
		out = a->buf + a->used;
		memcpy(out, v, l);
		a->used += l;
		(*x->free_fn)(v);
		return out;
	}
	return NULL;
}

static xmlNode *child(xmlNode *n, const char *name)
{
	for (n = n ? n->children : NULL; n; n = n->next)
		if (n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, name))
			return n;
	return NULL;
}

static bool is_brkit_port(xmlNode *n)
{
	return n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, "port") && n->ns &&
	       n->ns->href && !strcmp((const char *)n->ns->href, VMPORT_XMLNS);
}

static int yesno(const char *v, bool *out)
{
	if (!strcmp(v, "yes") || !strcmp(v, "on") || !strcmp(v, "1"))
		*out = true;
	else if (!strcmp(v, "no") || !strcmp(v, "off") || !strcmp(v, "0"))
		*out = false;
	else
		return -EINVAL;
	return 0;
}

/* The spec words for one interface from its brkit:port element (may be NULL). */
static int port_spec(struct vals *a, struct vmport_iface *f, xmlNode *p, char *why, size_t whylen)
{
	static const char *const valued[] = { "vlan", "trunks", "mtu" };
	static const char *const flags[] = { "isolated", "lock" };
	char *w[16], r[VMPORT_WHYLEN];
	const char *v;
	int n = 0;
	size_t i;
	bool on;

	v = attr(a, p, "network");
	if (v) {
		w[n++] = "network";
		w[n++] = (char *)v;
	} else if (f->ethernet) {
		snprintf(why, whylen,
			 "interface %s: brkit:port: an <interface type='ethernet'> joins a brkit "
			 "network: give network='NAME'",
			 f->dev);
		return -EINVAL;
	} else {
		w[n++] = "bridge";
		w[n++] = f->bridge;
	}
	for (i = 0; i < sizeof(valued) / sizeof(valued[0]); i++) {
		v = attr(a, p, valued[i]);
		if (v) {
			w[n++] = (char *)valued[i];
			w[n++] = (char *)v;
		}
	}
	for (i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
		v = attr(a, p, flags[i]);
		if (v && yesno(v, &on))
			goto bad_bool;
		if (v && on)
			w[n++] = (char *)flags[i];
	}
	v = attr(a, p, "guard");
	if (v && yesno(v, &on))
		goto bad_bool;
	if (v && !on)
		w[n++] = "noguard";
	v = attr(a, p, "lock");
	if (v && !yesno(v, &on) && on) {
		if (*f->mac) {
			w[n++] = "mac";
			w[n++] = f->mac;
		}
	}
	if (vmport_spec_parse(&f->spec, n, w, r, sizeof(r))) {
		snprintf(why, whylen, "interface %s: brkit:port: %s", f->dev, r);
		return -EINVAL;
	}
	f->has_spec = true;
	return 0;
bad_bool:
	snprintf(why, whylen, "interface %s: brkit:port: '%s' is not yes or no", f->dev, v);
	return -EINVAL;
}

int vmport_libvirt_parse(const char *xml, size_t len, struct vmport_iface **out, size_t *n,
			 char *why, size_t whylen)
{
	xmlDoc *doc;
	xmlNode *root, *dev, *meta, *m;
	struct vmport_iface *v = NULL;
	struct vals *a;
	char msg[256];
	size_t cnt = 0;
	int err = 0;

	*out = NULL;
	*n = 0;
	x = xmldl_load(why, whylen);
	if (!x)
		return -ENOENT;
	if (len > INT32_MAX) {
		snprintf(why, whylen, "domain XML too large");
		return -E2BIG;
	}
	doc = xmldl_read(x, xml, len, "domain.xml", msg, sizeof(msg));
	if (!doc) {
		snprintf(why, whylen, "the domain XML on stdin is not XML%s%s", *msg ? ": " : "",
			 msg);
		return -EINVAL;
	}
	a = malloc(sizeof(*a));
	if (!a) {
		x->free_doc(doc);
		snprintf(why, whylen, "out of memory");
		return -ENOMEM;
	}
	root = x->root(doc);
	if (!root || strcmp((const char *)root->name, "domain")) {
		snprintf(why, whylen, "the XML on stdin is not a libvirt domain (root <%s>)",
			 root ? (const char *)root->name : "");
		x->free_doc(doc);
		free(a);
		return -EINVAL;
	}
	meta = child(root, "metadata");
	for (dev = child(child(root, "devices"), "interface"); dev; dev = dev->next) {
		const char *type, *tdev, *br, *mac;
		struct vmport_iface *nv, *f;
		bool eth;
		xmlNode *p = NULL;

		if (dev->type != XML_ELEMENT_NODE || strcmp((const char *)dev->name, "interface"))
			continue;
		a->used = 0;
		a->overflow = false;
		type = attr(a, dev, "type");
		tdev = child(dev, "target") ? attr(a, child(dev, "target"), "dev") : NULL;
		br = child(dev, "source") ? attr(a, child(dev, "source"), "bridge") : NULL;
		mac = child(dev, "mac") ? attr(a, child(dev, "mac"), "address") : NULL;
		eth = type && !strcmp(type, "ethernet");
		if (!tdev || (!eth && (!type || strcmp(type, "bridge") || !br)))
			continue;
		if (eth)
			br = ""; /* plugged nowhere by libvirt */
		nv = realloc(v, (cnt + 1) * sizeof(*v));
		if (!nv) {
			err = -ENOMEM;
			snprintf(why, whylen, "out of memory");
			break;
		}
		v = nv;
		f = &v[cnt++];
		memset(f, 0, sizeof(*f));
		if (strlen(tdev) >= sizeof(f->dev) || strlen(br) >= sizeof(f->bridge) ||
		    (mac && strlen(mac) >= sizeof(f->mac))) {
			snprintf(why, whylen, "interface %.32s: a name too long", tdev);
			err = -EINVAL;
			break;
		}
		snprintf(f->dev, sizeof(f->dev), "%s", tdev);
		snprintf(f->bridge, sizeof(f->bridge), "%s", br);
		f->ethernet = eth;
		if (mac)
			snprintf(f->mac, sizeof(f->mac), "%s", mac);
		for (m = meta ? meta->children : NULL; m && !p; m = m->next) {
			const char *pm, *pd;
			size_t mark;

			if (!is_brkit_port(m))
				continue;
			mark = a->used; /* these two are only compared */
			pm = attr(a, m, "mac");
			pd = attr(a, m, "dev");
			if ((pm && mac && !strcasecmp(pm, mac)) || (!pm && pd && !strcmp(pd, tdev)))
				p = m;
			a->used = mark;
		}
		if (p) {
			err = port_spec(a, f, p, why, whylen);
			if (err)
				break;
		}
		if (a->overflow) {
			snprintf(why, whylen, "interface %s: attribute values too long", f->dev);
			err = -EINVAL;
			break;
		}
	}
	x->free_doc(doc);
	free(a);
	if (err) {
		free(v);
		return err;
	}
	*out = v;
	*n = cnt;
	return 0;
}
