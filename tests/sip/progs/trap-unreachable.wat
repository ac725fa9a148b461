(module (func $boom (export "_start") (unreachable)))
