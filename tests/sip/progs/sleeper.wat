;; Sleeps in the kernel forever: killed from outside while blocked.
(module
  (import "rz" "sleep_until" (func $sleep (param i64) (result i32)))
  (import "rz" "debug_write" (func $write (param i32 i32) (result i32)))
  (memory 1)
  (data (i32.const 0) "sleeper woke\n")
  (func (export "_start")
    (drop (call $sleep (i64.const -1)))
    (drop (call $write (i32.const 0) (i32.const 13)))))
