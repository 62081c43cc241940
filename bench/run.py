#!/usr/bin/env python3
"""Benchmarks of vergelijk at 16, 342, 1,000 and 10,000 municipalities.

Usage: python3 bench/run.py [--runs 5] [--sizes 16,342,1000,10000] [--work DIR]

Builds the release binary and the synthetic content generator, writes
synthetic content (seed 1) for each size, and measures, as the median of
--runs runs:
  - a full clean build without and with the search index, to tmpfs
    (/dev/shm when present: disk writes here are noisy, CPU work is not),
  - `check` at each size,
  - `cp -r` of the site's own output (the floor for writing that many files),
  - peak memory of a full build (/usr/bin/time -v, when installed),
  - output size, file count and the home page's weight (raw and gzip).
Uses hyperfine when it is installed, else times the runs itself. Prints a
Markdown report for BENCHMARKS.md. Nothing here is a test: CI does not run it.
"""

import argparse
import gzip
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(REPO, "target", "release", "vergelijk")
SYNTH = os.path.join(REPO, "target", "release", "examples", "synth")


def sh(args, **kw):
    return subprocess.run(args, check=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)


def median_seconds(cmd, runs, prepare=None):
    """Median wall time of `cmd` (a list) over `runs` runs."""
    if shutil.which("hyperfine"):
        with tempfile.NamedTemporaryFile(suffix=".json") as out:
            args = ["hyperfine", "--style", "none", "--runs", str(runs), "--export-json", out.name]
            if prepare:
                args += ["--prepare", prepare]
            args.append(" ".join(map(shlex_quote, cmd)))
            sh(args)
            data = json.load(open(out.name))
            return statistics.median(data["results"][0]["times"])
    times = []
    for _ in range(runs):
        if prepare:
            subprocess.run(prepare, shell=True, check=True)
        start = time.perf_counter()
        sh(cmd)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def shlex_quote(s):
    import shlex
    return shlex.quote(s)


def peak_rss_mb(cmd):
    if not os.path.exists("/usr/bin/time"):
        return None
    p = subprocess.run(["/usr/bin/time", "-v"] + cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    for line in p.stderr.splitlines():
        if "Maximum resident set size" in line:
            return int(line.split(":")[1]) / 1024
    return None


def tree_size(path):
    total, count = 0, 0
    for root, _, files in os.walk(path):
        for f in files:
            total += os.path.getsize(os.path.join(root, f))
            count += 1
    return total, count


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--sizes", default="16,342,1000,10000")
    ap.add_argument("--work", default="/dev/shm/vergelijk-bench" if os.path.isdir("/dev/shm") else None)
    args = ap.parse_args()
    work = args.work or tempfile.mkdtemp(prefix="vergelijk-bench-")
    os.makedirs(work, exist_ok=True)
    sizes = [int(s) for s in args.sizes.split(",")]

    subprocess.run(["cargo", "build", "--release", "--quiet", "--bin", "vergelijk", "--example", "synth"], cwd=REPO, check=True)
    commit = sh(["git", "rev-parse", "--short", "HEAD"], cwd=REPO).stdout.strip()
    print(f"Machine: {platform.machine()}, {os.cpu_count()} cores, {platform.platform()}")
    print(f"Date: {time.strftime('%Y-%m-%d')}, commit {commit}, runs per cell: {args.runs}, output on {work}")
    print()
    print("| municipalities | build, no search | cp -r of that output | build, with search | check | peak memory, no search | peak memory, with search | output (with search) | files | home page (gzip) |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for n in sizes:
        content = os.path.join(REPO, "content") if n == 16 else os.path.join(work, f"content-{n}")
        if n != 16 and not os.path.isdir(os.path.join(content, "municipalities")):
            sh([SYNTH, "--count", str(n), "--seed", "1", content], cwd=REPO)
        out = os.path.join(work, f"public-{n}")
        base = [BIN, "--quiet", "build", "--content", content, "--output", out]
        # Clean builds: the previous output is removed before each run.
        clean = f"rm -rf {out}"
        plain = median_seconds(base + ["--no-search"], args.runs, prepare=clean)
        copy_to = os.path.join(work, f"copy-{n}")
        cp = median_seconds(["cp", "-r", out, copy_to], args.runs, prepare=f"rm -rf {copy_to}")
        shutil.rmtree(copy_to, ignore_errors=True)
        shutil.rmtree(out, ignore_errors=True)
        rss_plain = peak_rss_mb(base + ["--no-search"])
        full = median_seconds(base, args.runs, prepare=clean)
        check = median_seconds([BIN, "--quiet", "check", "--content", content], args.runs)
        shutil.rmtree(out, ignore_errors=True)
        rss = peak_rss_mb(base)
        size, count = tree_size(out)
        home = open(os.path.join(out, "index.html"), "rb").read()
        home_gz = len(gzip.compress(home, 9))
        mb = lambda v: f"{v:.0f} MB" if v else "n/a"
        print(f"| {n:,} | {plain:.3f} s | {cp:.3f} s | {full:.3f} s | {check:.3f} s | {mb(rss_plain)} | {mb(rss)} | {size / 1e6:.1f} MB | {count:,} | {len(home) / 1024:.0f} KB ({home_gz / 1024:.1f} KB) |")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
