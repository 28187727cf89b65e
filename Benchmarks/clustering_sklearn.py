"""One scikit-learn measurement per process, printed as JSON: seconds and peak resident memory.

Usage: python3 Benchmarks/clustering_sklearn.py TASK DATA.npy [LABELS.npy]
TASK: optics | kmeans | kmeans4 | ari. Parameters match Benchmarks/LitmusBenchmarks (see run_clustering.py).
"""
import json
import resource
import sys
import time

import numpy as np

task, path = sys.argv[1], sys.argv[2]
X = np.load(path)
start = time.perf_counter()
if task == "optics":
    from sklearn.cluster import OPTICS
    result = int(OPTICS(min_samples=10).fit(X.astype(np.float64)).labels_.max() + 1)
elif task == "kmeans":
    from sklearn.cluster import KMeans
    result = [float(KMeans(n_clusters=k, n_init=10, random_state=0).fit(X.astype(np.float64)).inertia_) for k in range(1, 11)]
elif task == "kmeans4":
    from sklearn.cluster import KMeans
    result = [float(KMeans(n_clusters=4, n_init=10, random_state=0).fit(X.astype(np.float64)).inertia_)]
elif task == "ari":
    from sklearn.metrics import adjusted_rand_score
    labels = np.load(sys.argv[3])
    rng = np.random.RandomState(0)
    other = np.where(rng.rand(len(labels)) < 0.1, rng.randint(0, 4, len(labels)), labels)
    result = [float(adjusted_rand_score(labels, other)) for _ in range(100)][0]
seconds = time.perf_counter() - start
peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": seconds, "peak_mb": peak_mb, "result": result}))
