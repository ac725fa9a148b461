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
LIB_SRCS := lib/ktest.c lib/fmt.c lib/string.c
LIB_TEST_SRCS := lib/ktest_test.c lib/fmt_test.c lib/string_test.c

# On the host, lib/string.c must not replace the C library's functions (the
# sanitizers intercept them): its names, and the calls in its test, get a
# lib_ prefix there.
LIB_STRING_RENAME := $(foreach f,memcpy memmove memset memcmp memchr strlen strnlen strcmp \
    strncmp strchr strstr strlcpy,-D$(f)=lib_$(f)) -fno-builtin
$(B)/host-san/lib/string.o $(B)/host-san/lib/string_test.o: HOST_TEST_CFLAGS += $(LIB_STRING_RENAME)

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
	wasm/compile/jit_int.c wasm/compile/jit_float.c wasm/compile/jit_mem.c \
	wasm/runtime/instance.c wasm/runtime/types.c
WASM_TEST_SRCS += wasm/compile/jit_fixture.c wasm/compile/jit_test.c wasm/compile/jit_float_test.c
# The JIT's host platform layer (code memory, traps via signals).
WASM_HOST_SRCS := host/jit_linux.c
WASM_HOST_TEST_SRCS := host/jit_linux_test.c
# Every program linking the engine needs the host layer too.
$(B)/rz: $(WASM_HOST_SRCS:%.c=$(B)/host-opt/%.o)
$(B)/fuzz-replay: $(WASM_HOST_SRCS:%.c=$(B)/host-san/%.o)
$(B)/fuzz-validate: $(WASM_HOST_SRCS:%.c=$(B)/host-fuzz/%.o)
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

# ---------------------------------------------------------------- kernel memory
# Frame allocator, paging, virtual memory and heap. Their plain-C cores also
# run in host-tests, over fake memory maps and fake page providers.
MM_SRCS := kernel/pmm.c kernel/avl.c kernel/vmspace.c kernel/heap.c kernel/kmalloc.c \
    kernel/vmm.c kernel/mm.c arch/x86_64/pte.c arch/x86_64/paging.c arch/x86_64/mmu.c
MM_TEST_SRCS := kernel/mm_test.c kernel/vmm_test.c
MM_HOST_SRCS := kernel/pmm.c kernel/pmm_test.c kernel/avl.c kernel/avl_test.c \
    kernel/vmspace.c kernel/vmspace_test.c kernel/heap.c kernel/heap_test.c \
    arch/x86_64/pte.c arch/x86_64/pte_test.c arch/x86_64/paging.c arch/x86_64/paging_test.c \
    tests/host/panic_host.c
# The host's panic() jumps back into KT_EXPECT_PANIC (tests/host/panic_catch.h).
$(B)/host-san/tests/host/panic_host.o: HOST_TEST_CFLAGS += -I.

# ---------------------------------------------------------------- kernel
# Freestanding, higher half (-mcmodel=kernel), no red zone (interrupts
# arrive on the current stack), no SSE in kernel C (FPU state belongs to
# the interrupted code and is saved only on context switch).
KERNEL_CC := clang --target=x86_64-unknown-none-elf
KERNEL_CFLAGS := -std=gnu11 -Wall -Wextra -Werror -Wno-unused-parameter -ffreestanding \
    -fno-pic -mcmodel=kernel -mno-red-zone -fno-stack-protector -mno-sse -mno-mmx \
    -mno-80387 -fno-omit-frame-pointer -O2 -g -I. -Iinclude -Iwasm -MMD -MP
KERNEL_LDFLAGS := -nostdlib -static -z max-page-size=4096 -T arch/x86_64/kernel.ld

