// Runs one WASI preview1 command module under node, for the code-speed
// benchmark: the module's stdout and exit status are the command's.
// With --timing, also writes one JSON line to stderr: seconds spent
// compiling+instantiating and running, as seen inside the process.
// Usage: node [V8 FLAGS] bench/node-wasi.mjs [--timing] FILE.wasm [ARGS...]
import { readFileSync } from "node:fs";
import process from "node:process";
import { WASI } from "node:wasi";

const args = process.argv.slice(2);
const timing = args[0] === "--timing";
if (timing) {
    args.shift();
}
if (args.length < 1) {
    process.stderr.write("usage: node-wasi.mjs [--timing] FILE.wasm [ARGS...]\n");
    process.exit(2);
}
const wasi = new WASI({ version: "preview1", args, env: {}, returnOnExit: true });
const t0 = performance.now();
const module = new WebAssembly.Module(readFileSync(args[0]));
const instance = new WebAssembly.Instance(module, wasi.getImportObject());
const t1 = performance.now();
const status = wasi.start(instance);
const t2 = performance.now();
if (timing) {
    process.stderr.write(JSON.stringify({ compile_s: (t1 - t0) / 1e3, run_s: (t2 - t1) / 1e3 }) + "\n");
}
process.exit(status);
