"""Runs the UMAP benchmark of Litmus and umap-learn side by side and prints a Markdown table.

Usage (from the repository root):
    swift build -c release --product litmus-bench
    python3 Benchmarks/run_umap.py [DATA_DIR] [RUNS]
Needs numpy, scikit-learn and umap-learn. Both sides fit twice in one process and time the second fit
(umap-learn's numba has compiled by then); Litmus's first fit is shown too. Each task runs RUNS times
(default 3), Litmus and umap-learn alternating, and the table shows each side's fastest run and the
range: on a shared machine the fastest run is the least disturbed one, for both sides alike. Quality
(trustworthiness k = 15, k-means ARI of the four known groups) is computed outside the timing.
"""
import json
import os
import subprocess
import sys

data = sys.argv[1] if len(sys.argv) > 1 else "/tmp/litmus-bench-data"
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
if not os.path.exists(f"{data}/features.npy"):
    os.makedirs(data, exist_ok=True)
    subprocess.run([sys.executable, "Benchmarks/make_features.py", data], check=True)


def measure(command):
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1]
    return json.loads(out)


print("| embedding | Litmus s (range; first fit) | umap-learn s (range) | speed-up | Litmus peak MB | umap-learn peak MB | trustworthiness Litmus / umap-learn | k-means ARI Litmus / umap-learn |")
print("| --- | ---: | ---: | ---: | ---: | ---: | --- | --- |")
for task in ["umap2", "umap30"]:
    args = [f"{data}/features.npy", f"{data}/groups.npy"]
    ours, theirs = [], []
    for _ in range(runs):
        ours.append(measure([".build/release/litmus-bench", task] + args))
        theirs.append(measure([sys.executable, "Benchmarks/umap_reference.py", task] + args))
    best, reference = min(ours, key=lambda r: r["seconds"]), min(theirs, key=lambda r: r["seconds"])
    mine = [r["seconds"] for r in ours]
    other = [r["seconds"] for r in theirs]
    print(f"| 8000 × 512 → {2 if task == 'umap2' else 30}-D | {min(mine):.2f} ({min(mine):.2f}–{max(mine):.2f}; {min(r['first_seconds'] for r in ours):.2f}) | "
          f"{min(other):.2f} ({min(other):.2f}–{max(other):.2f}) | {min(other) / min(mine):.1f}× | "
          f"{max(r['peak_mb'] for r in ours):.0f} | {max(r['peak_mb'] for r in theirs):.0f} | "
          f"{best['result'][0]:.4f} / {reference['result'][0]:.4f} | {best['result'][1]:.4f} / {reference['result'][1]:.4f} |", flush=True)
