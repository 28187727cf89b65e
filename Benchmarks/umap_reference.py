"""umap-learn's side of the UMAP benchmark, printed as JSON like litmus-bench.

Usage: python3 Benchmarks/umap_reference.py umap2|umap30 FEATURES.npy GROUPS.npy
Fits twice with random_state=42 and times the second fit (numba has compiled by then); then
trustworthiness (k = 15, scikit-learn) and the k-means ARI of the known groups on the embedding.
"""
import json
import resource
import sys
import time

import numpy as np
import umap
from sklearn.cluster import KMeans
from sklearn.manifold import trustworthiness
from sklearn.metrics import adjusted_rand_score

task, path, groups_path = sys.argv[1], sys.argv[2], sys.argv[3]
X = np.load(path)
groups = np.load(groups_path)
dims = 2 if task == "umap2" else 30
umap.UMAP(n_components=dims, random_state=42).fit_transform(X)
start = time.perf_counter()
embedding = umap.UMAP(n_components=dims, random_state=42).fit_transform(X)
seconds = time.perf_counter() - start
trust = trustworthiness(X, embedding, n_neighbors=15)
labels = KMeans(n_clusters=len(set(groups)), n_init=10, random_state=0).fit(embedding).labels_
ari = adjusted_rand_score(groups, labels)
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": seconds, "peak_mb": peak, "result": [float(trust), float(ari)]}))
