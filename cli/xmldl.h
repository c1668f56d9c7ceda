/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libxml2, dlopen()ed on first use by the few commands that read XML (the
 * libvirt hook's domain XML, `brkit net import`): linking it (and its ICU)
 * would make every exec of brkit and of the QEMU hooks pay for loading it. */
#ifndef BRKIT_CLI_XMLDL_H
#define BRKIT_CLI_XMLDL_H

#include <stddef.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

struct xmldl {
	__typeof__(&xmlReadMemory) read_memory;
	__typeof__(&xmlDocGetRootElement) root;
	__typeof__(&xmlFreeDoc) free_doc;
	__typeof__(&xmlGetLastError) last_error;
	__typeof__(&xmlNodeListGetString) list_string;
	xmlFreeFunc *free_fn; /* the address of libxml2's variable xmlFree */
};

/* libxml2's functions, loaded once; NULL with @why when libxml2.so.2 is
 * missing or lacks one. */
const struct xmldl *xmldl_load(char *why, size_t whylen);

/* Parse @len octets of XML from memory: no network (XML_PARSE_NONET), no
 * entity substitution (XML_PARSE_NOENT off: references stay reference
 * nodes), nothing printed. NULL when it is not XML, with libxml2's message
 * (one line, "" when it gave none) in @err. @name is the document's URL as
 * libxml2's messages name it. */
xmlDoc *xmldl_read(const struct xmldl *x, const char *xml, size_t len, const char *name, char *err,
		   size_t errlen);

#endif
