// SPDX-License-Identifier: LGPL-2.1-or-later
/* Running labs: their intent logs under /run/brkit/lab/, read back into the
 * topology they were brought up with (nodes, kinds, links). */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "lab/lab_int.h"

static int add_node(struct brkit_lab *lab, const char *name, const char *kind)
{
	struct brkit_lab_node *n = realloc(lab->nodes, (lab->nnodes + 1) * sizeof(*n));

	if (!n)
		return -ENOMEM;
	lab->nodes = n;
	n = &lab->nodes[lab->nnodes++];
	memset(n, 0, sizeof(*n));
	snprintf(n->name, sizeof(n->name), "%s", name);
	n->kind = !strcmp(kind, "bridge")	? BRKIT_LAB_BRIDGE
		  : !strcmp(kind, "router")	? BRKIT_LAB_ROUTER
		  : !strcmp(kind, "hypervisor") ? BRKIT_LAB_HYPERVISOR
						: BRKIT_LAB_HOST;
	return 0;
}

static int add_end(struct brkit_lab *lab, const char *node, const char *ifname,
		   struct brkit_lab_end *e)
{
	int idx = brkit_lab_node_find(lab, node);
	struct brkit_lab_node *n;
	struct brkit_lab_iface *f;

	if (idx < 0)
		return -EBADMSG;
	n = &lab->nodes[idx];
	f = realloc(n->ifaces, (n->nifaces + 1) * sizeof(*f));
	if (!f)
		return -ENOMEM;
	n->ifaces = f;
	f = &n->ifaces[n->nifaces];
	memset(f, 0, sizeof(*f));
	snprintf(f->ifname, sizeof(f->ifname), "%s", ifname);
	e->node = (size_t)idx;
	e->iface = n->nifaces++;
	return 0;
}

static int add_link(struct brkit_lab *lab, char *words[4])
{
	struct brkit_lab_link *l = realloc(lab->links, (lab->nlinks + 1) * sizeof(*l));
	int err;

	if (!l)
		return -ENOMEM;
	lab->links = l;
	l = &lab->links[lab->nlinks];
	memset(l, 0, sizeof(*l));
	err = add_end(lab, words[0], words[1], &l->end[0]);
	if (!err)
		err = add_end(lab, words[2], words[3], &l->end[1]);
	if (!err)
		lab->nlinks++;
	return err;
}

int brkit_lab_state(const char *name, struct brkit_lab **labp, bool *complete,
		    struct brkit_lab_error *err)
{
	char path[128], *line = NULL, *w[5];
	struct brkit_lab *lab;
	size_t cap = 0;
	FILE *f;
	int ret = 0;

	*labp = NULL;
	*complete = false;
	memset(err, 0, sizeof(*err));
	if (brkit_lab_log_path(path, sizeof(path), name)) {
		snprintf(err->msg, sizeof(err->msg), "lab name '%s' is not valid", name);
		return -EINVAL;
	}
	f = fopen(path, "re");
	if (!f) {
		ret = -errno;
		if (ret == -ENOENT)
			snprintf(err->msg, sizeof(err->msg), "lab %s: no such lab is up", name);
		else
			snprintf(err->msg, sizeof(err->msg), "reading %s: %s", path,
				 strerror(-ret));
		return ret;
	}
	lab = calloc(1, sizeof(*lab));
	if (!lab) {
		fclose(f);
		return -ENOMEM;
	}
	snprintf(lab->name, sizeof(lab->name), "%s", name);
	while (!ret && getline(&line, &cap, f) > 0) {
		char *p = line;
		int n = 0;

		line[strcspn(line, "\n")] = '\0';
		if (!strncmp(line, "file ", 5)) {
			snprintf(lab->file, sizeof(lab->file), "%s", line + 5);
			continue;
		}
		while (n < 5 && (w[n] = strsep(&p, " ")) != NULL)
			n++;
		if (n == 3 && !strcmp(w[0], "node"))
			ret = add_node(lab, w[1], w[2]);
		else if (n == 5 && !strcmp(w[0], "link"))
			ret = add_link(lab, w + 1);
		else if (n == 1 && !strcmp(w[0], "complete"))
			*complete = true;
	}
	free(line);
	fclose(f);
	if (ret) {
		snprintf(err->msg, sizeof(err->msg), "reading %s: %s", path,
			 ret == -EBADMSG ? "malformed" : strerror(-ret));
		brkit_lab_free(lab);
		return ret;
	}
	*labp = lab;
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int brkit_lab_names(char ***namesp, size_t *np)
{
	char **names = NULL, **nn;
	struct dirent *d;
	size_t n = 0;
	DIR *dir;
	const char *why;

	*namesp = NULL;
	*np = 0;
	dir = opendir(BRKIT_LAB_DIR);
	if (!dir)
		return errno == ENOENT ? 0 : -errno;
	while ((d = readdir(dir)) != NULL) {
		if (brkit_lab_name_check(d->d_name, &why))
			continue;
		nn = realloc(names, (n + 1) * sizeof(*names));
		if (!nn || !(nn[n] = strdup(d->d_name))) {
			names = nn ? nn : names;
			brkit_lab_names_free(names, n);
			closedir(dir);
			return -ENOMEM;
		}
		names = nn;
		n++;
	}
	closedir(dir);
	if (n)
		qsort(names, n, sizeof(*names), cmp_str);
	*namesp = names;
	*np = n;
	return 0;
}

void brkit_lab_names_free(char **names, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
}
