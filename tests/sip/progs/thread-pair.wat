;; A second thread, without the SDK: it stores its argument at address 16
;; and returns; the main thread waits for its handle's TERMINATED and exits
;; with the stored value plus the thread's own __stack_pointer value seen
;; at address 20 (the stack top it was given: 8192).
(module
  (import "rz" "thread_create" (func $thread_create (param i32 i32 i32 i32) (result i32)))
  (import "rz" "wait_one" (func $wait_one (param i32 i32 i64 i32) (result i32)))
  (import "rz" "process_exit" (func $exit (param i32)))
  (memory 1)
  (table 2 funcref)
  (elem (i32.const 1) $worker)
  (global $sp (export "__stack_pointer") (mut i32) (i32.const 4096))
  (func $worker (param i32)
    (i32.store (i32.const 16) (local.get 0))
    (i32.store (i32.const 20) (global.get $sp)))
  (func (export "_start")
    (if (call $thread_create (i32.const 1) (i32.const 40) (i32.const 8192) (i32.const 0))
      (then (call $exit (i32.const -1))))
    ;; 16 = RZ_SIG_TERMINATED; -1 = never
    (if (call $wait_one (i32.load (i32.const 0)) (i32.const 16) (i64.const -1) (i32.const 0))
      (then (call $exit (i32.const -2))))
    (if (i32.ne (global.get $sp) (i32.const 4096))
      (then (call $exit (i32.const -3))))
    (call $exit (i32.add (i32.load (i32.const 16)) (i32.load (i32.const 20))))))
