"""Fixtures for the KMeans and Kneedle tests, from scikit-learn's KMeans and the kneed package.

Run from this folder: python3 make_kmeans_fixtures.py  (numpy, scikit-learn, kneed).
Each case: <name>_X.npy (float32) and <name>.json with labels, inertia, n_iter and centers of
KMeans(n_clusters, n_init, random_state) fitted on the same values as float64, and the elbow curve.
"""
import json

import kneed
import numpy as np
import sklearn
from sklearn.cluster import KMeans
from sklearn.datasets import make_blobs


def case(name, X, k, n_init, seed, elbow_range=None):
    X = X.astype(np.float32)
    np.save(f"{name}_X.npy", X)
    km = KMeans(n_clusters=k, n_init=n_init, random_state=seed).fit(X.astype(np.float64))
    out = {
        "sklearn": sklearn.__version__, "k": k, "n_init": n_init, "seed": seed,
        "labels": km.labels_.tolist(), "inertia": float(km.inertia_), "n_iter": int(km.n_iter_),
        "centers": km.cluster_centers_.tolist(),
    }
    if elbow_range:
        ks = list(range(elbow_range[0], elbow_range[1] + 1))
        inertias = [float(KMeans(n_clusters=j, n_init=n_init, random_state=seed).fit(X.astype(np.float64)).inertia_) for j in ks]
        knee = kneed.KneeLocator(ks, inertias, curve="convex", direction="decreasing")
        out.update({"kneed": kneed.__version__, "elbow_ks": ks, "elbow_inertia": inertias, "elbow": None if knee.knee is None else int(knee.knee)})
    with open(f"{name}.json", "w") as f:
        json.dump(out, f)


X, _ = make_blobs(n_samples=300, centers=4, n_features=5, cluster_std=0.8, random_state=1)
case("blobs4", X, 4, 1, 0, elbow_range=(1, 10))
X, _ = make_blobs(n_samples=500, centers=6, n_features=2, cluster_std=1.5, random_state=3)
case("blobs6_ninit", X, 6, 5, 42, elbow_range=(1, 12))
rng = np.random.RandomState(5)
case("uniform", rng.uniform(size=(200, 3)), 5, 3, 7)
X, _ = make_blobs(n_samples=120, centers=3, n_features=30, cluster_std=2.0, random_state=9)
case("blobs3_30d", X, 3, 1, 123, elbow_range=(1, 8))

# Kneedle alone on random decreasing convex-ish curves.
rng = np.random.RandomState(11)
curves = []
for _ in range(40):
    n = rng.randint(5, 20)
    x = list(range(1, n + 1))
    y = sorted((1000 / np.arange(1, n + 1) ** rng.uniform(0.5, 2.0) + rng.normal(0, 5, n)).tolist(), reverse=True)
    if rng.rand() < 0.3:  # a few non-monotone curves, as n_init=1 inertia curves can be
        i = rng.randint(1, n - 1)
        y[i] = y[i] + rng.uniform(0, 30)
    curves.append({"x": x, "y": y, "knee": (lambda k: None if k is None else int(k))(kneed.KneeLocator(x, y, curve="convex", direction="decreasing").knee)})
with open("kneedle_curves.json", "w") as f:
    json.dump({"kneed": kneed.__version__, "curves": curves}, f)
