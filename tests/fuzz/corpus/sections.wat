;; Every section kind at least once: imports of each kind, start, active,
;; passive and declarative element segments, active and passive data (which
;; makes wat2wasm emit a data count section), exports of each kind.
(module
  (type $binop (func (param i32 i32) (result i32)))
  (import "env" "log" (func $log (param i32)))
  (import "env" "table" (table 1 funcref))
  (import "env" "memory" (memory 1 2))
  (import "env" "base" (global $base i32))
  (func $add (type $binop) (i32.add (local.get 0) (local.get 1)))
  (func $init
    (call $log (global.get $base))
    (memory.init $lazy (i32.const 0) (i32.const 0) (i32.const 4))
    (data.drop $lazy)
    (elem.drop $spare))
  (table $own 4 8 funcref)
  (global $counter (mut i64) (i64.const -1))
  (global $scale f32 (f32.const 1.5))
  (export "add" (func $add))
  (export "own" (table $own))
  (export "memory" (memory 0))
  (export "counter" (global $counter))
  (start $init)
  (elem (table $own) (i32.const 0) func $add $init)
  (elem $spare funcref (ref.func $add) (ref.null func))
  (elem declare func $log)
  (data (i32.const 16) "hello")
  (data $lazy "\01\02\03\04"))
