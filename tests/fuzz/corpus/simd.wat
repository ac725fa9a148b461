;; 128-bit SIMD: constants, shuffles, lane access, lane loads and stores,
;; arithmetic and conversions in several lane shapes.
(module
  (memory 1)
  (func (export "mix") (param v128 v128) (result v128)
    (i8x16.shuffle 0 17 2 19 4 21 6 23 8 25 10 27 12 29 14 31
      (i16x8.add_sat_s (local.get 0) (v128.const i16x8 1 -1 2 -2 3 -3 4 -4))
      (f32x4.mul (local.get 1) (v128.const f32x4 0.5 1.5 -2 inf))))
  (func (export "lanes") (param i32) (result i64)
    (v128.store64_lane offset=16 1 (local.get 0)
      (v128.load32_lane 2 (local.get 0) (v128.load64_splat (local.get 0))))
    (i64x2.extract_lane 1
      (i64x2.extmul_high_i32x4_s
        (v128.load8x8_u (local.get 0))
        (i32x4.trunc_sat_f64x2_u_zero (f64x2.splat (f64.const 3.25))))))
  (func (export "any") (param v128) (result i32)
    (i32.and (v128.any_true (local.get 0))
      (i8x16.bitmask (i8x16.swizzle (local.get 0) (v128.not (local.get 0)))))))
