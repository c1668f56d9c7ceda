/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * brkit-stpd's pure parts, shared by the daemon and the brkit command: the
 * settings grammar (the CLI's `stp set` / `stp port set` words and the
 * configuration file's), the configuration file parser, the control
 * protocol's requests and replies, and the IFLA_BR_STP_MODE request. No
 * system calls here except the client's connect (stpd/client.c).
 */
#ifndef BRKIT_STPD_H
#define BRKIT_STPD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <net/if.h>

/* The control socket: abstract, so one per network namespace by nature. */
#define STPD_SOCK_NAME "brkit-stpd"
#define STPD_RUN_DIR "/run/brkit"
#define STPD_MAX_REQ 1024 /* a request line */

/* ---- settings: one keyword and its value ---- */
enum stpd_bopt {
	STPD_B_FORCEVERS, /* stp|rstp */
	STPD_B_PRIORITY,
	STPD_B_HELLO,
	STPD_B_MAXAGE,
	STPD_B_FDELAY,
	STPD_B_TXHOLD,
	STPD_B_AGEING,
	STPD_B_STP, /* config only: the daemon runs the bridge (on|off) */
	/* the engine's enum stp_rules bits; also set by the keyword
	 * `strict on|off` (0 / STP_RULES_SAFE) */
	STPD_B_RULES,
	STPD_B_COUNT
};

enum stpd_popt {
	STPD_P_COST,
	STPD_P_PRIORITY,
	STPD_P_EDGE,
	STPD_P_AUTOEDGE,
	STPD_P_P2P, /* on|off|auto: enum stp_p2p */
	STPD_P_BPDUGUARD,
	STPD_P_BPDUFILTER,
	STPD_P_ROOTGUARD,
	STPD_P_RESTRTCN,
	STPD_P_MCHECK, /* no value; CLI only */
	STPD_P_ENABLE, /* no value; CLI only: lift a bpduguard disable */
	STPD_P_COUNT
};

/* the larger of STPD_B_COUNT and STPD_P_COUNT: each port holds two of these */
#define STPD_OPTS_MAX \
	((int)STPD_P_COUNT > (int)STPD_B_COUNT ? (int)STPD_P_COUNT : (int)STPD_B_COUNT)

struct stpd_opts {
	bool port; /* port settings (enum stpd_popt) or bridge ones (enum stpd_bopt) */
	uint32_t mask; /* 1u << option present */
	uint32_t val[STPD_OPTS_MAX];
};

/* Parse the words @argv[0..argc-1] ("priority 4096 hello 1") into @o
 * (port or bridge settings by o->port). Every value is checked against the
 * engine's range (802.1D-2004 17.13, 17.14); a keyword given twice is
 * refused. Returns 0, or -EINVAL with *why a message naming the word
 * (in @whybuf, size @len). Pure. */
int stpd_opts_parse(struct stpd_opts *o, int argc, char **argv, char *whybuf, size_t len);
/* Print @o back as words ("priority 4096 hello 1") into @buf. */
void stpd_opts_format(const struct stpd_opts *o, char *buf, size_t len);
const char *stpd_bopt_name(unsigned int i);
/* The engine's rules (enum stp_rules) as words: `rules LIST` takes "safe"
 * (STP_RULES_SAFE, the default), "none" (802.1D-2004 to the letter) or
 * names joined by commas ("agree-same-root,aged-fdwhile"; each at most
 * once); `strict on|off` is "none" / "safe". Parse: 0, or -EINVAL with a
 * message naming the word. Format: the names joined by commas, "none" for 0. */
int stpd_rules_parse(const char *s, uint32_t *rules, char *whybuf, size_t len);
void stpd_rules_format(uint32_t rules, char *buf, size_t len);
const char *stpd_rule_name(unsigned int bit); /* NULL past the last */
const char *stpd_popt_name(unsigned int i);

/* ---- configuration file ---- */
/*   # comment
 *   bridge PATTERN SETTING VALUE ...          (fnmatch patterns, e.g. br*)
 *   port BRIDGE-PATTERN PORT-PATTERN SETTING VALUE ...
 *   control group NAME                        (its members may change too)
 * Applied, in file order, whenever a bridge or port appears and on reload. */
struct stpd_conf_line {
	char br[IFNAMSIZ * 2];
	char port[IFNAMSIZ * 2]; /* "" for a bridge line */
	struct stpd_opts opts;
	unsigned int lineno;
};

#define STPD_GROUP_MAX 64 /* a group name's room */
struct stpd_conf {
	struct stpd_conf_line *lines;
	size_t n;
	/* `control group NAME`: "" when none; its gid is the daemon's to find */
	char ctl_group[STPD_GROUP_MAX];
	unsigned int ctl_group_line;
	uint32_t ctl_gid;
};

/* Parse the text @text (NUL-terminated) of file @file. All or nothing: on the
 * first bad line, returns -EINVAL with @err "FILE:LINE: reason" and @out is
 * left empty. Pure. */
int stpd_conf_parse(const char *file, const char *text, struct stpd_conf *out, char *err,
		    size_t errlen);
void stpd_conf_free(struct stpd_conf *c);
/* Merge into @o every setting of the lines matching bridge @br (and port
 * @port, or the bridge lines when @port is NULL), later lines winning. */
void stpd_conf_match(const struct stpd_conf *c, const char *br, const char *port,
		     struct stpd_opts *o);

/* ---- control protocol ----
 * The client sends one line (words separated by single spaces) and reads the
 * reply until the daemon closes: a first line "ok" or "error ERRNO message",
 * then records, one a line: "KIND key=value key=value ..." (values have no
 * spaces or '=').
 * Requests:
 *   show [BR [PORT]]              read (anyone)
 *   on BR | off BR                hand the bridge to the daemon / take it back
 *   set BR SETTING VALUE ...      bridge settings
 *   port BR PORT SETTING [VALUE] ...
 *   reload                        re-read the configuration file
 */
#define STPD_MAX_WORDS 64
/* Split @line in place into words; returns their count, or -E2BIG. */
int stpd_split(char *line, char **argv, int max);
/* Whether the request (first word @verb) changes anything (needs CAP_NET_ADMIN). */
bool stpd_req_is_change(const char *verb);
/* Name request @argv in the CLI's words, for a refusal: "stp set br0",
 * "stp port set br0 vnet0", "stp br0 on", "reload". */
void stpd_req_name(int argc, char **argv, char *buf, size_t len);

#define STPD_MAX_FIELDS 48
struct stpd_rec {
	char kind[16];
	unsigned int n;
	char *key[STPD_MAX_FIELDS];
	char *val[STPD_MAX_FIELDS];
};
/* Parse one record line in place (keys and values point into @line). */
int stpd_rec_parse(char *line, struct stpd_rec *r);
const char *stpd_rec_get(const struct stpd_rec *r, const char *key);

/* Client: send @req to the daemon of the caller's namespace and read the whole
 * reply into *out (malloc'd, NUL-terminated). -ECONNREFUSED/-ENOENT when no
 * daemon runs. */
int stpd_client_call(const char *req, char **out);
/* Whether the peer of the connected control socket @fd may speak for
 * brkit-stpd: uid 0, or the caller's own effective uid (SO_PEERCRED). */
bool stpd_server_trusted(int fd);

/* ---- IFLA_BR_STP_MODE (Linux 7.1) ---- */
#define STPD_IFLA_BR_FDB_MAX_LEARNED 49
#define STPD_IFLA_BR_STP_MODE 50
enum { STPD_BR_STP_MODE_AUTO = 0, STPD_BR_STP_MODE_USER = 1, STPD_BR_STP_MODE_KERNEL = 2 };
/* Build, at @buf (room @len), the RTM_NEWLINK that sets bridge @ifindex's
 * IFLA_BR_STP_MODE to @mode and IFLA_BR_STP_STATE to @stp_state in one
 * request (the kernel takes the mode first; it refuses a mode change with
 * EBUSY while STP is on unless this same request turns it off). Returns the
 * message length, or 0 when @len is too small. Pure. */
size_t stpd_mode_request(void *buf, size_t len, uint32_t seq, int ifindex, uint32_t mode,
			 uint32_t stp_state);

/* ---- a port's duplex: ethtool netlink (stpd/ethtool.c), pure ----
 * The daemon resolves the generic netlink family "ethtool" once
 * (CTRL_CMD_GETFAMILY), then asks ETHTOOL_MSG_LINKMODES_GET for a port and
 * reads ETHTOOL_A_LINKMODES_DUPLEX (DUPLEX_HALF 0, DUPLEX_FULL 1,
 * DUPLEX_UNKNOWN 0xff). Builders return the message length (0: @len too
 * small); parsers take one reply message and return 0, the kernel's
 * -errno for an error message, -ENOENT (no family id) or -EINVAL. */
size_t stpd_genl_family_request(void *buf, size_t len, uint32_t seq);
/* The family id, and (@monitor non-NULL) the id of its multicast group
 * "monitor" (0 when absent). */
int stpd_genl_family_parse(const void *buf, size_t len, uint16_t *id, uint32_t *monitor);
size_t stpd_ethtool_duplex_request(void *buf, size_t len, uint16_t family, uint32_t seq,
				   int ifindex);
/* A reply without the attribute gives DUPLEX_UNKNOWN. */
int stpd_ethtool_duplex_parse(const void *buf, size_t len, int *duplex);
/* One message of the "monitor" group: a LINKMODES notification's port and
 * duplex (0), -ENOENT for another notification, or -errno / -EINVAL. */
int stpd_ethtool_duplex_ntf(const void *buf, size_t len, int *ifindex, int *duplex);
/* 6.4.3: point-to-point unless half duplex (unknown counts as full). */
bool stpd_duplex_p2p(int duplex);

/* How the daemon runs a bridge. */
enum stpd_mode {
	STPD_MODE_NONE = 0,
	STPD_MODE_STP_MODE, /* a: IFLA_BR_STP_MODE user */
	STPD_MODE_HELPER, /* b: /sbin/bridge-stp handed it over (stp_state 2) */
	STPD_MODE_NFT, /* c: stp_state 0 and an nftables rule */
};
const char *stpd_mode_name(enum stpd_mode m);

/* What brkit-stpd takes as a BPDU, from a frame its packet socket read:
 * @pkttype is sockaddr_ll's sll_pkttype, @frame the Ethernet frame from its
 * destination address, @len the octets read. Only a frame received (not one
 * this host sent) for a multicast group is looked at: anything else returns
 * -1 (ignored, not counted). Then it is a BPDU only when it is sent to
 * 01:80:c2:00:00:00 with LLC 42 42 03 and an 802.3 length the frame holds,
 * and the BPDU is read from the length's octets alone (padding is never
 * read): stp_frame_decode(). Returns STP_DROP_NONE with @out filled, or the
 * drop reason to count (STP_DROP_NOT_STP: another address, an EtherType or
 * another LLC; STP_DROP_LENGTH: a length past the frame; STP_DROP_SHORT: a
 * length too short for the BPDU type). Pure. */
struct stp_bpdu;
int stpd_frame_parse(int pkttype, const uint8_t *frame, size_t len, struct stp_bpdu *out);

#endif
