"""Runs the `memorization` and `utility` directives' computations in Litmus beside the Python references and prints Markdown tables.

Usage (from the repository root):
    swift build -c release --product litmus-bench        # or with --scratch-path DIR, then LITMUS_BENCH=DIR/release/litmus-bench
    python3 Benchmarks/run_memorization.py [DATA_DIR] [--n 4000] [--d 512] [--repeats 2] [--only memorization|utility]
    python3 Benchmarks/run_memorization.py --big [--big-reference]     # Litmus's memorization at 50 000 × 100 000 × 512
The binary is --bench, else $LITMUS_BENCH, else .build/release/litmus-bench. Needs numpy, scipy and scikit-learn
(threadpoolctl, if installed, names numpy's BLAS kernel). This script only measures: Litmus never depends on Python.
After a change to LogisticRegression, `--only utility` measures utility again alone (rebuild litmus-bench first).

DATA_DIR (default /tmp/litmus-memorization-data) holds train.npy, heldout.npy, generated.npy (float32, n × d) and
train-labels.npy, heldout-labels.npy, generated-labels.npy (int64, 0 or 1); when missing they are made here,
seeded: CNN-like non-negative features, max(centre + label shift + noise, 0), 12 centres in 3 well-separated
groups (so that C_T's three k-means cells are the same whatever the seed), a class shift of norm 1 along 64
features (a linear classifier reaches about 0.77 accuracy), the generated set's centres slightly shifted, and
40 generated items replaced by training items plus noise of 5 % of the median training nearest-neighbour
distance (planted near-copies, labelled as their source).

Each measurement is a fresh process, so its peak memory is its own:
- Litmus: `litmus-bench memorization GENERATED TRAIN HELDOUT` (NearestTraining of the generated and of the held-out
  items, the copies below ratio 1/3, AuthPct, the pairs' order, C_T with seed 1: the directive's computation; its
  "parts" time each step in the same run) and `litmus-bench utility TRAIN TRAIN_LABELS GENERATED GENERATED_LABELS`
  (train [real, synthetic] × test [real, synthetic]: real→real and synthetic→synthetic by 5 stratified folds,
  real→synthetic and synthetic→real held out: 12 fits of StandardScaler + LogisticRegression(C 1), one after another).
- References, on the float64 upcast of the same arrays (made before the clock starts), timed around the computation:
  `nn`: scikit-learn NearestNeighbors (brute force, as `auto` picks at 512 features): n_neighbors=1 generated→train
  and held-out→train, n_neighbors=2 train→train; ratio, copies below 1/3. `authpct`: dgm-eval's compute_authpct
  (torch.cdist in float32, whose matrix-product path is written here in numpy: train×train with an infinite
  diagonal, train×generated). `ct`: dgm-eval's compute_CTscore (PCA to 64 fitted on train, KMeans(3, n_init=10,
  random_state=0), per cell NearestNeighbors(1) on the cell's training items and scipy's mannwhitneyu, dgm-eval's Z
  and weights), as Tests/AnalysisTests/Fixtures/memorization/make_memorization_fixtures.py re-implements it.
  `utility`: make_pipeline(StandardScaler(), LogisticRegression(C=1, tol=T, max_iter=10000)) with
  cross_val_predict over StratifiedKFold(5, shuffle=True, random_state=0) for real→real and synthetic→synthetic,
  plain fits for the two held-out pairs; T is Litmus's LogisticRegression.defaultTolerance (printed by litmus-bench;
  scikit-learn's tol is on the same scale: the largest gradient component of the mean loss), and again with
  scikit-learn's default tol=1e-4 as a row for context.
OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE, when set, slow a current numpy: they are unset (both) in the reference
processes only, and the kernel numpy then runs is printed. Litmus runs with the environment as it is.
Each measurement runs --repeats times, the tools alternating; the tables show each one's fastest run (the least
disturbed on a shared machine) and its largest peak memory. A run counts as disturbed when a swift build or test
was running or other processes used more than 0.15 of a core on average during it (from /proc/stat less this
script's own and its children's CPU time): on 2 cores a second busy process halves anyone's speed, and numpy's
2-thread OpenBLAS suffers most (a fit 8× slower was seen beside a render and a build).
"""
import argparse
import json
import os
import resource
import subprocess
import sys
import time

BLAS_VARIABLES = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")
SETS = ("train", "heldout", "generated")
PLANTED = 40


# ---------------------------------------------------------------------------------------------------------
# Data.

