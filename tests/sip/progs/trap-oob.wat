;; Stores one byte past its one page of memory: an out-of-bounds trap
;; (kernel/process_test.c; the README's and docs/processes.md's example).
(module
  (memory 1)
  (func $poke (export "_start") (i32.store (i32.const 0x10000) (i32.const 1))))
