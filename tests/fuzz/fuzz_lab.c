// SPDX-License-Identifier: GPL-2.0-or-later
/* libFuzzer target for the lab file parser (lab/parse.c, libyaml): any
 * octets as a topology file. Nothing may crash, leak or be undefined
 * (ASan, UBSan); a refusal says where (a line, or 0 for the whole file) and
 * why; an accepted lab is consistent: every link's ends name a node and one
 * of its interfaces, and the nodes' names are unique; a port in a VNI is a
 * hypervisor's and names one of its VNIs, and a hypervisor with VNIs has a
 * VTEP; exec: commands are non-empty, env: names valid and each once. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <brkit/lab.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct brkit_lab_error err;
	struct brkit_lab *lab = NULL;
	size_t i, j, k;
	int r;

	memset(&err, 0, sizeof(err));
	r = brkit_lab_parse((const char *)data, size, "fuzz.yml", &lab, &err);
	if (r != 0) {
		if (lab || r > 0 || !memchr(err.msg, '\0', sizeof(err.msg)) || !err.msg[0])
			abort();
		return 0;
	}
	if (!lab)
		abort();
	for (i = 0; i < lab->nlinks; i++)
		for (k = 0; k < 2; k++) {
			const struct brkit_lab_end *e = &lab->links[i].end[k];

			if (e->node >= lab->nnodes || e->iface >= lab->nodes[e->node].nifaces)
				abort();
		}
	for (i = 0; i < lab->nnodes; i++) {
		if (!memchr(lab->nodes[i].name, '\0', sizeof(lab->nodes[i].name)))
			abort();
		for (j = i + 1; j < lab->nnodes; j++)
			if (!strcmp(lab->nodes[i].name, lab->nodes[j].name))
				abort();
		for (j = 0; j < lab->nodes[i].nifaces; j++) {
			const struct brkit_lab_node *nd = &lab->nodes[i];
			uint32_t vni = nd->ifaces[j].vni;
			bool found = false;

			if (!vni)
				continue;
			if (nd->kind != BRKIT_LAB_HYPERVISOR || !nd->ext)
				abort();
			for (k = 0; k < nd->ext->nvnis; k++)
				found |= nd->ext->vnis[k].vni == vni;
			if (!found)
				abort();
		}
		if (lab->nodes[i].ext && lab->nodes[i].ext->nvnis && !lab->nodes[i].ext->has_vtep)
			abort();
		/* exec: non-empty commands; env: NAME=VALUE with a valid NAME, each
		 * name once; a timeout in range */
		if (lab->nodes[i].ext && lab->nodes[i].ext->exec) {
			const struct brkit_lab_exec *x = lab->nodes[i].ext->exec;

			if (!x->timeout_ms || x->timeout_ms > BRKIT_LAB_EXEC_TIMEOUT_MAX_MS)
				abort();
			for (j = 0; j < x->ncmds; j++)
				if (!x->cmds[j].cmd || !x->cmds[j].cmd[0] || !x->cmds[j].line)
					abort();
			for (j = 0; j < x->nenv; j++) {
				size_t n = strcspn(x->env[j], "=");

				if (!n || !x->env[j][n] ||
				    strspn(x->env[j],
					   "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
					   "0123456789_") != n ||
				    (x->env[j][0] >= '0' && x->env[j][0] <= '9'))
					abort();
				for (k = 0; k < j; k++)
					if (!strncmp(x->env[k], x->env[j], n + 1))
						abort();
			}
		}
	}
	brkit_lab_free(lab);
	return 0;
}
