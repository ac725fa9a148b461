;; Divides by zero: an integer divide-by-zero trap (kernel/process_test.c).
(module
  (global $zero (mut i32) (i32.const 0))
  (func $divide (export "_start") (drop (i32.div_u (i32.const 7) (global.get $zero)))))
