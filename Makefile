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
WASM_SRCS :=
WASM_TEST_SRCS :=

# The JIT: x86-64 encoder, compiler front end.
WASM_SRCS += wasm/compile/x64_emit.c wasm/compile/trap_table.c wasm/runtime/code.c
WASM_TEST_SRCS += wasm/compile/x64_emit_test.c wasm/compile/trap_table_test.c wasm/runtime/code_test.c
# The JIT's host platform layer (code memory, traps via signals).
WASM_HOST_SRCS := host/jit_linux.c
WASM_HOST_TEST_SRCS := host/jit_linux_test.c
# The encoder's expected bytes, checked against llvm-mc's assembler.
TEST_STAGES += 'x64-encodings|120|tools/check-x64-encodings wasm/compile/x64_emit_test.c'

# ---------------------------------------------------------------- host tool rz
# `rz` validates modules, runs the spec suite and benchmarks the engine; it
# is built optimized because the benchmark measures it. RZ_LIB_SRCS are the
# parts that host unit tests and fuzz targets link too.
RZ_LIB_SRCS := host/platform_linux.c host/file.c host/spec_value.c host/spec_script.c
RZ_SRCS := host/rz.c host/check.c host/cmd_validate.c host/cmd_spec.c host/cmd_bench.c \
	host/spec_cache.c host/spec_run.c $(RZ_LIB_SRCS)
RZ_TEST_SRCS := host/spec_value_test.c host/spec_script_test.c
HOST_LIBS := -lcjson

$(B)/rz: $(RZ_SRCS:%.c=$(B)/host-opt/%.o) $(WASM_SRCS:%.c=$(B)/host-opt/%.o)
	$(HOST_CC) $^ $(HOST_LIBS) -o $@


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
TEST_DEPS := $(B)/host-tests

test: $(TEST_DEPS)
	tools/run-tests $(TEST_STAGES)

clean:
	rm -rf $(B)

-include $(shell find $(B) -name '*.d' 2>/dev/null)
