"""Runs the UMAP benchmark of Litmus and umap-learn side by side and prints a Markdown table.

Usage (from the repository root):
    swift build -c release --product litmus-bench
    python3 Benchmarks/run_umap.py [DATA_DIR]
Needs numpy, scikit-learn and umap-learn. Both sides fit twice in one process and time the second fit
(umap-learn's numba has compiled by then); Litmus's first fit is shown too. Quality (trustworthiness k = 15, k-means ARI of the four known groups) is computed outside the timing.
"""
import json
import os
import subprocess
import sys

data = sys.argv[1] if len(sys.argv) > 1 else "/tmp/litmus-bench-data"
if not os.path.exists(f"{data}/features.npy"):
    os.makedirs(data, exist_ok=True)
    subprocess.run([sys.executable, "Benchmarks/make_features.py", data], check=True)


def measure(command):
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1]
    return json.loads(out)


print("| embedding | Litmus s (first fit) | umap-learn s | speed-up | Litmus peak MB | umap-learn peak MB | trustworthiness Litmus / umap-learn | k-means ARI Litmus / umap-learn |")
print("| --- | ---: | ---: | ---: | ---: | ---: | --- | --- |")
for task in ["umap2", "umap30"]:
    args = [f"{data}/features.npy", f"{data}/groups.npy"]
    ours = measure([".build/release/litmus-bench", task] + args)
    theirs = measure([sys.executable, "Benchmarks/umap_reference.py", task] + args)
    print(f"| 8000 × 512 → {2 if task == 'umap2' else 30}-D | {ours['seconds']:.2f} ({ours['first_seconds']:.2f}) | {theirs['seconds']:.2f} | "
          f"{theirs['seconds'] / ours['seconds']:.1f}× | {ours['peak_mb']:.0f} | {theirs['peak_mb']:.0f} | "
          f"{ours['result'][0]:.4f} / {theirs['result'][0]:.4f} | {ours['result'][1]:.4f} / {theirs['result'][1]:.4f} |", flush=True)
