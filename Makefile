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
	wasm/compile/jit_int.c wasm/compile/jit_float.c wasm/compile/jit_mem.c wasm/compile/jit_table.c \
	wasm/compile/jit_portio.c \
	wasm/runtime/instance.c wasm/runtime/link.c wasm/runtime/memory.c wasm/runtime/table.c \
	wasm/runtime/types.c
WASM_TEST_SRCS += wasm/compile/jit_fixture.c wasm/compile/jit_test.c wasm/compile/jit_float_test.c \
	wasm/compile/jit_portio_test.c
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
JIT_E2E_TEST_OBJS := $(B)/host-san/wasm/compile/jit_test.o $(B)/host-san/wasm/compile/jit_float_test.o \
	$(B)/host-san/wasm/compile/jit_portio_test.o
$(JIT_E2E_TEST_OBJS): $(JIT_TEST_MODULES) $(B)/gen/float_cases.inc
$(JIT_E2E_TEST_OBJS): HOST_TEST_CFLAGS += -I$(B)/gen
# The encoder's expected bytes, checked against llvm-mc's assembler.
TEST_STAGES += 'x64-encodings|120|tools/check-x64-encodings wasm/compile/x64_emit_test.c'

# ---------------------------------------------------------------- host tool rz
# `rz` validates modules, runs the spec suite and benchmarks the engine; it
# is built optimized because the benchmark measures it. RZ_LIB_SRCS are the
# parts that host unit tests link too.
RZ_LIB_SRCS := host/platform_linux.c host/check.c host/file.c host/cmd_validate.c \
	host/spec_value.c host/spec_script.c host/spec_run.c host/spec_cache.c host/spec_exec.c \
	host/spectest.c
# Running modules: imports from host tables, WASI preview1, values as text.
RZ_LIB_SRCS += host/host_import.c host/program.c host/value_text.c host/wasi/wasi.c \
	host/wasi/args.c host/wasi/clock.c host/wasi/fd.c host/wasi/dir.c host/wasi/path.c \
	host/wasi/beneath.c host/wasi/table.c
RZ_SRCS := host/rz.c host/cmd_spec.c host/cmd_bench.c host/cmd_run.c host/cmd_invoke.c \
	host/cmd_fuzz_exec.c $(RZ_LIB_SRCS)
RZ_TEST_SRCS := host/spec_value_test.c host/spec_script_test.c host/spec_run_test.c host/spec_exec_test.c \
	host/spec_cache_test.c host/cmd_validate_test.c host/value_text_test.c host/host_import_test.c \
	host/wasi/wasi_test.c host/wasi/beneath_test.c
HOST_LIBS := -lcjson

$(B)/rz: $(RZ_SRCS:%.c=$(B)/host-opt/%.o) $(WASM_SRCS:%.c=$(B)/host-opt/%.o)
	$(HOST_CC) $^ $(HOST_LIBS) -o $@

all: $(B)/rz

# ---------------------------------------------------------------- rz run (WASI)
# C programs built against Debian's wasi-libc and run by `rz run`; the
# `wasi` stage checks their output, exit status and sandbox.
WASI_CC := clang --target=wasm32-wasi --sysroot=/usr
WASI_TEST_PROGS := $(patsubst %,$(B)/wasi/%.wasm,hello args cat files readdir clock random \
	exit escape trap unlink)
$(B)/wasi/%.wasm: tests/wasi/%.c
	@mkdir -p $(@D)
	$(WASI_CC) -O2 -Wall -Wextra -Werror -Wno-unused-parameter $< -o $@

TEST_STAGES += 'wasi|120|tests/wasi/run $(B)/rz $(B)/wasi'
# `rz invoke` on tests/invoke/calc.wat: argument parsing, results, traps.
TEST_STAGES += 'invoke|60|tests/invoke/run $(B)/rz'
test: $(B)/rz $(WASI_TEST_PROGS)

# ---------------------------------------------------------------- differential testing
# tests/diff/run: random modules from binaryen's `wasm-opt -ttf`, run by
# binaryen's interpreter and by `rz fuzz-exec`, outputs compared. The
# `diff` stage replays tests/diff/regress and 50 fixed seeds; `make fuzz`
# also runs DIFF_COUNT modules from DIFF_SEED, keeping failures in
# build/diff/failed.
DIFF_SEED ?= 100000
DIFF_COUNT ?= 3000
TEST_STAGES += 'diff|120|tests/diff/run --rz $(B)/rz --ktap --regress tests/diff/regress --seed 1 --count 50'
.PHONY: fuzz-diff
fuzz-diff: $(B)/rz
	tests/diff/run --rz $(B)/rz --seed $(DIFF_SEED) --count $(DIFF_COUNT) --work $(B)/diff \
		--save $(B)/diff/failed
fuzz: fuzz-diff

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
# `make bench` (never part of `make test`), all into build/bench/results.json:
# decode+validate throughput of rz against wabt's wasm-validate on zlib and
# sqlite3 compiled to wasm32-wasi from Debian's source packages; compile
# throughput of V8's two compilers and rz on those and on the workloads;
# code speed of the workloads natively, under V8 and under `rz run`.
# docs/benchmarks.md explains the figures.
bench: $(B)/rz
	bench/fetch-sources $(B)/bench
	bench/build-modules $(B)/bench
	bench/build-workloads $(B)/bench
	bench/run $(B)/bench
	bench/run-compile $(B)/bench
	bench/run-code $(B)/bench

