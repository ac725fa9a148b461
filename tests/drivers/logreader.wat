;; A stand-in for the serial driver (kernel/sys_log_test.c appends its
;; manifest: COM1's ports and IRQ 4): takes IRQ 4, opens the kernel log
;; and takes what it holds. Exits with the byte count, or with the first
;; error.
(module
  (import "rz" "interrupt_create" (func $irq (param i32 i32) (result i32)))
  (import "rz" "log_open" (func $log_open (param i32) (result i32)))
  (import "rz" "log_read" (func $log_read (param i32 i32 i32 i32 i32) (result i32)))
  (import "rz" "process_exit" (func $exit (param i32)))
  (memory 1)
  (func (export "_start")
    (local $err i32)
    (local.set $err (call $irq (i32.const 4) (i32.const 0)))
    (if (local.get $err) (then (call $exit (local.get $err))))
    (local.set $err (call $log_open (i32.const 4)))
    (if (local.get $err) (then (call $exit (local.get $err))))
    ;; handle at 4, count at 8, lost at 12, bytes from 64
    (local.set $err (call $log_read (i32.load (i32.const 4)) (i32.const 64) (i32.const 4096)
                                    (i32.const 8) (i32.const 12)))
    (if (local.get $err) (then (call $exit (local.get $err))))
    (call $exit (i32.load (i32.const 8)))))
