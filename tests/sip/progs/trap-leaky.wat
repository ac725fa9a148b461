;; Opens a channel and an event, then traps: its handles must be closed
;; all the same.
(module
  (import "rz" "channel_create" (func $channel (param i32 i32) (result i32)))
  (import "rz" "event_create" (func $event (param i32) (result i32)))
  (memory 1)
  (func $leak (export "_start")
    (drop (call $channel (i32.const 0) (i32.const 4)))
    (drop (call $event (i32.const 8)))
    (i32.store (i32.const 0x10000) (i32.const 1))))
