# tests/fuzz: libFuzzer harnesses, one per parser of outside input. Each
# checks the parser's promises (not only "does not crash") and has a seed
# corpus in tests/fuzz/corpus/<what>/. Configure with CC=clang
# --enable-fuzzing; the parsers under test are compiled into each harness
# so libFuzzer's coverage instrumentation sees them, the rest comes from
# the libraries (whose util.c needs src/embedded.c). tools/test runs each
# for a bounded time.
#
#   payload  MQTT topic + payload parser and the alarm engine (h5)
#   theme    theme files                     config  the ini configuration
#   regs     laws and regulations files      text    sanitiser and widths
#   import   `import`'s tsv/CSV reader and row checks (no database)
FUZZ_TARGETS = payload theme config regs text import
EXTRA_DIST += $(FUZZ_TARGETS:%=tests/fuzz/fuzz_%.c) tests/fuzz/corpus
if ENABLE_FUZZING
FUZZ_CC_FLAGS = $(AM_CFLAGS) -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=undefined -fno-omit-frame-pointer
FUZZ_LD_FLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer,address,undefined
check_PROGRAMS += tests/fuzz/fuzz_payload tests/fuzz/fuzz_theme tests/fuzz/fuzz_config \
	tests/fuzz/fuzz_regs tests/fuzz/fuzz_text tests/fuzz/fuzz_import

tests_fuzz_fuzz_payload_SOURCES = tests/fuzz/fuzz_payload.c src/core/payload.c src/core/text.c \
	src/core/alarm.c src/core/alarm_state.c
nodist_tests_fuzz_fuzz_payload_SOURCES = src/embedded.c
tests_fuzz_fuzz_payload_CPPFLAGS = $(AM_CPPFLAGS) $(JANSSON_CFLAGS)
tests_fuzz_fuzz_payload_CFLAGS = $(FUZZ_CC_FLAGS)
tests_fuzz_fuzz_payload_LDFLAGS = $(FUZZ_LD_FLAGS)
tests_fuzz_fuzz_payload_LDADD = libpwcore.a $(JANSSON_LIBS) $(INIH_LIBS) -lm

tests_fuzz_fuzz_theme_SOURCES = tests/fuzz/fuzz_theme.c src/core/theme.c src/core/text.c
nodist_tests_fuzz_fuzz_theme_SOURCES = src/embedded.c
tests_fuzz_fuzz_theme_CFLAGS = $(FUZZ_CC_FLAGS)
tests_fuzz_fuzz_theme_LDFLAGS = $(FUZZ_LD_FLAGS)
tests_fuzz_fuzz_theme_LDADD = libpwcore.a -lm

tests_fuzz_fuzz_config_SOURCES = tests/fuzz/fuzz_config.c src/core/config.c
tests_fuzz_fuzz_config_CPPFLAGS = $(AM_CPPFLAGS) $(INIH_CFLAGS)
nodist_tests_fuzz_fuzz_config_SOURCES = src/embedded.c
tests_fuzz_fuzz_config_CFLAGS = $(FUZZ_CC_FLAGS)
tests_fuzz_fuzz_config_LDFLAGS = $(FUZZ_LD_FLAGS)
tests_fuzz_fuzz_config_LDADD = libpwcore.a $(INIH_LIBS) -lm

tests_fuzz_fuzz_regs_SOURCES = tests/fuzz/fuzz_regs.c src/core/regsfile.c src/core/text.c
nodist_tests_fuzz_fuzz_regs_SOURCES = src/embedded.c
tests_fuzz_fuzz_regs_CFLAGS = $(FUZZ_CC_FLAGS)
tests_fuzz_fuzz_regs_LDFLAGS = $(FUZZ_LD_FLAGS)
tests_fuzz_fuzz_regs_LDADD = libpwcore.a -lm

tests_fuzz_fuzz_text_SOURCES = tests/fuzz/fuzz_text.c src/core/text.c
nodist_tests_fuzz_fuzz_text_SOURCES = src/embedded.c
tests_fuzz_fuzz_text_CFLAGS = $(FUZZ_CC_FLAGS)
tests_fuzz_fuzz_text_LDFLAGS = $(FUZZ_LD_FLAGS)
tests_fuzz_fuzz_text_LDADD = libpwcore.a -lm

# The reader is in the store library (it shares the tsv unescaping with
# `query`) but touches no database; sqlite is only linked, never opened.
tests_fuzz_fuzz_import_SOURCES = tests/fuzz/fuzz_import.c src/store/import_file.c \
	src/core/import_spec.c src/core/text.c
nodist_tests_fuzz_fuzz_import_SOURCES = src/embedded.c
tests_fuzz_fuzz_import_CFLAGS = $(FUZZ_CC_FLAGS)
tests_fuzz_fuzz_import_LDFLAGS = $(FUZZ_LD_FLAGS)
tests_fuzz_fuzz_import_LDADD = libpwstore.a libpwcore.a $(SQLITE_LIBS) $(CRYPTO_LIBS) \
	$(JANSSON_LIBS) $(INIH_LIBS) $(CSV_LIBS) -lm

# `make fuzz-payload` (theme, config, regs, text, import): $FUZZ_SECONDS
# (default 20) from the seed corpus; new inputs go to the build tree.
# `make fuzz` runs them all, one after another.
$(FUZZ_TARGETS:%=fuzz-%): fuzz-%: tests/fuzz/fuzz_%
	$(MKDIR_P) tests/fuzz/corpus-$*-new
	./tests/fuzz/fuzz_$* -max_total_time=$${FUZZ_SECONDS:-20} -max_len=8192 \
		tests/fuzz/corpus-$*-new $(srcdir)/tests/fuzz/corpus/$*
fuzz: $(FUZZ_TARGETS:%=fuzz-%)
.PHONY: fuzz $(FUZZ_TARGETS:%=fuzz-%)
endif