def make_data(directory, n_generated, n_train, n_heldout, d, planted, seed=2033, chunk=10000):
    """Seeded features as described above; rows made in chunks so that the 100 000-row case stays small in memory."""
    import numpy as np
    os.makedirs(directory, exist_ok=True)
    rng = np.random.default_rng(seed)
    groups = rng.gamma(1.0, 1.5, (3, d)) * (rng.random((3, d)) < 0.5)  # 3 groups: C_T's cells
    centres = np.repeat(groups, 4, axis=0) + 0.4 * rng.standard_normal((12, d)) * (rng.random((12, d)) < 0.3)
    shifted = centres + 0.1 * rng.standard_normal(centres.shape)  # the generator's centres
    delta = np.zeros(d)
    delta[rng.choice(d, min(64, d), replace=False)] = rng.standard_normal(min(64, d))
    delta /= np.linalg.norm(delta)  # the class shift: label 1 against label 0

    def draw(centre_set, count):
        x = np.empty((count, d), dtype=np.float32)
        y = np.empty(count, dtype=np.int64)
        for start in range(0, count, chunk):
            m = min(chunk, count - start)
            c, label = rng.integers(0, len(centre_set), m), rng.integers(0, 2, m)
            x[start:start + m] = np.maximum(centre_set[c] + np.outer(label - 0.5, delta) + 0.5 * rng.standard_normal((m, d)), 0)
            y[start:start + m] = label
        return x, y

    train, train_labels = draw(centres, n_train)
    heldout, heldout_labels = draw(centres, n_heldout) if n_heldout else (None, None)
    generated, generated_labels = draw(shifted, n_generated)
    # Near-copies: noise of 5 % of the median nearest-neighbour distance within (a sample of) the training set.
    sample = train[rng.choice(n_train, min(n_train, 4000), replace=False)].astype(np.float64)
    squared = (sample * sample).sum(1)
    gram = squared[:, None] + squared[None, :] - 2 * sample @ sample.T
    np.fill_diagonal(gram, np.inf)
    median = float(np.median(np.sqrt(np.maximum(gram.min(1), 0))))
    sources = rng.choice(n_train, planted, replace=False)
    targets = np.sort(rng.choice(n_generated, planted, replace=False))
    generated[targets] = train[sources] + (0.05 * median / np.sqrt(d)) * rng.standard_normal((planted, d)).astype(np.float32)
    generated_labels[targets] = train_labels[sources]
    for name, x, y in (("train", train, train_labels), ("heldout", heldout, heldout_labels), ("generated", generated, generated_labels)):
        if x is not None:
            np.save(f"{directory}/{name}.npy", x)
            np.save(f"{directory}/{name}-labels.npy", y)
    with open(f"{directory}/planted.json", "w") as f:
        json.dump({"generated": targets.tolist(), "train": sources.tolist(), "median_train_nn_distance_of_4000": median}, f)


# ---------------------------------------------------------------------------------------------------------
# One reference measurement (run as `run_memorization.py --reference TOOL DATA_DIR [TOL]`), printed as one JSON line.

def blas_kernel():
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return "unknown (pip install threadpoolctl)"
    info = [i for i in threadpool_info() if i.get("user_api") == "blas"]
    return "; ".join(f"{i.get('internal_api')} {i.get('version')} {i.get('architecture')}, "
                     f"{i.get('num_threads')} threads" for i in info) or "none found"


def torch_cdist(x, y):
    """torch.cdist(x, y) for float32 as dgm-eval calls it (compute_mode 'use_mm_for_euclid_dist_if_necessary', more
    than 25 rows: the matrix-product path): √max(‖x‖² − 2x·y + ‖y‖², 1e-30), in float32."""
    import numpy as np
    xx = (x * x).sum(1, keepdims=True)
    yy = (y * y).sum(1, keepdims=True)
    squared = xx - np.float32(2) * (x @ y.T) + yy.T
    return np.sqrt(np.maximum(squared, np.float32(1e-30)))


