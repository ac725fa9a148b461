;; Reference types and table instructions over funcref and externref tables.
(module
  (table $funcs 2 10 funcref)
  (table $hosts 1 externref)
  (elem $more funcref (ref.func $self))
  (func $self (result funcref) (ref.func $self))
  (func (export "grow") (param externref) (result i32)
    (drop (table.grow $hosts (local.get 0) (i32.const 2)))
    (table.set $hosts (i32.const 0) (ref.null extern))
    (table.fill $funcs (i32.const 0) (ref.func $self) (i32.const 2))
    (table.copy $funcs $funcs (i32.const 1) (i32.const 0) (i32.const 1))
    (table.init $funcs $more (i32.const 0) (i32.const 0) (i32.const 1))
    (i32.add (table.size $hosts)
      (ref.is_null (table.get $funcs (i32.const 1))))))
