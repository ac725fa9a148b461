;; Exports for tests/invoke/run: one per value type, several results, a
;; trap in a function known by its name-section name ($divide, built with
;; wat2wasm --debug-names) and one known only by its export name (load).
(module
  (memory 1)
  (func (export "add") (param i32 i32) (result i32)
    (i32.add (local.get 0) (local.get 1)))
  (func (export "mul64") (param i64 i64) (result i64)
    (i64.mul (local.get 0) (local.get 1)))
  (func (export "f32.bits") (param f32) (result i32)
    (i32.reinterpret_f32 (local.get 0)))
  (func (export "half") (param f64) (result f64)
    (f64.mul (local.get 0) (f64.const 0.5)))
  (func (export "f32.neg") (param f32) (result f32)
    (f32.neg (local.get 0)))
  (func (export "swap") (param i32 i64) (result i64 i32)
    (local.get 1) (local.get 0))
  (func (export "nothing"))
  (func $divide (param i32 i32) (result i32)
    (i32.div_s (local.get 0) (local.get 1)))
  (func (export "div") (param i32 i32) (result i32)
    (call $divide (local.get 0) (local.get 1)))
  (func (export "load") (param i32) (result i32)
    (i32.load (local.get 0))))
