;; Grows its memory to 2 GiB and touches every page: the machine runs out
;; of frames first, and the first touch that finds none traps this process
;; alone. Exits with status 1 only if every touch succeeded.
(module
  (import "rz" "process_exit" (func $exit (param i32)))
  (memory 1)
  (func $touch_all (export "_start") (local $at i32)
    (drop (memory.grow (i32.const 32767)))
    (local.set $at (i32.const 0))
    (block $done
      (loop $touch
        (br_if $done (i32.ge_u (local.get $at) (i32.const 0x80000000)))
        (i32.store8 (local.get $at) (i32.const 1))
        (local.set $at (i32.add (local.get $at) (i32.const 4096)))
        (br $touch)))
    (call $exit (i32.const 1))))
