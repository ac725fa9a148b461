;; Executes unreachable at once: the simplest trap (kernel/process_test.c,
;; kernel/init_test.c, tests/boot/echo-test).
(module (func $boom (export "_start") (unreachable)))
