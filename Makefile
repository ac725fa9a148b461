# Ringzero: one Makefile for the kernel, the wasm engine, the host tool `rz`
# and every test. `make run` boots the shell in QEMU; `make test` runs all
# tests and ends with `N passed, N failed`. Object lists are explicit; each
# component has its own section below.

# Install what is missing (quiet when nothing is); runs before any rule.
SETUP_STATUS := $(shell tools/setup >&2; echo $$?)
ifneq ($(SETUP_STATUS),0)
$(error tools/setup failed: see its output above)
endif

B := build
WASM_TESTSUITE ?= ../shared/wasm-testsuite
export WASM_TESTSUITE

.PHONY: all test run debug fuzz bench clean
all:

# ---------------------------------------------------------------- host C
# Host objects come in two flavours: sanitized (unit tests, fuzzing) and
# optimized (the `rz` tool, whose speed the benchmarks measure).
HOST_CC := clang
HOST_WARN := -std=gnu11 -Wall -Wextra -Werror -Wno-unused-parameter
HOST_INC := -Iinclude -Iwasm -Ihost
HOST_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
HOST_TEST_CFLAGS := $(HOST_WARN) $(HOST_INC) -g -O1 $(HOST_SAN) -MMD -MP
HOST_OPT_CFLAGS := $(HOST_WARN) $(HOST_INC) -g -O2 -MMD -MP

$(B)/host-san/%.o: %.c
	@mkdir -p $(@D)
	$(HOST_CC) $(HOST_TEST_CFLAGS) -c $< -o $@

$(B)/host-opt/%.o: %.c
	@mkdir -p $(@D)
	$(HOST_CC) $(HOST_OPT_CFLAGS) -c $< -o $@

# ---------------------------------------------------------------- lib
# Freestanding pieces shared by the kernel and host programs.
LIB_SRCS := lib/ktest.c
LIB_TEST_SRCS := lib/ktest_test.c

# ---------------------------------------------------------------- wasm engine
# Freestanding: builds on the host and, later, in the kernel.
WASM_SRCS := wasm/decode.c wasm/decode_fields.c wasm/decode_names.c wasm/decode_segments.c \
	wasm/error.c wasm/instr.c wasm/module.c wasm/opcode.c wasm/read.c wasm/validate.c \
	wasm/validate_code.c wasm/validate_instr.c
WASM_TEST_SRCS := wasm/testmod.c wasm/read_test.c wasm/opcode_test.c wasm/decode_test.c \
	wasm/validate_test.c

# The JIT: x86-64 encoder, compiler front end.
WASM_SRCS += wasm/compile/x64_emit.c wasm/compile/trap_table.c wasm/runtime/code.c
WASM_TEST_SRCS += wasm/compile/x64_emit_test.c wasm/compile/trap_table_test.c wasm/runtime/code_test.c
WASM_SRCS += wasm/compile/jit.c wasm/compile/jit_stack.c wasm/compile/jit_control.c \
	wasm/compile/jit_int.c wasm/compile/jit_float.c wasm/compile/jit_mem.c wasm/compile/jit_table.c \
	wasm/runtime/instance.c wasm/runtime/link.c wasm/runtime/memory.c wasm/runtime/table.c \
	wasm/runtime/types.c
WASM_TEST_SRCS += wasm/compile/jit_fixture.c wasm/compile/jit_test.c wasm/compile/jit_float_test.c
# The JIT's host platform layer (code memory, traps via signals).
WASM_HOST_SRCS := host/jit_linux.c
WASM_HOST_TEST_SRCS := host/jit_linux_test.c
# Every program linking the engine needs the host layer too.
$(B)/rz: $(WASM_HOST_SRCS:%.c=$(B)/host-opt/%.o)
$(B)/fuzz-replay: $(WASM_HOST_SRCS:%.c=$(B)/host-san/%.o)
$(B)/fuzz-validate: $(WASM_HOST_SRCS:%.c=$(B)/host-fuzz/%.o)
# The spec suite's scripts run through the JIT (until rz spec runs them).
JIT_SPEC_SRCS := host/jit_spec.c host/spec_cache.c host/file.c host/spec_script.c \
	host/spec_value.c host/platform_linux.c $(WASM_HOST_SRCS) $(WASM_SRCS)
$(B)/jit-spec: $(JIT_SPEC_SRCS:%.c=$(B)/host-san/%.o)
	$(HOST_CC) $(HOST_SAN) $^ $(HOST_LIBS) -o $@