def reference(tool, directory, tol=None):
    import numpy as np
    if tool in ("nn", "big-nn", "ct"):
        from sklearn.neighbors import NearestNeighbors
    if tool == "ct":
        from scipy.stats import mannwhitneyu
        from sklearn.cluster import KMeans
        from sklearn.decomposition import PCA
    if tool == "utility":
        import warnings
        from sklearn.exceptions import ConvergenceWarning
        from sklearn.linear_model import LogisticRegression
        from sklearn.model_selection import StratifiedKFold, cross_val_predict
        from sklearn.pipeline import make_pipeline
        from sklearn.preprocessing import StandardScaler
    load = {name: f"{directory}/{name}.npy" for name in SETS}
    if tool == "authpct":  # dgm-eval: torch.tensor(features, dtype=torch.float32)
        T, G = np.load(load["train"]).astype(np.float32), np.load(load["generated"]).astype(np.float32)
    elif tool == "utility":
        A, B = np.load(load["train"]).astype(np.float64), np.load(load["generated"]).astype(np.float64)
        yA, yB = np.load(f"{directory}/train-labels.npy"), np.load(f"{directory}/generated-labels.npy")
    else:
        T, G = np.load(load["train"]).astype(np.float64), np.load(load["generated"]).astype(np.float64)
        H = np.load(load["heldout"]).astype(np.float64) if tool != "big-nn" else None
    start = time.perf_counter()
    extra = {}
    if tool in ("nn", "big-nn"):
        nearest = NearestNeighbors(n_neighbors=1).fit(T)
        g_dist, g_index = nearest.kneighbors(G)
        t_dist, t_index = NearestNeighbors(n_neighbors=2).fit(T).kneighbors(T)
        own = t_dist[:, 1]
        distance, index = g_dist[:, 0], g_index[:, 0]
        ratio = np.where(distance == 0, 0, distance / own[index])
        order = np.lexsort((np.arange(len(ratio)), distance, ratio))  # the directive's pairs, lowest ratio first
        result = {"copies": int((ratio < 1 / 3).sum()), "authenticity": float(100 * np.mean(own[index] < distance)),
                  "mean_distance": float(distance.mean()), "mean_train_nn_distance": float(own.mean())}
        if H is not None:
            h_dist, h_index = nearest.kneighbors(H)
            h_ratio = h_dist[:, 0] / own[h_index[:, 0]]  # the directive's held-out table
            del h_ratio
            result["mean_heldout_distance"] = float(h_dist[:, 0].mean())
        extra["self_first"] = int((t_index[:, 0] == np.arange(len(T))).sum())
        del order
    elif tool == "authpct":
        real = torch_cdist(T, T)
        np.fill_diagonal(real, np.inf)
        real_min = real.min(axis=0)
        generated = torch_cdist(T, G)  # train × generated
        g_min, g_arg = generated.min(axis=0), generated.argmin(axis=0)
        authentic = real_min[g_arg] < g_min
        result = {"authenticity": float(100 * authentic.sum() / len(authentic))}
    elif tool == "ct":
        pca = PCA(n_components=64).fit(T)  # dgm-eval: only above 64 features; fitted on train
        Tp, Hp, Gp = pca.transform(T), pca.transform(H), pca.transform(G)
        kmeans = KMeans(n_clusters=3, n_init=10, random_state=0).fit(Tp)
        T_cells, H_cells, G_cells = kmeans.labels_, kmeans.predict(Hp), kmeans.predict(Gp)
        n, m = len(Hp), len(Gp)
        tau = 20 / m
        cells = []
        for c in range(3):
            Tc, Hc, Gc = Tp[T_cells == c], Hp[H_cells == c], Gp[G_cells == c]
            nn = NearestNeighbors(n_neighbors=1).fit(Tc)
            LP = nn.kneighbors(Hc)[0][:, 0]
            if len(Gc):
                LQ = nn.kneighbors(Gc)[0][:, 0]
                u = float(mannwhitneyu(LQ, LP, alternative="less").statistic)
                ni, mi = len(LP), len(LQ)
                z = (u - (ni * mi / 2 - 0.5)) / np.sqrt(ni * mi * (ni + mi + 1) / 12)
            else:
                u, z = None, 0.0
            cells.append({"training": int(len(Tc)), "heldout": int(len(Hc)), "generated": int(len(Gc)), "u": u, "z": float(z),
                          "weight": len(Hc) / n, "included": bool(len(Gc) / m > tau)})
        included = [c for c in cells if c["included"]]
        ct = sum(c["weight"] * c["z"] for c in included) / sum(c["weight"] for c in included)
        result = {"ct": float(ct), "ct_cells": sorted(cells, key=lambda c: c["training"]), "pca_solver": pca._fit_svd_solver}
        stop = time.perf_counter()
        # After the clock, for the agreement check: C_T with an exact PCA (scikit-learn's `auto` picks the randomized
        # solver at 4000 × 512 → 64, seeded by nothing in dgm-eval, so its C_T moves from run to run), in float64 and
        # with the projected coordinates rounded to float32 as Litmus stores them (a Float matrix).
        exact = PCA(n_components=64, svd_solver="covariance_eigh").fit(T)
        for key, rounding in (("ct_exact_pca", np.float64), ("ct_exact_pca_float32", np.float32)):
            Tp, Hp, Gp = (exact.transform(x).astype(rounding).astype(np.float64) for x in (T, H, G))
            kmeans = KMeans(n_clusters=3, n_init=10, random_state=0).fit(Tp)
            T_cells, H_cells, G_cells = kmeans.labels_, kmeans.predict(Hp), kmeans.predict(Gp)
            zs, ws = [], []
            for c in range(3):
                nn = NearestNeighbors(n_neighbors=1).fit(Tp[T_cells == c])
                LP, LQ = nn.kneighbors(Hp[H_cells == c])[0][:, 0], nn.kneighbors(Gp[G_cells == c])[0][:, 0]
                u = float(mannwhitneyu(LQ, LP, alternative="less").statistic)
                ni, mi = len(LP), len(LQ)
                if mi / m > tau:
                    zs.append((u - (ni * mi / 2 - 0.5)) / np.sqrt(ni * mi * (ni + mi + 1) / 12))
                    ws.append(ni / n)
            extra[key] = float(np.dot(zs, ws) / sum(ws))
    elif tool == "utility":
        tol = float(tol)
        warnings.simplefilter("always", ConvergenceWarning)
        with warnings.catch_warnings(record=True) as caught:
            def pipeline():
                return make_pipeline(StandardScaler(), LogisticRegression(C=1, tol=tol, max_iter=10000))
            folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
            result = {}
            for (name_train, X, y) in (("A", A, yA), ("B", B, yB)):
                for (name_test, X2, y2) in (("A", A, yA), ("B", B, yB)):
                    pair_start = time.perf_counter()
                    if name_train == name_test:
                        predicted = cross_val_predict(pipeline(), X, y, cv=folds)
                    else:
                        fitted = pipeline().fit(X, y)
                        predicted = fitted.predict(X2)
                        result.setdefault("held_out_iterations", []).append(int(fitted[-1].n_iter_[0]))
                    classes = np.unique(y2)
                    recall = [float(np.mean(predicted[y2 == c] == c)) for c in classes]
                    result[f"{name_train}->{name_test}"] = {"accuracy": float(np.mean(predicted == y2)),
                                                            "balanced_accuracy": float(np.mean(recall)),
                                                            "seconds": time.perf_counter() - pair_start}
        result["tolerance"] = tol
        result["convergence_warnings"] = sum(issubclass(w.category, ConvergenceWarning) for w in caught)
    seconds = (stop if tool == "ct" else time.perf_counter()) - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # the exact-PCA extras of `ct` add little
    print(json.dumps({"seconds": seconds, "peak_mb": peak_mb, "result": result, "extra": extra, "blas": blas_kernel()}))


