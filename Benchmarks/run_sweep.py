"""The agreement sweep against one umap-learn fit: issue 35's "dims 2-30 on two 8000 x 512 experiments in
at most 8 umap-learn 2-D fits".

Usage (from the repository root):
    swift build -c release --product litmus
    python3 Benchmarks/run_sweep.py [DATA_DIR] [RUNS]
Needs numpy, scikit-learn and umap-learn. The experiments: the benchmark features (make_features.py) as
`a`, and as `b` the same 4000 first rows with the other 4000 drawn again (ids are row numbers, as a `load`
gives them). A template with the two `load`s and `agreement_sweep` (dims 2..30, min_samples 10, the seed
study's settings) is rendered from an empty cache RUNS times (default 1); the sweep's seconds come from the
report's run.json, the peak memory from the render process. umap-learn's time is its second 2-D fit of `a`
(umap_reference.py), measured in the same run. The table shows each run.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

import numpy as np

data = sys.argv[1] if len(sys.argv) > 1 else "/tmp/litmus-bench-data"
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 1
if not os.path.exists(f"{data}/features.npy"):
    os.makedirs(data, exist_ok=True)
    subprocess.run([sys.executable, "Benchmarks/make_features.py", data], check=True)
litmus = os.path.abspath(".build/release/litmus")

TEMPLATE = """```{load #a}
path: a.npy
```

```{load #b}
path: b.npy
```

```{agreement_sweep #sweep}
a: a
b: b
dims: "2..30"
min_samples: 10
```
"""


def experiments(folder):
    a = np.load(f"{data}/features.npy")
    rng = np.random.RandomState(35)
    b = a.copy()
    # The second half: other rows of the same distribution (a shuffled, noisier copy).
    other = a[rng.permutation(len(a))[: len(a) // 2]]
    b[len(a) // 2 :] = np.maximum(other + rng.normal(0, 0.3, size=other.shape).astype(np.float32), 0)
    np.save(f"{folder}/a.npy", a)
    np.save(f"{folder}/b.npy", b)
    with open(f"{folder}/t.md", "w") as f:
        f.write(TEMPLATE)


def sweep_run():
    folder = tempfile.mkdtemp(prefix="litmus-sweep-")
    try:
        experiments(folder)
        start = time.perf_counter()
        process = subprocess.Popen([litmus, "render", "t.md", "--cache", f"{folder}/cache", "-q"], cwd=folder)
        # This child's own peak (the umap-learn runs are children too).
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        if status != 0:
            sys.exit(f"litmus render failed ({status})")
        run = json.load(open(f"{folder}/reports/t/run.json"))
        sweep = next(s["seconds"] for s in run["steps"] if s["id"] == "sweep")
        peak = usage.ru_maxrss / 1024
        return sweep, wall, peak
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def umap_learn():
    out = subprocess.run(
        [sys.executable, "Benchmarks/umap_reference.py", "umap2", f"{data}/features.npy", f"{data}/groups.npy"],
        check=True, capture_output=True, text=True,
    ).stdout.strip().splitlines()[-1]
    return json.loads(out)["seconds"]


print("| run | Litmus sweep s (render wall s) | umap-learn 2-D fit s | sweep / fit | Litmus peak MB |")
print("| --- | ---: | ---: | ---: | ---: |")
for run in range(runs):
    sweep, wall, peak = sweep_run()
    fit = umap_learn()
    print(f"| {run + 1} | {sweep:.1f} ({wall:.1f}) | {fit:.2f} | {sweep / fit:.1f}× | {peak:.0f} |", flush=True)
