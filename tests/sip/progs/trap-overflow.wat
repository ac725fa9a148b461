;; INT_MIN / -1: an integer overflow trap (kernel/process_test.c).
(module
  (global $m1 (mut i32) (i32.const -1))
  (func $overflow (export "_start")
    (drop (i32.div_s (i32.const 0x80000000) (global.get $m1)))))
