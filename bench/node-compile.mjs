// Compile throughput of V8 on wasm modules, in process: times
// `new WebAssembly.Module(bytes)` (synchronous: decode, validate and
// compile every function) in a loop for at least SECONDS per file, and
// prints one JSON array with the median and best time per compile. Run it
// with --no-wasm-lazy-compilation (or every function would be compiled on
// first call, not here) and --no-wasm-native-module-cache-enabled (or the
// second compile of the same bytes would be a cache hit); with --expose-gc
// it collects the previous modules between compiles, outside the timing.
// Usage: node [V8 FLAGS] bench/node-compile.mjs SECONDS FILE.wasm...
import { readFileSync } from "node:fs";
import process from "node:process";

const [seconds, ...files] = process.argv.slice(2);
if (!(Number(seconds) > 0) || files.length === 0) {
    process.stderr.write("usage: node-compile.mjs SECONDS FILE.wasm...\n");
    process.exit(2);
}
const results = files.map((file) => {
    const bytes = readFileSync(file);
    const times = [];
    const start = performance.now();
    while (times.length < 3 || performance.now() - start < Number(seconds) * 1e3) {
        globalThis.gc?.();
        const t0 = performance.now();
        new WebAssembly.Module(bytes);
        times.push((performance.now() - t0) / 1e3);
    }
    times.sort((a, b) => a - b);
    return {
        file,
        bytes: bytes.length,
        iterations: times.length,
        median_s: times[Math.floor(times.length / 2)],
        best_s: times[0],
    };
});
process.stdout.write(JSON.stringify(results) + "\n");
