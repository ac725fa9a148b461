;; Touches two pages of memory and exits through the syscall with status
;; 0: the process of the spawn/exit cycle test, silent.
(module
  (import "rz" "process_exit" (func $exit (param i32)))
  (memory 2)
  (func (export "_start")
    (i32.store (i32.const 100) (i32.const 1))
    (i32.store (i32.const 70000) (i32.const 2))
    (call $exit (i32.sub (i32.load (i32.const 70000)) (i32.const 2)))))
