;; Port I/O imports compiled inline (compile/jit_portio.c): constant ports
;; checked against the grant at compile time, computed ones at run time.
(module
  (import "rz" "in8" (func $in8 (param i32) (result i32)))
  (import "rz" "out8" (func $out8 (param i32 i32)))
  (import "rz" "in16" (func $in16 (param i32) (result i32)))
  ;; CMOS register 0x0b (status B) through the index port 0x70, data 0x71.
  (func (export "cmos_status_b") (result i32)
    (call $out8 (i32.const 0x70) (i32.const 0x0b))
    (call $in8 (i32.const 0x71)))
  (func (export "in8_at") (param i32) (result i32)
    (call $in8 (local.get 0)))
  (func (export "in16_at") (param i32) (result i32)
    (call $in16 (local.get 0)))
  (func (export "out8_at") (param i32 i32)
    (call $out8 (local.get 0) (local.get 1)))
  ;; n reads of the CMOS data port: the benchmark's loop.
  (func (export "in8_loop") (param i32)
    (loop $l
      (drop (call $in8 (i32.const 0x71)))
      (br_if $l (local.tee 0 (i32.sub (local.get 0) (i32.const 1)))))))