if len(sys.argv) > 1 and sys.argv[1] == "--reference":
    reference(*sys.argv[2:5])
    sys.exit(0)
if len(sys.argv) > 1 and sys.argv[1] == "--make-data":
    make_data(sys.argv[2], *map(int, sys.argv[3:8]))
    sys.exit(0)


# ---------------------------------------------------------------------------------------------------------
# The driver.

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("data", nargs="?", default=None, help="data folder (default /tmp/litmus-memorization-data, "
                    "with --big /tmp/litmus-memorization-big)")
parser.add_argument("--n", type=int, default=4000, help="items in each set (default 4000)")
parser.add_argument("--d", type=int, default=512, help="features per item (default 512)")
parser.add_argument("--repeats", type=int, default=2, help="runs of each measurement; the fastest is shown (default 2; --big: 1)")
parser.add_argument("--only", choices=["memorization", "utility"], help="measure one analysis only")
parser.add_argument("--bench", default=os.environ.get("LITMUS_BENCH", ".build/release/litmus-bench"),
                    help="the litmus-bench binary (default $LITMUS_BENCH, else .build/release/litmus-bench)")
parser.add_argument("--big", action="store_true", help="Litmus's memorization only, 50 000 generated × 100 000 training × 512, no held-out set")
parser.add_argument("--big-generated", type=int, default=50000)
parser.add_argument("--big-train", type=int, default=100000)
parser.add_argument("--big-reference", action="store_true", help="with --big: scikit-learn's NearestNeighbors on the same data too (minutes)")
args = parser.parse_args()
BENCH = args.bench
data = args.data or ("/tmp/litmus-memorization-big" if args.big else "/tmp/litmus-memorization-data")
repeats = args.repeats if not args.big or "--repeats" in sys.argv else 1

import numpy as np  # noqa: E402

if args.big:
    sizes = {"train": args.big_train, "generated": args.big_generated}
    planted = 100
else:
    sizes = {"train": args.n, "heldout": args.n, "generated": args.n}
    planted = PLANTED
present = all(os.path.exists(f"{data}/{name}.npy") and np.load(f"{data}/{name}.npy", mmap_mode="r").shape == (count, args.d)
              for name, count in sizes.items())
if not present:
    # In a process of its own: a child's ru_maxrss starts from its parent's resident size at fork (Linux keeps the
    # high-water mark across exec), so the driver stays small and every measured process's peak is its own.
    print(f"making the data in {data}", file=sys.stderr, flush=True)
    subprocess.run([sys.executable, os.path.abspath(__file__), "--make-data", data, str(sizes["generated"]), str(sizes["train"]),
                    str(sizes.get("heldout", 0)), str(args.d), str(planted)], check=True)

if not os.path.exists(BENCH):
    sys.exit(f"{BENCH} is missing: run `swift build -c release --product litmus-bench` (or pass --bench / set LITMUS_BENCH)")

