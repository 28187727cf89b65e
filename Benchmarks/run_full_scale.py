"""The validation study at the seed's scale, cold, then after adding images to one source (issue 35).

Usage (from the repository root, after `swift build -c release --product litmus`):
    python3 Benchmarks/run_full_scale.py [f32|bf16] [--per-group N] [--seeds N] [--add N] [--only STEP]

The three sources are phantom folders made beforehand with `litmus phantoms` (most, synthetic, oai; 2.5 ×
per_group images each, KL 0-4 in turn, the demo's seed and size), in /tmp/litmus-full-scale/phantoms/ and
kept for later runs. `templates/validation.md` is rendered from an empty cache with `per_group` (default
2000: the seed's 4000 MOST + 4000 synthetic + 4000 OAI) and `stability_seeds` (default: the template's 10).
The real images are rendered from a copy of their folder; with `--add N` (default 20) the next N `most`
phantoms and the longer labels.csv are then added to it and the study is rendered again on the same cache:
only those images' features should be computed.

Prints, per render: the wall time, the peak memory (the render process's largest resident set), the wall
time by phase and the time outside the step timings (run.json), each directive's summed step time (steps
run concurrently, so shares are of work, not of wall time), and how many images' features were computed
(new `features.npy` entries in the cache). `--only f-real` computes only that step and what it needs.
"""
import collections
import json
import os
import shutil
import subprocess
import sys
import time


def argument(name, default):
    return sys.argv[sys.argv.index(name) + 1] if name in sys.argv else default


precision = sys.argv[1] if len(sys.argv) > 1 and not sys.argv[1].startswith("--") else "f32"
only = argument("--only", None)
per_group = int(argument("--per-group", 2000))
seeds = argument("--seeds", None)
added = int(argument("--add", 20))
count = per_group * 5 // 2
litmus = os.path.abspath(".build/release/litmus")
root = "/tmp/litmus-full-scale"
cache = os.path.join(root, "cache")
phantoms = os.path.join(root, "phantoms")


def make_phantoms(style, n):
    folder = os.path.join(phantoms, f"{style}-{n}")
    if not os.path.exists(os.path.join(folder, "labels.csv")):
        shutil.rmtree(folder, ignore_errors=True)
        subprocess.run([litmus, "phantoms", "--style", style, "--count", str(n), "--out", folder, "--seed", "0", "--size", "256"],
                       check=True, capture_output=True)
    return folder


def feature_entries():
    found = 0
    for _, _, files in os.walk(cache):
        found += "features.npy" in files
    return found


def render(name, real):
    out = os.path.join(root, f"{precision}-{name}")
    shutil.rmtree(out, ignore_errors=True)
    command = [litmus, "render", "templates/validation.md", "--cache", cache, "--out", out, "-q",
               "--param", f"real={real}", "--param", f"synthetic={sources['synthetic']}",
               "--param", f"reference={sources['oai']}", "--param", f"per_group={per_group}",
               "--param", f"precision={precision}"]
    if seeds:
        command += ["--param", f"stability_seeds={seeds}"]
    if only:
        command += ["--only", only]
    before = feature_entries()
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    stderr = child.stderr.read()
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    if status != 0:
        sys.exit(f"render failed:\n{stderr[-4000:]}")
    run = json.load(open(os.path.join(out, "run.json")))
    by_directive = collections.defaultdict(lambda: [0, 0.0])
    for step in run["steps"]:
        if not step["cached"]:
            by_directive[step["directive"]][0] += 1
            by_directive[step["directive"]][1] += step["seconds"]
    print(f"\n### {name}: wall {wall:.0f} s, peak memory {usage.ru_maxrss / 1024:.0f} MB, "
          f"features computed for {feature_entries() - before} images\n")
    print("| phase | seconds |\n| --- | ---: |")
    for phase in run["phases"]:
        print(f"| {phase['phase']} | {phase['seconds']:.1f} |")
    outside = run["seconds_outside_steps"]
    print(f"| outside the step timings | {outside:.1f} ({outside / run['seconds']:.1%} of {run['seconds']:.0f} s) |")
    print("\n| directive | steps computed | seconds |\n| --- | ---: | ---: |")
    for directive, (steps, seconds) in sorted(by_directive.items(), key=lambda kv: -kv[1][1]):
        print(f"| {directive} | {steps} | {seconds:.1f} |")


cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
print(f"CPU: {cpu}, {os.cpu_count()} cores; precision {precision}; per_group {per_group}, {count} phantoms per source; "
      f"stability seeds {seeds or 'the template’s'}{f'; only {only}' if only else ''}")
sources = {style: make_phantoms(style, count) for style in ["most", "synthetic", "oai"]}
# The real images in a folder of their own, which the second render finds grown.
real = os.path.join(root, "real")
shutil.rmtree(real, ignore_errors=True)
shutil.copytree(sources["most"], real)
shutil.rmtree(cache, ignore_errors=True)
render("cold", real)
if added:
    grown = make_phantoms("most", count + added)
    for name in set(os.listdir(grown)) - set(os.listdir(real)):
        shutil.copy(os.path.join(grown, name), real)
    shutil.copy(os.path.join(grown, "labels.csv"), real)
    render(f"after adding {added} images to the real source", real)
