# plaindesk — build, test, demo.
#
#   make            build every program into bin/
#   make deps       install the Debian packages it needs (as root)
#   make check      deps, build, unit and CLI tests (several at a time)
#   make check SANITIZE=1   the same under ASan + UBSan
#   make demo       deps, build, an example store, ticket-list
#   make bench      benchmarks at 200, 20k, 100k records; the history audit
#   make soak       the long crash, concurrency and merge runs
#   make fuzz       libFuzzer harnesses, FUZZ_SECONDS (60) each

CC ?= cc
PKGS = libgit2 jansson libical libcrypto xlsxwriter
# Only ticket-mail links these (the mail parser and the HTML reader).
MAIL_PKGS = gmime-3.0 libxml-2.0
DEBS = build-essential pkg-config git libgit2-dev libjansson-dev \
	libcsv-dev libical-dev libssl-dev libxlsxwriter-dev tzdata jq python3 \
	python3-icalendar python3-vobject python3-openpyxl man-db \
	hyperfine time strace libunistring-dev libgmime-3.0-dev libxml2-dev \
	procmail msmtp python3-aiosmtpd gettext gettext-base

PREFIX ?= /usr/local
TEMPLATEDIR ?= $(CURDIR)/templates
# The message catalogues: the programs in bin/ read them from this tree's
# build/locale, installed ones from PREFIX/share/locale.
LOCALEDIR ?= $(CURDIR)/build/locale
LINGUAS = zh_CN
MO_DIR = build/locale
MOS = $(LINGUAS:%=$(MO_DIR)/%/LC_MESSAGES/plaindesk.mo)
POT = build/po/plaindesk.pot

ifeq ($(SANITIZE),1)
BUILD = build/san
BIN = build/san/bin
SANFLAGS = -fsanitize=address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=all
OPT = -O1
else
BUILD = build/rel
BIN = bin
SANFLAGS =
OPT = -O2
endif

PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) $(MAIL_PKGS) 2>/dev/null)
# Loaded with dlopen() on first use, not linked (plaindesk/lazylib.h):
# libgit2 when a program commits or reads history, libical for a
# calendar, libxlsxwriter for a spreadsheet, libcrypto for a hash, so
# that reading commands start without them and what they load.
LAZY_PKGS = libgit2 libical libcrypto xlsxwriter
PKG_LIBS := $(shell pkg-config --libs $(filter-out $(LAZY_PKGS),$(PKGS)) 2>/dev/null)
soname = $(shell objdump -p $$($(CC) -print-file-name=$(1)) 2>/dev/null | \
	awk '/SONAME/ {print $$2}')
sodef = $(if $(2),-DPD_SONAME_$(1)='"$(2)"')
SONAMES := $(call sodef,ICAL,$(call soname,libical.so)) \
	$(call sodef,CRYPTO,$(call soname,libcrypto.so)) \
	$(call sodef,XLSX,$(call soname,libxlsxwriter.so))
MAIL_LIBS := $(shell pkg-config --libs $(MAIL_PKGS) 2>/dev/null)

CFLAGS ?= $(OPT) -g
# -MMD -MP: the compiler writes each object's header dependencies to a
# .d file beside it, so a header change rebuilds only what includes it.
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -MMD -MP \
	-pthread -Iinclude $(PKG_CFLAGS) -DPD_TEMPLATEDIR='"$(TEMPLATEDIR)"' \
	-DPD_LOCALEDIR='"$(LOCALEDIR)"' $(SONAMES) $(SANFLAGS) $(CFLAGS)
LDFLAGS ?=
ALL_LDFLAGS = -Wl,--as-needed -pthread $(SANFLAGS) $(LDFLAGS) \
	-Wl,--export-dynamic-symbol=mbedtls_x509_crt_parse_file \
	-Wl,--export-dynamic-symbol=mbedtls_x509_crt_parse_path \
	-Wl,--export-dynamic-symbol=libssh2_init
LIBS = $(PKG_LIBS) -lcsv -lunistring -lm

