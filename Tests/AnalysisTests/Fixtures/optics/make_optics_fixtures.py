"""Fixtures for the OPTICS tests, from scikit-learn's OPTICS (default metric: minkowski, p=2).

Run from this folder: python3 make_optics_fixtures.py  (numpy, scikit-learn >= 1.3).
Each case: <name>_X.npy (float32) and <name>.json with the parameters and ordering_, reachability_,
core_distances_, predecessor_, labels_ (and cluster_hierarchy_ for xi), fitted on the same values as float64.
"""
import json

import numpy as np
import sklearn
from sklearn.cluster import OPTICS
from sklearn.datasets import make_blobs


def finite(a):
    return [None if not np.isfinite(v) else float(v) for v in a]


def case(name, X, **params):
    X = X.astype(np.float32)
    np.save(f"{name}_X.npy", X)
    results = []
    for p in params["runs"]:
        o = OPTICS(**p).fit(X.astype(np.float64))
        r = {"params": p, "ordering": o.ordering_.tolist(), "reachability": finite(o.reachability_),
             "core_distances": finite(o.core_distances_), "predecessor": o.predecessor_.tolist(),
             "labels": o.labels_.tolist()}
        if p.get("cluster_method", "xi") == "xi":
            r["cluster_hierarchy"] = o.cluster_hierarchy_.tolist()
        results.append(r)
    with open(f"{name}.json", "w") as f:
        json.dump({"sklearn": sklearn.__version__, "runs": results}, f)


rng = np.random.RandomState(0)
X, _ = make_blobs(n_samples=250, centers=4, cluster_std=0.6, random_state=2)
X = np.vstack([X, rng.uniform(X.min(0) - 2, X.max(0) + 2, size=(50, 2))])
case("blobs_noise", X, runs=[{"min_samples": 5}, {"min_samples": 10, "xi": 0.1, "min_cluster_size": 0.05},
                             {"min_samples": 5, "cluster_method": "dbscan", "eps": 0.8},
                             {"min_samples": 5, "max_eps": 2.0}])

a = rng.normal(0, 0.3, size=(100, 2))
b = rng.normal(0, 1.5, size=(100, 2)) + [6, 0]
c = rng.normal(0, 0.1, size=(60, 2)) + [0, 5]
X = np.vstack([a, b, c, rng.uniform(-4, 10, size=(40, 2))])
case("varying_density", X, runs=[{"min_samples": 8}, {"min_samples": 0.03, "xi": 0.02},
                                 {"min_samples": 8, "cluster_method": "dbscan", "eps": 0.5},
                                 {"min_samples": 8, "predecessor_correction": False}])

base = rng.normal(0, 1, size=(60, 2)).round(1)
X = np.vstack([base, base[:30], base[:10], [[5, 5]] * 8])
case("duplicates", X, runs=[{"min_samples": 4}, {"min_samples": 4, "cluster_method": "dbscan", "eps": 0.3}])

X, _ = make_blobs(n_samples=200, centers=3, n_features=30, cluster_std=3.0, random_state=4)
case("dims30", X, runs=[{"min_samples": 6}, {"min_samples": 6, "cluster_method": "dbscan", "eps": 12.0}])

X = rng.uniform(size=(40, 2))
case("only_noise", X, runs=[{"min_samples": 20, "xi": 0.5, "min_cluster_size": 20}])
