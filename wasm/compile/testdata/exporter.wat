;; Exports a memory, a table, a global and functions for importer.wat.
(module
  (memory (export "mem") 1 4)
  (table (export "tab") 2 funcref)
  (global $g (export "g") (mut i32) (i32.const 7))
  (elem (i32.const 0) $get_g)
  (func $get_g (export "get_g") (result i32) (global.get $g))
  (func (export "peek") (param i32) (result i32) (i32.load (local.get 0)))
  (func (export "size") (result i32) (memory.size))
)
