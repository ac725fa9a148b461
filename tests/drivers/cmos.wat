;; A driver without its manifest (kernel/driver_test.c appends one): reads
;; CMOS status register B through ports 0x70/0x71 and exits with it.
(module
  (import "rz" "in8" (func $in8 (param i32) (result i32)))
  (import "rz" "out8" (func $out8 (param i32 i32)))
  (import "rz" "process_exit" (func $exit (param i32)))
  (func (export "_start")
    (call $out8 (i32.const 0x70) (i32.const 0x0b))
    (call $exit (call $in8 (i32.const 0x71)))))
