;; fd_write while a second thread rewrites an iovec: the main thread makes
;; a channel its console and writes two iovecs, the first one byte more
;; than the console's queue holds (64 messages of 4096 bytes), so it
;; blocks; the worker then points the second iovec far beyond the memory
;; and drains the queue. The write must not read outside the memory: it
;; writes the iovecs as they were at the call. The process exits with
;; fd_write's errno, or 0 when it wrote all 64 * 4096 + 17 bytes (else -4).
(module
  (import "rz" "channel_create" (func $channel_create (param i32 i32) (result i32)))
  (import "rz" "channel_read" (func $channel_read
    (param i32 i32 i32 i32 i32 i32 i32) (result i32)))
  (import "rz" "console_attach" (func $console_attach (param i32) (result i32)))
  (import "rz" "thread_create" (func $thread_create (param i32 i32 i32 i32) (result i32)))
  (import "rz" "clock_get" (func $clock_get (result i64)))
  (import "rz" "sleep_until" (func $sleep_until (param i64) (result i32)))
  (import "rz" "process_exit" (func $exit (param i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory 8)
  (table 2 funcref)
  (elem (i32.const 1) $worker)
  (global $sp (export "__stack_pointer") (mut i32) (i32.const 4096))
  ;; 0: console end, 4: other end, 8: thread, 12/16: read counts,
  ;; 32: iovecs {0x1000, 64 * 4096 + 1} {0x1000, 16}, 48: nwritten,
  ;; 0x50000: the worker's read buffer, 0x7f000: its stack top
  (data (i32.const 32) "\00\10\00\00\01\00\04\00\00\10\00\00\10\00\00\00")
  (func $worker (param i32)
    ;; 50 ms: time for the main thread to fill the queue and block
    (drop (call $sleep_until (i64.add (call $clock_get) (i64.const 50000000))))
    (i32.store (i32.const 40) (i32.const 0xffff0000))
    (i32.store (i32.const 44) (i32.const 0x1000))
    (loop $drain
      (br_if $drain (i32.eqz (call $channel_read (i32.load (i32.const 4)) (i32.const 0x50000)
                                               (i32.const 4096) (i32.const 0) (i32.const 0)
                                               (i32.const 12) (i32.const 16))))))
  (func (export "_start")
    (local $err i32)
    (if (call $channel_create (i32.const 0) (i32.const 4))
      (then (call $exit (i32.const -1))))
    (if (call $console_attach (i32.load (i32.const 0)))
      (then (call $exit (i32.const -2))))
    (if (call $thread_create (i32.const 1) (i32.const 0) (i32.const 0x7f000) (i32.const 8))
      (then (call $exit (i32.const -3))))
    (local.set $err (call $fd_write (i32.const 1) (i32.const 32) (i32.const 2) (i32.const 48)))
    (if (local.get $err) (then (call $exit (local.get $err))))
    (if (i32.eq (i32.load (i32.const 48)) (i32.const 0x40011))
      (then (call $exit (i32.const 0))))
    (call $exit (i32.const -4))))
