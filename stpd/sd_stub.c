// SPDX-License-Identifier: GPL-2.0-or-later
/* Linked into brkit-stpd only when it links Debian's static libpcap.a and
 * libdbus-1.a (STPD_PCAP_STATIC=1, the default; see the Makefile). libpcap
 * pulls libdbus-1 in for its D-Bus capture devices, which the daemon never
 * opens (it captures on "any"); libdbus-1's server side calls these two
 * libsystemd functions to take sockets from systemd's socket activation.
 * Linking the shared libsystemd for them would map it and its libraries
 * (libgcrypt, libgpg-error, liblzma, libzstd, liblz4, libcap: about 0.9 MB of
 * RSS). brkit-stpd is not socket-activated, and for such a process
 * sd_listen_fds() returns 0 (no sockets passed), as here. */
#include <errno.h>

int sd_listen_fds(int unset_environment);
int sd_is_socket(int fd, int family, int type, int listening);

int sd_listen_fds(int unset_environment)
{
	(void)unset_environment;
	return 0;
}

/* only ever asked about a socket sd_listen_fds() handed over: none */
int sd_is_socket(int fd, int family, int type, int listening)
{
	(void)fd;
	(void)family;
	(void)type;
	(void)listening;
	return -ENOTSOCK;
}
