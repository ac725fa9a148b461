;; A driver without its manifest (kernel/mmio_test.c appends one per test):
;; maps VGA text memory (physical 0xb8000) and DMA buffers into its memory
;; with mmio_map/dma_map and does what its first argument byte says.
;;
;;   e  every refused mmio_map (and a dma_map without a DMA resource),
;;      then one mapping; exits 0, or 100 + the number of the check that failed
;;   w  maps 0xb8000+0x8000 at 0x10000, writes cells 0x780 and 0x781,
;;      exits with cell 0x782 (which the kernel wrote)
;;   x  maps 0xb8000+0x1000 at 0x10000, reads cell 0x782, stores to it (traps
;;      when the grant is read-only), exits with the cell read
;;   o  maps 0xb8000+0x8000 over the memory's last 32 KiB, reads its first
;;      cell, then the byte just past the memory (traps)
;;   a  maps 0xb8000+0x1000 at 0x10000 and exits with what process_args
;;      answers for a buffer in the window (read-only: OUT_OF_BOUNDS)
;;   f  maps 0xb8000+0x1000 at 0x10000 and memory.fills the window (traps
;;      when read-only)
;;   t  starts a second thread (which spins) and exits with what mmio_map
;;      of 0xb8000+0x1000 at 0x10000 answers (BAD_STATE when read-only)
;;   d  takes a DMA buffer of 0x2000 at 0x20000 (physical address at 0x100),
;;      fills it with a pattern, checks the refusals (100 + check), sets
;;      0x108 to 1 and spins until killed
(module
  (import "rz" "mmio_map" (func $mmio (param i64 i64 i32) (result i32)))
  (import "rz" "dma_map" (func $dma (param i64 i32 i32) (result i32)))
  (import "rz" "process_args" (func $args (param i32 i32 i32) (result i32)))
  (import "rz" "process_exit" (func $exit (param i32)))
  (import "rz" "thread_create" (func $thread (param i32 i32 i32 i32) (result i32)))
  (memory 4) ;; 0x40000 bytes
  (table 2 funcref)
  (elem (i32.const 1) $spinner)
  (global $sp (export "__stack_pointer") (mut i32) (i32.const 0x8000))

  (func $spinner (param i32)
    (loop $spin (br $spin)))

  ;; exits with 100 + check unless got == want
  (func $expect (param $check i32) (param $got i32) (param $want i32)
    (if (i32.ne (local.get $got) (local.get $want))
      (then (call $exit (i32.add (i32.const 100) (local.get $check))))))

  (func $refusals
    ;; RZ_ERR_INVALID_ARGS -5: misaligned phys, size, addr; empty
    (call $expect (i32.const 1) (call $mmio (i64.const 0xb8001) (i64.const 0x1000) (i32.const 0x10000)) (i32.const -5))
    (call $expect (i32.const 2) (call $mmio (i64.const 0xb8000) (i64.const 0x800) (i32.const 0x10000)) (i32.const -5))
    (call $expect (i32.const 3) (call $mmio (i64.const 0xb8000) (i64.const 0x1000) (i32.const 0x10800)) (i32.const -5))
    (call $expect (i32.const 4) (call $mmio (i64.const 0xb8000) (i64.const 0) (i32.const 0x10000)) (i32.const -5))
    ;; RZ_ERR_OUT_OF_BOUNDS -6: outside the memory, across its end, huge
    (call $expect (i32.const 5) (call $mmio (i64.const 0xb8000) (i64.const 0x1000) (i32.const 0x40000)) (i32.const -6))
    (call $expect (i32.const 6) (call $mmio (i64.const 0xb8000) (i64.const 0x8000) (i32.const 0x3c000)) (i32.const -6))
    (call $expect (i32.const 7) (call $mmio (i64.const 0xb8000) (i64.const 0xfffffffffffff000) (i32.const 0)) (i32.const -6))
    ;; RZ_ERR_ACCESS_DENIED -4: not granted, partly granted, wrapping
    (call $expect (i32.const 8) (call $mmio (i64.const 0xa0000) (i64.const 0x1000) (i32.const 0x10000)) (i32.const -4))
    (call $expect (i32.const 9) (call $mmio (i64.const 0xbf000) (i64.const 0x2000) (i32.const 0x10000)) (i32.const -4))
    (call $expect (i32.const 10) (call $mmio (i64.const 0xfffffffffffff000) (i64.const 0x2000) (i32.const 0x10000)) (i32.const -4))
    ;; no DMA resource in this manifest
    (call $expect (i32.const 11) (call $dma (i64.const 0x1000) (i32.const 0x20000) (i32.const 0x100)) (i32.const -4))
    ;; a mapping, then RZ_ERR_BAD_STATE -14 over it
    (call $expect (i32.const 12) (call $mmio (i64.const 0xb8000) (i64.const 0x8000) (i32.const 0x10000)) (i32.const 0))
    (call $expect (i32.const 13) (call $mmio (i64.const 0xb8000) (i64.const 0x1000) (i32.const 0x17000)) (i32.const -14))
    (call $exit (i32.const 0)))

  (func $dma_buffer
    (local $i i32)
    (call $expect (i32.const 1) (call $dma (i64.const 0x2000) (i32.const 0x20000) (i32.const 0x100)) (i32.const 0))
    (loop $fill
      (i32.store (i32.add (i32.const 0x20000) (local.get $i))
                 (i32.xor (i32.const 0xd0a0b0c0) (local.get $i)))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br_if $fill (i32.lt_u (local.get $i) (i32.const 0x2000))))
    ;; overlapping the buffer (another record is free): BAD_STATE
    (call $expect (i32.const 2) (call $dma (i64.const 0x1000) (i32.const 0x21000) (i32.const 0x100)) (i32.const -14))
    (call $expect (i32.const 3) (call $mmio (i64.const 0xb8000) (i64.const 0x1000) (i32.const 0x20000)) (i32.const -14))
    ;; no unused record of 0x2000 bytes left: ACCESS_DENIED
    (call $expect (i32.const 4) (call $dma (i64.const 0x2000) (i32.const 0x30000) (i32.const 0x100)) (i32.const -4))
    ;; misaligned; physical-address slot outside the memory
    (call $expect (i32.const 5) (call $dma (i64.const 0x1000) (i32.const 0x30800) (i32.const 0x100)) (i32.const -5))
    (call $expect (i32.const 6) (call $dma (i64.const 0x1000) (i32.const 0x30000) (i32.const 0x3fffc)) (i32.const -6))
    (i32.store (i32.const 0x108) (i32.const 1))
    (loop $spin (br $spin)))

  (func (export "_start")
    (local $mode i32)
    (local $cell i32)
    (drop (call $args (i32.const 0x200) (i32.const 16) (i32.const 0x210)))
    (local.set $mode (i32.load8_u (i32.const 0x200)))
    (if (i32.eq (local.get $mode) (i32.const 0x65)) (then (call $refusals)))       ;; e
    (if (i32.eq (local.get $mode) (i32.const 0x64)) (then (call $dma_buffer)))     ;; d
    (if (i32.eq (local.get $mode) (i32.const 0x74)) (then                          ;; t
      (call $expect (i32.const 1) (call $thread (i32.const 1) (i32.const 0) (i32.const 0xc000) (i32.const 0x220)) (i32.const 0))
      (call $exit (call $mmio (i64.const 0xb8000) (i64.const 0x1000) (i32.const 0x10000)))))
    (if (i32.eq (local.get $mode) (i32.const 0x6f)) (then                          ;; o
      (call $expect (i32.const 1) (call $mmio (i64.const 0xb8000) (i64.const 0x8000) (i32.const 0x38000)) (i32.const 0))
      (drop (i32.load16_u (i32.const 0x38000)))
      (drop (i32.load8_u (i32.const 0x40000)))
      (call $exit (i32.const 0))))
    ;; the rest map VGA text memory at 0x10000
    (call $expect (i32.const 1)
      (call $mmio (i64.const 0xb8000)
                  (select (i64.const 0x8000) (i64.const 0x1000) (i32.eq (local.get $mode) (i32.const 0x77)))
                  (i32.const 0x10000))
      (i32.const 0))
    (if (i32.eq (local.get $mode) (i32.const 0x61)) (then                          ;; a
      (call $exit (call $args (i32.const 0x10000) (i32.const 16) (i32.const 0x210)))))
    (if (i32.eq (local.get $mode) (i32.const 0x66)) (then                          ;; f
      (memory.fill (i32.const 0x10000) (i32.const 0) (i32.const 16))
      (call $exit (i32.const 0))))
    (local.set $cell (i32.load16_u (i32.const 0x10f04)))
    (if (i32.eq (local.get $mode) (i32.const 0x77)) (then                          ;; w
      (i32.store16 (i32.const 0x10f00) (i32.const 0x1f52))
      (i32.store16 (i32.const 0x10f02) (i32.const 0x1f5a))))
    (if (i32.eq (local.get $mode) (i32.const 0x78)) (then                          ;; x
      (i32.store16 (i32.const 0x10f04) (i32.const 0))))
    (call $exit (local.get $cell))))
