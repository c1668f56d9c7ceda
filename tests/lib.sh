# Shared helpers for brkit's privileged suites (sourced by tests/netns/*.sh).
# Each suite makes its own uniquely named namespaces, removed on every exit path,
# and ends with t_end, which prints "SUITE: N passed, N failed".
set -u
T_TOP=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$T_TOP/$BUILD ;; esac
BRKIT=${BRKIT:-$BUILD/brkit}
BRCTL_BRKIT=${BRCTL_BRKIT:-$BUILD/brctl}
T_SUITE=$(basename "$0" .sh)
T_PASS=0
T_FAIL=0
T_NETNS=""
T_TMP=$(mktemp -d /tmp/brkit-test.XXXXXX)

t_cleanup() {
	for ns in $T_NETNS; do ip netns del "$ns" 2>/dev/null; done
	rm -rf "$T_TMP"
}
trap t_cleanup EXIT
trap 'exit 130' INT TERM

# t_netns [TAG]: make a fresh namespace with lo up, print its name.
t_netns_n=0
t_netns() {
	t_netns_n=$((t_netns_n + 1))
	name="bk-$(echo "$T_SUITE" | cut -c1-12)-$$-$t_netns_n${1:+-$1}"
	ip netns add "$name" || { echo "cannot create netns $name" >&2; exit 1; }
	ip -n "$name" link set lo up
	T_NETNS="$T_NETNS $name"
	echo "$name"
}
# t_netns_new VAR [TAG]: like t_netns, but registers cleanup in this shell
# (t_netns in $(...) runs in a subshell, so use this form).
t_netns_new() {
	t_netns_n=$((t_netns_n + 1))
	_n="bk-$(echo "$T_SUITE" | cut -c1-12)-$$-$t_netns_n${2:+-$2}"
	ip netns add "$_n" || { echo "cannot create netns $_n" >&2; exit 1; }
	ip -n "$_n" link set lo up
	T_NETNS="$T_NETNS $_n"
	eval "$1=\$_n"
}
t_netns_del() {
	ip netns del "$1" 2>/dev/null
	T_NETNS=$(echo "$T_NETNS" | tr ' ' '\n' | grep -vx "$1" | tr '\n' ' ')
}

t_ok() { T_PASS=$((T_PASS + 1)); echo "ok - $*"; }
t_fail() { T_FAIL=$((T_FAIL + 1)); echo "FAIL - $*"; }

# t_eq DESC GOT WANT
t_eq() {
	if [ "$2" = "$3" ]; then t_ok "$1"; else t_fail "$1: got [$2], want [$3]"; fi
}

# t_run DESC WANT_STATUS CMD...: run CMD, check its exit status; output kept in $T_OUT/$T_ERR.
t_run() {
	_desc=$1 _want=$2
	shift 2
	"$@" >"$T_TMP/out" 2>"$T_TMP/err"
	_st=$?
	T_OUT=$(cat "$T_TMP/out")
	T_ERR=$(cat "$T_TMP/err")
	if [ "$_st" = "$_want" ]; then
		t_ok "$_desc"
	else
		t_fail "$_desc: exit $_st, want $_want; stderr: $T_ERR"
	fi
}

# t_errmatch DESC PATTERN: the last t_run's stderr matches the grep -E PATTERN.
t_errmatch() {
	if printf '%s' "$T_ERR" | grep -Eq -- "$2"; then
		t_ok "$1"
	else
		t_fail "$1: stderr [$T_ERR] does not match /$2/"
	fi
}

# Independent readers: iproute2's JSON through jq.
# t_ipj NS DEV JQ: jq -r JQ over `ip -j -d link show DEV` in NS.
t_ipj() { ip -n "$1" -j -d link show dev "$2" | jq -r ".[0]$3"; }
# The second independent reader: libnl-route-3 through tests/tools/nlread (make tools).
NLREAD=${NLREAD:-$BUILD/tests/tools/nlread}
# t_nl NS ARGS...: nlread's output in NS (bridge DEV | port DEV | fdb).
t_nl() {
	_nns=$1
	shift
	ip netns exec "$_nns" "$NLREAD" "$@"
}
# t_nlget NS bridge|port DEV KEY...: the values of KEYs in nlread's line, space separated
# ("-" for a key it did not print).
t_nlget() {
	_nns=$1 _nk=$2 _nd=$3
	shift 3
	_nline=$(t_nl "$_nns" "$_nk" "$_nd") || { echo "nlread-failed"; return; }
	_nout=""
	for _k in "$@"; do
		_v=$(printf '%s\n' "$_nline" | tr ' ' '\n' | sed -n "s/^$_k=//p")
		_nout="$_nout${_nout:+ }${_v:--}"
	done
	echo "$_nout"
}

# t_kstate NS: a snapshot of the kernel's link and bridge state, for "nothing changed".
# Link flags are kept (a refused command must not set a device up or down); only
# the carrier flags, which the kernel changes on its own after a link goes up,
# and the running timers and counters are left out.
t_kstate() {
	ip -n "$1" -j -d link show | jq -S '[.[] | del(.linkinfo.info_data.gc_timer,
		.linkinfo.info_data.hello_timer, .linkinfo.info_data.tcn_timer,
		.linkinfo.info_data.topology_change_timer, .linkinfo.info_slave_data.message_age_timer,
		.linkinfo.info_slave_data.forward_delay_timer, .linkinfo.info_slave_data.hold_timer,
		.stats64, .operstate) | .flags |= map(select(. != "LOWER_UP" and . != "NO-CARRIER"
		and . != "M-DOWN"))]'
	bridge -n "$1" -j fdb show | jq -S '[.[] | select(.flags | index("self") | not) | del(.updated, .used)]'
}

# t_bad NS DESC STATUS REGEX CMD...: bad input. CMD must exit STATUS, say why on
# stderr (REGEX), and leave NS's kernel state exactly as it was (t_kstate taken
# before and after CMD, so deliberate changes between cases need no new baseline).
t_bad() {
	_bns=$1 _bd=$2 _bs=$3 _bre=$4
	shift 4
	_bbefore=$(t_kstate "$_bns")
	t_run "$_bd: exit $_bs" "$_bs" "$@"
	t_errmatch "$_bd: message" "$_bre"
	_bnow=$(t_kstate "$_bns")
	if [ "$_bnow" = "$_bbefore" ]; then
		t_ok "$_bd: nothing changed"
	else
		t_fail "$_bd: the kernel state changed"
		printf '%s\n' "$_bbefore" >"$T_TMP/kstate.before"
		printf '%s\n' "$_bnow" | diff -u "$T_TMP/kstate.before" - | head -20
	fi
}

t_end() {
	echo "$T_SUITE: $T_PASS passed, $T_FAIL failed"
	[ "$T_FAIL" = 0 ]
}

# t_stpd_count PATTERN: brkit-stpd daemons whose command line matches PATTERN
# (pgrep -f), not counting the short-lived children a daemon forks for each
# nftables change (same command line, parent a match itself).
t_stpd_count() {
	_all=$(pgrep -f "$1")
	_n=0
	for _p in $_all; do
		_pp=$(awk '{print $4}' "/proc/$_p/stat" 2>/dev/null) || continue
		[ -n "$_pp" ] || continue
		echo "$_all" | grep -qx "$_pp" || _n=$((_n + 1))
	done
	echo $_n
}
