;; fd_read while a second thread rewrites the iovec: the main thread makes
;; a channel its console and blocks in fd_read on it with an iovec naming
;; 16 bytes at 64; the worker then points that iovec far beyond the
;; memory and writes "hi" to the console's other end. The read must not
;; land outside the memory: it fills the iovec as it was at the call. The
;; process exits with fd_read's errno, or 0 when "hi" arrived at 64 (else -4).
(module
  (import "rz" "channel_create" (func $channel_create (param i32 i32) (result i32)))
  (import "rz" "channel_write" (func $channel_write (param i32 i32 i32 i32 i32) (result i32)))
  (import "rz" "console_attach" (func $console_attach (param i32) (result i32)))
  (import "rz" "thread_create" (func $thread_create (param i32 i32 i32 i32) (result i32)))
  (import "rz" "clock_get" (func $clock_get (result i64)))
  (import "rz" "sleep_until" (func $sleep_until (param i64) (result i32)))
  (import "rz" "process_exit" (func $exit (param i32)))
  (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (memory 1)
  (table 2 funcref)
  (elem (i32.const 1) $worker)
  (global $sp (export "__stack_pointer") (mut i32) (i32.const 4096))
  ;; 0: console end, 4: other end, 8: thread, 32: iovec {64, 16}, 48: nread
  (data (i32.const 32) "\40\00\00\00\10\00\00\00")
  (data (i32.const 128) "hi")
  (func $worker (param i32)
    ;; 50 ms: time for the main thread to block in fd_read
    (drop (call $sleep_until (i64.add (call $clock_get) (i64.const 50000000))))
    (i32.store (i32.const 32) (i32.const 0xffff0000))
    (drop (call $channel_write (i32.load (i32.const 4)) (i32.const 128) (i32.const 2)
                               (i32.const 0) (i32.const 0))))
  (func (export "_start")
    (local $err i32)
    (if (call $channel_create (i32.const 0) (i32.const 4))
      (then (call $exit (i32.const -1))))
    (if (call $console_attach (i32.load (i32.const 0)))
      (then (call $exit (i32.const -2))))
    (if (call $thread_create (i32.const 1) (i32.const 0) (i32.const 8192) (i32.const 8))
      (then (call $exit (i32.const -3))))
    (local.set $err (call $fd_read (i32.const 0) (i32.const 32) (i32.const 1) (i32.const 48)))
    (if (local.get $err) (then (call $exit (local.get $err))))
    (if (i32.and (i32.eq (i32.load (i32.const 48)) (i32.const 2))
                 (i32.eq (i32.load16_u (i32.const 64)) (i32.load16_u (i32.const 128))))
      (then (call $exit (i32.const 0))))
    (call $exit (i32.const -4))))
