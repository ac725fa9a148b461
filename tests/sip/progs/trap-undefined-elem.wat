;; call_indirect past the end of the table: an undefined element trap
;; (kernel/process_test.c).
(module
  (type $v (func))
  (table 1 funcref)
  (func $jump (export "_start") (call_indirect (type $v) (i32.const 5))))
