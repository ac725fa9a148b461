;; Asks for a thread without exporting __stack_pointer: thread_create must
;; refuse (RZ_ERR_NOT_SUPPORTED); exits with what it returned.
(module
  (import "rz" "thread_create" (func $thread_create (param i32 i32 i32 i32) (result i32)))
  (import "rz" "process_exit" (func $exit (param i32)))
  (memory 1)
  (table 1 funcref)
  (elem (i32.const 0) $worker)
  (global $sp (mut i32) (i32.const 4096))
  (func $worker (param i32))
  (func (export "_start")
    (call $exit (call $thread_create (i32.const 0) (i32.const 0) (i32.const 4096) (i32.const 0)))))