blas_environment = {v: os.environ.get(v) for v in BLAS_VARIABLES}
reference_environment = {k: v for k, v in os.environ.items() if k not in BLAS_VARIABLES}
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def busy_seconds():
    """CPU seconds the whole machine has spent busy (user, nice, system, irq, softirq, steal) since boot."""
    fields = [int(v) for v in open("/proc/stat").readline().split()[1:9]]
    return (sum(fields) - fields[3] - fields[4]) / CLOCK_TICKS


def own_seconds():
    mine, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return mine.ru_utime + mine.ru_stime + children.ru_utime + children.ru_stime


def swift_running():
    return subprocess.run(["pgrep", "-f", "swift-(build|test|frontend)"], capture_output=True).returncode == 0


def measure(command, env=None):
    """Runs one measurement; adds `others`: the cores other processes kept busy on average meanwhile."""
    swift_before = swift_running()
    busy0, own0, wall0 = busy_seconds(), own_seconds(), time.perf_counter()
    children0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    run = subprocess.run(command, capture_output=True, text=True, env=env)
    wall = time.perf_counter() - wall0
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (children.ru_utime - children0.ru_utime) + (children.ru_stime - children0.ru_stime)
    others = max((busy_seconds() - busy0) - (own_seconds() - own0), 0) / wall
    if run.returncode != 0:
        sys.exit(f"{' '.join(command)} failed ({run.returncode}):\n{run.stderr[-3000:]}")
    out = json.loads(run.stdout.strip().splitlines()[-1])
    out["others"] = others
    out["cpu"] = cpu  # the whole process's CPU seconds (loading included), all its threads
    out["swift"] = swift_before or swift_running()
    return out


def binary_version():
    status = os.stat(BENCH)
    return status.st_mtime_ns, status.st_size


binary_versions = set()
path = {name: f"{data}/{name}.npy" for name in SETS}


def litmus(task):
    binary_versions.add(binary_version())  # a rebuild during the run would mix two versions of Litmus
    if task == "memorization":
        return measure([BENCH, "memorization", path["generated"], path["train"], path["heldout"]],
                       env={**os.environ, "MEMORIZATION_OUT": f"{data}/litmus"})
    if task == "big":
        return measure([BENCH, "memorization", path["generated"], path["train"]])
    return measure([BENCH, "utility", path["train"], f"{data}/train-labels.npy", path["generated"], f"{data}/generated-labels.npy"])


def python_reference(tool, tol=None):
    return measure([sys.executable, os.path.abspath(__file__), "--reference", tool, data] + ([repr(tol)] if tol else []),
                   env=reference_environment)


def disturbed(r):
    return r["swift"] or r["others"] > 0.15


try:
    litmus_kernel = measure([BENCH, "sgemm", "1"])["result"]["kernel"]
except SystemExit:
    litmus_kernel = "unknown"


def machine():
    import scipy
    import sklearn
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    fields = {l.split(":", 1)[0].strip(): l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if ":" in l}
    if "family" not in cpu.lower() and "cpu family" in fields:
        cpu += f" (family {fields['cpu family']}, model {fields.get('model', '?')})"
    print(f"CPU: {cpu}, {os.cpu_count()} cores")
    print(f"numpy {np.__version__}, scipy {scipy.__version__}, scikit-learn {sklearn.__version__}")
    print("environment: " + ", ".join(f"{k}={v if v is not None else 'unset'}" for k, v in blas_environment.items())
          + ("; unset in the reference processes" if any(v is not None for v in blas_environment.values()) else ""))
    print(f"Litmus's OpenBLAS kernel: {litmus_kernel}")


def built_line():
    built = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(max(binary_versions)[0] / 1e9))
    print(f"{BENCH}: built {built}" + ("" if len(binary_versions) == 1 else
          f"; **rebuilt during this run ({len(binary_versions)} versions): its rows mix versions, run again**"))


def ratio(theirs, ours):
    value = theirs / ours if ours > 0 else float("inf")
    return f"{value:.2f}×" if value < 10 else f"{value:.0f}×"


# ---------------------------------------------------------------------------------------------------------
# --big: Litmus's memorization at 50 000 × 100 000 × 512.

