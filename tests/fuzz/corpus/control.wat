;; Structured control flow: nested blocks with multi-value types, loops,
;; branch tables, indirect calls, typed and untyped select, unreachable code.
(module
  (type $pair (func (param i32) (result i32 i32)))
  (table 2 funcref)
  (elem (i32.const 0) $split $fib)
  (func $split (type $pair) (local.get 0) (i32.shr_u (local.get 0) (i32.const 1)))
  (func $fib (param $n i32) (result i32)
    (if (result i32) (i32.lt_u (local.get $n) (i32.const 2))
      (then (local.get $n))
      (else
        (i32.add
          (call $fib (i32.sub (local.get $n) (i32.const 1)))
          (call $fib (i32.sub (local.get $n) (i32.const 2)))))))
  (func (export "dispatch") (param i32 i32) (result i32)
    (block $c (block $b (block $a
      (br_table $a $b $c (local.get 0)))
      (return (call_indirect (param i32) (result i32) (local.get 1) (i32.const 1))))
      (return (i32.add (call_indirect (type $pair) (local.get 1) (i32.const 0)))))
    (select (result i32) (i32.const 1) (i32.const 2) (local.get 1)))
  (func (export "sum") (param $n i32) (result i64) (local $acc i64)
    (loop $again
      (local.set $acc (i64.add (local.get $acc) (i64.extend_i32_u (local.get $n))))
      (br_if $again (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (local.get $acc))
  (func (export "dead") (result f64)
    (block (result i32 f64) (i32.const 1) (f64.const 2) (br 0))
    (drop (i32.const 7) (unreachable))
    (unreachable)))