KERNEL_SRCS := arch/x86_64/boot.S arch/x86_64/acpi.c arch/x86_64/acpi_tables.c \
    arch/x86_64/arch.c arch/x86_64/clock.c arch/x86_64/desc.c arch/x86_64/fault.c \
    arch/x86_64/fpu.c arch/x86_64/gdt.c arch/x86_64/hpet.c arch/x86_64/idt.c \
    arch/x86_64/ioapic.c arch/x86_64/irq.c arch/x86_64/isr.S arch/x86_64/kjmp.S \
    arch/x86_64/lapic.c arch/x86_64/multiboot2.c arch/x86_64/pic.c arch/x86_64/pit.c \
    arch/x86_64/qemu_exit.c arch/x86_64/serial.c arch/x86_64/trap.c \
    kernel/backtrace.c kernel/cmdline.c kernel/console.c kernel/ksyms.c kernel/ktest_kernel.c \
    kernel/main.c kernel/panic.c $(MM_SRCS)
# Tests that need the machine; they run in QEMU.
KERNEL_TEST_SRCS := arch/x86_64/arch_test.c arch/x86_64/clock_test.c arch/x86_64/fault_test.c arch/x86_64/fpu_test.c \
    arch/x86_64/irq_test.c arch/x86_64/lapic_test.c arch/x86_64/pit_test.c \
    arch/x86_64/serial_test.c kernel/console_test.c kernel/ktest_kernel_test.c $(MM_TEST_SRCS)
# Pure kernel code whose tests also run on the host (with the sanitizers).
KERNEL_HOST_TEST_SRCS := arch/x86_64/acpi_tables.c arch/x86_64/acpi_tables_test.c \
    arch/x86_64/desc.c arch/x86_64/desc_test.c arch/x86_64/multiboot2.c \
    arch/x86_64/multiboot2_test.c kernel/cmdline.c kernel/cmdline_test.c

KERNEL_OBJS := $(patsubst %,$(B)/kernel/%.o,$(basename $(KERNEL_SRCS) $(KERNEL_TEST_SRCS) \
    $(filter %_test.c,$(KERNEL_HOST_TEST_SRCS)) $(LIB_SRCS) $(LIB_TEST_SRCS)))

$(B)/kernel/%.o: %.c
	@mkdir -p $(@D)
	$(KERNEL_CC) $(KERNEL_CFLAGS) -c $< -o $@

$(B)/kernel/%.o: %.S
	@mkdir -p $(@D)
	$(KERNEL_CC) $(KERNEL_CFLAGS) -c $< -o $@

$(B)/kernel/lib/string.o: KERNEL_CFLAGS += -fno-builtin
$(B)/host-san/arch/%.o $(B)/host-san/kernel/%.o: HOST_TEST_CFLAGS += -I.

# Two-pass link for symbolized backtraces: pass 1 has an empty symbol
# table, its text symbols become the table of the final link. .ksyms comes
# last in the image, so the final link must list the same symbols; the
# rule checks that instead of trusting it.
$(B)/kernel/ksyms-empty.S:
	@mkdir -p $(@D)
	tools/gen-ksyms < /dev/null > $@

$(B)/kernel/kernel.pass1.elf: $(KERNEL_OBJS) $(B)/kernel/ksyms-empty.o arch/x86_64/kernel.ld
	ld.lld $(KERNEL_LDFLAGS) $(KERNEL_OBJS) $(B)/kernel/ksyms-empty.o -o $@

$(B)/kernel/ksyms.S: $(B)/kernel/kernel.pass1.elf tools/gen-ksyms
	llvm-nm -n --defined-only $< | tools/gen-ksyms > $@

$(B)/kernel.elf: $(KERNEL_OBJS) $(B)/kernel/ksyms.o arch/x86_64/kernel.ld
	ld.lld $(KERNEL_LDFLAGS) $(KERNEL_OBJS) $(B)/kernel/ksyms.o -o $@
	llvm-nm -n --defined-only $@ | tools/gen-ksyms | cmp -s - $(B)/kernel/ksyms.S || \
	    { echo "kernel.elf: symbol table moved in the final link" >&2; rm -f $@; exit 1; }

