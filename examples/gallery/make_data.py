"""Makes the gallery's small data: 240 points in three groups in 2-D, with a group label.

Run from this folder: python3 make_data.py  (needs numpy). Writes points.npy and labels.csv.
"""
import numpy as np

rng = np.random.RandomState(8)
centers = np.array([[0, 0], [5, 1], [2, 5]])
points = np.vstack([c + rng.normal(0, s, size=(80, 2)) for c, s in zip(centers, [0.8, 1.2, 0.6])]).astype(np.float32)
np.save("points.npy", points)
with open("labels.csv", "w") as f:
    f.write("id,group\n")
    for i in range(len(points)):
        f.write(f"p{i:03d},{'abc'[i // 80]}\n")
