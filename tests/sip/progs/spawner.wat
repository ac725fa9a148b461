;; Spawns bin/hello.wasm, waits for it to end through its handle, moves a
;; channel endpoint into a second child, and checks the spawn errors.
;; Exits with the number of checks that held (11).
(module
  (import "rz" "process_spawn"
    (func $spawn (param i32 i32 i32 i32 i32 i32 i32) (result i32)))
  (import "rz" "wait_one" (func $wait (param i32 i32 i64 i32) (result i32)))
  (import "rz" "process_kill" (func $kill (param i32) (result i32)))
  (import "rz" "handle_close" (func $close (param i32) (result i32)))
  (import "rz" "channel_create" (func $channel (param i32 i32) (result i32)))
  (import "rz" "process_exit" (func $exit (param i32)))
  (memory 1)
  (data (i32.const 0) "bin/hello.wasm")
  (data (i32.const 16) "bin/none.wasm")
  (data (i32.const 32) "bin/bad-import.wasm")
  ;; 64: a child's handle; 68: observed signals; 72: an invalid handle;
  ;; 80, 84: a channel's endpoints
  (data (i32.const 72) "\ff\ff\ff\7f")
  (func $count (param $got i32) (param $want i32) (param $n i32) (result i32)
    (i32.add (local.get $n) (i32.eq (local.get $got) (local.get $want))))
  (func (export "_start") (local $n i32)
    (local.set $n (call $count
      (call $spawn (i32.const 0) (i32.const 14) (i32.const 0) (i32.const 0)
                   (i32.const 0) (i32.const 0) (i32.const 64))
      (i32.const 0) (local.get $n)))
    ;; RZ_SIG_TERMINATED is bit 4
    (local.set $n (call $count
      (call $wait (i32.load (i32.const 64)) (i32.const 16) (i64.const -1) (i32.const 68))
      (i32.const 0) (local.get $n)))
    (local.set $n (call $count (i32.and (i32.load (i32.const 68)) (i32.const 16))
                               (i32.const 16) (local.get $n)))
    ;; killing an ended process is fine; then the handle is closed
    (local.set $n (call $count (call $kill (i32.load (i32.const 64))) (i32.const 0) (local.get $n)))
    (local.set $n (call $count (call $close (i32.load (i32.const 64))) (i32.const 0) (local.get $n)))
    ;; RZ_ERR_NOT_FOUND (-13), RZ_ERR_INVALID_ARGS (-5), RZ_ERR_BAD_HANDLE (-2)
    (local.set $n (call $count
      (call $spawn (i32.const 16) (i32.const 13) (i32.const 0) (i32.const 0)
                   (i32.const 0) (i32.const 0) (i32.const 64))
      (i32.const -13) (local.get $n)))
    (local.set $n (call $count
      (call $spawn (i32.const 32) (i32.const 19) (i32.const 0) (i32.const 0)
                   (i32.const 0) (i32.const 0) (i32.const 64))
      (i32.const -5) (local.get $n)))
    (local.set $n (call $count
      (call $spawn (i32.const 0) (i32.const 14) (i32.const 0) (i32.const 0)
                   (i32.const 72) (i32.const 1) (i32.const 64))
      (i32.const -2) (local.get $n)))
    ;; an endpoint moved into a child leaves our table
    (local.set $n (call $count (call $channel (i32.const 80) (i32.const 84))
                               (i32.const 0) (local.get $n)))
    (local.set $n (call $count
      (call $spawn (i32.const 0) (i32.const 14) (i32.const 0) (i32.const 0)
                   (i32.const 80) (i32.const 1) (i32.const 64))
      (i32.const 0) (local.get $n)))
    (local.set $n (call $count (call $close (i32.load (i32.const 80)))
                               (i32.const -2) (local.get $n)))
    (drop (call $wait (i32.load (i32.const 64)) (i32.const 16) (i64.const -1) (i32.const 68)))
    (call $exit (local.get $n))))