# The workloads' outputs, natively and under `rz run` (zlib is left out:
# its sources come from the network, which tests do not need).
BENCH_CHECK_WORKLOADS := bintree json lz77 matmul nbody sha256 sieve
TEST_STAGES += 'workloads|300|bench/build-workloads $(B)/bench $(BENCH_CHECK_WORKLOADS) && \
	bench/check-workloads $(B)/bench $(BENCH_CHECK_WORKLOADS)'

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

# ---------------------------------------------------------------- threads, scheduler
# Threads, context switch, the preemptive scheduler, wait queues
# (docs/scheduler.md). The intrusive list is also tested on the host.
SCHED_SRCS := arch/x86_64/switch.S arch/x86_64/switch_frame.c kernel/sched.c kernel/thread.c \
    kernel/waitq.c
SCHED_TEST_SRCS := kernel/sched_test.c
SCHED_HOST_SRCS := kernel/list_test.c

# ---------------------------------------------------------------- kernel objects
# Handles, kernel objects, channels, events, timers, waiting, guest memory
# access and the syscall definitions (docs/objects.md).
OBJECTS_SRCS := kernel/guest.c kernel/syscall.c kernel/object.c kernel/handle.c kernel/wait.c \
    kernel/event.c kernel/ktimer.c kernel/channel.c
OBJECTS_TEST_SRCS := kernel/guest_test.c kernel/syscall_test.c kernel/object_test_util.c \
    kernel/handle_test.c kernel/wait_test.c kernel/channel_test.c
