"""Benchmark inputs: 8000 x 512 CNN-like features in four groups, and their 2-D and 30-D PCA embeddings.

Usage: python3 Benchmarks/make_features.py OUT_DIR   (numpy, scikit-learn). Nothing here is committed.
The features imitate pooled VGG19 activations: non-negative (ReLU), low-rank group structure, noise.
"""
import sys

import numpy as np
from sklearn.decomposition import PCA

out = sys.argv[1]
rng = np.random.RandomState(2026)
n, d, rank = 8000, 512, 40
basis = rng.gamma(1.5, 0.4, size=(rank, d))
groups = rng.randint(0, 4, size=n)
centers = rng.normal(0, 1.2, size=(4, rank))
latent = centers[groups] + rng.normal(0, 0.7, size=(n, rank))
X = np.maximum(latent @ basis + rng.normal(0, 0.5, size=(n, d)), 0).astype(np.float32)
np.save(f"{out}/features.npy", X)
np.save(f"{out}/groups.npy", groups.astype(np.int64))
emb = PCA(n_components=30, svd_solver="full").fit_transform(X.astype(np.float64)).astype(np.float32)
np.save(f"{out}/emb30.npy", emb)
np.save(f"{out}/emb2.npy", np.ascontiguousarray(emb[:, :2]))
print("wrote", X.shape, "to", out)
