;; The object syscalls from compiled code, through the generated link
;; table: channels (bytes and a moved handle), an event, a timer, wait_one
;; and wait_many with deadlines, peer close, a hostile pointer. Every call
;; is checked against its expected result; the exit status is the number
;; of checks that held (kernel/sys_process_test.c expects all 22).
(module
  (import "rz" "channel_create" (func $channel_create (param i32 i32) (result i32)))
  (import "rz" "channel_write" (func $channel_write (param i32 i32 i32 i32 i32) (result i32)))
  (import "rz" "channel_read"
    (func $channel_read (param i32 i32 i32 i32 i32 i32 i32) (result i32)))
  (import "rz" "event_create" (func $event_create (param i32) (result i32)))
  (import "rz" "object_signal" (func $object_signal (param i32 i32 i32) (result i32)))
  (import "rz" "timer_create" (func $timer_create (param i32) (result i32)))
  (import "rz" "timer_set" (func $timer_set (param i32 i64) (result i32)))
  (import "rz" "wait_one" (func $wait_one (param i32 i32 i64 i32) (result i32)))
  (import "rz" "wait_many" (func $wait_many (param i32 i32 i64) (result i32)))
  (import "rz" "handle_close" (func $handle_close (param i32) (result i32)))
  (import "rz" "clock_get" (func $clock_get (result i64)))
  (import "rz" "process_exit" (func $exit (param i32)))
  (memory 1)
  ;; 0: h0  4: h1  8: observed  12: num_bytes  16: num_handles  20: event
  ;; 24: timer  64: "ping"  128: read buffer  200: received handles
  ;; 256: wait_many items (16 bytes each)
  (data (i32.const 64) "ping")
  (global $n (mut i32) (i32.const 0))
  (func $check (param $got i32) (param $want i32)
    (global.set $n (i32.add (global.get $n) (i32.eq (local.get $got) (local.get $want)))))
  (func (export "_start") (local $h0 i32) (local $h1 i32) (local $ev i32) (local $tm i32)
    ;; a channel, a message across it
    (call $check (call $channel_create (i32.const 0) (i32.const 4)) (i32.const 0))
    (local.set $h0 (i32.load (i32.const 0)))
    (local.set $h1 (i32.load (i32.const 4)))
    (call $check (call $channel_write (local.get $h0) (i32.const 64) (i32.const 4)
                                      (i32.const 0) (i32.const 0)) (i32.const 0))
    (call $check (call $wait_one (local.get $h1) (i32.const 1) (i64.const -1) (i32.const 8))
                 (i32.const 0))
    (call $check (i32.and (i32.load (i32.const 8)) (i32.const 1)) (i32.const 1))
    (call $check (call $channel_read (local.get $h1) (i32.const 128) (i32.const 16)
                                     (i32.const 200) (i32.const 4) (i32.const 12) (i32.const 16))
                 (i32.const 0))
    (call $check (i32.load (i32.const 12)) (i32.const 4))
    (call $check (i32.load (i32.const 128)) (i32.load (i32.const 64)))
    ;; an event handle moves through the channel and still works
    (call $check (call $event_create (i32.const 20)) (i32.const 0))
    (local.set $ev (i32.load (i32.const 20)))
    (call $check (call $channel_write (local.get $h0) (i32.const 0) (i32.const 0)
                                      (i32.const 20) (i32.const 1)) (i32.const 0))
    (call $check (call $handle_close (local.get $ev)) (i32.const -2)) ;; moved: BAD_HANDLE
    (call $check (call $channel_read (local.get $h1) (i32.const 128) (i32.const 16)
                                     (i32.const 200) (i32.const 4) (i32.const 12) (i32.const 16))
                 (i32.const 0))
    (call $check (i32.load (i32.const 16)) (i32.const 1))
    (call $check (call $object_signal (i32.load (i32.const 200)) (i32.const 0)
                                      (i32.const 0x1000000)) (i32.const 0))
    (call $check (call $wait_one (i32.load (i32.const 200)) (i32.const 0x1000000) (i64.const 0)
                                 (i32.const 0)) (i32.const 0))
    ;; a timer 1 ms ahead ends a wait on it and an empty channel
    (call $check (call $timer_create (i32.const 24)) (i32.const 0))
    (local.set $tm (i32.load (i32.const 24)))
    (call $check (call $timer_set (local.get $tm)
                                  (i64.add (call $clock_get) (i64.const 1000000))) (i32.const 0))
    (i32.store (i32.const 256) (local.get $h1))
    (i32.store (i32.const 260) (i32.const 1))  ;; READABLE
    (i32.store (i32.const 272) (local.get $tm))
    (i32.store (i32.const 276) (i32.const 8))  ;; SIGNALED
    (call $check (call $wait_many (i32.const 256) (i32.const 2) (i64.const -1)) (i32.const 0))
    (call $check (i32.load (i32.const 280)) (i32.const 8))
    ;; nothing to read: the deadline ends the wait
    (call $check (call $wait_one (local.get $h1) (i32.const 1)
                                 (i64.add (call $clock_get) (i64.const 1000000)) (i32.const 8))
                 (i32.const -11))
    ;; the peer goes away
    (call $check (call $handle_close (local.get $h0)) (i32.const 0))
    (call $check (call $channel_read (local.get $h1) (i32.const 128) (i32.const 16)
                                     (i32.const 200) (i32.const 4) (i32.const 12) (i32.const 16))
                 (i32.const -10))
    ;; a hostile pointer changes nothing
    (call $check (call $channel_read (local.get $h1) (i32.const 0xffffffff) (i32.const 2)
                                     (i32.const 200) (i32.const 4) (i32.const 12) (i32.const 16))
                 (i32.const -6))
    (call $exit (global.get $n))))
