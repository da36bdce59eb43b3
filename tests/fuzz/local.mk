# tests/fuzz

# MQTT payload parser (h5). Configure with CC=clang --enable-fuzzing; the
# parser and text code are compiled into the harness itself so libFuzzer's
# coverage instrumentation sees them, the rest comes from libpwcore.a.
EXTRA_DIST += tests/fuzz/fuzz_payload.c tests/fuzz/corpus/payload
if ENABLE_FUZZING
check_PROGRAMS += tests/fuzz/fuzz_payload
tests_fuzz_fuzz_payload_SOURCES = tests/fuzz/fuzz_payload.c src/core/payload.c src/core/text.c \
	src/core/alarm.c src/core/alarm_state.c
nodist_tests_fuzz_fuzz_payload_SOURCES = src/embedded.c
tests_fuzz_fuzz_payload_CPPFLAGS = $(AM_CPPFLAGS) $(JANSSON_CFLAGS)
tests_fuzz_fuzz_payload_CFLAGS = $(AM_CFLAGS) -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=undefined -fno-omit-frame-pointer
tests_fuzz_fuzz_payload_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer,address,undefined
tests_fuzz_fuzz_payload_LDADD = libpwcore.a $(JANSSON_LIBS) $(INIH_LIBS) -lm

# `make fuzz-payload`: 20 s from the seed corpus; new inputs go to the build tree.
fuzz-payload: tests/fuzz/fuzz_payload
	$(MKDIR_P) tests/fuzz/corpus-payload-new
	./tests/fuzz/fuzz_payload -max_total_time=$${FUZZ_SECONDS:-20} -max_len=4200 \
		tests/fuzz/corpus-payload-new $(srcdir)/tests/fuzz/corpus/payload
.PHONY: fuzz-payload
endif
