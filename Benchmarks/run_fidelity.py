"""Runs the `fidelity` directive's computation in Litmus beside the Python references and prints Markdown tables.

Usage (from the repository root):
    swift build -c release --product litmus-bench
    python3 Benchmarks/run_fidelity.py [DATA_DIR] [--n 4000] [--d 512] [--repeats 2]
Needs numpy, scipy, scikit-learn and prdc (threadpoolctl, if installed, names numpy's BLAS kernel). This
script only measures: Litmus never depends on Python.

DATA_DIR (default /tmp/litmus-fidelity-data) holds real.npy and generated.npy, float32, n × d; when missing
they are made here, seeded: CNN-like non-negative features, max(centre + noise, 0) around 16 shared sparse
centres, the generated set's centres slightly shifted (so no metric sits at its floor or ceiling).

Each measurement is a fresh process, so its peak memory is its own:
- Litmus: `litmus-bench fidelity REAL GEN 0` and `... 200`. Its "seconds" is the whole directive's computation
  (every metric, 1000 permutations for the 1-NN p-value, and the intervals when resamples > 0); its "parts"
  time each metric alone in the same process, after the total.
- References, one process each, on the float64 upcast of the same arrays (made before the clock starts),
  timed around the computation only: FD (numpy mean and np.cov, scipy.linalg.sqrtm of Σ₁Σ₂, real part:
  clean-fid's path), KD (torch-fidelity's algorithm written in numpy: 100 subsets of 1000 from
  RandomState(2020), polynomial kernel (x·y/d + 1)³, unbiased MMD²), prdc.compute_prdc(k = 5), 1-NN accuracy
  (scikit-learn KNeighborsClassifier, leave-one-out through kneighbors() without X) and Vendi (dgm-eval's
  definition: unit rows, eigvalsh of XXᵀ/n; of the generated set, as Litmus reports it).
OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE, when set, slow a current numpy: they are unset (both) in the reference
processes only, and the kernel numpy then runs is printed. Litmus runs with the environment as it is.
Each measurement runs --repeats times, the tools alternating; the tables show each one's fastest run (the
least disturbed on a shared machine) and its largest peak memory.
"""
import argparse
import json
import os
import resource
import subprocess
import sys
import time

BENCH = ".build/release/litmus-bench"
BLAS_VARIABLES = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")
REFERENCES = ["fd", "kd", "prdc", "nn", "vendi"]


# ---------------------------------------------------------------------------------------------------------
# One reference measurement (run as `run_fidelity.py --reference TOOL REAL GEN`), printed as one JSON line.

def blas_kernel():
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return "unknown (pip install threadpoolctl)"
    info = [i for i in threadpool_info() if i.get("user_api") == "blas"]
    return "; ".join(f"{i.get('internal_api')} {i.get('version')} {i.get('architecture')}, "
                     f"{i.get('num_threads')} threads" for i in info) or "none found"


def kernel_distance(x, y, subsets=100, subset_size=1000, seed=2020):
    """torch-fidelity's KID: mean and np.std of the unbiased MMD² over random subsets (its mmd2, 'unbiased')."""
    import numpy as np
    m = min(len(x), len(y), subset_size)
    d = x.shape[1]
    rng = np.random.RandomState(seed)
    estimates = np.zeros(subsets)
    for s in range(subsets):
        a = x[rng.choice(len(x), m, replace=False)]
        b = y[rng.choice(len(y), m, replace=False)]
        k_aa = (a @ a.T / d + 1) ** 3
        k_bb = (b @ b.T / d + 1) ** 3
        k_ab = (a @ b.T / d + 1) ** 3
        within = (k_aa.sum() - np.trace(k_aa) + k_bb.sum() - np.trace(k_bb)) / (m * (m - 1))
        estimates[s] = within - 2 * k_ab.sum() / (m * m)  # the cross term keeps its diagonal
    return float(estimates.mean()), float(np.std(estimates))


