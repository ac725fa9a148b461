;; A driver that does not own the serial line asks for the kernel log:
;; exits with log_open's answer (RZ_ERR_ACCESS_DENIED expected).
(module
  (import "rz" "log_open" (func $log_open (param i32) (result i32)))
  (import "rz" "process_exit" (func $exit (param i32)))
  (memory 1)
  (func (export "_start")
    (call $exit (call $log_open (i32.const 0)))))
