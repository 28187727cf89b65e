"""The validation study at the seed's scale: 12 000 phantom radiographs (2000 per group and source), as
the seed's 4000 MOST + 4000 synthetic + 4000 OAI images.

Usage (from the repository root, after `swift build -c release --product litmus`):
    python3 Benchmarks/run_full_scale.py [f32|bf16] [--only STEP]
Renders templates/validation.md with `per_group: 2000` (5000 phantoms generated per source, KL 0-4 in
turn) into /tmp/litmus-full-scale/<precision>/ from an empty cache folder; the phantoms are made once, in
.litmus/work/, and shared by later runs (the first run's `dataset` steps include making them). Prints the wall time, the peak memory of the render (the largest resident set of the
process), the features rate and each directive's share of the summed step times (steps run concurrently,
so the shares are of work, not of wall time). `--only f-real` computes only the real images' features
(4000 images), e.g. to measure bf16 features without a second whole render.
"""
import collections
import json
import os
import resource
import shutil
import subprocess
import sys
import time

precision = sys.argv[1] if len(sys.argv) > 1 and not sys.argv[1].startswith("--") else "f32"
only = sys.argv[sys.argv.index("--only") + 1] if "--only" in sys.argv else None
root = "/tmp/litmus-full-scale"
cache = os.path.join(root, "cache")
out = os.path.join(root, precision)
shutil.rmtree(out, ignore_errors=True)
shutil.rmtree(cache, ignore_errors=True)
command = [".build/release/litmus", "render", "templates/validation.md", "--cache", cache, "--out", out, "--verbose",
           "--param", "demo_count=5000", "--param", "per_group=2000", "--param", f"precision={precision}"]
if only:
    command += ["--only", only]
start = time.perf_counter()
result = subprocess.run(command, capture_output=True, text=True)
wall = time.perf_counter() - start
peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
if result.returncode != 0:
    sys.exit(f"render failed:\n{result.stderr[-4000:]}")

steps = []
for line in result.stderr.splitlines():
    # "computed features #f-real (123.45 s)"
    parts = line.split()
    if len(parts) >= 4 and parts[0] == "computed" and parts[2].startswith("#") and parts[-1] == "s)":
        steps.append((parts[1], parts[2][1:], float(parts[-2].lstrip("("))))
by_directive = collections.defaultdict(float)
for directive, _, seconds in steps:
    by_directive[directive] += seconds
total = sum(by_directive.values())
features = [s for d, _, s in steps if d == "features"]
images = {"f1": 8000, "f2": 8000, "f-real": 4000, "f-synthetic": 4000, "f-reference": 4000}.get(only, 12000)
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")

print(f"CPU: {cpu}, {os.cpu_count()} cores; precision {precision}{f'; only {only}' if only else ''}")
print(f"wall {wall:.0f} s, peak memory {peak_mb:.0f} MB")
if features:
    # The features steps start together and share the cores: the rate is the images over the longest.
    print(f"features: {images} images in {max(features):.0f} s = {images / max(features):.2f} images/s")
print("\n| directive | steps | seconds | share of step time |\n| --- | ---: | ---: | ---: |")
for directive, seconds in sorted(by_directive.items(), key=lambda kv: -kv[1]):
    count = sum(1 for d, _, _ in steps if d == directive)
    print(f"| {directive} | {count} | {seconds:.1f} | {seconds / total:.1%} |")
