;; fd_read while a second thread rewrites the iovec: the main thread makes
;; a channel its console and blocks in fd_read on it with an iovec naming
;; 16 bytes at 64; the worker then points that iovec far beyond the
;; memory and writes "hi" to the console's other end. The read must not
;; land outside the memory: the process exits with fd_read's errno
;; (21, EFAULT, once the kernel checks the iovec it scatters into).
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
    (if (call $channel_create (i32.const 0) (i32.const 4))
      (then (call $exit (i32.const -1))))
    (if (call $console_attach (i32.load (i32.const 0)))
      (then (call $exit (i32.const -2))))
    (if (call $thread_create (i32.const 1) (i32.const 0) (i32.const 8192) (i32.const 8))
      (then (call $exit (i32.const -3))))
    (call $exit (call $fd_read (i32.const 0) (i32.const 32) (i32.const 1) (i32.const 48)))))
