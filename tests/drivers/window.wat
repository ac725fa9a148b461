;; Loads, stores and memory.fill at any address, for the window tests of
;; kernel/mmio_test.c (which map device memory into this memory directly),
;; and the benchmark's loop of loads.
(module
  (memory 4) ;; 0x40000 bytes
  (func (export "load16") (param $a i32) (result i32)
    (i32.load16_u (local.get $a)))
  (func (export "store16") (param $a i32) (param $v i32)
    (i32.store16 (local.get $a) (local.get $v)))
  (func (export "fill") (param $a i32) (param $n i32)
    (memory.fill (local.get $a) (i32.const 0x41) (local.get $n)))
  ;; n 16-bit loads at a; their sum, so each one is used
  (func (export "load16_loop") (param $a i32) (param $n i32) (result i32)
    (local $sum i32)
    (loop $l
      (local.set $sum (i32.add (local.get $sum) (i32.load16_u (local.get $a))))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (local.get $sum)))
