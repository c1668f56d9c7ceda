#!/bin/sh
# busybox udhcpc's script for the brkit net tests: on a lease, put the address
# and the default route (when the server gave a router) on the interface and
# write what was given to $UDHCPC_OUT.
case "$1" in
deconfig)
	ip addr flush dev "$interface" 2>/dev/null
	;;
bound | renew)
	ip addr flush dev "$interface" 2>/dev/null
	ip addr add "$ip/${mask:-24}" dev "$interface"
	if [ -n "${router:-}" ]; then
		ip route replace default via "${router%% *}" dev "$interface"
	fi
	printf 'ip=%s\nrouter=%s\ndns=%s\ndomain=%s\n' "$ip" "${router:-}" "${dns:-}" \
		"${domain:-}" >"${UDHCPC_OUT:-/dev/null}"
	;;
esac
exit 0