def reference(tool, real_path, generated_path):
    import numpy as np
    real = np.load(real_path).astype(np.float64)
    generated = np.load(generated_path).astype(np.float64)
    if tool == "fd":
        import scipy.linalg
    elif tool == "prdc":
        import prdc
    elif tool == "nn":
        from sklearn.neighbors import KNeighborsClassifier
    start = time.perf_counter()
    if tool == "fd":
        mu1, mu2 = real.mean(axis=0), generated.mean(axis=0)
        s1, s2 = np.cov(real, rowvar=False), np.cov(generated, rowvar=False)
        covmean = scipy.linalg.sqrtm(s1 @ s2)
        if np.iscomplexobj(covmean):
            covmean = covmean.real
        diff = mu1 - mu2
        result = {"fd": float(diff @ diff + np.trace(s1) + np.trace(s2) - 2 * np.trace(covmean))}
    elif tool == "kd":
        kd, kd_std = kernel_distance(real, generated)
        result = {"kd": kd, "kd_std": kd_std}
    elif tool == "prdc":
        result = {k: float(v) for k, v in prdc.compute_prdc(real_features=real, fake_features=generated, nearest_k=5).items()}
    elif tool == "nn":
        x = np.concatenate([real, generated])
        y = np.concatenate([np.zeros(len(real), dtype=int), np.ones(len(generated), dtype=int)])
        classifier = KNeighborsClassifier(n_neighbors=1).fit(x, y)
        ind = classifier.kneighbors(return_distance=False)  # X omitted: no point is its own neighbour
        result = {"nn_accuracy": float(np.mean(y[ind[:, 0]] == y))}
    elif tool == "vendi":
        norms = np.linalg.norm(generated, axis=1, keepdims=True)
        unit = generated / np.where(norms > 0, norms, 1)
        eigenvalues = np.linalg.eigvalsh(unit @ unit.T / len(unit))
        eigenvalues = eigenvalues[eigenvalues > 0]
        result = {"vendi": float(np.exp(-np.sum(eigenvalues * np.log(eigenvalues))))}
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "peak_mb": peak_mb, "result": result, "blas": blas_kernel()}))


if len(sys.argv) > 1 and sys.argv[1] == "--reference":
    reference(*sys.argv[2:5])
    sys.exit(0)


# ---------------------------------------------------------------------------------------------------------
# The driver.

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("data", nargs="?", default="/tmp/litmus-fidelity-data")
parser.add_argument("--n", type=int, default=4000, help="items in each set (default 4000)")
parser.add_argument("--d", type=int, default=512, help="features per item (default 512)")
parser.add_argument("--repeats", type=int, default=2, help="runs of each measurement; the fastest is shown (default 2)")
args = parser.parse_args()

import numpy as np  # noqa: E402

real_path, generated_path = f"{args.data}/real.npy", f"{args.data}/generated.npy"
if not (os.path.exists(real_path) and os.path.exists(generated_path)):
    os.makedirs(args.data, exist_ok=True)
    rng = np.random.default_rng(2024)
    centres = rng.gamma(1.0, 1.0, (16, args.d)) * (rng.random((16, args.d)) < 0.5)  # sparse, non-negative
    shift = 0.1 * rng.standard_normal((16, args.d))  # at 4000 × 512: precision and recall near 0.6

    def features(centre_set, noise):
        labels = rng.integers(0, 16, args.n)
        return np.maximum(centre_set[labels] + noise * rng.standard_normal((args.n, args.d)), 0).astype(np.float32)

    np.save(real_path, features(centres, 0.5))
    np.save(generated_path, features(centres + shift, 0.5))
shapes = [np.load(p, mmap_mode="r").shape for p in (real_path, generated_path)]

if not os.path.exists(BENCH):
    if subprocess.run(["pgrep", "-f", "swift-(build|test|frontend)"], capture_output=True).returncode == 0:
        sys.exit(f"{BENCH} is missing and a swift build is running: wait for it, then run this again")
    print(f"{BENCH} is missing: building it (swift build -c release --product litmus-bench)", file=sys.stderr)
    if subprocess.run(["swift", "build", "-c", "release", "--product", "litmus-bench"]).returncode != 0:
        sys.exit(f"could not build {BENCH}: run `swift build -c release --product litmus-bench` and try again")

blas_environment = {v: os.environ.get(v) for v in BLAS_VARIABLES}
reference_environment = {k: v for k, v in os.environ.items() if k not in BLAS_VARIABLES}


def measure(command, env=None):
    run = subprocess.run(command, capture_output=True, text=True, env=env)
    if run.returncode != 0:
        sys.exit(f"{' '.join(command)} failed ({run.returncode}):\n{run.stderr[-3000:]}")
    return json.loads(run.stdout.strip().splitlines()[-1])


def binary_version():
    status = os.stat(BENCH)
    return status.st_mtime_ns, status.st_size


