"""What the benchmark scripts share: timing a process, reading cycles from
perf when the machine has them, finding out what `rz` implements, sizing a
module's code, and merging one section into OUT/results.json."""
import json
import os
import re
import resource
import statistics
import subprocess
import tempfile
import time

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
# The rz under test: build/rz, or another build named by env RZ.
RZ = os.environ.get("RZ") or os.path.join(ROOT, "build", "rz")
NODE_WASI = os.path.join(ROOT, "bench", "node-wasi.mjs")

# V8's two wasm compilers, each alone: Liftoff (baseline, one pass) with
# tier-up off, and TurboFan (optimizing) with Liftoff off.
NODE_MODES = {
    "liftoff": ["--liftoff", "--no-wasm-tier-up"],
    "turbofan": ["--no-liftoff"],
}


def perf_cycles_status():
    """(True, None) when `perf stat -e cycles` counts here, else (False, why)."""
    try:
        r = subprocess.run(["perf", "stat", "-x,", "-e", "cycles", "true"],
                           capture_output=True, text=True)
    except FileNotFoundError:
        return False, "perf is not installed"
    value = r.stderr.strip().splitlines()[-1].split(",")[0] if r.stderr.strip() else ""
    if r.returncode == 0 and value.isdigit():
        return True, None
    return False, "perf stat -e cycles reports %r (no hardware counters here)" % (value or r.stderr)


class Run:
    """One finished process: wall and CPU seconds, cycles or None, output."""

    def __init__(self, wall, cpu, cycles, status, stdout, stderr):
        self.wall, self.cpu, self.cycles = wall, cpu, cycles
        self.status, self.stdout, self.stderr = status, stdout, stderr


def run_process(argv, cycles=False):
    """Runs argv to completion; CPU time is its children's user+system time.
    With cycles, runs it under `perf stat -e cycles` and reads the count."""
    perf_out = None
    if cycles:
        fd, perf_out = tempfile.mkstemp(prefix="bench-perf-")
        os.close(fd)
        argv = ["perf", "stat", "-x,", "-e", "cycles", "-o", perf_out, "--"] + argv
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.monotonic()
    p = subprocess.run(argv, capture_output=True, text=True)
    wall = time.monotonic() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    count = None
    if perf_out is not None:
        with open(perf_out) as f:
            for line in f:
                fields = line.split(",")
                if len(fields) > 2 and fields[2].startswith("cycles") and fields[0].isdigit():
                    count = int(fields[0])
        os.unlink(perf_out)
    return Run(wall, cpu, count, p.returncode, p.stdout, p.stderr)


def expected_outputs():
    """Workload name -> the line it prints, from bench/workloads/expected."""
    lines = {}
    with open(os.path.join(ROOT, "bench", "workloads", "expected")) as f:
        for line in f:
            if line.strip() and not line.startswith("#"):
                lines[line.split(":", 1)[0]] = line.rstrip("\n")
    return lines


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def rz_commands():
    """The subcommands the built `rz` lists in its usage, or an empty set."""
    if not os.access(RZ, os.X_OK):
        return set()
    usage = subprocess.run([RZ], capture_output=True, text=True)
    return set(re.findall(r"^\s*rz (\S+)", usage.stdout + usage.stderr, re.M))


def _leb128(data, at):
    value, shift = 0, 0
    while True:
        byte = data[at]
        at += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, at


def wasm_code_bytes(path):
    """Size of a module's code section (id 10): the bytes a compiler
    translates, without names, data or debug sections."""
    with open(path, "rb") as f:
        data = f.read()
    at = 8
    while at < len(data):
        section_id = data[at]
        size, at = _leb128(data, at + 1)
        if section_id == 10:
            return size
        at += size
    return 0


def merge_section(out, name, section):
    """Replaces section `name` of OUT/results.json, keeping the others."""
    path = os.path.join(out, "results.json")
    doc = {}
    if os.path.exists(path):
        with open(path) as f:
            doc = json.load(f)
    doc[name] = section
    with open(path + ".tmp", "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    os.replace(path + ".tmp", path)
    return path


def git_commit():
    return subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"],
                          capture_output=True, text=True).stdout.strip()