if args.big:
    runs = []
    for repeat in range(repeats):
        print(f"repeat {repeat + 1}/{repeats}: litmus memorization {sizes['generated']} × {sizes['train']} × {args.d}", file=sys.stderr, flush=True)
        runs.append(litmus("big"))
    reference_run = None
    if args.big_reference:
        print("scikit-learn NearestNeighbors at the same size", file=sys.stderr, flush=True)
        reference_run = python_reference("big-nn")
    binary_versions.add(binary_version())
    machine()
    built_line()
    print(f"data: generated {sizes['generated']} × {args.d}, train {sizes['train']} × {args.d} (float32 files, {planted} planted near-copies) in {data}; no held-out set\n")
    fastest = min(runs, key=lambda r: r["seconds"])
    r = fastest["result"]
    print("| | seconds | peak MB | copies | authenticity % | others' load (cores) |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    print(f"| Litmus `memorization` (NearestTraining + copies + AuthPct + order) | {fastest['seconds']:.1f} | {max(x['peak_mb'] for x in runs):.0f} | "
          f"{r['copies']} | {r['authenticity']:.4f} | {fastest['others']:.2f}{' (disturbed)' if disturbed(fastest) else ''} |")
    if reference_run:
        q = reference_run["result"]
        print(f"| scikit-learn NearestNeighbors (brute, float64): gen→train k=1, train→train k=2 | {reference_run['seconds']:.1f} | "
              f"{reference_run['peak_mb']:.0f} | {q['copies']} | {q['authenticity']:.4f} | {reference_run['others']:.2f} |")
    print(f"\nLitmus process CPU seconds: {fastest['cpu']:.1f} (both cores: {fastest['cpu'] / fastest['seconds']:.2f} of 2 busy on average)")
    print(f"Litmus parts: " + ", ".join(f"{k} {v:.1f} s" for k, v in sorted(r["parts"].items())))
    print(f"mean nearest distance {r['mean_distance']:.6g}, mean training nearest-other distance {r['mean_train_nn_distance']:.6g}")
    sys.exit(0)


# ---------------------------------------------------------------------------------------------------------
# The 4000 × 4000 × 512 comparison.

names = []
if args.only != "utility":
    names += ["litmus-memorization", "nn", "authpct", "ct"]
if args.only != "memorization":
    names += ["litmus-utility", "utility-same-tol", "utility-default-tol"]
runs = {name: [] for name in names}
for repeat in range(repeats):
    for name in names:
        print(f"repeat {repeat + 1}/{repeats}: {name}", file=sys.stderr, flush=True)
        if name.startswith("litmus-"):
            runs[name].append(litmus(name[7:]))
        elif name == "utility-same-tol":
            # Litmus's LogisticRegression.defaultTolerance, as its utility run (just before) printed it.
            runs[name].append(python_reference("utility", runs["litmus-utility"][0]["result"]["tolerance"]))
        elif name == "utility-default-tol":
            runs[name].append(python_reference("utility", 1e-4))
        else:
            runs[name].append(python_reference(name))
binary_versions.add(binary_version())


def fastest(name):
    return min(runs[name], key=lambda r: r["seconds"])


def best(name):
    return fastest(name)["seconds"]


def peak(name):
    return max(r["peak_mb"] for r in runs[name])


def spread(name):
    seconds = [r["seconds"] for r in runs[name]]
    return f"{min(seconds):.2f} ({min(seconds):.2f}–{max(seconds):.2f})" if len(seconds) > 1 else f"{seconds[0]:.2f}"


def load_note(name):
    r = fastest(name)
    return f"{r['others']:.2f}" + (" **disturbed**" if disturbed(r) else "")


machine()
reference_blas = fastest(names[1])["blas"]
print(f"numpy's BLAS in the reference processes: {reference_blas}")
built_line()
print(f"data: train, held-out, generated {args.n} × {args.d} each (float32 files, {PLANTED} planted near-copies in generated; "
      f"the references upcast to float64 before timing, AuthPct's in float32 as dgm-eval) in {data}")
all_runs = [(name, i, r) for name in names for i, r in enumerate(runs[name])]
spoiled = [name for name in names if all(disturbed(r) for r in runs[name])]
noisy = [f"{name} #{i + 1}" for name, i, r in all_runs if disturbed(r)]
if noisy:
    print(f"other processes were busy during {len(noisy)} of the {len(all_runs)} measurements ({', '.join(noisy)}): "
          + (f"**no undisturbed run of {', '.join(spoiled)}: run again on a quiet machine**" if spoiled
             else "every measurement had at least one undisturbed run"))
print(f"each measurement run {repeats}× (tools alternating); fastest run shown, largest peak memory; "
      "'others' = cores other processes kept busy during the run shown\n")

