;; Asks for IRQ 8 without declaring it in a manifest: exits with
;; interrupt_create's answer (RZ_ERR_ACCESS_DENIED expected).
(module
  (import "rz" "interrupt_create" (func $irq (param i32 i32) (result i32)))
  (import "rz" "process_exit" (func $exit (param i32)))
  (memory 1)
  (func (export "_start")
    (call $exit (call $irq (i32.const 8) (i32.const 0)))))
