;; Imports everything exporter.wat exports; calls into it directly and
;; through its table, and shares its memory and global.
(module
  (import "ex" "mem" (memory 1))
  (import "ex" "tab" (table 1 funcref))
  (import "ex" "g" (global $g (mut i32)))
  (import "ex" "get_g" (func $get_g (result i32)))
  (type $v2i (func (result i32)))
  (func (export "poke") (param i32 i32) (i32.store (local.get 0) (local.get 1)))
  (func (export "grow") (result i32) (memory.grow (i32.const 1)))
  (func (export "set_g") (param i32) (result i32)
    (global.set $g (local.get 0))
    ;; a direct call into the other instance, then our own memory again
    (i32.add (call $get_g) (i32.load (i32.const 0))))
  (func (export "via_table") (result i32) (call_indirect (type $v2i) (i32.const 0)))
)