binary_versions = set()


def litmus(resamples):
    binary_versions.add(binary_version())  # a rebuild during the run would mix two versions of Litmus
    return measure([BENCH, "fidelity", real_path, generated_path, str(resamples)])


def python_reference(tool):
    return measure([sys.executable, os.path.abspath(__file__), "--reference", tool, real_path, generated_path],
                   env=reference_environment)


def others_busy():
    """Whether a Swift build or test run is running beside this measurement (it shares the cores)."""
    return subprocess.run(["pgrep", "-f", "swift-(build|test|frontend)"], capture_output=True).returncode == 0


busy = set()
runs = {name: [] for name in ["litmus0", "litmus200"] + REFERENCES}
for repeat in range(args.repeats):
    for name in runs:
        print(f"repeat {repeat + 1}/{args.repeats}: {name}", file=sys.stderr, flush=True)
        before = others_busy()
        runs[name].append(litmus(int(name[6:])) if name.startswith("litmus") else python_reference(name))
        if before or others_busy():
            busy.add(f"{name} #{repeat + 1}")

binary_versions.add(binary_version())
try:
    litmus_kernel = measure([BENCH, "sgemm", "1"])["result"]["kernel"]
except SystemExit:
    litmus_kernel = "unknown"


def best(name):
    return min(r["seconds"] for r in runs[name])


def peak(name):
    return max(r["peak_mb"] for r in runs[name])


def spread(name):
    seconds = [r["seconds"] for r in runs[name]]
    return f"{min(seconds):.2f} ({min(seconds):.2f}–{max(seconds):.2f})" if len(seconds) > 1 else f"{seconds[0]:.2f}"


def best_part(part):
    return min(r["result"]["parts"][part] for r in runs["litmus0"] + runs["litmus200"])


# ---------------------------------------------------------------------------------------------------------
# The report.

import scipy  # noqa: E402
import sklearn  # noqa: E402
from importlib.metadata import version  # noqa: E402

cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
cpu_fields = {l.split(":", 1)[0].strip(): l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if ":" in l}
if "family" not in cpu.lower() and "cpu family" in cpu_fields:
    cpu += f" (family {cpu_fields['cpu family']}, model {cpu_fields.get('model', '?')})"
print(f"CPU: {cpu}, {os.cpu_count()} cores")
print(f"numpy {np.__version__}, scipy {scipy.__version__}, scikit-learn {sklearn.__version__}, prdc {version('prdc')}")
print("environment: " + ", ".join(f"{k}={v if v is not None else 'unset'}" for k, v in blas_environment.items())
      + ("; unset in the reference processes" if any(v is not None for v in blas_environment.values()) else ""))
print(f"numpy's BLAS in the reference processes: {runs['fd'][0]['blas']}")
print(f"Litmus's OpenBLAS kernel: {litmus_kernel}")
print(f"data: real {shapes[0][0]} × {shapes[0][1]}, generated {shapes[1][0]} × {shapes[1][1]} (float32 files; "
      f"the references upcast to float64 before timing) in {args.data}")
built = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(max(binary_versions)[0] / 1e9))
print(f"{BENCH}: built {built}" + ("" if len(binary_versions) == 1 else
      f"; **rebuilt during this run ({len(binary_versions)} versions): its rows mix versions, run again**"))
if busy:
    spoiled = [name for name, measured in runs.items() if all(f"{name} #{i + 1}" in busy for i in range(len(measured)))]
    print(f"a swift build or test run was running during {len(busy)} of the {sum(map(len, runs.values()))} measurements "
          f"({', '.join(sorted(busy))}): their times are disturbed; "
          + (f"**no undisturbed run of {', '.join(spoiled)}: run again on a quiet machine**" if spoiled
             else "every measurement had at least one undisturbed run"))
print(f"each measurement run {args.repeats}× (tools alternating); fastest run shown, largest peak memory\n")

references_sum = sum(best(t) for t in ["fd", "kd", "prdc", "nn"])
references_peak = max(peak(t) for t in ["fd", "kd", "prdc", "nn"])
def ratio(theirs, ours):
    value = theirs / ours if ours > 0 else float("inf")
    return f"{value:.2f}×" if value < 10 else f"{value:.0f}×"