# Failed instances may stay allocated by design (runtime/instance.h).
TEST_STAGES += 'jit-spec|600|ASAN_OPTIONS=detect_leaks=0 $(B)/jit-spec $(WASM_TESTSUITE) $(B)/spec'
TEST_DEPS += $(B)/jit-spec
# Test modules written in WAT, embedded as C arrays.
JIT_TEST_MODULES := $(patsubst wasm/compile/testdata/%.wat,$(B)/gen/%.wasm.h,\
	$(wildcard wasm/compile/testdata/*.wat))
$(B)/gen/%.wasm.h: wasm/compile/testdata/%.wat tools/wat2c
	@mkdir -p $(@D)
	tools/wat2c $< $@
# Expected float results, from an independent model of the semantics.
$(B)/gen/float_cases.inc: tools/float-cases
	@mkdir -p $(@D)
	tools/float-cases $@
JIT_E2E_TEST_OBJS := $(B)/host-san/wasm/compile/jit_test.o $(B)/host-san/wasm/compile/jit_float_test.o
$(JIT_E2E_TEST_OBJS): $(JIT_TEST_MODULES) $(B)/gen/float_cases.inc
$(JIT_E2E_TEST_OBJS): HOST_TEST_CFLAGS += -I$(B)/gen
# The encoder's expected bytes, checked against llvm-mc's assembler.
TEST_STAGES += 'x64-encodings|120|tools/check-x64-encodings wasm/compile/x64_emit_test.c'

# ---------------------------------------------------------------- host tool rz
# `rz` validates modules, runs the spec suite and benchmarks the engine; it
# is built optimized because the benchmark measures it. RZ_LIB_SRCS are the
# parts that host unit tests link too.
RZ_LIB_SRCS := host/platform_linux.c host/check.c host/file.c host/cmd_validate.c \
	host/spec_value.c host/spec_script.c host/spec_run.c host/spec_cache.c
RZ_SRCS := host/rz.c host/cmd_spec.c host/cmd_bench.c $(RZ_LIB_SRCS)
RZ_TEST_SRCS := host/spec_value_test.c host/spec_script_test.c host/spec_run_test.c \
	host/spec_cache_test.c host/cmd_validate_test.c
HOST_LIBS := -lcjson

$(B)/rz: $(RZ_SRCS:%.c=$(B)/host-opt/%.o) $(WASM_SRCS:%.c=$(B)/host-opt/%.o)
	$(HOST_CC) $^ $(HOST_LIBS) -o $@

all: $(B)/rz

# ---------------------------------------------------------------- fuzzing
# `make fuzz` runs the libFuzzer target for FUZZ_SECONDS on seeds built from
# the spec suite and tests/fuzz/corpus; inputs that crash land in
# tests/fuzz/regressions, which the fuzz-replay stage replays under ASan+UBSan.
# Fuzz builds use tests/fuzz/platform_fuzz.c, which can fail allocations.
FUZZ_SECONDS ?= 60
FUZZ_CFLAGS := $(HOST_WARN) $(HOST_INC) -g -O1 -fsanitize=fuzzer-no-link,address,undefined \
	-fno-sanitize-recover=all -fno-omit-frame-pointer -MMD -MP
FUZZ_ENGINE_SRCS := host/check.c tests/fuzz/platform_fuzz.c $(WASM_SRCS)

$(B)/host-fuzz/%.o: %.c
	@mkdir -p $(@D)
	$(HOST_CC) $(FUZZ_CFLAGS) -c $< -o $@

$(B)/fuzz-validate: $(patsubst %.c,$(B)/host-fuzz/%.o,tests/fuzz/fuzz_validate.c $(FUZZ_ENGINE_SRCS))
	$(HOST_CC) -fsanitize=fuzzer,address,undefined $^ -o $@

$(B)/fuzz-replay: $(patsubst %.c,$(B)/host-san/%.o,tests/fuzz/replay.c tests/fuzz/fuzz_validate.c \
		host/file.c $(FUZZ_ENGINE_SRCS))
	$(HOST_CC) $(HOST_SAN) $^ -o $@

all: $(B)/fuzz-replay

fuzz: $(B)/fuzz-validate
	tests/fuzz/make-seeds $(B)/fuzz/seeds
	@mkdir -p $(B)/fuzz/corpus
	$(B)/fuzz-validate -max_total_time=$(FUZZ_SECONDS) -timeout=10 -print_final_stats=1 \
		-artifact_prefix=tests/fuzz/regressions/ $(B)/fuzz/corpus $(B)/fuzz/seeds

# ---------------------------------------------------------------- benchmark
# `make bench` (never part of `make test`): decode+validate throughput of rz
# against wabt's wasm-validate on zlib and sqlite3 compiled to wasm32-wasi
# from Debian's source packages; writes build/bench/results.json.
bench: $(B)/rz
	bench/fetch-sources $(B)/bench
	bench/build-modules $(B)/bench
	bench/run $(B)/bench

# ---------------------------------------------------------------- kernel
KERNEL_SRCS :=
KERNEL_TEST_SRCS :=

# ---------------------------------------------------------------- host unit tests
HOST_TEST_SRCS := tests/host/main.c $(LIB_SRCS) $(LIB_TEST_SRCS) $(WASM_SRCS) $(WASM_TEST_SRCS) \
	$(RZ_LIB_SRCS) $(RZ_TEST_SRCS) $(WASM_HOST_SRCS) $(WASM_HOST_TEST_SRCS)
HOST_TEST_OBJS := $(HOST_TEST_SRCS:%.c=$(B)/host-san/%.o)

$(B)/host-tests: $(HOST_TEST_OBJS)
	$(HOST_CC) $(HOST_SAN) $^ $(HOST_LIBS) -o $@

all: $(B)/host-tests

# ---------------------------------------------------------------- tests
# Each stage is 'name|timeout in seconds|command'; tools/run-tests parses
# the KTAP each prints and prints the total.
TEST_STAGES += 'host|300|$(B)/host-tests'
TEST_DEPS += $(B)/host-tests
TEST_STAGES += 'spec|600|$(B)/rz spec --ktap'
TEST_DEPS += $(B)/rz
TEST_STAGES += 'fuzz-replay|120|$(B)/fuzz-replay tests/fuzz/regressions'
TEST_DEPS += $(B)/fuzz-replay

test: $(TEST_DEPS)
	tools/run-tests $(TEST_STAGES)

clean:
	rm -rf $(B)

-include $(shell find $(B) -name '*.d' 2>/dev/null)
