;; The kernel's engine tests (kernel/wasm_platform_test.c): results of
;; ordinary code, one function per trap kind, and the bulk-memory helpers
;; (host code) touching pages not committed yet.
(module
  (type $i2i (func (param i32) (result i32)))
  (type $v2v (func))
  (memory 1)
  (table 3 funcref)
  (elem (i32.const 0) $fact $nop)
  (data (i32.const 16) "ringzero")

  (func $fact (export "fact") (type $i2i)
    (if (result i32) (i32.le_s (local.get 0) (i32.const 1))
      (then (i32.const 1))
      (else (i32.mul (local.get 0)
                     (call $fact (i32.sub (local.get 0) (i32.const 1)))))))
  (func $nop (type $v2v))

  ;; Sums bytes [0, n) of memory 0 after storing 1..n there.
  (func (export "fill_sum") (param $n i32) (result i32) (local $i i32) (local $s i32)
    (block $done
      (loop $fill
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (i32.store8 (local.get $i) (i32.add (local.get $i) (i32.const 1)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $fill)))
    (local.set $i (i32.const 0))
    (block $done2
      (loop $sum
        (br_if $done2 (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $s (i32.add (local.get $s) (i32.load8_u (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $sum)))
    (local.get $s))
  (func (export "data_word") (result i64) (i64.load (i32.const 16)))
  (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
  (func (export "store") (param i32 i32) (i32.store (local.get 0) (local.get 1)))

  (func (export "unreachable") (unreachable))
  (func (export "div") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
  (func (export "trunc") (param f64) (result i32) (i32.trunc_f64_s (local.get 0)))
  (func (export "call_at") (param i32) (result i32)
    (call_indirect (type $i2i) (i32.const 5) (local.get 0)))
  (func $recurse (export "recurse") (param i32) (result i32)
    (i32.add (call $recurse (i32.add (local.get 0) (i32.const 1))) (i32.const 1)))

  (func (export "fill") (param $dst i32) (param $n i32)
    (memory.fill (local.get $dst) (i32.const 0x41) (local.get $n)))
  (func (export "copy") (param $dst i32) (param $src i32)
    (memory.copy (local.get $dst) (local.get $src) (i32.const 0x1000)))
)