# ISOs: the same kernel; the test ISO boots it with `test[=KTEST_FILTER]`.
KTEST_FILTER ?=
define kernel_iso
	@rm -rf $(B)/$(1)
	@mkdir -p $(B)/$(1)/boot/grub
	cp $(B)/kernel.elf $(B)/$(1)/boot/kernel.elf
	printf 'set timeout=0\nset default=0\nmenuentry "Ringzero" {\n  multiboot2 /boot/kernel.elf %s\n  boot\n}\n' '$(2)' > $(B)/$(1)/boot/grub/grub.cfg
	grub-mkrescue -o $@ $(B)/$(1) 2> $(B)/$(1).log || { cat $(B)/$(1).log; exit 1; }
endef

$(B)/ringzero.iso: $(B)/kernel.elf
	$(call kernel_iso,iso,)

# Rebuilt every time: the filter is part of its contents.
$(B)/ringzero-test.iso: $(B)/kernel.elf FORCE
	$(call kernel_iso,iso-test,test$(if $(KTEST_FILTER),=$(KTEST_FILTER)))

.PHONY: FORCE
FORCE:

all: $(B)/ringzero.iso

run: $(B)/ringzero.iso
	tools/qemu $< -serial mon:stdio -display none

# QEMU waits for gdb on GDB_PORT; the serial console goes to build/serial.log
# (gdb owns the terminal): follow it with `tail -f build/serial.log`.
GDB_PORT ?= 1234
debug: $(B)/ringzero.iso
	tools/qemu $< -serial file:$(B)/serial.log -display none -S -gdb tcp:127.0.0.1:$(GDB_PORT) & \
	    gdb -q -ex 'file $(B)/kernel.elf' -ex 'target remote 127.0.0.1:$(GDB_PORT)' \
	        -x tools/gdbinit; kill $$! 2>/dev/null; wait

# ---------------------------------------------------------------- QEMU runner
# tools/qemu boots every ISO; tools/qemu-accel chooses its accelerator
# (KVM only when hardware-assisted); tools/qemu-test turns a run into a
# verdict. Both are checked against fake hosts and a fake QEMU.
TEST_STAGES += 'qemu-runner|120|tools/qemu-runner-test'

# ---------------------------------------------------------------- host unit tests
HOST_TEST_SRCS := tests/host/main.c $(LIB_SRCS) $(LIB_TEST_SRCS) $(WASM_SRCS) $(WASM_TEST_SRCS) \
    $(KERNEL_HOST_TEST_SRCS) $(MM_HOST_SRCS) $(RZ_LIB_SRCS) $(RZ_TEST_SRCS) \
    $(WASM_HOST_SRCS) $(WASM_HOST_TEST_SRCS)
HOST_TEST_OBJS := $(HOST_TEST_SRCS:%.c=$(B)/host-san/%.o)

$(B)/host-tests: $(HOST_TEST_OBJS)
	$(HOST_CC) $(HOST_SAN) $^ $(HOST_LIBS) -o $@

all: $(B)/host-tests

# ---------------------------------------------------------------- tests
# Each stage is 'name|timeout in seconds|command'; tools/run-tests parses
# the KTAP each prints and prints the total.
TEST_STAGES += 'host|300|$(B)/host-tests'
TEST_DEPS := $(B)/host-tests
TEST_STAGES += 'kernel|180|RZ_ACCEL=tcg tools/qemu-test $(B)/ringzero-test.iso'
TEST_DEPS += $(B)/ringzero-test.iso
TEST_STAGES += 'boot|60|RZ_ACCEL=tcg tests/boot/echo-test $(B)/ringzero.iso'
TEST_DEPS += $(B)/ringzero.iso
TEST_STAGES += 'spec|600|$(B)/rz spec --ktap'
TEST_DEPS += $(B)/rz
TEST_STAGES += 'fuzz-replay|120|$(B)/fuzz-replay tests/fuzz/regressions'
TEST_DEPS += $(B)/fuzz-replay

test: $(TEST_DEPS)
	tools/run-tests $(TEST_STAGES)

clean:
	rm -rf $(B)

-include $(shell find $(B) -name '*.d' 2>/dev/null)
