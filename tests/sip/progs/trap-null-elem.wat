;; call_indirect through a null table slot: an uninitialized element trap
;; (kernel/process_test.c).
(module
  (type $v (func))
  (table 1 funcref)
  (func $jump (export "_start") (call_indirect (type $v) (i32.const 0))))
