;; Numeric instructions of all four types: arithmetic, comparisons,
;; conversions, saturating truncation, sign extension, reinterpretation,
;; and loads and stores of every width with alignments and offsets.
(module
  (memory 1)
  (func (export "ints") (param i32 i64) (result i64)
    (i64.add
      (i64.extend_i32_s (i32.extend8_s (i32.rotl (local.get 0) (i32.const 3))))
      (i64.mul (i64.popcnt (local.get 1)) (i64.extend32_s (i64.ctz (local.get 1))))))
  (func (export "floats") (param f32 f64) (result i32)
    (i32.add
      (i32.trunc_sat_f32_s (f32.copysign (f32.sqrt (local.get 0)) (f32.const -0)))
      (i32.reinterpret_f32 (f32.demote_f64 (f64.nearest (local.get 1))))))
  (func (export "mem") (param i32)
    (i64.store32 offset=8 align=2 (local.get 0) (i64.load16_u offset=2 (local.get 0)))
    (f64.store (local.get 0) (f64.convert_i64_u (i64.load8_s (local.get 0))))
    (drop (memory.grow (i32.div_u (memory.size) (i32.const 2))))
    (memory.fill (local.get 0) (i32.const 0) (i32.const 16))
    (memory.copy (i32.const 32) (local.get 0) (i32.const 8))))