# The link table generated from include/abi/syscalls.def: kernel only
# (it names the process code's syscalls too).
OBJECTS_KERNEL_GEN_SRCS := $(B)/gen/syscall_table.c
# Tests with real threads, and a real process calling the syscalls
# (tests/objects/*.wat, embedded as C arrays): kernel only.
OBJECTS_THREAD_TEST_SRCS := kernel/objects_thread_test.c kernel/sys_process_test.c
OBJECTS_TEST_MODULES := $(patsubst tests/objects/%.wat,$(B)/gen/objects/%.wasm.h,\
	$(wildcard tests/objects/*.wat))
$(B)/gen/objects/%.wasm.h: tests/objects/%.wat tools/wat2c
	@mkdir -p $(@D)
	tools/wat2c $< $@
$(B)/kernel/kernel/sys_process_test.o: $(OBJECTS_TEST_MODULES)
$(B)/kernel/kernel/sys_process_test.o: KERNEL_CFLAGS += -I$(B)/gen
# The syscalls need processes (kernel/process.h, of the process code):
# until a process has a handle table they build on the host only.
OBJECTS_SYS_SRCS := kernel/sys_handle.c kernel/sys_channel.c kernel/sys_event.c kernel/sys_wait.c
# On the host everything runs over tests/host/doubles: a one-thread
# thread_block that plays the other side of a wait (wait_blocking_test.c
# checks every wake path with it) and a process whose memory is a heap
# buffer (sys_test.c feeds the syscalls hostile guest arguments).
OBJECTS_HOST_SRCS := $(OBJECTS_SRCS) $(OBJECTS_TEST_SRCS) $(OBJECTS_SYS_SRCS) \
    tests/host/sched_double.c tests/host/wait_blocking_test.c tests/host/process_double.c \
    tests/host/sys_test.c tests/host/sys_garbage_test.c
OBJECTS_HOST_OBJS := $(OBJECTS_HOST_SRCS:%.c=$(B)/host-san/%.o)
$(OBJECTS_HOST_OBJS): HOST_TEST_CFLAGS := -Itests/host/doubles $(HOST_TEST_CFLAGS) -I. -I$(B)/gen
$(OBJECTS_HOST_OBJS): $(B)/gen/syscalls_kernel.h

# Syscalls are defined once, in include/abi/syscalls.def. The SDK header
# and docs/syscalls.md are committed; `make syscalls-gen` rewrites them and
# the `syscalls` stage fails when they are stale. The kernel's prototypes
# and link table are generated into build/gen.
SYSCALLS_GEN := tools/gen-syscalls include/abi/syscalls.def
.PHONY: syscalls-gen
syscalls-gen:
	tools/gen-syscalls sdk user/sdk/include/rz/syscalls.h
	tools/gen-syscalls docs docs/syscalls.md
$(B)/gen/syscalls_kernel.h $(B)/gen/syscall_table.c &: $(SYSCALLS_GEN)
	tools/gen-syscalls kernel $(B)/gen
	@touch $(B)/gen/syscalls_kernel.h $(B)/gen/syscall_table.c
TEST_STAGES += 'syscalls|60|tools/gen-syscalls check'

# ---------------------------------------------------------------- SIP: engine in the kernel, processes
# The wasm engine built into the kernel over its platform layer
# (kernel/wasm_platform.c); CPU faults in compiled code become wasm traps
# (the hook in arch/x86_64/fault.c).
SIP_SRCS := kernel/wasm_platform.c kernel/archive.c lib/bootconf.c kernel/init.c lib/sha256.c \
	kernel/codecache.c kernel/loader.c kernel/process.c kernel/process_sys.c $(WASM_SRCS)
# Processes have handle tables: the object layer's syscalls join the kernel.
SIP_SRCS += $(OBJECTS_SYS_SRCS)
# Syscall implementations check their prototypes against the generated ones.
SIP_SYSCALL_OBJS := $(patsubst %.c,$(B)/kernel/%.o,kernel/process_sys.c \
	$(OBJECTS_SYS_SRCS))
$(SIP_SYSCALL_OBJS): $(B)/gen/syscalls_kernel.h
$(SIP_SYSCALL_OBJS): KERNEL_CFLAGS += -I$(B)/gen
SIP_TEST_SRCS := kernel/wasm_platform_test.c kernel/process_test.c kernel/init_test.c \
	kernel/process_test_util.c
# Plain C whose tests run on the host, with the sanitizers.
SIP_HOST_TEST_SRCS := kernel/archive.c kernel/archive_test.c lib/sha256.c lib/sha256_test.c \
	lib/bootconf.c lib/bootconf_test.c
$(B)/host-san/lib/sha256.o $(B)/host-san/lib/sha256_test.o: HOST_TEST_CFLAGS += -I.
$(B)/host-san/lib/bootconf.o $(B)/host-san/lib/bootconf_test.o: HOST_TEST_CFLAGS += -I.
$(B)/host-san/lib/service_name.o: HOST_TEST_CFLAGS += -I.
# Modules the kernel tests embed, written in WAT.
SIP_TEST_MODULES := $(patsubst tests/sip/kernel/%.wat,$(B)/gen/sip/kernel/%.wasm.h,\
	$(wildcard tests/sip/kernel/*.wat))
$(B)/gen/sip/kernel/%.wasm.h: tests/sip/kernel/%.wat tools/wat2c
	@mkdir -p $(@D)
	tools/wat2c $< $@
# The engine's own unit and end-to-end tests run in the kernel as well,
# over the kernel's platform layer.
SIP_TEST_SRCS += $(WASM_TEST_SRCS)
$(SIP_TEST_SRCS:%.c=$(B)/kernel/%.o): $(SIP_TEST_MODULES) $(JIT_TEST_MODULES) $(B)/gen/float_cases.inc
$(SIP_TEST_SRCS:%.c=$(B)/kernel/%.o): KERNEL_CFLAGS += -I$(B)/gen
# Threads of a process (kernel/process_thread.c) and their syscalls.
SIP_SRCS += kernel/process_thread.c kernel/sys_thread.c
$(B)/kernel/kernel/sys_thread.o: $(B)/gen/syscalls_kernel.h
$(B)/kernel/kernel/sys_thread.o: KERNEL_CFLAGS += -I$(B)/gen
SIP_TEST_SRCS += kernel/process_thread_test.c
# The boot archive (ustar, loaded by GRUB as module "boot.tar"): the boot
# configuration and the test programs of tests/sip/progs, with their name
# sections for trap reports.
SIP_PROGS := $(patsubst tests/sip/progs/%.wat,$(B)/sip/root/bin/%.wasm,\
	$(wildcard tests/sip/progs/*.wat))
$(B)/sip/root/bin/%.wasm: tests/sip/progs/%.wat
	@mkdir -p $(@D)
	wat2wasm --debug-names $< -o $@
$(B)/sip/root/boot.conf: tests/sip/boot.conf
	@mkdir -p $(@D)
	cp $< $@
BOOT_ARCHIVE := $(B)/boot.tar
$(BOOT_ARCHIVE): $(SIP_PROGS) $(B)/sip/root/boot.conf
	tar --format=ustar --owner=0 --group=0 --numeric-owner --mtime=@0 -C $(B)/sip/root \
	    -cf $@ boot.conf $(SIP_PROGS:$(B)/sip/root/%=%) $(BOOT_ARCHIVE_FILES) -C $(CURDIR)/$(B)/user \
	    $(USER_PROGS:$(B)/user/%=%)

# ---------------------------------------------------------------- userland
# The SDK and the programs of user/ (docs/userland.md). The shell's line
# editor and parser are plain C, unit-tested here on the host under the
# sanitizers as well as compiled into the shell.
USER_SHELL_CORE_SRCS := user/shell/ledit.c user/shell/parse.c
USER_HOST_TEST_SRCS := $(USER_SHELL_CORE_SRCS) user/shell/ledit_test.c user/shell/parse_test.c \
    host/boot_report.c host/boot_report_test.c
$(USER_HOST_TEST_SRCS:%.c=$(B)/host-san/%.o): HOST_TEST_CFLAGS += -I.

# rz-native programs: C compiled to wasm32 with Debian's clang and
# wasi-libc (string functions only), started by the SDK's crt
# (user/sdk/crt/start.c). Each .c under user/programs and
# tests/integration/progs is one program. tools/check-imports fails the
# build when a program imports anything but a syscall of syscalls.def.
USER_CC := clang --target=wasm32-wasi --sysroot=/usr
USER_CFLAGS := -std=gnu11 -Wall -Wextra -Werror -Wno-unused-parameter -O2 -I. -Iinclude -Iuser/sdk/include -MMD -MP
# Linked without DWARF (Debian's wasi-libc carries it: a program that
# returns 0 was 57 KB, all of it debug sections); the name section, which
# trap reports use, stays.
USER_LDFLAGS := -nostartfiles -Wl,--no-entry -Wl,--strip-debug
USER_SDK_SRCS := user/sdk/crt/start.c user/sdk/lib/print.c user/sdk/lib/errors.c lib/fmt.c
# Threads (rz/thread.h): every program exports its shadow stack pointer,
# which thread_create needs (docs/processes.md); clang 14 wants the
# mutable-globals feature declared for that.
USER_SDK_SRCS += user/sdk/lib/thread.c
# The connection table of a service's server (rz/clients.h), for drivers.
USER_SDK_SRCS += user/sdk/lib/clients.c
USER_CFLAGS += -mmutable-globals
USER_LDFLAGS += -Wl,--export=__stack_pointer
USER_SDK_OBJS := $(USER_SDK_SRCS:%.c=$(B)/wasm32/%.o)
$(B)/wasm32/%.o: %.c
	@mkdir -p $(@D)
	$(USER_CC) $(USER_CFLAGS) -c $< -o $@
.PRECIOUS: $(B)/wasm32/%.o
USER_PROGS := $(patsubst user/programs/%.c,$(B)/user/bin/%.wasm,$(wildcard user/programs/*.c))
INTEGRATION_PROGS := $(patsubst tests/integration/progs/%.c,$(B)/user/test/%.wasm,\
	$(wildcard tests/integration/progs/*.c))
define user_link
	@mkdir -p $(@D)
	$(USER_CC) $(USER_LDFLAGS) $(filter %.o,$^) -o $@.tmp
	tools/check-imports include/abi/syscalls.def $@.tmp
	mv $@.tmp $@
endef
$(B)/user/bin/%.wasm: $(B)/wasm32/user/programs/%.o $(USER_SDK_OBJS) include/abi/syscalls.def
	$(user_link)
$(B)/user/test/%.wasm: $(B)/wasm32/tests/integration/progs/%.o $(USER_SDK_OBJS) \
		include/abi/syscalls.def
	$(user_link)
BENCH_SIP_PROGS := $(patsubst bench/sip/progs/%.c,$(B)/user/bench/%.wasm,\
	$(wildcard bench/sip/progs/*.c))
$(B)/user/bench/%.wasm: $(B)/wasm32/bench/sip/progs/%.o $(USER_SDK_OBJS) include/abi/syscalls.def
	$(user_link)
# The shell: its glue and the host-tested line editor and parser.
USER_SHELL_OBJS := $(patsubst %.c,$(B)/wasm32/%.o,user/shell/main.c user/shell/jobs.c user/shell/sysinfo.c \
    $(USER_SHELL_CORE_SRCS))
$(B)/user/bin/shell.wasm: $(USER_SHELL_OBJS) $(USER_SDK_OBJS) include/abi/syscalls.def
	$(user_link)
USER_PROGS += $(B)/user/bin/shell.wasm
# init: the first program (user/init), reading boot.conf with the parser
# the kernel uses for its grants (lib/bootconf.c, which checks service
# names by lib/service_name.c, the registry's rule).
USER_INIT_OBJS := $(patsubst %.c,$(B)/wasm32/%.o,user/init/main.c user/init/children.c \
    lib/bootconf.c lib/service_name.c)
$(B)/user/bin/init.wasm: $(USER_INIT_OBJS) $(USER_SDK_OBJS) include/abi/syscalls.def
	$(user_link)
USER_PROGS += $(B)/user/bin/init.wasm
# The kernel tests run init on the configurations of tests/sip/conf
# (kernel/init_test.c), with echoargs (a program printing its arguments)
# and conlog (a console service printing what it gets) from
# tests/integration/progs.
INIT_ARCHIVE_FILES := $(patsubst tests/sip/conf/%,$(B)/sip/root/conf/%,$(wildcard tests/sip/conf/*.conf)) \
    $(B)/sip/root/bin/echoargs.wasm $(B)/sip/root/bin/conlog.wasm
$(B)/sip/root/conf/%.conf: tests/sip/conf/%.conf
	@mkdir -p $(@D)
	cp $< $@
$(B)/sip/root/bin/echoargs.wasm $(B)/sip/root/bin/conlog.wasm: $(B)/sip/root/bin/%.wasm: \
		$(B)/user/test/%.wasm
	@mkdir -p $(@D)
	cp $< $@
$(BOOT_ARCHIVE): $(INIT_ARCHIVE_FILES)
BOOT_ARCHIVE_FILES += $(INIT_ARCHIVE_FILES:$(B)/sip/root/%=%)
all: $(USER_PROGS) $(INTEGRATION_PROGS) $(BENCH_SIP_PROGS)
# Every program of user/ is in the boot archive (the tar command is in the
# SIP section); boot.conf runs the shell last, so `make run` lands in it.
$(BOOT_ARCHIVE): $(USER_PROGS)

# SIP benchmarks in `make bench`: syscalls, channels and process creation
# from wasm processes in QEMU beside the host Linux, in TSC cycles
# (bench/sip/run; section "sip" of build/bench/results.json).
.PHONY: bench-sip
bench-sip: $(B)/rz $(B)/kernel.elf $(BENCH_SIP_PROGS) $(B)/user/test/quick.wasm $(B)/user/bin/init.wasm
	bench/sip/run $(B)
bench: bench-sip

# WASI preview1 in the kernel (kernel/wasi/wasi.h): programs built with
# Debian's clang and wasi-libc run unchanged.
WASI_SRCS := kernel/wasi/wasi_fd.c kernel/wasi/wasi_proc.c kernel/wasi/wasi_table.c \
    kernel/wasi/entropy.c
WASI_TEST_SRCS := kernel/wasi/entropy_test.c
# fd_read and fd_write against a second thread rewriting their iovecs
# (tests/sip/progs/wasi-iov-*.wat).
WASI_TEST_SRCS += kernel/wasi/wasi_fd_test.c
# The console syscalls: console_attach, console_write, console_read.
CONSOLE_SYS_SRCS := kernel/sys_console.c
$(B)/kernel/kernel/sys_console.o: $(B)/gen/syscalls_kernel.h
$(B)/kernel/kernel/sys_console.o: KERNEL_CFLAGS += -I$(B)/gen
# memory_stats, archive_list and archive_read: the shell's mem and ls,
# and how init reads boot.conf.
CONSOLE_SYS_SRCS += kernel/sys_info.c
# Program arguments (process_spawn, process_args, WASI args_get): plain C,
# tested on the host.
CONSOLE_SYS_SRCS += kernel/args.c
USER_HOST_TEST_SRCS += kernel/args.c kernel/args_test.c
$(B)/kernel/kernel/sys_info.o: $(B)/gen/syscalls_kernel.h
$(B)/kernel/kernel/sys_info.o: KERNEL_CFLAGS += -I$(B)/gen
USER_KERNEL_SRCS := $(WASI_SRCS) $(CONSOLE_SYS_SRCS)
# WASI test programs: plain C with wasi-libc's own start code and stdio.
WASI_PROGS := $(patsubst tests/integration/wasi/%.c,$(B)/user/test/%.wasm,\
	$(wildcard tests/integration/wasi/*.c))
$(B)/user/test/%.wasm: tests/integration/wasi/%.c
	@mkdir -p $(@D)
	$(USER_CC) -std=gnu11 -Wall -Wextra -Werror -O2 -Wl,--strip-debug $< -o $@
all: $(WASI_PROGS)

# `rz boot` (host/cmd_boot.c) builds an image with tools/mkimage and runs
# programs on the kernel; host/boot_report.c reads init's reports. Every
# image holds init, which runs them.
$(B)/rz: $(B)/host-opt/host/cmd_boot.o $(B)/host-opt/host/boot_report.o

# `make shell`: the shell on the kernel, interactive on this terminal,
# with every program of user/programs and tests/integration/progs in the
# boot archive (`exit` or ^D on an empty line ends it, and QEMU with it).
.PHONY: shell
shell: $(B)/rz $(B)/kernel.elf $(USER_PROGS) $(INTEGRATION_PROGS)
	$(B)/rz boot --timeout 86400 $(foreach p,$(filter %.wasm,$(filter-out %/shell.wasm %/init.wasm,$^)),--with $(p)) \
	    $(B)/user/bin/shell.wasm

# Integration tests: hostile programs beside a canary, and the checkers
# (tests/integration/progs/check.h), in one boot, then a shell session
# (tests/integration/run prints KTAP).
TEST_STAGES += 'integration|240|tests/integration/run $(B)'
TEST_DEPS_USER := $(B)/rz $(B)/kernel.elf $(INTEGRATION_PROGS) $(USER_PROGS) $(WASI_PROGS)

# ---------------------------------------------------------------- services and consoles
# Named services (a server registers a granted name, clients connect and
# get a channel) and processes' consoles (a channel endpoint the kernel
# holds; inherited by children): docs/console.md.
SERVICE_SRCS := kernel/service.c kernel/process_console.c kernel/sys_service.c
SIP_SRCS += $(SERVICE_SRCS)
$(B)/kernel/kernel/sys_service.o: $(B)/gen/syscalls_kernel.h
$(B)/kernel/kernel/sys_service.o: KERNEL_CFLAGS += -I$(B)/gen
SIP_TEST_SRCS += kernel/service_test.c
# Guest ranges are backed with memory before a syscall touches them.
SIP_SRCS += kernel/guest_back.c
SIP_TEST_SRCS += kernel/guest_back_test.c
# A long console write against the scheduler (tests/sip/progs/console-write-long.wat).
SIP_TEST_SRCS += kernel/process_console_test.c

# ---------------------------------------------------------------- drivers
# Drivers are processes: a driver declares its hardware in an rz.manifest
# custom section, boot.conf grants it, and the compiler proves its port
# accesses against the grant (docs/drivers.md).
DRIVERS_SRCS := kernel/manifest.c kernel/grant.c kernel/driver.c lib/service_name.c
# IRQs as signals on interrupt objects, and their syscalls.
DRIVERS_SRCS += kernel/interrupt.c kernel/sys_interrupt.c
$(B)/kernel/kernel/sys_interrupt.o: $(B)/gen/syscalls_kernel.h
$(B)/kernel/kernel/sys_interrupt.o: KERNEL_CFLAGS += -I$(B)/gen
# Device memory and DMA buffers mapped into a driver's linear memory.
DRIVERS_SRCS += kernel/sys_mmio.c
$(B)/kernel/kernel/sys_mmio.o: $(B)/gen/syscalls_kernel.h
$(B)/kernel/kernel/sys_mmio.o: KERNEL_CFLAGS += -I$(B)/gen
DRIVERS_HOST_TEST_SRCS := kernel/manifest.c kernel/manifest_test.c kernel/grant.c kernel/grant_test.c \
    lib/service_name.c
# Compiled wasm talking to the CMOS RTC, beside kernel C (kernel only:
# `in`/`out` need ring 0). Its module is the compiler's testdata/portio.wat.
DRIVERS_KERNEL_TEST_SRCS := kernel/portio_test.c
# Drivers through the process path: claims, refusals, release, the RTC.
DRIVERS_KERNEL_TEST_SRCS += kernel/driver_test.c
# What the drivers' kernel tests share: test modules with manifests, grant tables.
DRIVERS_KERNEL_TEST_SRCS += kernel/driver_test_util.c
# Device memory and DMA buffers in a driver's memory, against VGA text memory.
DRIVERS_KERNEL_TEST_SRCS += kernel/mmio_test.c
# The VGA console driver's screen: plain C, host-tested, linked into vgacon.
DRIVERS_HOST_TEST_SRCS += user/drivers/vga/screen.c user/drivers/vga/screen_test.c
$(B)/user/drivers/vgacon.wasm: $(B)/wasm32/user/drivers/vga/screen.o
DRIVERS_TEST_MODULES := $(patsubst tests/drivers/%.wat,$(B)/gen/drivers/%.wasm.h,\
	$(wildcard tests/drivers/*.wat))
$(B)/gen/drivers/%.wasm.h: tests/drivers/%.wat tools/wat2c
	@mkdir -p $(@D)
	tools/wat2c $< $@
# Driver programs in C (user/drivers), built against the SDK; the kernel
# tests embed them. Their imports are port I/O as well as syscalls, so
# tools/check-imports (syscalls only) does not apply; the kernel checks.
DRIVERS_PROGS := $(patsubst user/drivers/%.c,$(B)/user/drivers/%.wasm,$(wildcard user/drivers/*.c))
$(B)/user/drivers/%.wasm: $(B)/wasm32/user/drivers/%.o $(USER_SDK_OBJS)
	@mkdir -p $(@D)
	$(USER_CC) $(USER_LDFLAGS) $(filter %.o,$^) -o $@
all: $(DRIVERS_PROGS)
# `make fuzz-manifest`: the manifest parser under libFuzzer for FUZZ_SECONDS.
$(B)/fuzz-manifest: $(patsubst %.c,$(B)/host-fuzz/%.o,tests/fuzz/fuzz_manifest.c kernel/manifest.c \
		lib/string.c wasm/module.c tests/fuzz/platform_fuzz.c)
	$(HOST_CC) -fsanitize=fuzzer,address,undefined $^ -o $@
$(B)/host-fuzz/tests/fuzz/fuzz_manifest.o $(B)/host-fuzz/kernel/manifest.o: FUZZ_CFLAGS += -I.
$(B)/host-fuzz/lib/string.o: FUZZ_CFLAGS += -I. $(LIB_STRING_RENAME)
.PHONY: fuzz-manifest
fuzz-manifest: $(B)/fuzz-manifest
	@mkdir -p $(B)/fuzz/manifest-corpus
	$(B)/fuzz-manifest -max_total_time=$(FUZZ_SECONDS) -timeout=10 -print_final_stats=1 \
		-artifact_prefix=$(B)/fuzz/manifest- $(B)/fuzz/manifest-corpus
# The drivers go into the boot archive as bin/NAME.wasm (granted in
# tests/sip/boot.conf), with tests/drivers/trapper.c, a driver that traps
# on purpose for init's supervision test (kernel/init_test.c).
DRIVERS_ARCHIVE_PROGS := $(DRIVERS_PROGS:$(B)/user/drivers/%=$(B)/sip/root/bin/%) \
	$(B)/sip/root/bin/trapper.wasm
$(B)/sip/root/bin/%.wasm: $(B)/user/drivers/%.wasm
	@mkdir -p $(@D)
	cp $< $@
$(B)/sip/root/bin/trapper.wasm: $(B)/wasm32/tests/drivers/trapper.o $(USER_SDK_OBJS)
	@mkdir -p $(@D)
	$(USER_CC) $(USER_LDFLAGS) $(filter %.o,$^) -o $@
$(BOOT_ARCHIVE): $(DRIVERS_ARCHIVE_PROGS)
BOOT_ARCHIVE_FILES += $(DRIVERS_ARCHIVE_PROGS:$(B)/sip/root/%=%)
DRIVERS_TEST_MODULES += $(DRIVERS_PROGS:$(B)/user/drivers/%.wasm=$(B)/gen/drivers/bin/%.wasm.h)
$(B)/gen/drivers/bin/%.wasm.h: $(B)/user/drivers/%.wasm tools/wat2c
	@mkdir -p $(@D)
	tools/wat2c $< $@
# vgacon in the kernel tests, with tests/drivers/vgatext.c, a console
# client, and tests/drivers/kbdfake.c, a keyboard service that types once.
$(B)/tests/drivers/%.wasm: $(B)/wasm32/tests/drivers/%.o $(USER_SDK_OBJS)
	@mkdir -p $(@D)
	$(USER_CC) $(USER_LDFLAGS) $(filter %.o,$^) -o $@
# Kept, not removed as intermediates: `make test` then ends with its counts.
.PRECIOUS: $(B)/tests/drivers/%.wasm
$(B)/gen/drivers/test/%.wasm.h: $(B)/tests/drivers/%.wasm tools/wat2c
	@mkdir -p $(@D)
	tools/wat2c $< $@
DRIVERS_TEST_MODULES += $(B)/gen/drivers/test/vgatext.wasm.h $(B)/gen/drivers/test/kbdfake.wasm.h
DRIVERS_KERNEL_TEST_SRCS += kernel/vgacon_test.c
$(DRIVERS_KERNEL_TEST_SRCS:%.c=$(B)/kernel/%.o): $(JIT_TEST_MODULES) $(DRIVERS_TEST_MODULES)
# `make bench`: cycles per `in` from a granted wasm module and from kernel
# C, in the same boot, under TCG (section "drivers" of results.json).
.PHONY: bench-drivers
bench-drivers: $(B)/ringzero-test.iso
	bench/drivers/run $(B)
bench: bench-drivers
$(DRIVERS_KERNEL_TEST_SRCS:%.c=$(B)/kernel/%.o): KERNEL_CFLAGS += -I$(B)/gen
# The PCI service (docs/pci.md): enumeration, BAR decoding and request
# handling are plain C over two configuration-access functions, tested on
# the host over a fake bus and linked into user/drivers/pci.c.
PCI_SRCS := user/drivers/pci/bar.c user/drivers/pci/enum.c user/drivers/pci/serve.c
DRIVERS_HOST_TEST_SRCS += $(PCI_SRCS) user/drivers/pci/fakebus.c user/drivers/pci/bar_test.c \
	user/drivers/pci/enum_test.c user/drivers/pci/serve_test.c
$(B)/host-san/user/drivers/%.o: HOST_TEST_CFLAGS += -I. -Iuser/sdk/include
$(B)/user/drivers/pci.wasm: $(PCI_SRCS:%.c=$(B)/wasm32/%.o)
# `make fuzz-pci`: enumeration over a fuzzed configuration space, then a
# fuzzed request, under libFuzzer for FUZZ_SECONDS.
$(B)/fuzz-pci: $(patsubst %.c,$(B)/host-fuzz/%.o,tests/fuzz/fuzz_pci.c $(PCI_SRCS))
	$(HOST_CC) -fsanitize=fuzzer,address,undefined $^ -o $@
$(patsubst %.c,$(B)/host-fuzz/%.o,tests/fuzz/fuzz_pci.c $(PCI_SRCS)): FUZZ_CFLAGS += -I. \
	-Iuser/sdk/include
.PHONY: fuzz-pci
fuzz-pci: $(B)/fuzz-pci
	@mkdir -p $(B)/fuzz/pci-corpus
	$(B)/fuzz-pci -max_total_time=$(FUZZ_SECONDS) -timeout=10 -print_final_stats=1 \
		-artifact_prefix=$(B)/fuzz/pci- $(B)/fuzz/pci-corpus
# The PS/2 keyboard driver (docs/drivers.md): scan code translation is
# plain C, tested on the host.
PS2KBD_SRCS := user/drivers/ps2kbd/keymap.c
DRIVERS_HOST_TEST_SRCS += $(PS2KBD_SRCS) user/drivers/ps2kbd/keymap_test.c
$(B)/user/drivers/ps2kbd.wasm: $(PS2KBD_SRCS:%.c=$(B)/wasm32/%.o)
# The shell's lspci asks the pci service; its text is host-tested.
$(B)/user/bin/shell.wasm: $(B)/wasm32/user/shell/lspci.o $(B)/wasm32/user/shell/pcifmt.o
DRIVERS_HOST_TEST_SRCS += user/shell/pcifmt.c user/shell/pcifmt_test.c
$(B)/host-san/user/shell/pcifmt.o $(B)/host-san/user/shell/pcifmt_test.o: HOST_TEST_CFLAGS += \
	-I. -Iuser/sdk/include
# Clients the boot test runs from the shell: pcigarbage (a hostile client
# of pci beside a well-behaved one) and kbdclient (prints what kbd sends).
DRIVERS_TEST_CLIENTS := $(B)/sip/root/bin/pcigarbage.wasm $(B)/sip/root/bin/kbdclient.wasm
$(DRIVERS_TEST_CLIENTS): $(B)/sip/root/bin/%.wasm: $(B)/wasm32/tests/drivers/%.o $(USER_SDK_OBJS) \
		include/abi/syscalls.def
	$(user_link)
$(BOOT_ARCHIVE): $(DRIVERS_TEST_CLIENTS)
BOOT_ARCHIVE_FILES += $(DRIVERS_TEST_CLIENTS:$(B)/sip/root/%=%)

# ---------------------------------------------------------------- serial console
# The serial line as a driver's (docs/console.md): the kernel log ring that
# kprintf fills once user/drivers/serial.c owns COM1, and the log_open,
# log_read syscalls with which the driver drains it.
SERIAL_SRCS := kernel/klog.c kernel/sys_log.c
DRIVERS_SRCS += $(SERIAL_SRCS)
$(B)/kernel/kernel/sys_log.o: $(B)/gen/syscalls_kernel.h
$(B)/kernel/kernel/sys_log.o: KERNEL_CFLAGS += -I$(B)/gen
DRIVERS_HOST_TEST_SRCS += kernel/klog.c kernel/klog_test.c
# The line changing hands through real processes (tests/drivers/log*.wat).
DRIVERS_KERNEL_TEST_SRCS += kernel/sys_log_test.c
$(B)/kernel/kernel/sys_log_test.o: $(DRIVERS_TEST_MODULES)
$(B)/kernel/kernel/sys_log_test.o: KERNEL_CFLAGS += -I$(B)/gen
# The boot test's programs (tests/boot/*.c) in the boot archive: lines
# (a program's output through its console and the serial driver, complete
# and in order) and conclient (a second console: typed input goes to the
# newest connection).
SERIAL_BOOT_PROGS := $(patsubst tests/boot/%.c,$(B)/sip/root/bin/%.wasm,$(wildcard tests/boot/*.c))
$(SERIAL_BOOT_PROGS): $(B)/sip/root/bin/%.wasm: $(B)/wasm32/tests/boot/%.o $(USER_SDK_OBJS) \
		include/abi/syscalls.def
	$(user_link)
$(BOOT_ARCHIVE): $(SERIAL_BOOT_PROGS)
BOOT_ARCHIVE_FILES += $(SERIAL_BOOT_PROGS:$(B)/sip/root/%=%)
# `make bench`: console output through the SIP driver and through the
# kernel's direct path, in one boot under TCG (section "serial" of
# results.json; bench/serial/run).
$(B)/user/bench/conbench.wasm: $(B)/wasm32/bench/serial/conbench.o $(USER_SDK_OBJS) \
		include/abi/syscalls.def
	$(user_link)
.PHONY: bench-serial
bench-serial: $(B)/kernel.elf $(B)/user/drivers/serial.wasm $(B)/user/bench/conbench.wasm
	bench/serial/run $(B)
bench: bench-serial

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
    kernel/main.c kernel/panic.c $(MM_SRCS) $(SCHED_SRCS) $(OBJECTS_SRCS) $(OBJECTS_KERNEL_GEN_SRCS) \
    $(SIP_SRCS) $(USER_KERNEL_SRCS) $(DRIVERS_SRCS)
# Tests that need the machine; they run in QEMU.
KERNEL_TEST_SRCS := arch/x86_64/arch_test.c arch/x86_64/clock_test.c arch/x86_64/fault_test.c arch/x86_64/fpu_test.c \
    arch/x86_64/irq_test.c arch/x86_64/lapic_test.c arch/x86_64/pit_test.c \
    arch/x86_64/serial_test.c kernel/console_test.c kernel/ktest_kernel_test.c $(MM_TEST_SRCS) \
    $(SCHED_TEST_SRCS) $(OBJECTS_TEST_SRCS) $(OBJECTS_THREAD_TEST_SRCS) $(SIP_TEST_SRCS) \
    $(WASI_TEST_SRCS) $(DRIVERS_KERNEL_TEST_SRCS)
# Pure kernel code whose tests also run on the host (with the sanitizers).
KERNEL_HOST_TEST_SRCS := arch/x86_64/acpi_tables.c arch/x86_64/acpi_tables_test.c \
    arch/x86_64/desc.c arch/x86_64/desc_test.c arch/x86_64/multiboot2.c \
    arch/x86_64/multiboot2_test.c kernel/cmdline.c kernel/cmdline_test.c $(SCHED_HOST_SRCS)

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
	cp $(BOOT_ARCHIVE) $(B)/$(1)/boot/boot.tar
	printf 'set timeout=0\nset default=0\nmenuentry "Ringzero" {\n  multiboot2 /boot/kernel.elf %s\n  module2 /boot/boot.tar boot.tar\n  boot\n}\n' '$(2)' > $(B)/$(1)/boot/grub/grub.cfg
	grub-mkrescue -o $@ $(B)/$(1) 2> $(B)/$(1).log || { cat $(B)/$(1).log; exit 1; }
endef

$(B)/ringzero.iso: $(B)/kernel.elf $(BOOT_ARCHIVE)
	$(call kernel_iso,iso,)

# Rebuilt every time: the filter is part of its contents.
$(B)/ringzero-test.iso: $(B)/kernel.elf $(BOOT_ARCHIVE) FORCE
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
    $(KERNEL_HOST_TEST_SRCS) $(MM_HOST_SRCS) $(OBJECTS_HOST_SRCS) $(RZ_LIB_SRCS) $(RZ_TEST_SRCS) \
    $(WASM_HOST_SRCS) $(WASM_HOST_TEST_SRCS) $(SIP_HOST_TEST_SRCS) $(USER_HOST_TEST_SRCS) \
    $(DRIVERS_HOST_TEST_SRCS)
HOST_TEST_OBJS := $(HOST_TEST_SRCS:%.c=$(B)/host-san/%.o)

$(B)/host-tests: $(HOST_TEST_OBJS)
	$(HOST_CC) $(HOST_SAN) $^ $(HOST_LIBS) -o $@

all: $(B)/host-tests

# ---------------------------------------------------------------- tests
# Each stage is 'name|timeout in seconds|command'; tools/run-tests parses
# the KTAP each prints and prints the total.
TEST_STAGES += 'host|300|$(B)/host-tests'
TEST_DEPS += $(B)/host-tests
TEST_STAGES += 'kernel|180|RZ_ACCEL=tcg tools/qemu-test $(B)/ringzero-test.iso'
TEST_DEPS += $(B)/ringzero-test.iso
TEST_STAGES += 'boot|120|RZ_ACCEL=tcg tests/boot/echo-test $(B)/ringzero.iso'
TEST_DEPS += $(B)/ringzero.iso
# The suite runs twice: the JIT relying on the guard reservation, and with
# explicit bounds checks.
TEST_STAGES += 'spec|300|$(B)/rz spec --ktap'
TEST_STAGES += 'spec-checked|300|$(B)/rz spec --ktap --bounds-checks'
TEST_DEPS += $(B)/rz
TEST_STAGES += 'fuzz-replay|120|$(B)/fuzz-replay tests/fuzz/regressions'
TEST_DEPS += $(B)/fuzz-replay
TEST_DEPS += $(TEST_DEPS_USER)


test: $(TEST_DEPS)
	tools/run-tests $(TEST_STAGES)

clean:
	rm -rf $(B)

-include $(shell find $(B) -name '*.d' 2>/dev/null)