LIB_SRC = $(wildcard lib/*/*.c)
LIB_OBJ = $(LIB_SRC:%.c=$(BUILD)/%.o)
CMD_SRC = $(wildcard cmd/*.c)
PROGS = $(CMD_SRC:cmd/%.c=$(BIN)/%)
UNIT_SRC = $(wildcard tests/unit/test_*.c)
UNITS = $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
OBJS = $(LIB_OBJ) $(CMD_SRC:%.c=$(BUILD)/%.o) $(UNIT_SRC:%.c=$(BUILD)/%.o)

all: $(PROGS) $(MOS)

# Each catalogue compiled, its formats checked against the English ones.
$(MO_DIR)/%/LC_MESSAGES/plaindesk.mo: po/%.po
	@mkdir -p $(dir $@)
	msgfmt --check -o $@ $<

# The template of every translatable string, made by xgettext; "make po"
# merges it into each catalogue for translating.
$(POT): tools/pot $(LIB_SRC) $(CMD_SRC) $(wildcard include/plaindesk/*.h)
	tools/pot $@

pot: $(POT)

po: $(POT)
	for l in $(LINGUAS); do msgmerge -q --update --backup=none \
		--no-fuzzy-matching po/$$l.po $(POT); done

# Every string of the template translated in every catalogue (msgcmp
# counts an untranslated or fuzzy entry as missing).
po-check: $(POT)
	for l in $(LINGUAS); do msgfmt --check -o /dev/null po/$$l.po && \
		msgcmp po/$$l.po $(POT) || exit 1; done

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

-include $(OBJS:.o=.d)

$(BUILD)/libplaindesk.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BIN)/%: $(BUILD)/cmd/%.o $(BUILD)/libplaindesk.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(LIBS)

# lib/mail/ is in the archive too, but only these link what it needs.
$(BIN)/ticket-mail $(BUILD)/tests/test_mail: LIBS += $(MAIL_LIBS)

# Unit tests may call the lazily loaded libraries themselves.
LAZY_LIBS := $(shell pkg-config --libs $(LAZY_PKGS) 2>/dev/null)

$(BUILD)/tests/%: $(BUILD)/tests/unit/%.o $(BUILD)/libplaindesk.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(LIBS) $(LAZY_LIBS)

# Install what the build and the tests need, on Debian 12.  Skipped when
# everything is there already.
deps:
	@missing=""; for p in $(DEBS); do \
		dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq \
			--no-install-recommends $$missing; \
	fi

check: deps
	$(MAKE) all units po-check
	tests/run $(BIN) $(BUILD)/tests

units: $(UNITS)

demo: deps
	$(MAKE) all
	examples/demo.sh $(BIN)

bench: deps
	$(MAKE) all
	bench/run.sh $(BIN)

# The long runs of the tests that make check runs small: 1,000 kills,
# 8 writers x 200 changes, two clones x 1,000 changes; with every change
# synced to disk, as in real use.
soak: deps
	$(MAKE) all units
	PLAINDESK_SOAK=1 PLAINDESK_FSYNC=1 tests/run $(BIN) $(BUILD)/tests \
		t-crash t-concurrent t-merge

# Fuzzing: fuzz/fuzz_NAME.c built with clang's libFuzzer, ASan and UBSan,
# run for FUZZ_SECONDS each from the seeds in fuzz/corpus/NAME (what it
# learns goes to build/fuzz/corpus/NAME, crashers to build/fuzz/).
FUZZ_SECONDS ?= 60
FUZZ_CC ?= clang
FUZZ_DEBS = clang libclang-rt-14-dev
FUZZ_BUILD = build/fuzz
FUZZ_SAN = -fsanitize=address,undefined -fno-sanitize-recover=undefined
FUZZ_CFLAGS = -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -MMD -MP -Iinclude \
	$(PKG_CFLAGS) -DPD_TEMPLATEDIR='"$(TEMPLATEDIR)"' -g -O1 \
	-fno-omit-frame-pointer $(FUZZ_SAN)
FUZZ_SRC = $(wildcard fuzz/fuzz_*.c)
FUZZERS = $(FUZZ_SRC:fuzz/%.c=$(FUZZ_BUILD)/%)
FUZZ_LIB_OBJ = $(LIB_SRC:%.c=$(FUZZ_BUILD)/%.o)

$(FUZZ_BUILD)/lib/%.o: lib/%.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

$(FUZZ_BUILD)/libplaindesk.a: $(FUZZ_LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(FUZZ_BUILD)/fuzz_%: fuzz/fuzz_%.c $(FUZZ_BUILD)/libplaindesk.a
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< \
		$(FUZZ_BUILD)/libplaindesk.a $(LIBS) $(MAIL_LIBS)

-include $(FUZZ_LIB_OBJ:.o=.d) $(FUZZERS:=.d)

fuzz-deps:
	@$(MAKE) --no-print-directory deps DEBS="$(FUZZ_DEBS)"

fuzz-build: fuzz-deps
	$(MAKE) $(FUZZERS)

fuzz: fuzz-build
	@for f in $(FUZZERS); do \
		n=$${f##*/fuzz_}; mkdir -p $(FUZZ_BUILD)/corpus/$$n; \
		echo "fuzz_$$n: $(FUZZ_SECONDS)s"; \
		$$f -max_total_time=$(FUZZ_SECONDS) -timeout=60 \
			-rss_limit_mb=3072 -print_final_stats=1 \
			-artifact_prefix=$(FUZZ_BUILD)/crash-$$n- \
			$(FUZZ_BUILD)/corpus/$$n fuzz/corpus/$$n \
			2>$(FUZZ_BUILD)/$$n.log || \
			{ tail -n 40 $(FUZZ_BUILD)/$$n.log; exit 1; }; \
		grep -E '^stat::(number_of_executed_units|peak_rss)' \
			$(FUZZ_BUILD)/$$n.log; \
	done

# Installed programs find their templates under PREFIX, so they are built
# apart from the ones in bin/, which use the templates of this tree.
INST = build/install
install:
	$(MAKE) BUILD=$(INST) BIN=$(INST)/bin \
		TEMPLATEDIR=$(PREFIX)/share/plaindesk/templates \
		LOCALEDIR=$(PREFIX)/share/locale all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
		$(DESTDIR)$(PREFIX)/share/man/man5 \
		$(DESTDIR)$(PREFIX)/share/plaindesk/templates
	install -m 755 $(CMD_SRC:cmd/%.c=$(INST)/bin/%) $(DESTDIR)$(PREFIX)/bin
	install -m 644 man/man1/*.1 $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 644 man/man5/*.5 $(DESTDIR)$(PREFIX)/share/man/man5
	cp -R templates/. $(DESTDIR)$(PREFIX)/share/plaindesk/templates/
	for l in $(LINGUAS); do \
		install -d $(DESTDIR)$(PREFIX)/share/locale/$$l/LC_MESSAGES && \
		install -m 644 $(MO_DIR)/$$l/LC_MESSAGES/plaindesk.mo \
			$(DESTDIR)$(PREFIX)/share/locale/$$l/LC_MESSAGES; \
	done

clean:
	rm -rf build bin

.PHONY: all deps check units demo bench install clean soak fuzz fuzz-deps \
	fuzz-build pot po po-check
.SECONDARY:
