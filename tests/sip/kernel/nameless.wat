;; A process module without a name section (tools/wat2c keeps none): its
;; trap report names the function by index.
(module
  (func $helper (param i32) (result i32) (i32.div_u (i32.const 1) (local.get 0)))
  (func (export "_start") (drop (call $helper (i32.const 0)))))
