"""Fixtures for the PCA tests, computed by scikit-learn's PCA (svd_solver='full', exact).

Run from this folder: python3 make_pca_fixtures.py  (numpy, scikit-learn >= 1.5 for the sign rule).
Each case writes <name>_X.npy (float32 input) and <name>.json (expected values from scikit-learn).
"""
import json

import numpy as np
import sklearn
from sklearn.decomposition import PCA


def correlated(rng, n, d, rank):
    latent = rng.normal(size=(n, rank)) * np.linspace(3.0, 0.5, rank)
    return (latent @ rng.normal(size=(rank, d)) + 0.1 * rng.normal(size=(n, d)) + 5.0).astype(np.float32)


def write(name, X, n_components):
    np.save(f"{name}_X.npy", X)
    pca = PCA(n_components=n_components, svd_solver="full").fit(X.astype(np.float64))
    full = PCA(svd_solver="full").fit(X.astype(np.float64))
    expected = {
        "sklearn": sklearn.__version__,
        "n_components": int(pca.n_components_),
        "explained_variance": pca.explained_variance_.tolist(),
        "explained_variance_ratio": pca.explained_variance_ratio_.tolist(),
        "singular_values": pca.singular_values_.tolist(),
        "components": pca.components_.tolist(),
        "mean": pca.mean_.tolist(),
        "noise_variance": float(pca.noise_variance_),
        "transform_first_rows": pca.transform(X[:5].astype(np.float64)).tolist(),
        "full_ratio": full.explained_variance_ratio_.tolist(),
    }
    with open(f"{name}.json", "w") as f:
        json.dump(expected, f)


rng = np.random.RandomState(7)
write("tall", correlated(rng, 200, 12, 4), 5)
write("wide", correlated(rng, 15, 40, 3), None)
write("fraction", correlated(rng, 120, 10, 6), 0.9)
