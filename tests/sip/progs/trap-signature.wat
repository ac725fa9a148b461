;; call_indirect to a function of another type: an indirect call type
;; mismatch trap (kernel/process_test.c).
(module
  (type $v (func))
  (type $i (func (param i32)))
  (table 1 funcref)
  (elem (i32.const 0) $takes_i32)
  (func $takes_i32 (type $i))
  (func $jump (export "_start") (call_indirect (type $v) (i32.const 0))))
