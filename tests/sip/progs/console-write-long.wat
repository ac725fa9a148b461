;; A long console_write without a console (the kernel log) must not keep
;; the machine to itself: the main thread starts a worker, which stores
;; the time it runs at address 16, then writes 64 KiB of spaces and a
;; newline (some 60 ms under QEMU's TCG: many scheduler slices). It exits
;; with 1 when the worker ran before the write returned, 0 when only after
;; it (the write held the processor throughout). Not "in its first half":
;; guest time runs on while the host stalls QEMU, so how far into the
;; write the worker's time falls depends on the host.
(module
  (import "rz" "thread_create" (func $thread_create (param i32 i32 i32 i32) (result i32)))
  (import "rz" "console_write" (func $console_write (param i32 i32) (result i32)))
  (import "rz" "clock_get" (func $clock_get (result i64)))
  (import "rz" "process_exit" (func $exit (param i32)))
  (memory 4)
  (table 2 funcref)
  (elem (i32.const 1) $worker)
  (global $sp (export "__stack_pointer") (mut i32) (i32.const 4096))
  (func $worker (param i32)
    (i64.store (i32.const 16) (call $clock_get)))
  (func (export "_start")
    (local $end i64)
    (memory.fill (i32.const 0x10000) (i32.const 32) (i32.const 0x10000))
    (i32.store8 (i32.const 0x1ffff) (i32.const 10))
    (if (call $thread_create (i32.const 1) (i32.const 0) (i32.const 0x3f000) (i32.const 8))
      (then (call $exit (i32.const -1))))
    (drop (call $console_write (i32.const 0x10000) (i32.const 0x10000)))
    (local.set $end (call $clock_get))
    ;; 16 still 0: the worker never ran
    (call $exit (i32.and
      (i64.ne (i64.load (i32.const 16)) (i64.const 0))
      (i64.lt_u (i64.load (i32.const 16)) (local.get $end))))))
