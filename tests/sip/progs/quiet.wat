;; Touches two pages of memory, leaves a channel and an event open (the
;; kernel closes them when the process ends) and exits through the
;; syscall with status 0: the process of the spawn/exit cycle test, silent.
(module
  (import "rz" "channel_create" (func $channel (param i32 i32) (result i32)))
  (import "rz" "event_create" (func $event (param i32) (result i32)))
  (import "rz" "process_exit" (func $exit (param i32)))
  (memory 2)
  (func (export "_start")
    (i32.store (i32.const 100) (i32.const 1))
    (i32.store (i32.const 70000) (i32.const 2))
    (drop (call $channel (i32.const 0) (i32.const 4)))
    (drop (call $event (i32.const 8)))
    (call $exit (i32.sub (i32.load (i32.const 70000)) (i32.const 2)))))
