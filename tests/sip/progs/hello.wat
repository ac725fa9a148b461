;; Prints a line and exits with status 3.
(module
  (import "rz" "debug_write" (func $write (param i32 i32) (result i32)))
  (import "rz" "process_exit" (func $exit (param i32)))
  (memory 1)
  (data (i32.const 0) "hello from wasm\n")
  (func (export "_start")
    (drop (call $write (i32.const 0) (i32.const 16)))
    (call $exit (i32.const 3))
    (unreachable)))