if args.only != "utility":
    parts = {}
    for r in runs["litmus-memorization"]:
        for k, v in r["result"]["parts"].items():
            parts[k] = min(parts.get(k, float("inf")), v)
    nn_litmus = parts["training_neighbours"] + parts["nearest_generated"] + parts["nearest_heldout"] + parts["copies_authenticity_order"]
    reference_sum = best("nn") + best("authpct") + best("ct")
    minimal_sum = best("nn") + best("ct")
    ours = best("litmus-memorization")
    met = ours <= 5 and reference_sum / ours >= 3
    target = f"target ≤ 5 s and ≥ 3×: {'met' if met else 'not met'}" if (args.n, args.d) == (4000, 512) else "the targets are set at 4000 × 512"
    print("### memorization\n")
    print("| part | reference | reference s | Litmus s | speed-up | reference peak MB | Litmus peak MB | others (ref / Litmus) |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |")
    print(f"| nearest training item of each generated and held-out item, each training item's nearest other; ratio, copies | "
          f"scikit-learn `NearestNeighbors` (brute): k=1 gen→train and held-out→train, k=2 train→train | {best('nn'):.2f} | "
          f"{nn_litmus:.2f} (parts `training_neighbours` {parts['training_neighbours']:.2f} + `nearest_generated` {parts['nearest_generated']:.2f} + `nearest_heldout` {parts['nearest_heldout']:.2f} + "
          f"`copies_authenticity_order` {parts['copies_authenticity_order']:.3f}) | {ratio(best('nn'), nn_litmus)} | {peak('nn'):.0f} | (one process) | {load_note('nn')} |")
    print(f"| AuthPct | dgm-eval `compute_authpct` (torch.cdist's float32 matrix-product path, in numpy) | {best('authpct'):.2f} | "
          f"(from the neighbours above) | | {peak('authpct'):.0f} | | {load_note('authpct')} |")
    print(f"| C_T | dgm-eval `compute_CTscore`: PCA 64, `KMeans(3, n_init=10)`, per-cell `NearestNeighbors`, `mannwhitneyu` | "
          f"{best('ct'):.2f} | {parts['ct']:.2f} (part `ct`) | {ratio(best('ct'), parts['ct'])} | {peak('ct'):.0f} | | {load_note('ct')} |")
    print(f"| **the directive's computation** ({target}) | the three references added up | "
          f"**{reference_sum:.2f}** | **{spread('litmus-memorization')}** | **{ratio(reference_sum, ours)}** | {max(peak(t) for t in ('nn', 'authpct', 'ct')):.0f} | "
          f"{peak('litmus-memorization'):.0f} | Litmus {load_note('litmus-memorization')} |")
    print(f"| the same without dgm-eval's separate AuthPct (read from scikit-learn's neighbours instead) | `nn` + `ct` | {minimal_sum:.2f} | "
          f"{ours:.2f} | {ratio(minimal_sum, ours)} | | | |")
    print(f"\nProcess CPU seconds of the runs shown (all threads, loading included): Litmus {fastest('litmus-memorization')['cpu']:.2f}, "
          f"nn {fastest('nn')['cpu']:.2f}, authpct {fastest('authpct')['cpu']:.2f}, ct {fastest('ct')['cpu']:.2f}.")
    print(f"Litmus parts: fastest of the {len(runs['litmus-memorization'])} runs, each step alone in the same process. "
          "The training set's own nearest neighbours are searched once and shared by the generated and the held-out "
          "items, as the directive does.\n")

    ours_result = fastest("litmus-memorization")["result"]
    nn_result, auth_result, ct_result = fastest("nn")["result"], fastest("authpct")["result"], fastest("ct")["result"]
    same_index = None
    try:
        index_litmus = np.load(f"{data}/litmus-index.npy")
        from sklearn.neighbors import NearestNeighbors
        G, T = np.load(path["generated"]).astype(np.float64), np.load(path["train"]).astype(np.float64)
        index_ref = NearestNeighbors(n_neighbors=1).fit(T).kneighbors(G, return_distance=False)[:, 0]
        distance_litmus = np.load(f"{data}/litmus-distance.npy")
        distance_ref = np.sqrt(((G - T[index_ref]) ** 2).sum(1))
        same_index = (int((index_litmus == index_ref).sum()), len(index_ref), float(np.max(np.abs(distance_litmus - distance_ref) / distance_ref)))
    except FileNotFoundError:
        pass
    print("| result | Litmus | reference | agreement |")
    print("| --- | ---: | ---: | --- |")
    print(f"| near-copies (ratio < 1/3; {PLANTED} planted) | {ours_result['copies']} | {nn_result['copies']} (scikit-learn) | "
          f"{'identical' if ours_result['copies'] == nn_result['copies'] else '**differ**'} |")
    for key, label in (("mean_distance", "mean nearest-training distance, generated"), ("mean_heldout_distance", "the same, held-out"),
                       ("mean_train_nn_distance", "mean nearest-other distance, training")):
        a, b = ours_result[key], nn_result[key]
        print(f"| {label} | {a:.10g} | {b:.10g} | relative difference {abs(a - b) / abs(b):.1e} |")
    if same_index:
        print(f"| nearest training index per generated item | | | {same_index[0]} of {same_index[1]} identical; distances within "
              f"{same_index[2]:.1e} (relative) of √Σ(g − t)² |")
    for label, theirs in (("AuthPct % (scikit-learn's neighbours)", nn_result["authenticity"]),
                          ("AuthPct % (dgm-eval, float32)", auth_result["authenticity"])):
        a = ours_result["authenticity"]
        print(f"| {label} | {a:.4f} | {theirs:.4f} | {'identical' if a == theirs else f'differ by {a - theirs:+.4f} ({round(abs(a - theirs) * args.n / 100)} items)'} |")
    a = ours_result["ct"]
    dgm = [r["result"]["ct"] for r in runs["ct"]]
    print(f"| C_T, dgm-eval as it runs (PCA solver `{ct_result['pca_solver']}`, unseeded) | {a:.10g} | "
          f"{', '.join(f'{v:.6g}' for v in dgm)} (its {len(dgm)} runs) | "
          + ("identical" if all(v == a for v in dgm) else f"relative difference up to {max(abs(a - v) / abs(v) for v in dgm):.1e}"
             + (": the randomized PCA's, below" if ct_result["pca_solver"] == "randomized" else "")) + " |")
    for key, label in (("ct_exact_pca", "C_T, the reference with an exact PCA (`covariance_eigh`)"),
                       ("ct_exact_pca_float32", "the same, PCA coordinates rounded to float32 as Litmus keeps them")):
        b = fastest("ct")["extra"][key]
        print(f"| {label} | {a:.10g} | {b:.10g} | {'identical' if a == b else f'relative difference {abs(a - b) / abs(b):.1e}'} |")
    def cell_text(cells):
        return ", ".join(f"{c['training']}/{c['heldout']}/{c['generated']}" for c in sorted(cells, key=lambda c: c["training"]))

    same_cells = cell_text(ours_result["ct_cells"]) == cell_text(ct_result["ct_cells"])
    print(f"| C_T cells (training / held-out / generated items) | {cell_text(ours_result['ct_cells'])} | "
          f"{cell_text(ct_result['ct_cells'])} | {'same cell sizes' if same_cells else '**differ**'} |")
    differing = [k for k in ("copies", "authenticity", "ct") if any(r["result"][k] != ours_result[k] for r in runs["litmus-memorization"])]
    print("\n" + (f"Litmus's values changed between its runs for: {', '.join(differing)}" if differing
                  else f"Litmus's values were the same in all {len(runs['litmus-memorization'])} of its runs.") + "\n")

