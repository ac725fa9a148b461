;; A syscall cost diagnostic: 2000 rounds of channel_write + channel_read
;; of 16 bytes on a channel the program holds both ends of. Exits with 0
;; when every call succeeded, otherwise with the failing round plus one.
(module
  (import "rz" "channel_create" (func $channel_create (param i32 i32) (result i32)))
  (import "rz" "channel_write" (func $channel_write (param i32 i32 i32 i32 i32) (result i32)))
  (import "rz" "channel_read"
    (func $channel_read (param i32 i32 i32 i32 i32 i32 i32) (result i32)))
  (import "rz" "process_exit" (func $exit (param i32)))
  (memory 1)
  (func (export "_start") (local $i i32) (local $a i32) (local $b i32)
    (if (call $channel_create (i32.const 0) (i32.const 4))
      (then (call $exit (i32.const -1))))
    (local.set $a (i32.load (i32.const 0)))
    (local.set $b (i32.load (i32.const 4)))
    (loop $round
      (if (i32.or
            (call $channel_write (local.get $a) (i32.const 64) (i32.const 16)
                                 (i32.const 0) (i32.const 0))
            (call $channel_read (local.get $b) (i32.const 128) (i32.const 16)
                                (i32.const 0) (i32.const 0) (i32.const 8) (i32.const 12)))
        (then (call $exit (i32.add (local.get $i) (i32.const 1)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $round (i32.lt_u (local.get $i) (i32.const 2000))))
    (call $exit (i32.const 0))))
