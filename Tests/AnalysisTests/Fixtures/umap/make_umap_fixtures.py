"""Fixtures for the UMAP tests, from umap-learn and scikit-learn.

Run from this folder: python3 make_umap_fixtures.py  (numpy, scikit-learn, umap-learn).
- ab.json: umap-learn's fitted a, b for several min_dist.
- smooth_X.npy + smooth.json: rho and sigma of umap-learn's smooth_knn_dist on exact neighbours.
- digits_X.npy + digits.json: scikit-learn's digits, and umap-learn's trustworthiness (k = 15) and the
  k-means ARI of the digit classes on its 2-D embedding (random_state = 42), the bar Litmus must meet.
"""
import json

import numpy as np
import umap
from sklearn.cluster import KMeans
from sklearn.datasets import load_digits
from sklearn.manifold import trustworthiness
from sklearn.metrics import adjusted_rand_score
from umap.umap_ import find_ab_params, smooth_knn_dist

ab = {str(m): list(find_ab_params(1.0, m)) for m in [0.0, 0.1, 0.25, 0.5, 0.8]}
with open("ab.json", "w") as f:
    json.dump({"umap": umap.__version__, "spread": 1.0, "ab": ab}, f)

rng = np.random.RandomState(1)
X = np.vstack([rng.normal(0, 1, size=(60, 5)), rng.normal(4, 0.5, size=(40, 5))]).astype(np.float32)
X[10] = X[11]  # a duplicate point: rho uses positive distances only
np.save("smooth_X.npy", X)
k = 10
D = np.sqrt(((X[:, None, :].astype(np.float64) - X[None, :, :]) ** 2).sum(-1))
idx = np.argsort(D, axis=1, kind="stable")[:, :k]
dists = np.take_along_axis(D, idx, axis=1).astype(np.float32)
sigma, rho = smooth_knn_dist(dists, float(k))
with open("smooth.json", "w") as f:
    json.dump({"k": k, "rho": rho.tolist(), "sigma": sigma.tolist()}, f)

digits = load_digits()
np.save("digits_X.npy", digits.data.astype(np.uint8))
np.save("digits_y.npy", digits.target.astype(np.int64))
emb = umap.UMAP(random_state=42).fit_transform(digits.data.astype(np.float32))
t = trustworthiness(digits.data, emb, n_neighbors=15)
ari = adjusted_rand_score(digits.target, KMeans(n_clusters=10, n_init=10, random_state=0).fit(emb).labels_)
with open("digits.json", "w") as f:
    json.dump({"umap": umap.__version__, "trustworthiness": float(t), "kmeans_ari": float(ari)}, f)
print(t, ari)
