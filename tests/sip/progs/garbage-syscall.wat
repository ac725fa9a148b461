;; Passes hostile arguments to syscalls; each must fail with
;; out-of-bounds (-6) and leave the process running. Prints "survived"
;; and exits with the number of calls that answered as expected (5).
(module
  (import "rz" "debug_write" (func $write (param i32 i32) (result i32)))
  (import "rz" "exit" (func $exit (param i32)))
  (memory 1)
  (data (i32.const 0) "survived\n")
  (func $check (param $r i32) (param $n i32) (result i32)
    (i32.add (local.get $n) (i32.eq (local.get $r) (i32.const -6))))
  (func (export "_start") (local $n i32)
    (local.set $n (call $check (call $write (i32.const 0xfffffff0) (i32.const 0x100)) (local.get $n)))
    (local.set $n (call $check (call $write (i32.const 1) (i32.const 0xffffffff)) (local.get $n)))
    (local.set $n (call $check (call $write (i32.const 65536) (i32.const 1)) (local.get $n)))
    (local.set $n (call $check (call $write (i32.const 65535) (i32.const 2)) (local.get $n)))
    (local.set $n (call $check (call $write (i32.const 0xffffffff) (i32.const 0xffffffff)) (local.get $n)))
    (drop (call $write (i32.const 0) (i32.const 9)))
    (call $exit (local.get $n))))
