;; Control flow, calls, locals, globals, memory and traps.
(module
  (import "host" "twice" (func $twice (param i64) (result i64)))
  (import "host" "dirty" (func $dirty (result i32)))
  (memory 1)
  (data (i32.const 16) "\01\02\03\04\ff\fe\fd\fc")
  (global $counter (mut i32) (i32.const 40))
  (global $big (mut i64) (i64.const 0x123456789abcdef0))

  ;; loop with a fused compare-and-branch
  (func $fact (export "fact") (param i64) (result i64) (local $acc i64)
    (local.set $acc (i64.const 1))
    (block $done
      (loop $again
        (br_if $done (i64.le_u (local.get 0) (i64.const 1)))
        (local.set $acc (i64.mul (local.get $acc) (local.get 0)))
        (local.set 0 (i64.sub (local.get 0) (i64.const 1)))
        (br $again)))
    (local.get $acc))

  ;; recursion through direct calls
  (func $fib (export "fib") (param i32) (result i32)
    (if (result i32) (i32.lt_u (local.get 0) (i32.const 2))
      (then (local.get 0))
      (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
                     (call $fib (i32.sub (local.get 0) (i32.const 2)))))))

  ;; br_table with values carried to the targets
  (func (export "switch") (param i32) (result i32)
    (block $d (result i32)
      (block $c (result i32)
        (block $b (result i32)
          (block $a (result i32)
            (i32.const 100)
            (br_table $a $b $c $d (local.get 0)))
          (return (i32.add (i32.const 1))))
        (return (i32.add (i32.const 2))))
      (return (i32.add (i32.const 3))))
    (i32.add (i32.const 4)))

  ;; br_tables large enough for a jump table: values moved by per-target
  ;; stubs, a loop target, and indexes beyond the labels
  (func (export "big_switch") (param i32) (result i32)
    (i32.add (i32.const 1000)
      (block $d (result i32)
        (i32.mul (i32.const 10)
          (block $c (result i32)
            (i32.add (i32.const 1)
              (block $b (result i32)
                (br_table $b $c $d $b $c $d $b $c $d $b $c (i32.const 7) (local.get 0)))))))))
  (func (export "count_down") (param i32) (result i32) (local $n i32)
    (block $done
      (loop $l
        (local.set $n (i32.add (local.get $n) (i32.const 1)))
        (br_table $l $l $l $l $l $l $l $l $done
          (local.tee 0 (i32.sub (local.get 0) (i32.const 1))))))
    (local.get $n))

  ;; if without else, nested blocks with results, br out of nested blocks
  (func (export "nest") (param i32) (result i32) (local i32)
    (if (i32.and (local.get 0) (i32.const 1)) (then (local.set 1 (i32.const 10))))
    (i32.add (local.get 1)
      (block (result i32)
        (block (result i32)
          (br_if 1 (i32.const 7) (i32.gt_s (local.get 0) (i32.const 5)))
          (drop)
          (i32.const 3)))))

  ;; locals in home registers survive a callee that uses the same registers
  (func $clobber (param i32 i32 i32) (result i32)
    (local.set 0 (i32.const 99)) (local.set 1 (i32.const 98)) (local.set 2 (i32.const 97))
    (i32.add (local.get 0) (local.get 2)))
  (func (export "homes") (param i32 i64 i32) (result i64)
    (drop (call $clobber (i32.const 1) (i32.const 2) (i32.const 3)))
    (i64.add (i64.extend_i32_u (i32.add (local.get 0) (local.get 2))) (local.get 1)))

  ;; six integer locals in home registers, three of them (r8-r10) ones C
  ;; clobbers: they survive a runtime helper and a compiled callee using
  ;; every home register
  (func $clobber6 (param i32 i32 i32 i32 i32 i32) (result i32)
    (local.set 0 (i32.const 90)) (local.set 1 (i32.const 91)) (local.set 2 (i32.const 92))
    (local.set 3 (i32.const 93)) (local.set 4 (i32.const 94)) (local.set 5 (i32.const 95))
    (i32.add (i32.add (i32.add (local.get 0) (local.get 1)) (i32.add (local.get 2) (local.get 3)))
             (i32.add (local.get 4) (local.get 5))))
  (func (export "call_homes") (param i32) (result i32) (local i32 i32 i32 i32 i32 i32)
    (local.set 1 (i32.const 1)) (local.set 2 (i32.const 2)) (local.set 3 (i32.const 3))
    (local.set 4 (i32.const 4)) (local.set 5 (i32.const 5)) (local.set 6 (i32.const 6))
    (drop (memory.grow (i32.const 0)))
    (drop (call $clobber6 (i32.const 1) (i32.const 2) (i32.const 3) (i32.const 4) (i32.const 5)
                          (i32.const 6)))
    (i32.add (local.get 0)
      (i32.add (i32.add (i32.add (local.get 1) (i32.mul (local.get 2) (i32.const 2)))
                        (i32.add (i32.mul (local.get 3) (i32.const 3))
                                 (i32.mul (local.get 4) (i32.const 4))))
               (i32.add (i32.mul (local.get 5) (i32.const 5))
                        (i32.mul (local.get 6) (i32.const 6))))))

  ;; homes go to the most used locals, uses in loops first: here locals 1,
  ;; 0, 5, 2 take rbx, r12, r13, r10, and then parameter 3 (arriving in r8)
  ;; takes r9 while parameter 4 (arriving in r9) takes r8
  (func (export "arg_homes") (param i32 i32 i32 i32 i32 i32) (result i32)
    (loop $l
      (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
      (local.set 1 (i32.add (local.get 1) (local.get 2)))
      (local.set 5 (i32.add (local.get 5) (local.get 1)))
      (br_if $l (local.get 0)))
    (i32.add (i32.add (i32.mul (local.get 3) (i32.const 1000)) (i32.mul (local.get 3) (i32.const 0)))
             (i32.add (i32.mul (local.get 4) (i32.const 100))
                      (i32.add (local.get 1) (local.get 5)))))

  ;; locals read in place: setting a local must not change a value already
  ;; taken from it (a swap; a read before a set and before a tee)
  (func (export "swap") (param i32 i32) (result i32)
    (local.get 0) (local.get 1) (local.set 0) (local.set 1)
    (i32.sub (i32.mul (local.get 0) (i32.const 10)) (local.get 1)))
  (func (export "in_place") (param i32 i32) (result i32)
    (local.get 0)
    (local.set 0 (i32.add (local.get 0) (i32.const 1)))
    (i32.sub (local.get 0))
    (local.get 1)
    (local.tee 1 (i32.mul (local.get 1) (i32.const 3)))
    (i32.add)
    (i32.add))

  ;; `local.set i (op (local.get i) x)` becomes one instruction on the home
  ;; register, unless an older read of the local is still on the stack
  (func (export "update") (param i32) (result i32)
    (local.get 0)
    (local.set 0 (i32.add (local.get 0) (i32.const 5)))
    (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
    (i32.mul (i32.const 1000))
    (local.tee 0 (i32.xor (local.get 0) (i32.const 0xff)))
    (i32.add)
    (i32.add (local.get 0)))

  ;; a one-result block takes its value in rax: a br_if moves it there on
  ;; the taken path only, where the fall-through keeps another value in rax
  (func (export "merge_live") (param i32) (result i32)
    (i32.add (local.get 0)
      (block (result i32)
        (i32.div_u (i32.const 100) (i32.add (local.get 0) (i32.const 1)))
        (br_if 0 (i32.const 7) (i32.eq (local.get 0) (i32.const 3)))
        (drop))))

  ;; a block result type outliving the instruction that declared it
  (func (export "wide_if") (param i32) (result i64)
    (if (result i64) (local.get 0)
      (then (i64.const 0x1122334455667788))
      (else (i64.const -2))))

  ;; block parameters that start as constants: the loop's back edge and the
  ;; if's else arm read them from their slots
  (func (export "loop_params") (param i32 i32) (result i32)
    (i32.const 0) (i32.const 1)
    (loop $l (param i32 i32) (result i32)
      (i32.add) (i32.const 2)
      (br_if $l (local.tee 0 (i32.sub (local.get 0) (i32.const 1))))
      (drop))
    (i32.const 5)
    (if (param i32 i32) (result i32) (local.get 1) (then (i32.add)) (else (i32.sub))))

  ;; more parameters than argument registers, and several results
  (func $many (export "many") (param i32 i64 i32 i64 i32 i64 i32 i64) (result i64 i32)
    (i64.add (i64.add (i64.extend_i32_u (local.get 0)) (local.get 1))
             (i64.add (i64.add (i64.extend_i32_u (local.get 2)) (local.get 3))
                      (i64.add (i64.add (i64.extend_i32_u (local.get 4)) (local.get 5))
                               (i64.add (i64.extend_i32_u (local.get 6)) (local.get 7)))))
    (i32.wrap_i64 (local.get 7)))
  (func (export "call_many") (result i64)
    (call $many (i32.const 1) (i64.const 2) (i32.const 3) (i64.const 4)
                (i32.const 5) (i64.const 6) (i32.const 7) (i64.const 0x100000000))
    (i64.extend_i32_u)
    (i64.add))

  ;; a deep operand stack: more live values than registers
  (func (export "pressure") (param i32) (result i32)
    (local.get 0) (local.get 0) (local.get 0) (local.get 0) (local.get 0) (local.get 0)
    (local.get 0) (local.get 0) (local.get 0) (local.get 0) (local.get 0) (local.get 0)
    (local.get 0) (local.get 0) (local.get 0) (local.get 0)
    (i32.add) (i32.add) (i32.add) (i32.add) (i32.add) (i32.add) (i32.add) (i32.add)
    (i32.add) (i32.add) (i32.add) (i32.add) (i32.add) (i32.add) (i32.add)
    (i32.mul (i32.div_u (i32.const 1000) (local.get 0)))
    (i32.add (call $fib (i32.const 10))))

  (func (export "host") (param i64) (result i64)
    (i64.add (call $twice (local.get 0)) (i64.const 1)))

  (func (export "bump") (result i32)
    (global.set $counter (i32.add (global.get $counter) (i32.const 2)))
    (global.get $counter))
  (func (export "big") (result i64)
    (global.set $big (i64.xor (global.get $big) (i64.const -1)))
    (global.get $big))

  (func (export "load8_s") (param i32) (result i32) (i32.load8_s offset=16 (local.get 0)))
  (func (export "load8_u") (param i32) (result i32) (i32.load8_u offset=16 (local.get 0)))
  (func (export "load16_s") (param i32) (result i64) (i64.load16_s (local.get 0)))
  (func (export "load32") (param i32) (result i32) (i32.load (local.get 0)))
  (func (export "load64") (param i32) (result i64) (i64.load offset=8 (local.get 0)))
  (func (export "load_far") (param i32) (result i32) (i32.load offset=0xfffffff0 (local.get 0)))
  (func (export "store") (param i32 i64)
    (i64.store (local.get 0) (local.get 1))
    (i32.store8 offset=3 (local.get 0) (i32.const 0xabcd))
    (i64.store32 (i32.const 100) (i64.const 0x1122334455)))
  (func (export "size") (result i32) (memory.size))
  ;; an i32 from the host used as an address: only its low half may count
  (func (export "host_addr") (result i32) (i32.load8_u offset=16 (call $dirty)))

  (func (export "trap_unreachable") (i32.const 1) (drop) (unreachable))
  (func $deep (export "recurse") (param i32) (result i32)
    (i32.add (call $deep (i32.add (local.get 0) (i32.const 1))) (i32.const 1)))
)