rows = [
    ("FD", "numpy + scipy sqrtm", best("fd"), "Litmus part `fd`", best_part("fd"), peak("fd"), None),
    ("KD (100 subsets of 1000)", "numpy (torch-fidelity's algorithm)", best("kd"), "Litmus part `kd`", best_part("kd"), peak("kd"), None),
    ("PRDC + 1-NN", "prdc + scikit-learn", best("prdc") + best("nn"), "Litmus part `prdc_and_1nn`",
     best_part("prdc_and_1nn"), max(peak("prdc"), peak("nn")), None),
    ("Vendi (not in the sum)", "numpy eigvalsh of XXᵀ/n", best("vendi"), "Litmus part `vendi`", best_part("vendi"), peak("vendi"), None),
    ("sum of the references (FD + KD + PRDC + 1-NN)", "", references_sum, "Litmus `fidelity`, resamples 0",
     best("litmus0"), references_peak, peak("litmus0")),
]
print("| metric | reference | reference s | Litmus | Litmus s | speed-up | reference peak MB | Litmus peak MB |")
print("| --- | --- | ---: | --- | ---: | ---: | ---: | ---: |")
for metric, tool, theirs, ours_name, ours, their_peak, our_peak in rows:
    our_peak_text = f"{our_peak:.0f}" if our_peak is not None else "(one process)"
    ours_text = spread("litmus0") if our_peak is not None else f"{ours:.2f}"
    print(f"| {metric} | {tool} | {theirs:.2f} | {ours_name} | {ours_text} | {ratio(theirs, ours)} | {their_peak:.0f} | {our_peak_text} |")
target = best("litmus200")
print(f"| Litmus `fidelity`, resamples 200 (target ≤ 10 s: {'met' if target <= 10 else 'not met'}) | | | "
      f"Litmus `fidelity`, resamples 200 | {spread('litmus200')} | {ratio(references_sum, target)} vs the sum | | {peak('litmus200'):.0f} |")
print("\nLitmus `fidelity` rows: fastest run (range over the runs). Litmus s per metric: the `parts` of the same processes (each metric alone, after the total), fastest of "
      f"{2 * args.repeats} runs; PRDC + 1-NN's reference is prdc's and scikit-learn's times added, its peak the larger.\n")

ours = runs["litmus0"][0]["result"]
references = {}
for tool in REFERENCES:
    references.update(runs[tool][0]["result"])
intervals = runs["litmus200"][0]["result"].get("intervals", {})
metric_keys = ["fd", "fd_inf", "kd", "precision", "recall", "density", "coverage", "vendi", "nn_accuracy"]
differing = [k for k in metric_keys + ["kd_std", "p_value"]
             if any(r["result"][k] != ours[k] for r in runs["litmus0"] + runs["litmus200"])]


def agreement(key):
    a, b = ours[key], references.get(key)
    if b is None:
        return "no reference"
    if key in ("precision", "recall", "density", "coverage", "nn_accuracy"):
        if a == b:
            return "identical"
        return f"within 1e-12 ({a - b:+.1e})" if abs(a - b) <= 1e-12 else f"**differ** ({a - b:+.3g})"
    if key == "kd":
        return (f"different subsets: difference {a - b:+.3g} = {(a - b) / ours['kd_std']:+.2f} Litmus std")
    return f"relative difference {abs(a - b) / abs(b):.1e}"


def text(key, values):
    if key not in values:
        return "—"
    if key == "kd":
        return f"{values['kd']:.6g} ± {values['kd_std']:.3g}"
    return f"{values[key]:.10g}"


print("| metric | Litmus | reference | agreement | Litmus interval (resamples 200) |")
print("| --- | ---: | ---: | --- | --- |")
for key in metric_keys:
    interval = intervals.get(key)
    interval_text = f"[{interval[0]:.6g}, {interval[1]:.6g}]" if interval else "—"
    print(f"| {key} | {text(key, ours)} | {text(key, references)} | {agreement(key)} | {interval_text} |")
print(f"| 1-NN p-value (1000 permutations) | {ours['p_value']:.4g} | — | no reference | — |")
print("\nKD: Litmus draws its subsets from its own seeded generator, the reference from RandomState(2020) as "
      "torch-fidelity: the means differ by the subsets' sampling, shown with each side's standard deviation "
      "over the 100 subsets.")
if differing:
    print(f"Litmus's values changed between its runs for: {', '.join(differing)}")
else:
    print(f"Litmus's values were the same in all {2 * args.repeats} of its runs (resamples 0 and 200).")
