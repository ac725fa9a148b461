;; Imports a function the kernel does not have: the loader refuses the
;; module and names the import (kernel/process_test.c, kernel/init_test.c).
(module
  (import "rz" "format_disk" (func (param i32)))
  (func (export "_start")))
