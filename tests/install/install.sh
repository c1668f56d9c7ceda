#!/bin/sh
# make install honours PREFIX and DESTDIR; the installed header, library and
# pkg-config file build the README's example, which then works in a namespace.
. "$(dirname "$0")/../lib.sh"
D=$T_TMP/destdir
t_run "make install PREFIX=/opt/brkit DESTDIR=..." 0 make --no-print-directory -C "$T_TOP" BUILD="$BUILD" install PREFIX=/opt/brkit DESTDIR="$D"
for f in bin/brkit bin/brctl lib/libbrkit.a lib/libbrkit.so lib/libbrkit.so.0 include/brkit/brkit.h \
	include/brkit/bridge.h include/brkit/vxlan.h lib/pkgconfig/brkit.pc share/man/man8/brkit.8 \
	share/bash-completion/completions/brkit share/bash-completion/completions/brctl; do
	if [ -e "$D/opt/brkit/$f" ]; then t_ok "installed $f"; else t_fail "missing $f"; fi
done
t_eq "brctl is a link to brkit" "$(readlink "$D/opt/brkit/bin/brctl")" brkit
BC=$D/opt/brkit/share/bash-completion/completions
t_eq "the completion for brctl is a link to brkit's, the file of the tree" \
	"$(readlink "$BC/brctl") $(cmp -s "$BC/brkit" "$T_TOP/completion/brkit.bash" && echo same)" "brkit same"
t_run "  bash-completion's loader reads it for brctl: _brkit completes brctl" 0 bash -c \
	'. "$0"; complete -p brctl; COMP_WORDS=(brctl sh); COMP_CWORD=1; _brkit; echo "${COMPREPLY[*]}"' "$BC/brctl"
t_eq "  brctl sh<TAB>" "$(printf '%s\n' "$T_OUT" | tail -n 1)" "show showmacs showstp"
LX=$D/opt/brkit/libexec/brkit
t_eq "the hooks are links to brkit-hook, a program of its own" \
	"$(readlink "$LX/qemu-ifup") $(readlink "$LX/qemu-ifdown") $(readlink "$LX/libvirt-qemu") $([ -f "$LX/brkit-hook" ] && [ ! -L "$LX/brkit-hook" ] && echo file)" \
	"brkit-hook brkit-hook brkit-hook file"
t_eq "qemu-bridge-helper is a real file (0755: the admin makes it setuid)" \
	"$([ -f "$LX/qemu-bridge-helper" ] && [ ! -L "$LX/qemu-bridge-helper" ] && stat -c %a "$LX/qemu-bridge-helper")" 755
