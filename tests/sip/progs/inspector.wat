;; Spawns programs and reads their state with process_info: an exited
;; one, a sleeping one (its memory figures) that it then kills, a trapped
;; one, and the documented errors. Exits with the number of checks that
;; held (23).
(module
  (import "rz" "process_spawn"
    (func $spawn (param i32 i32 i32 i32 i32 i32 i32) (result i32)))
  (import "rz" "process_info" (func $info (param i32 i32 i32) (result i32)))
  (import "rz" "process_kill" (func $kill (param i32) (result i32)))
  (import "rz" "wait_one" (func $wait (param i32 i32 i64 i32) (result i32)))
  (import "rz" "process_exit" (func $exit (param i32)))
  (memory 1)
  (data (i32.const 0) "bin/canary.wasm")
  (data (i32.const 16) "bin/sleeper.wasm")
  (data (i32.const 40) "bin/trap-oob.wasm")
  ;; 64: a child's handle; 68: observed signals; 128: an rz_process_info_t
  (global $n (mut i32) (i32.const 0))
  (func $check (param $ok i32) (global.set $n (i32.add (global.get $n) (local.get $ok))))
  (func $run (param $name i32) (param $len i32)
    (call $check (i32.eqz (call $spawn (local.get $name) (local.get $len) (i32.const 0)
                                       (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 64)))))
  (func $wait_end
    (call $check (i32.eqz (call $wait (i32.load (i32.const 64)) (i32.const 16) (i64.const -1)
                                      (i32.const 68)))))
  (func $read_info
    (call $check (i32.eqz (call $info (i32.load (i32.const 64)) (i32.const 128) (i32.const 32)))))
  (func (export "_start")
    ;; exited: state 2, status 0, no memory any more
    (call $run (i32.const 0) (i32.const 15))
    (call $wait_end)
    (call $read_info)
    (call $check (i32.eq (i32.load (i32.const 132)) (i32.const 2)))
    (call $check (i32.eqz (i32.load (i32.const 136))))
    (call $check (i64.eqz (i64.load (i32.const 144))))
    ;; running (asleep): state 1, one page of memory, the data segment's page committed
    (call $run (i32.const 16) (i32.const 16))
    (call $read_info)
    (call $check (i32.eq (i32.load (i32.const 132)) (i32.const 1)))
    (call $check (i64.eq (i64.load (i32.const 144)) (i64.const 65536)))
    (call $check (i64.eq (i64.load (i32.const 152)) (i64.const 4096)))
    (call $check (i32.eqz (call $kill (i32.load (i32.const 64)))))
    (call $wait_end)
    (call $read_info)
    (call $check (i32.eq (i32.load (i32.const 132)) (i32.const 4)))
    ;; trapped: state 3, RZ_TRAP_MEMORY_OUT_OF_BOUNDS (2)
    (call $run (i32.const 40) (i32.const 17))
    (call $wait_end)
    (call $read_info)
    (call $check (i32.eq (i32.load (i32.const 132)) (i32.const 3)))
    (call $check (i32.eq (i32.load (i32.const 140)) (i32.const 2)))
    ;; RZ_ERR_BUFFER_TOO_SMALL (-12), RZ_ERR_OUT_OF_BOUNDS (-6), RZ_ERR_BAD_HANDLE (-2)
    (call $check (i32.eq (call $info (i32.load (i32.const 64)) (i32.const 128) (i32.const 31))
                         (i32.const -12)))
    (call $check (i32.eq (call $info (i32.load (i32.const 64)) (i32.const 65520) (i32.const 32))
                         (i32.const -6)))
    (call $check (i32.eq (call $info (i32.const 0x7fffffff) (i32.const 128) (i32.const 32))
                         (i32.const -2)))
    (call $exit (global.get $n))))
