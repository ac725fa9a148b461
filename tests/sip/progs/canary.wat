;; Fills a page of memory, checks its sum and a recursive computation, and
;; prints "canary ok" only when both are right. Returns from _start.
(module
  (import "rz" "debug_write" (func $write (param i32 i32) (result i32)))
  (memory 2)
  (data (i32.const 0) "canary ok\n")
  (data (i32.const 16) "canary BAD\n")
  (func $fib (param i32) (result i32)
    (if (result i32) (i32.lt_u (local.get 0) (i32.const 2))
      (then (local.get 0))
      (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
                     (call $fib (i32.sub (local.get 0) (i32.const 2)))))))
  (func (export "_start") (local $i i32) (local $s i32)
    (local.set $i (i32.const 0))
    (block $done
      (loop $fill
        (br_if $done (i32.ge_u (local.get $i) (i32.const 4096)))
        (i32.store (i32.add (i32.const 65536) (i32.shl (local.get $i) (i32.const 2)))
                   (local.get $i))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $fill)))
    (local.set $i (i32.const 0))
    (block $done2
      (loop $sum
        (br_if $done2 (i32.ge_u (local.get $i) (i32.const 4096)))
        (local.set $s (i32.add (local.get $s)
          (i32.load (i32.add (i32.const 65536) (i32.shl (local.get $i) (i32.const 2))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $sum)))
    (if (i32.and (i32.eq (local.get $s) (i32.const 8386560))
                 (i32.eq (call $fib (i32.const 15)) (i32.const 610)))
      (then (drop (call $write (i32.const 0) (i32.const 10))))
      (else (drop (call $write (i32.const 16) (i32.const 11)))))))
