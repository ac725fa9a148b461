;; Truncates a NaN to an integer: an invalid conversion trap
;; (kernel/process_test.c, one program per trap kind).
(module
  (global $nan (mut f64) (f64.const nan))
  (func $convert (export "_start") (drop (i32.trunc_f64_s (global.get $nan)))))
