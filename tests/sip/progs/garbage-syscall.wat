;; Passes hostile arguments to syscalls; each must fail with its documented
;; error and leave the process running. Prints "survived" and exits with
;; the number of calls that answered as expected (6).
(module
  (import "rz" "debug_write" (func $write (param i32 i32) (result i32)))
  (import "rz" "sleep_until" (func $sleep (param i64) (result i32)))
  (import "rz" "process_exit" (func $exit (param i32)))
  (memory 1)
  (data (i32.const 0) "survived\n")
  (func $count (param $got i32) (param $want i32) (param $n i32) (result i32)
    (i32.add (local.get $n) (i32.eq (local.get $got) (local.get $want))))
  (func (export "_start") (local $n i32)
    ;; RZ_ERR_OUT_OF_BOUNDS (-6): ranges leaving memory, wrapping past 2^32
    (local.set $n (call $count (call $write (i32.const 0xfffffff0) (i32.const 0x100))
                               (i32.const -6) (local.get $n)))
    (local.set $n (call $count (call $write (i32.const 65536) (i32.const 1))
                               (i32.const -6) (local.get $n)))
    (local.set $n (call $count (call $write (i32.const 65535) (i32.const 2))
                               (i32.const -6) (local.get $n)))
    (local.set $n (call $count (call $write (i32.const 0xffffffff) (i32.const 4096))
                               (i32.const -6) (local.get $n)))
    ;; RZ_ERR_OUT_OF_RANGE (-16): more than 4096 bytes
    (local.set $n (call $count (call $write (i32.const 1) (i32.const 0xffffffff))
                               (i32.const -16) (local.get $n)))
    ;; a deadline long past returns at once
    (local.set $n (call $count (call $sleep (i64.const 0)) (i32.const 0) (local.get $n)))
    (drop (call $write (i32.const 0) (i32.const 9)))
    (call $exit (local.get $n))))
