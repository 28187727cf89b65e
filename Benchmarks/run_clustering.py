"""Runs the clustering benchmarks of Litmus and scikit-learn side by side and prints a Markdown table.

Usage (from the repository root):
    swift build -c release --product litmus-bench
    python3 Benchmarks/run_clustering.py [DATA_DIR]
Needs numpy and scikit-learn. Each measurement is a fresh process (so peak memory is its own); both
tools run in the same session, one after the other, and the ratio is what to compare.
"""
import json
import os
import subprocess
import sys

data = sys.argv[1] if len(sys.argv) > 1 else "/tmp/litmus-bench-data"
if not os.path.exists(f"{data}/features.npy"):
    os.makedirs(data, exist_ok=True)
    subprocess.run([sys.executable, "Benchmarks/make_features.py", data], check=True)

cases = [
    ("OPTICS min_samples=10", "optics", "emb2"),
    ("OPTICS min_samples=10", "optics", "emb30"),
    ("OPTICS min_samples=10", "optics", "features"),
    ("KMeans k=1..10, n_init=10", "kmeans", "emb2"),
    ("KMeans k=1..10, n_init=10", "kmeans", "emb30"),
    ("KMeans k=1..10, n_init=10", "kmeans", "features"),
    ("KMeans k=4, n_init=10", "kmeans4", "features"),
    ("ARI x100", "ari", "groups"),
]
names = {"emb2": "8000 × 2", "emb30": "8000 × 30", "features": "8000 × 512", "groups": "8000 labels"}
only = os.environ.get("ONLY")


def measure(command):
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1]
    return json.loads(out)


print("| task | data | Litmus s | scikit-learn s | speed-up | Litmus peak MB | scikit-learn peak MB | same result |")
print("| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |")
for title, task, name in cases:
    if only and only not in task:
        continue
    path = f"{data}/{name}.npy"
    extra = [path] if task == "ari" else []
    ours = measure([".build/release/litmus-bench", task, path] + extra)
    theirs = measure([sys.executable, "Benchmarks/clustering_sklearn.py", task, path] + extra)
    a, b = ours["result"], theirs["result"]
    if isinstance(a, list):
        same = all(abs(x - y) <= 1e-6 * abs(y) for x, y in zip(a, b))
    elif isinstance(a, float):
        same = abs(a - b) < 0.02  # different random relabelling on each side; both near the same value
    else:
        same = a == b
    print(f"| {title} | {names[name]} | {ours['seconds']:.2f} | {theirs['seconds']:.2f} | "
          f"{theirs['seconds'] / ours['seconds']:.1f}× | {ours['peak_mb']:.0f} | {theirs['peak_mb']:.0f} | {'yes' if same else 'no'} |",
          flush=True)
