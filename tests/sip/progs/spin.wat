;; Never ends and never calls the kernel: killed from outside.
(module (func $spin (export "_start") (loop $forever (br $forever))))
