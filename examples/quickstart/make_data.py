"""Makes the quickstart's small feature matrix: 300 items x 32 non-negative features in three groups.

Run from this folder: python3 make_data.py  (needs numpy). Writes features.npy and labels.csv.
The values imitate pooled CNN features: a low-rank group structure plus noise, clipped at zero.
"""
import numpy as np

rng = np.random.RandomState(20261126)
n_per_group, d, rank = 100, 32, 6
groups = ["healthy", "mild", "severe"]
basis = rng.gamma(2.0, 0.5, size=(rank, d))
centers = rng.normal(0.0, 1.0, size=(len(groups), rank)) * 1.5
rows, ids, labels, sources = [], [], [], []
for g, name in enumerate(groups):
    latent = centers[g] + rng.normal(0.0, 0.6, size=(n_per_group, rank))
    x = latent @ basis + rng.normal(0.0, 0.4, size=(n_per_group, d))
    rows.append(np.maximum(x + 6.0, 0.0))
    for i in range(n_per_group):
        ids.append(f"img-{g * n_per_group + i:04d}")
        labels.append(name)
        sources.append("real" if i % 2 == 0 else "synthetic")
features = np.vstack(rows).astype(np.float32)
np.save("features.npy", features)
with open("labels.csv", "w") as f:
    f.write("id,group,source\n")
    for i, g, s in zip(ids, labels, sources):
        f.write(f"{i},{g},{s}\n")
print(features.shape, features.dtype)
