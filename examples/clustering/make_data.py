"""Makes the clustering example's data: 424 items x 16 features: four groups and a few scattered items, two sources.

Run from this folder: python3 make_data.py  (needs numpy). Writes features.npy and labels.csv.
Three groups hold "real" items with different grades; the fourth holds the "synthetic" items, offset from
the real ones the way generated images drift from the images they imitate.
"""
import numpy as np

rng = np.random.RandomState(4)
d = 16
centers = rng.normal(0, 4, size=(4, d))
sizes = [120, 100, 80, 100]
rows, ids, sources, grades = [], [], [], []
for g, n in enumerate(sizes):
    spread = [1.6, 2.2, 1.3, 1.5][g]
    rows.append(centers[g] + rng.normal(0, spread, size=(n, d)))
    for i in range(n):
        ids.append(f"item-{len(ids):04d}")
        sources.append("synthetic" if g == 3 else "real")
        grades.append(int(rng.choice([0, 1, 2, 3, 4], p=[0.3, 0.25, 0.2, 0.15, 0.1])))
# A few scattered items that belong to no group, as OPTICS should find.
scattered = rng.uniform(-10, 10, size=(24, d))
rows.append(scattered)
for i in range(len(scattered)):
    ids.append(f"item-{len(ids):04d}")
    sources.append("real" if i % 2 == 0 else "synthetic")
    grades.append(int(rng.choice([0, 1, 2, 3, 4])))
features = np.vstack(rows).astype(np.float32)
np.save("features.npy", features)
with open("labels.csv", "w") as f:
    f.write("id,source,kl\n")
    for i, s, k in zip(ids, sources, grades):
        f.write(f"{i},{s},{k}\n")
print(features.shape)
