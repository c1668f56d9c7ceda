// SPDX-License-Identifier: GPL-2.0-or-later
/* libxml2 loaded on first use (see cli/xmldl.h). */
#include <dlfcn.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "cli/xmldl.h"

static struct xmldl x;
static bool loaded;

const struct xmldl *xmldl_load(char *why, size_t whylen)
{
	void *so;

	if (loaded)
		return &x;
	so = dlopen("libxml2.so.2", RTLD_NOW | RTLD_LOCAL);
	if (!so) {
		snprintf(why, whylen, "loading libxml2 (Debian package libxml2): %s", dlerror());
		return NULL;
	}
	x.read_memory = (__typeof__(x.read_memory))dlsym(so, "xmlReadMemory");
	x.root = (__typeof__(x.root))dlsym(so, "xmlDocGetRootElement");
	x.free_doc = (__typeof__(x.free_doc))dlsym(so, "xmlFreeDoc");
	x.last_error = (__typeof__(x.last_error))dlsym(so, "xmlGetLastError");
	x.list_string = (__typeof__(x.list_string))dlsym(so, "xmlNodeListGetString");
	x.free_fn = (xmlFreeFunc *)dlsym(so, "xmlFree");
	if (!x.read_memory || !x.root || !x.free_doc || !x.last_error || !x.list_string ||
	    !x.free_fn || !*x.free_fn) {
		snprintf(why, whylen, "libxml2.so.2 lacks a function brkit needs");
		return NULL;
	}
	loaded = true;
	return &x;
}

xmlDoc *xmldl_read(const struct xmldl *xl, const char *xml, size_t len, const char *name, char *err,
		   size_t errlen)
{
	const xmlError *e;
	xmlDoc *doc;
	size_t n;

	if (errlen)
		err[0] = 0;
	if (len > INT32_MAX) {
		snprintf(err, errlen, "larger than 2 GiB");
		return NULL;
	}
	doc = xl->read_memory(xml, (int)len, name, NULL,
			      XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (doc)
		return doc;
	e = xl->last_error();
	if (e && e->message)
		snprintf(err, errlen, "%s", e->message);
	n = errlen ? strlen(err) : 0;
	while (n && (err[n - 1] == '\n' || err[n - 1] == ' '))
		err[--n] = 0;
	return NULL;
}
