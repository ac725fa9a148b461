;; Imports debug_write with the wrong type: the loader refuses the module
;; and names both signatures (kernel/process_test.c).
(module
  (import "rz" "debug_write" (func (param i64 i32) (result i32)))
  (func (export "_start")))
