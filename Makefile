# brkit: libbrkit, the brkit command (also a drop-in brctl), tests and benchmarks.
# BUILD= picks the build folder, so several builds of one tree never share objects.
BUILD   ?= build
PREFIX  ?= /usr/local
DESTDIR ?=
SYSTEMDDIR ?= $(PREFIX)/lib/systemd/system
# bash-completion looks here (and in /usr/share/...) for a file named after the command
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
# the man pages: man/manN/NAME.N, installed under $(PREFIX)/share/man/manN (make install)
MANPAGES := $(sort $(wildcard man/man[1-8]/*.[1-8]))
VERSION := 0.1.0
SOVER   := 0

CC      ?= cc
PKGS    := libmnl json-c yaml-0.1 libnl-route-3.0 libpcap
CFLAGS  ?= -O2 -g
WARN    := -std=gnu11 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes
DEPCFLAGS = $(shell pkg-config --cflags $(PKGS) libxml-2.0 2>/dev/null)
DEPLIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
# The library needs libmnl, libyaml and libnl-route-3 (the lab); json-c is the unit tests'
# independent JSON reader (and the lab's and vm-port's show).
# libxml2 (libvirt's domain XML, brkit net import) is dlopen()ed by the libvirt hook and
# net import alone (cli/xmldl.c): linking it (and its ICU) would add ~15 ms to every exec
# of brkit and of the QEMU hooks.
LIBDEPLIBS = $(shell pkg-config --libs libmnl yaml-0.1 libnl-route-3.0 2>/dev/null)
# -fvisibility=hidden: only what include/brkit/*.h declares is exported (see libbrkit.map).
ALLCFLAGS = $(WARN) $(CFLAGS) -fPIC -fvisibility=hidden -D_GNU_SOURCE -DBRKIT_VERSION='"$(VERSION)"' -Iinclude -I. $(DEPCFLAGS)
SANFLAGS  := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

LIB_SRCS  := $(sort $(wildcard nl/*.c bridge/*.c tap/*.c fdb/*.c mdb/*.c vlan/*.c vxlan/*.c stp/*.c lab/*.c events/*.c))
# brkit-stpd: the daemon's own files, and the pure parts and client it shares
# with the command (linked into brkit and the unit tests with the CLI's files).
STPD_DAEMON_SRCS := stpd/main.c stpd/daemon.c stpd/io.c stpd/ctl.c stpd/state.c stpd/duplex.c
STPD_SHARED_SRCS := $(filter-out $(STPD_DAEMON_SRCS),$(sort $(wildcard stpd/*.c)))
# libcap-ng (the capability drop after start-up), shared: linked statically it
# cost 100-160 kB more RSS (its code spread over more of the executable's
# pages), shared 20-50 kB.
STPD_CAPNG_LIBS := -lcap-ng
# hooks/ (VM ports) is internal to the brkit binary and the hook programs, not
# part of libbrkit's ABI.
HOOK_MAINS := hooks/hook_main.c hooks/helper_main.c
CLI_SRCS  := $(sort $(filter-out cli/main.c $(HOOK_MAINS),$(wildcard cli/*.c hooks/*.c evpn/*.c net/*.c))) $(STPD_SHARED_SRCS)
# The lean hook programs: brkit-hook (qemu-ifup, qemu-ifdown, libvirt-qemu by
# argv[0]) and qemu-bridge-helper (setuid root). Only these files and the
# netlink objects of libbrkit.a they call: ELF NEEDED libc and libmnl, nothing
# else (tests/netns/sec_helper.sh checks it). libcap-ng is linked statically
# into the helper (Debian's libcap-ng.a).
HOOK_CORE_SRCS := hooks/vmport.c hooks/spec.c hooks/run.c hooks/secure.c net/spec.c cli/util.c \
	cli/stpd_call.c stpd/client.c
HOOK_CORE_OBJS := $(HOOK_CORE_SRCS:%.c=$(BUILD)/obj/%.o)
HOOK_LDLIBS := -Wl,--as-needed $(BUILD)/libbrkit.a $(shell pkg-config --libs libmnl)
# The helper's files, fixed at build time (no environment when setuid).
HELPER_CONF ?= /etc/brkit/vm-ports.conf
HELPER_ACL  ?= /etc/qemu/bridge.conf
HELPER_STATE_DIR ?= /run/brkit/vm-ports
# The copy the tests run setuid: the same code, its files in a root-owned test
# directory (make tools builds it as $(BUILD)/test/qemu-bridge-helper).
HELPER_TEST_DIR ?= /run/brkit-test-helper
HELPER_DEFS = -DHELPER_CONF='"$(1)/vm-ports.conf"' -DHELPER_ACL='"$(1)/bridge.conf"' \
	-DHELPER_STATE_DIR='"$(1)/state"'
UNIT_SRCS := $(sort $(wildcard tests/unit/test_*.c))
TOOL_SRCS := $(sort $(wildcard tests/tools/*.c))
BENCH_SRCS := $(sort $(wildcard bench/*.c))
HDRS      := $(wildcard include/brkit/*.h nl/*.h bridge/*.h tap/*.h fdb/*.h mdb/*.h vlan/*.h vxlan/*.h stp/*.h lab/*.h events/*.h cli/*.h sim/*.h hooks/*.h stpd/*.h evpn/*.h net/*.h)
# The spanning tree simulator (brkit-stp-sim): its core is linked into the
# tests and the benchmark that drive it directly.
SIM_SRCS  := sim/core.c sim/props.c sim/script.c
SIM_OBJS  := $(SIM_SRCS:%.c=$(BUILD)/obj/%.o)
ASAN_SIM_OBJS := $(SIM_SRCS:%.c=$(BUILD)/asan/%.o)
SIM_TESTS := $(BUILD)/tests/test_stp_sim $(BUILD)/tests/test_stp_props

LIB_OBJS  := $(LIB_SRCS:%.c=$(BUILD)/obj/%.o)
CLI_OBJS  := $(CLI_SRCS:%.c=$(BUILD)/obj/%.o)
ASAN_LIB_OBJS := $(LIB_SRCS:%.c=$(BUILD)/asan/%.o)
ASAN_CLI_OBJS := $(CLI_SRCS:%.c=$(BUILD)/asan/%.o)
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/%)
ASAN_UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/asan/tests/%)
TOOL_BINS := $(TOOL_SRCS:tests/tools/%.c=$(BUILD)/tests/tools/%)
BENCH_BINS := $(BENCH_SRCS:bench/%.c=$(BUILD)/bench/%)

HOOK_LINKS := qemu-ifup qemu-ifdown libvirt-qemu
.PHONY: all deps deps-build deps-demo deps-test deps-bench check demo evpn-lab unit unit-asan tools format format-check install uninstall clean bench fuzz abi-check
all: $(BUILD)/libbrkit.a $(BUILD)/libbrkit.so $(BUILD)/brkit $(BUILD)/brctl $(BUILD)/brkit.pc \
	$(BUILD)/brkit-uninstalled.pc \
	$(BUILD)/brkit-stp-sim $(BUILD)/brkit-stpd $(BUILD)/brkit-hook $(BUILD)/qemu-bridge-helper \
	$(HOOK_LINKS:%=$(BUILD)/%)

# deps: every package; demo needs the build group, FRR (its EVPN lab) and busybox (its
# NAT network's DHCP client), check the test tools too, bench also what bench/net.sh
# compares brkit net with (libvirt, dnsmasq, nft).
deps:
	@sh scripts/deps.sh all
deps-build:
	@sh scripts/deps.sh build
deps-demo:
	@sh scripts/deps.sh demo
deps-test:
	@sh scripts/deps.sh test
deps-bench:
	@sh scripts/deps.sh bench

$(BUILD)/obj/%.o: %.c $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(ALLCFLAGS) -c -o $@ $<

$(BUILD)/asan/%.o: %.c $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(ALLCFLAGS) $(SANFLAGS) -c -o $@ $<

$(BUILD)/libbrkit.a: $(LIB_OBJS)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/libbrkit.so.$(VERSION): $(LIB_OBJS) libbrkit.map
	$(CC) -shared -Wl,-soname,libbrkit.so.$(SOVER) -Wl,--no-undefined \
		-Wl,--version-script=libbrkit.map -o $@ $(LIB_OBJS) $(LIBDEPLIBS)

$(BUILD)/libbrkit.so: $(BUILD)/libbrkit.so.$(VERSION)
	ln -sf libbrkit.so.$(VERSION) $(BUILD)/libbrkit.so.$(SOVER)
	ln -sf libbrkit.so.$(VERSION) $@

# json-c: brkit lab show still builds its JSON with it (branch lab).
$(BUILD)/brkit: $(BUILD)/obj/cli/main.o $(CLI_OBJS) $(BUILD)/libbrkit.a
	$(CC) -o $@ $^ $(LIBDEPLIBS) $(shell pkg-config --libs json-c) -lpcap

# The daemon links the static library (internal symbols: nl/, stp/),
# libmnl and libcap-ng, and nothing else: libyaml, libnl and json-c would cost it RSS for
# no use. BPDUs come in through a raw packet socket (stpd/io.c), not libpcap.
# libnftables (the BPDU relay rule of mode c) is
# dlopen()ed by a short-lived child per rule change (stpd/io.c), never mapped
# in the daemon itself; its headers are still used.
$(BUILD)/brkit-stpd: $(STPD_DAEMON_SRCS:%.c=$(BUILD)/obj/%.o) $(STPD_SHARED_SRCS:%.c=$(BUILD)/obj/%.o) \
		$(BUILD)/libbrkit.a
	$(CC) -Wl,--as-needed -o $@ $^ $(shell pkg-config --libs libmnl) $(STPD_CAPNG_LIBS) -ldl

$(BUILD)/brctl: $(BUILD)/brkit
	ln -sf brkit $@

# The root-run VM hooks are brkit-hook under their names (argv[0]).
$(HOOK_LINKS:%=$(BUILD)/%): $(BUILD)/brkit-hook
	ln -sf brkit-hook $@

$(BUILD)/brkit-hook: $(BUILD)/obj/hooks/hook_main.o $(HOOK_CORE_OBJS) $(BUILD)/obj/hooks/libvirt.o \
		$(BUILD)/obj/cli/xmldl.o $(BUILD)/obj/hooks/roles.o $(BUILD)/libbrkit.a
	$(CC) -o $@ $(filter %.o,$^) $(HOOK_LDLIBS)

$(BUILD)/obj/hooks/helper_main.o: hooks/helper_main.c $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(ALLCFLAGS) -DHELPER_CONF='"$(HELPER_CONF)"' -DHELPER_ACL='"$(HELPER_ACL)"' \
		-DHELPER_STATE_DIR='"$(HELPER_STATE_DIR)"' -c -o $@ $<

$(BUILD)/obj/hooks/helper_main-test.o: hooks/helper_main.c $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(ALLCFLAGS) $(call HELPER_DEFS,$(HELPER_TEST_DIR)) -c -o $@ $<

HELPER_LINK = $(CC) -o $@ $(filter %.o,$^) -Wl,-Bstatic -lcap-ng -Wl,-Bdynamic $(HOOK_LDLIBS)
$(BUILD)/qemu-bridge-helper: $(BUILD)/obj/hooks/helper_main.o $(HOOK_CORE_OBJS) \
		$(BUILD)/obj/hooks/helper.o $(BUILD)/libbrkit.a
	$(HELPER_LINK)

$(BUILD)/test/qemu-bridge-helper: $(BUILD)/obj/hooks/helper_main-test.o $(HOOK_CORE_OBJS) \
		$(BUILD)/obj/hooks/helper.o $(BUILD)/libbrkit.a
	@mkdir -p $(dir $@)
	$(HELPER_LINK)

$(BUILD)/brkit.pc: brkit.pc.in Makefile
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@VERSION@|$(VERSION)|' $< > $@

# pkg-config's uninstalled convention: with PKG_CONFIG_PATH=$(BUILD), `pkg-config
# brkit` takes this file before any installed brkit.pc and points into this tree
# (headers in include/, the libraries in $(BUILD)). Absolute paths, so it works
# from any directory; run the program with LD_LIBRARY_PATH=$(BUILD) or link it
# statically (--static).
$(BUILD)/brkit-uninstalled.pc: brkit.pc.in Makefile
	@mkdir -p $(dir $@)
	sed -e 's|^prefix=.*|prefix=$(CURDIR)|' -e 's|^libdir=.*|libdir=$(abspath $(BUILD))|' \
		-e 's|@VERSION@|$(VERSION)|' -e 's|^Description: |Description: (uninstalled, this tree) |' $< > $@

$(BUILD)/brkit-stp-sim: $(BUILD)/obj/sim/main.o $(SIM_OBJS) $(BUILD)/libbrkit.a
	$(CC) -o $@ $^

$(SIM_TESTS): $(BUILD)/tests/%: tests/unit/%.c $(SIM_OBJS) $(BUILD)/libbrkit.a $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(ALLCFLAGS) -o $@ $< $(SIM_OBJS) $(BUILD)/libbrkit.a -lcmocka

# Under ASan the loop property test runs 200 random graphs an event, not 500
# (about 17 s of CPU instead of 42 s); the plain build runs them all.
$(SIM_TESTS:$(BUILD)/tests/%=$(BUILD)/asan/tests/%): $(BUILD)/asan/tests/%: tests/unit/%.c $(ASAN_SIM_OBJS) $(ASAN_LIB_OBJS) $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(ALLCFLAGS) $(SANFLAGS) -DPROPS_GRAPHS=200 -o $@ $< $(ASAN_SIM_OBJS) $(ASAN_LIB_OBJS) $(DEPLIBS) -lcmocka

$(BUILD)/bench/stp_sim: bench/stp_sim.c $(SIM_OBJS) $(BUILD)/libbrkit.a $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(ALLCFLAGS) -o $@ $< $(SIM_OBJS) $(BUILD)/libbrkit.a

# Unit tests link the library and the CLI's pure parts; built plain and with ASan+UBSan.
$(BUILD)/tests/%: tests/unit/%.c $(CLI_OBJS) $(BUILD)/libbrkit.a $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(ALLCFLAGS) -o $@ $< $(CLI_OBJS) $(BUILD)/libbrkit.a $(DEPLIBS) -lcmocka

$(BUILD)/asan/tests/%: tests/unit/%.c $(ASAN_CLI_OBJS) $(ASAN_LIB_OBJS) $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(ALLCFLAGS) $(SANFLAGS) -o $@ $< $(ASAN_CLI_OBJS) $(ASAN_LIB_OBJS) $(DEPLIBS) -lcmocka

# Independent readers and helpers for the privileged tests (libnl-route-3, libpcap).
$(BUILD)/tests/tools/%: tests/tools/%.c $(BUILD)/libbrkit.a $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(ALLCFLAGS) $(shell pkg-config --cflags libnl-route-3.0) -o $@ $< $(BUILD)/libbrkit.a \
		$(DEPLIBS) $(shell pkg-config --libs libnl-route-3.0) -lpcap -lnftables

$(BUILD)/bench/%: bench/%.c $(BUILD)/libbrkit.a $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(ALLCFLAGS) -o $@ $< $(BUILD)/libbrkit.a $(DEPLIBS)

# libFuzzer targets (clang, ASan, UBSan): tests/fuzz/fuzz_NAME.c with its seeds in
# tests/fuzz/corpus/NAME/; add a NAME to FUZZ_TARGETS for a new one. The library
# code they reach is built again with clang into one archive. `make fuzz` runs
# each for its count (FUZZ_RUNS=N: the same N for all; FUZZ_SEED: 0 lets libFuzzer
# pick); `make fuzz-NAME` runs one; `make fuzz-quick-NAME` is make check's pass
# (FUZZ_CHECK_RUNS_NAME inputs, seed 1). Counts and times: README, Fuzzing.
FUZZ_CC   ?= clang
FUZZ_SEED ?= 0
FUZZ_TARGETS := bpdu frame lab spec stpdconf ctl nlreply evpn netxml
FUZZ_RUNS_bpdu  ?= 5000000
FUZZ_RUNS_frame ?= 5000000
FUZZ_RUNS_DEFAULT ?= 1000000
FUZZ_CHECK_RUNS_bpdu  ?= 200000
FUZZ_CHECK_RUNS_frame ?= 20000
FUZZ_CHECK_RUNS_lab   ?= 20000
FUZZ_CHECK_RUNS_ctl   ?= 200000
FUZZ_CHECK_RUNS_DEFAULT ?= 50000
fuzz_runs = $(or $(FUZZ_RUNS),$(FUZZ_RUNS_$(1)),$(FUZZ_RUNS_DEFAULT))
fuzz_check_runs = $(or $(FUZZ_CHECK_RUNS_$(1)),$(FUZZ_CHECK_RUNS_DEFAULT))
FUZZ_CFLAGS := $(WARN) -O1 -g -D_GNU_SOURCE -Iinclude -I. $(DEPCFLAGS) \
	-fsanitize=address,undefined -fno-sanitize-recover=all
# tap/ is reached by no target (and clang warns on its ifr_flags constant)
# net/: its pure files only (net import's fuzz_netxml), not the kernel and process side.
# net/xml.c dlopen()s libxml2 through cli/xmldl.c, as brkit does: libxml2 is not
# instrumented either way, and the target runs the code brkit runs.
FUZZ_LIB_SRCS := $(filter-out tap/%,$(LIB_SRCS)) $(STPD_SHARED_SRCS) hooks/spec.c \
	$(wildcard evpn/*.c) net/spec.c net/xml.c cli/xmldl.c
FUZZ_LIB_OBJS := $(FUZZ_LIB_SRCS:%.c=$(BUILD)/fuzz/obj/%.o)
FUZZ_BINS := $(FUZZ_TARGETS:%=$(BUILD)/fuzz/fuzz_%)
# The engine's machines run to a fixed point on every tick: tracing each of
# their comparisons (libFuzzer's trace-cmp, for solving input bytes) took 60%
# of fuzz_frame's time and helps nothing, as they compare no input octets.
$(BUILD)/fuzz/obj/stp/rstp.o: FUZZ_OBJ_CFLAGS := -fno-sanitize-coverage=trace-cmp
$(BUILD)/fuzz/obj/%.o: %.c $(HDRS)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link $(FUZZ_OBJ_CFLAGS) -c -o $@ $<
$(BUILD)/fuzz/libbrkit-fuzz.a: $(FUZZ_LIB_OBJS)
	@rm -f $@
	ar rcs $@ $^
$(BUILD)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(BUILD)/fuzz/libbrkit-fuzz.a $(HDRS)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< $(BUILD)/fuzz/libbrkit-fuzz.a $(DEPLIBS)
.PHONY: fuzz-bins fuzz-list
fuzz-bins: $(FUZZ_BINS)
fuzz-list:
	@echo $(FUZZ_TARGETS)
fuzz: $(FUZZ_BINS)
	@st=0; $(foreach t,$(FUZZ_TARGETS),sh tests/fuzz/run.sh $(t) $(BUILD)/fuzz/fuzz_$(t) \
		$(call fuzz_runs,$(t)) $(FUZZ_SEED) || st=1;) exit $$st
fuzz-quick-%: $(BUILD)/fuzz/fuzz_%
	@sh tests/fuzz/run.sh $* $< $(call fuzz_check_runs,$*) 1
fuzz-%: $(BUILD)/fuzz/fuzz_%
	@sh tests/fuzz/run.sh $* $< $(call fuzz_runs,$*) $(FUZZ_SEED)

unit: $(UNIT_BINS)
unit-asan: $(ASAN_UNIT_BINS)
tools: $(TOOL_BINS) $(BUILD)/test/qemu-bridge-helper
bench-bins: $(BENCH_BINS)

# The exported symbols of libbrkit.so equal the functions include/brkit/*.h declare.
abi-check: $(BUILD)/libbrkit.so
	BUILD=$(BUILD) CC=$(CC) sh tests/abi/exports.sh

FMT_FILES = $(wildcard */*.c */*.h include/brkit/*.h tests/*/*.c)
format:
	clang-format -i $(FMT_FILES)
format-check:
	@n=0; bad=0; for f in $(FMT_FILES); do n=$$((n + 1)); \
		clang-format --dry-run --Werror $$f >/dev/null 2>&1 || { bad=$$((bad + 1)); echo "FAIL - not formatted: $$f (make format)"; }; \
	done; echo "format: $$((n - bad)) passed, $$bad failed"; [ $$bad = 0 ]

# make check: every suite; scripts/check.sh prints the totals.
check: deps-test
	$(MAKE) --no-print-directory all unit unit-asan tools bench-bins
	BUILD=$(BUILD) sh scripts/check.sh

demo: deps-demo
	$(MAKE) --no-print-directory all
	BUILD=$(BUILD) sh scripts/demo.sh

# The README's EVPN lab: two hypervisors with FRR, a VM on each (tests/lab/evpn2.yml).
# Then: build/brkit lab exec evpn2 vm1 ping 198.51.100.2; build/brkit lab down evpn2
evpn-lab:
	@sh scripts/deps.sh evpn
	$(MAKE) --no-print-directory all
	$(BUILD)/brkit lab up tests/lab/evpn2.yml

bench: deps-bench
	$(MAKE) --no-print-directory all bench-bins
	BUILD=$(BUILD) sh bench/run.sh

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib/pkgconfig \
		$(DESTDIR)$(PREFIX)/include/brkit
	install -m 0755 $(BUILD)/brkit $(DESTDIR)$(PREFIX)/bin/brkit
	install -d $(DESTDIR)$(PREFIX)/sbin $(DESTDIR)$(SYSTEMDDIR)
	install -m 0755 $(BUILD)/brkit-stpd $(DESTDIR)$(PREFIX)/sbin/brkit-stpd
	install -m 0755 hooks/bridge-stp $(DESTDIR)$(PREFIX)/sbin/bridge-stp
	sed -e 's|@PREFIX@|$(PREFIX)|' stpd/brkit-stpd.service > $(DESTDIR)$(SYSTEMDDIR)/brkit-stpd.service
	ln -sf brkit $(DESTDIR)$(PREFIX)/bin/brctl
	install -d $(DESTDIR)$(PREFIX)/libexec/brkit
	install -m 0755 $(BUILD)/brkit-hook $(DESTDIR)$(PREFIX)/libexec/brkit/brkit-hook
	for l in $(HOOK_LINKS); do ln -sf brkit-hook $(DESTDIR)$(PREFIX)/libexec/brkit/$$l; done
	@# a real file; the admin makes it setuid root (README, VM hooks)
	install -m 0755 $(BUILD)/qemu-bridge-helper $(DESTDIR)$(PREFIX)/libexec/brkit/qemu-bridge-helper
	install -m 0644 $(BUILD)/libbrkit.a $(DESTDIR)$(PREFIX)/lib/
	install -m 0755 $(BUILD)/libbrkit.so.$(VERSION) $(DESTDIR)$(PREFIX)/lib/
	ln -sf libbrkit.so.$(VERSION) $(DESTDIR)$(PREFIX)/lib/libbrkit.so.$(SOVER)
	ln -sf libbrkit.so.$(VERSION) $(DESTDIR)$(PREFIX)/lib/libbrkit.so
	install -m 0644 include/brkit/*.h $(DESTDIR)$(PREFIX)/include/brkit/
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@VERSION@|$(VERSION)|' brkit.pc.in \
		> $(DESTDIR)$(PREFIX)/lib/pkgconfig/brkit.pc
	@# every page under man/manN goes to share/man/manN, whoever wrote it
	for f in $(MANPAGES); do \
		d=$(DESTDIR)$(PREFIX)/share/man/$$(basename $$(dirname $$f)); \
		install -d $$d && install -m 0644 $$f $$d/ || exit 1; \
	done
	@# bash-completion loads a command's file by its name: brctl is a link to brkit's
	install -d $(DESTDIR)$(BASHCOMPDIR)
	install -m 0644 completion/brkit.bash $(DESTDIR)$(BASHCOMPDIR)/brkit
	ln -sf brkit $(DESTDIR)$(BASHCOMPDIR)/brctl

uninstall:
	rm -rf $(DESTDIR)$(PREFIX)/libexec/brkit
	rm -f $(DESTDIR)$(PREFIX)/sbin/brkit-stpd $(DESTDIR)$(PREFIX)/sbin/bridge-stp \
		$(DESTDIR)$(SYSTEMDDIR)/brkit-stpd.service
	rm -f $(DESTDIR)$(PREFIX)/bin/brkit $(DESTDIR)$(PREFIX)/bin/brctl \
		$(DESTDIR)$(PREFIX)/lib/libbrkit.* $(DESTDIR)$(PREFIX)/lib/pkgconfig/brkit.pc \
		$(DESTDIR)$(BASHCOMPDIR)/brkit $(DESTDIR)$(BASHCOMPDIR)/brctl
	for f in $(MANPAGES); do \
		rm -f $(DESTDIR)$(PREFIX)/share/man/$$(basename $$(dirname $$f))/$$(basename $$f); \
	done
	rm -rf $(DESTDIR)$(PREFIX)/include/brkit

clean:
	rm -rf $(BUILD)
