"""Fixtures for ARI, NMI and silhouette, from scikit-learn's metrics.

Run from this folder: python3 make_metrics_fixtures.py  (numpy, scikit-learn).
"""
import json

import numpy as np
import sklearn
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score, silhouette_score

rng = np.random.RandomState(3)
pairs = []
for i in range(60):
    n = int(rng.randint(2, 300))
    ka, kb = int(rng.randint(1, 8)), int(rng.randint(1, 8))
    a = rng.randint(-1, ka, size=n)
    b = a.copy() if i % 5 == 0 else rng.randint(-1, kb, size=n)
    if i % 7 == 0:
        b = np.where(rng.rand(n) < 0.2, rng.randint(-1, kb, size=n), a)
    pairs.append({"a": a.tolist(), "b": b.tolist(), "ari": adjusted_rand_score(a, b),
                  "nmi": normalized_mutual_info_score(a, b)})

silhouettes = []
for i in range(6):
    n, d, k = int(rng.randint(10, 80)), int(rng.randint(1, 6)), int(rng.randint(2, 5))
    X = rng.normal(size=(n, d)).astype(np.float32)
    labels = rng.randint(-1, k, size=n)
    labels[:2] = [0, 1]
    silhouettes.append({"X": X.astype(np.float64).tolist(), "labels": labels.tolist(),
                        "score": silhouette_score(X.astype(np.float64), labels)})

with open("metrics.json", "w") as f:
    json.dump({"sklearn": sklearn.__version__, "pairs": pairs, "silhouettes": silhouettes}, f)
