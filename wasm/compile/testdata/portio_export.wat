;; Re-exports a port import: the compiler must refuse it, or the export
;; would be a way around the inline check.
(module
  (import "rz" "in8" (func $in8 (param i32) (result i32)))
  (export "leak" (func $in8)))
