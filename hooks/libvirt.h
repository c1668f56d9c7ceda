/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libvirt's qemu hook: the domain XML to bridge interfaces and port specs. */
#ifndef BRKIT_HOOKS_LIBVIRT_H
#define BRKIT_HOOKS_LIBVIRT_H

#include "hooks/vmport.h"

/* The XML namespace of brkit's elements in a domain's <metadata>. */
#define VMPORT_XMLNS "https://brkit.example/xmlns/1"

/* One <interface type='bridge'> with a <target dev> and a <source bridge>, or
 * one <interface type='ethernet'> with a <target dev> (libvirt makes its tap
 * and plugs it nowhere: a brkit network's VM, by brkit:port network='NAME' or
 * a config line `PATTERN network NAME`). */
struct vmport_iface {
	char dev[IFNAMSIZ];
	char bridge[IFNAMSIZ]; /* "" for type='ethernet' */
	bool ethernet;
	char mac[32]; /* <mac address>, "" when absent */
	bool has_spec; /* a brkit:port in <metadata> matched it */
	struct vmport_spec spec;
	bool done; /* for the caller: brought up by this call */
};

/* Parse domain XML: a malloc()ed array of the bridge interfaces (*n may be 0).
 * -EINVAL with @why when it is not XML, not a <domain>, or a brkit:port is bad.
 * Pure (libxml2, no network, no file). */
int vmport_libvirt_parse(const char *xml, size_t len, struct vmport_iface **out, size_t *n,
			 char *why, size_t whylen);

#endif