if args.only != "memorization":
    ours = best("litmus-utility")
    same = best("utility-same-tol")
    met = ours <= 5 and same / ours >= 3
    target = (f"target ≤ 5 s and ≥ 3× scikit-learn at the same tol: {'met' if met else 'not met'}" if (args.n, args.d) == (4000, 512)
              else "the targets are set at 4000 × 512")
    pairs = ["A->A", "A->B", "B->A", "B->B"]
    print("### utility\n")
    print("A = train.npy (\"real\"), B = generated.npy (\"synthetic\"); A→A and B→B by 5 stratified folds (5 fits each), "
          "A→B and B→A one fit each: 12 fits.\n")
    print("| | tol | seconds | speed-up of Litmus | process CPU s | peak MB | " + " | ".join(f"accuracy {p.replace('->', '→')}" for p in pairs) + " | others |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | " + " | ".join("---:" for _ in pairs) + " | --- |")
    for name, label in (("litmus-utility", f"**Litmus** ({target})"),
                        ("utility-same-tol", "scikit-learn `make_pipeline(StandardScaler(), LogisticRegression(C=1, tol, max_iter=10000))`, same tol"),
                        ("utility-default-tol", "the same with scikit-learn's default tol (context)")):
        r = fastest(name)["result"]
        tol = r["tolerance"]
        warn = r.get("convergence_warnings", 0)
        speed = "" if name == "litmus-utility" else ratio(best(name), ours)
        print(f"| {label} | {tol:g} | {spread(name)} | {speed} | {fastest(name)['cpu']:.1f} | {peak(name):.0f} | "
              + " | ".join(f"{r[p]['accuracy']:.4f}" for p in pairs) + f" | {load_note(name)}{f'; {warn} ConvergenceWarnings' if warn else ''} |")
    r = fastest("litmus-utility")["result"]
    print(f"\nLitmus: {r['fits']} fits, {r['iterations']} L-BFGS iterations in all; per pair "
          + ", ".join(f"{p.replace('->', '→')} {r[p]['seconds']:.2f} s" for p in pairs) + ". scikit-learn (same tol) per pair: "
          + ", ".join(f"{p.replace('->', '→')} {fastest('utility-same-tol')['result'][p]['seconds']:.2f} s" for p in pairs)
          + f"; its held-out fits took {', '.join(map(str, fastest('utility-same-tol')['result'].get('held_out_iterations', [])))} lbfgs iterations "
          f"(tol 1e-4: {', '.join(map(str, fastest('utility-default-tol')['result'].get('held_out_iterations', [])))})"
          + ". The cross-validated accuracies differ by the folds (Litmus's seeded folds have scikit-learn's class counts per fold, not its items); "
          "the held-out pairs (A→B, B→A) fit the same data.")