t_eq "the pkg-config file names the prefix" "$(sed -n 's/^prefix=//p' "$D/opt/brkit/lib/pkgconfig/brkit.pc")" /opt/brkit
export PKG_CONFIG_PATH="$D/opt/brkit/lib/pkgconfig" PKG_CONFIG_SYSROOT_DIR="$D"
t_run "the README example builds with pkg-config (shared)" 0 sh -c "cc -Werror -o '$T_TMP/ex' '$T_TOP/tests/install/example.c' \$(pkg-config --cflags --libs brkit)"
t_run "and against the static library (pkg-config --static)" 0 sh -c "cc -Werror -o '$T_TMP/ex-static' '$T_TOP/tests/install/example.c' \$(pkg-config --cflags brkit) \$(pkg-config --libs --static brkit | sed 's/-lbrkit/-Wl,-Bstatic -lbrkit -Wl,-Bdynamic/')"
t_eq "  it needs no libbrkit.so" "$(ldd "$T_TMP/ex-static" | grep -c libbrkit)" 0
t_netns_new NS inst
ip -n "$NS" link add br-e type bridge
t_run "the example sets a bridge up in a namespace" 0 env LD_LIBRARY_PATH="$D/opt/brkit/lib" "$T_TMP/ex" "$NS" br-e
t_eq "iproute2 sees it up" "$(t_ipj "$NS" br-e '.flags | index("UP") != null')" true
t_run "the static build reports a missing bridge with its reason" 1 "$T_TMP/ex-static" "$NS" br-none
t_errmatch "  message" "br-none: no such device"
# Every page under man/ is installed under share/man/manN and renders there; their
# lint and keywords are tests/docs/man.sh's. groff (Debian's groff-base, in
# scripts/deps.sh's test group) with -ww shows every warning, and there must be none.
n=0
for p in "$T_TOP"/man/man[1-8]/*.[1-8]; do
	s=$(basename "$(dirname "$p")")
	f=$D/opt/brkit/share/man/$s/$(basename "$p")
	n=$((n + 1))
	if [ -f "$f" ] && cmp -s "$p" "$f"; then
		groff -man -Tutf8 -ww -z "$f" >"$T_TMP/groff" 2>&1
		if [ -s "$T_TMP/groff" ]; then t_fail "installed $s/$(basename "$p") renders with warnings: $(cat "$T_TMP/groff")"; fi
	else
		t_fail "man page $s/$(basename "$p") not installed"
		n=$((n - 1))
	fi
done
t_eq "every man page under man/ is installed and renders without a warning" \
	"$n" "$(ls "$T_TOP"/man/man[1-8]/*.[1-8] | wc -l)"
make --no-print-directory -C "$T_TOP" BUILD="$BUILD" uninstall PREFIX=/opt/brkit DESTDIR="$D" >/dev/null 2>&1
t_eq "make uninstall removes them" "$(find "$D/opt/brkit/share/man" -type f 2>/dev/null | wc -l)" 0
make --no-print-directory -C "$T_TOP" BUILD="$BUILD" install PREFIX=/opt/brkit DESTDIR="$D" >/dev/null 2>&1

# Issue 19: building against the uninstalled tree. `make` writes
# $BUILD/brkit-uninstalled.pc (pkg-config's uninstalled convention), which
# pkg-config takes for `brkit` when PKG_CONFIG_PATH names the build folder.
# Asked from another directory: the paths are absolute.
UN() { (cd "$T_TMP" && env -u PKG_CONFIG_SYSROOT_DIR PKG_CONFIG_PATH="$BUILD" "$@"); }
t_eq "uninstalled: pkg-config --cflags --libs brkit points into the tree" \
	"$(UN pkg-config --cflags --libs brkit | tr ' ' '\n' | grep -E '^-(I|L|l)' | grep -v libnl3 | tr '\n' ' ')" \
	"-I$T_TOP/include -L$BUILD -lbrkit "
t_eq "  pkg-config took brkit-uninstalled.pc" "$(UN pkg-config --variable=libdir brkit)" "$BUILD"
t_eq "  and says it is uninstalled" "$(UN pkg-config --uninstalled brkit && echo yes)" yes
t_run "uninstalled: the example builds against the tree (shared)" 0 \
	UN sh -c "cc -Werror -o '$T_TMP/ex-tree' '$T_TOP/tests/install/example.c' \$(pkg-config --cflags --libs brkit)"
t_run "  and statically (pkg-config --static)" 0 UN sh -c "cc -Werror -o '$T_TMP/ex-tree-static' \
	'$T_TOP/tests/install/example.c' \$(pkg-config --cflags brkit) \
	\$(pkg-config --libs --static brkit | sed 's/-lbrkit/-Wl,-Bstatic -lbrkit -Wl,-Bdynamic/')"
ip -n "$NS" link add br-t type bridge
t_run "  the tree's example sets a bridge up (LD_LIBRARY_PATH=$BUILD)" 0 \
	env LD_LIBRARY_PATH="$BUILD" "$T_TMP/ex-tree" "$NS" br-t
t_eq "  it ran the tree's libbrkit.so" \
	"$(env LD_LIBRARY_PATH="$BUILD" ldd "$T_TMP/ex-tree" | sed -n 's/.*libbrkit.so.0 => \([^ ]*\) .*/\1/p')" \
	"$BUILD/libbrkit.so.0"
t_eq "  iproute2 sees br-t up" "$(t_ipj "$NS" br-t '.flags | index("UP") != null')" true
ip -n "$NS" link add br-u type bridge
t_run "  the static one too" 0 "$T_TMP/ex-tree-static" "$NS" br-u
t_eq "  iproute2 sees br-u up" "$(t_ipj "$NS" br-u '.flags | index("UP") != null')" true
t_run "make uninstall PREFIX=/opt/brkit DESTDIR=..." 0 make --no-print-directory -C "$T_TOP" BUILD="$BUILD" uninstall PREFIX=/opt/brkit DESTDIR="$D"
t_eq "  the completion files are gone" "$(ls -A "$BC")" ""
t_eq "  and every file make install made" "$(find "$D" ! -type d | sed "s|^$D||")" ""
t_end
