"""Fixtures for the `memorization` and `utility` directives.

Run from this folder: python3 make_memorization_fixtures.py
Written against Python 3.11.7, numpy 2.4.6, scipy 1.17.1, scikit-learn 1.9.1, scikit-image 0.26.0
(the versions actually used are recorded in memorization.json under "versions").
Deterministic: all randomness comes from fixed seeds; re-running rewrites identical files.

Outputs, next to this script:
  train.npy (150 x 72), generated.npy (100 x 72), heldout.npy (100 x 72): float32, every value a
      multiple of 2^-8, so float32 -> float64 conversion is exact. Everything below is computed on
      the float64 upcast of these arrays.
  memorization.json:
    nearest neighbours, ratio and copies_at_one_third from scikit-learn NearestNeighbors;
    authpct and ct re-implemented in numpy/scipy/scikit-learn following dgm-eval
      (github.com/layer6ai-labs/dgm-eval, dgm_eval/metrics/authpct.py and ct.py, commit 74c79f75);
      dgm-eval's KMeans has no random_state; here random_state=0 is used and the partition is checked
      to be the same for random_state 0..9. Cell labels are renumbered so that cell 0 is the cell of
      train[0], cell 1 the next new cell met walking through train, and so on (C_T does not depend on
      the numbering);
    ssim: skimage.metrics.structural_similarity(a, b, data_range=1.0) with its defaults;
    logistic: StandardScaler + LogisticRegression(C=1, lbfgs) cases, and StratifiedKFold folds.
"""
import json
import platform

import numpy as np
import scipy
import skimage
import sklearn
from scipy.spatial.distance import cdist
from scipy.stats import mannwhitneyu
from skimage.metrics import structural_similarity
from sklearn.cluster import KMeans
from sklearn.decomposition import PCA
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, balanced_accuracy_score
from sklearn.model_selection import StratifiedKFold, train_test_split
from sklearn.neighbors import NearestNeighbors
from sklearn.preprocessing import StandardScaler

Q = 256.0  # grid 2^-8


def quantize(x):
    return (np.round(np.asarray(x, dtype=np.float64) * Q) / Q).astype(np.float32)


def floats(a):
    return [float(v) for v in np.asarray(a, dtype=np.float64).ravel()]


def nested(a):
    return np.asarray(a, dtype=np.float64).tolist()


# ---------------------------------------------------------------- point clouds
D = 72
rng = np.random.default_rng(20250611)
centres = rng.normal(size=(3, D)) * 4.0
basis, _ = np.linalg.qr(rng.normal(size=(D, D)))
spread = basis * np.linspace(1.5, 0.3, D)  # columns scaled: anisotropic, shared by the three clusters


def sample(counts):
    rows, cluster = [], []
    for c, k in enumerate(counts):
        rows.append(centres[c] + rng.normal(size=(k, D)) @ spread.T)
        cluster += [c] * k
    return np.vstack(rows), np.array(cluster)


train_raw, train_cluster = sample([60, 50, 40])
perm = rng.permutation(len(train_raw))
train = quantize(train_raw[perm])
train_cluster = train_cluster[perm]

heldout_raw, _ = sample([40, 35, 25])
heldout = quantize(heldout_raw[rng.permutation(len(heldout_raw))])

T = train.astype(np.float64)
t_dist, t_idx = NearestNeighbors(n_neighbors=2).fit(T).kneighbors(T)
assert (t_idx[:, 0] == np.arange(len(T))).all() and (t_dist[:, 1] > 0).all()
median_nn = float(np.median(t_dist[:, 1]))

# generated: 45 + 30 + 19 fresh samples and 3 + 2 + 1 near-copies of training rows -> 48 / 32 / 20 per cluster
fresh, fresh_cluster = sample([45, 30, 19])
sources = []
for c, k in enumerate([3, 2, 1]):
    sources += sorted(rng.choice(np.flatnonzero(train_cluster == c), size=k, replace=False).tolist())
noise_scale = 0.02 * median_nn / np.sqrt(D)  # noise vector norm ~ 0.02 x median training NN distance
copies = T[sources] + rng.normal(size=(len(sources), D)) * noise_scale
gen_all = np.vstack([fresh, copies])
source_of = [-1] * len(fresh) + sources
perm = rng.permutation(len(gen_all))
generated = quantize(gen_all[perm])
source_of = [source_of[p] for p in perm]
planted = [i for i, s in enumerate(source_of) if s >= 0]
planted_sources = [source_of[i] for i in planted]

np.save("train.npy", train)
np.save("generated.npy", generated)
np.save("heldout.npy", heldout)

G = generated.astype(np.float64)
H = heldout.astype(np.float64)

# ---------------------------------------------------------------- nearest neighbours and ratio
g_dist, g_idx = NearestNeighbors(n_neighbors=1).fit(T).kneighbors(G)
nearest_distance = g_dist[:, 0]
nearest_index = g_idx[:, 0]
train_nn = t_dist[:, 1]
ratio = nearest_distance / train_nn[nearest_index]
copies_at_one_third = [int(i) for i in np.flatnonzero(ratio < 1.0 / 3.0)]


# ---------------------------------------------------------------- AuthPct (dgm-eval authpct.py, re-implemented)
def authpct(train_feat, gen_feat):
    real = cdist(train_feat, train_feat)
    np.fill_diagonal(real, np.inf)
    real_min = real.min(axis=0)
    gd = cdist(train_feat, gen_feat)  # (train, gen)
    g_min, g_arg = gd.min(axis=0), gd.argmin(axis=0)
    authentic = real_min[g_arg] < g_min  # strict: authentic when the training item's own NN is closer
    return 100.0 * authentic.sum() / len(authentic), authentic, real_min[g_arg], g_min


auth_value, authentic, d2, d1 = authpct(T, G)


def authpct_float32_mm(train_feat, gen_feat):
    """Rough emulation of torch.cdist in float32 via the ||x||^2 + ||y||^2 - 2xy path, as a robustness check."""
    a, b = train_feat.astype(np.float32), gen_feat.astype(np.float32)

    def dist(x, y):
        sq = (x * x).sum(1)[:, None] + (y * y).sum(1)[None, :] - np.float32(2) * (x @ y.T)
        return np.sqrt(np.maximum(sq, np.float32(0)))

    real = dist(a, a)
    np.fill_diagonal(real, np.inf)
    gd = dist(a, b)
    return 100.0 * (real.min(axis=0)[gd.argmin(axis=0)] < gd.min(axis=0)).mean()


assert authpct_float32_mm(T, G) == auth_value
auth_margin = float(np.min(np.abs(d2 / d1 - 1.0)))


# ---------------------------------------------------------------- C_T (dgm-eval ct.py, re-implemented)
def canonical(train_labels, *others):
    mapping = {}
    for lab in train_labels:
        mapping.setdefault(int(lab), len(mapping))
    return [np.array([mapping[int(v)] for v in labs]) for labs in (train_labels,) + others]


def ct_cells(random_state):
    pca = PCA(n_components=64).fit(T)  # dgm-eval: only when dim > 64; fitted on train only
    Tp, Hp, Gp = pca.transform(T), pca.transform(H), pca.transform(G)
    km = KMeans(n_clusters=3, n_init=10, random_state=random_state).fit(Tp)
    labels = canonical(km.predict(Tp), km.predict(Hp), km.predict(Gp))
    return pca, (Tp, Hp, Gp), labels


pca, (Tp, Hp, Gp), (T_cells, H_cells, G_cells) = ct_cells(0)
for rs in range(1, 10):
    _, _, other = ct_cells(rs)
    assert all((x == y).all() for x, y in zip(other, (T_cells, H_cells, G_cells))), rs
assert (T_cells == canonical(train_cluster)[0]).all()

n, m, k = len(Hp), len(Gp), int(T_cells.max()) + 1
tau = 20 / m
cells = []
h_L = np.zeros(n)
g_L = np.zeros(m)
for i in range(k):
    Tc, Hc, Gc = Tp[T_cells == i], Hp[H_cells == i], Gp[G_cells == i]
    assert len(Tc) > 0 and len(Hc) > 0
    nn = NearestNeighbors(n_neighbors=1).fit(Tc)  # in-cell training items only, in PCA space
    LP = nn.kneighbors(Hc)[0][:, 0]
    h_L[H_cells == i] = LP
    if len(Gc) > 0:
        LQ = nn.kneighbors(Gc)[0][:, 0]
        g_L[G_cells == i] = LQ
        u = float(mannwhitneyu(LQ, LP, alternative="less").statistic)  # U of the generated sample
        u_check = float((LQ[:, None] > LP[None, :]).sum() + 0.5 * (LQ[:, None] == LP[None, :]).sum())
        assert u == u_check
        ni, mi = len(LP), len(LQ)
        z = (u - (ni * mi / 2 - 0.5)) / np.sqrt(ni * mi * (ni + mi + 1) / 12)
    else:
        u, z = None, 0.0
    cells.append({
        "cell": i, "n_train": int(len(Tc)), "n_heldout": int(len(Hc)), "n_generated": int(len(Gc)),
        "U": u, "Z": float(z), "weight": len(Hc) / n, "included": bool(len(Gc) / m > tau),
    })
w = np.array([c["weight"] for c in cells])
z = np.array([c["Z"] for c in cells])
inc = np.array([c["included"] for c in cells])
ct_value = float(w[inc].dot(z[inc]) / w[inc].sum())

# ---------------------------------------------------------------- SSIM
srng = np.random.default_rng(7)


def blobs(h, w_, count):
    yy, xx = np.mgrid[0:h, 0:w_].astype(np.float64)
    img = np.zeros((h, w_))
    for _ in range(count):
        cy, cx = srng.uniform(0, h), srng.uniform(0, w_)
        s = srng.uniform(2.0, 8.0)
        img += srng.uniform(-1, 1) * np.exp(-((yy - cy) ** 2 + (xx - cx) ** 2) / (2 * s * s))
    img = (img - img.min()) / (img.max() - img.min())
    return quantize(0.05 + 0.9 * img).astype(np.float64)


images = {}
images["a32"] = blobs(32, 32, 12)
images["b32"] = blobs(32, 32, 12)
images["a32_contrast"] = quantize(0.7 * images["a32"] + 0.2).astype(np.float64)
images["a48x40"] = blobs(48, 40, 16)
images["a48x40_noisy"] = quantize(np.clip(images["a48x40"] + srng.normal(scale=0.03, size=(48, 40)), 0, 1)).astype(np.float64)
pairs = [("a32", "b32"), ("a32", "a32_contrast"), ("a48x40", "a48x40"), ("a48x40", "a48x40_noisy")]
ssim = {
    "call": "skimage.metrics.structural_similarity(a, b, data_range=1.0)  # win_size 7, uniform window, "
            "K1 0.01, K2 0.03, sample covariance; mean of the map cropped by 3 pixels on each side",
    "images": {name: nested(img) for name, img in images.items()},
    "pairs": [{"a": a, "b": b, "ssim": float(structural_similarity(images[a], images[b], data_range=1.0))}
              for a, b in pairs],
}

# ---------------------------------------------------------------- logistic regression
lrng = np.random.default_rng(11)


def logistic_case(X, y, test_size):
    X = quantize(X).astype(np.float64)
    Xtr, Xte, ytr, yte = train_test_split(X, y, test_size=test_size, stratify=y, random_state=0)
    scaler = StandardScaler().fit(Xtr)
    clf = LogisticRegression(C=1.0, solver="lbfgs", max_iter=10000, tol=1e-10).fit(scaler.transform(Xtr), ytr)
    Zte = scaler.transform(Xte)
    pred = clf.predict(Zte)
    return {
        "X_train": nested(Xtr), "y_train": [int(v) for v in ytr],
        "X_test": nested(Xte), "y_test": [int(v) for v in yte],
        "scaler_mean": floats(scaler.mean_), "scaler_scale": floats(scaler.scale_),
        "classes": [int(v) for v in clf.classes_],
        "coef": nested(clf.coef_), "intercept": floats(clf.intercept_), "n_iter": int(clf.n_iter_[0]),
        "predictions": [int(v) for v in pred], "probabilities": nested(clf.predict_proba(Zte)),
        "accuracy": float(accuracy_score(yte, pred)), "balanced_accuracy": float(balanced_accuracy_score(yte, pred)),
    }


Xb = lrng.normal(size=(120, 8)) * np.array([1, 2, 0.5, 3, 1, 1, 4, 0.25]) + np.array([0, 5, -2, 1, 0, 10, -3, 0.5])
wb = np.array([1.0, -0.6, 2.0, 0.3, 0.0, -0.8, 0.2, 3.0])
logit = ((Xb - Xb.mean(0)) / Xb.std(0)) @ wb * 0.6 + 0.4
yb = (lrng.uniform(size=120) < 1 / (1 + np.exp(-logit))).astype(int)

yc = np.repeat([0, 1, 2], [60, 50, 40])
means = lrng.normal(size=(3, 6)) * 1.2
Xc = means[yc] + lrng.normal(size=(150, 6)) * np.array([1, 1.5, 0.7, 2, 1, 1.2]) + np.array([3, -1, 0, 2, 8, -4])
order = lrng.permutation(150)
Xc, yc = Xc[order], yc[order]

folds = np.zeros(150, dtype=int)
for f, (_, te) in enumerate(StratifiedKFold(n_splits=5, shuffle=True, random_state=0).split(np.zeros((150, 1)), yc)):
    folds[te] = f

logistic = {
    "call": "StandardScaler().fit(X_train); LogisticRegression(C=1.0, solver='lbfgs', max_iter=10000, tol=1e-10)"
            ".fit(scaler.transform(X_train), y_train); train/test from train_test_split(stratify=y, random_state=0). "
            "Objective: sum of log-losses + 1/(2C)*||coef||^2, intercept unpenalised; multinomial for 3 classes.",
    "binary": logistic_case(Xb, yb, 0.25),
    "three_class": logistic_case(Xc, yc, 0.3),
    "stratified_kfold": {
        "call": "StratifiedKFold(n_splits=5, shuffle=True, random_state=0).split(X, y); fold[i] = split whose test part holds i",
        "y": [int(v) for v in yc], "fold": [int(v) for v in folds],
    },
}

# ---------------------------------------------------------------- write
out = {
    "versions": {
        "python": platform.python_version(), "numpy": np.__version__, "scipy": scipy.__version__,
        "scikit-learn": sklearn.__version__, "scikit-image": skimage.__version__,
        "dgm-eval": "layer6ai-labs/dgm-eval 74c79f7527fbf38fdccfbac51f25d759bc02ab07 (formulas re-implemented, not run)",
    },
    "files": {"train": "train.npy", "generated": "generated.npy", "heldout": "heldout.npy"},
    "median_train_nn_distance": median_nn,
    "copy_noise_sigma_per_coordinate": float(noise_scale),
    "planted_copies": planted,
    "planted_sources": planted_sources,
    "nearest_index": [int(v) for v in nearest_index],
    "nearest_distance": floats(nearest_distance),
    "train_nn_distance": floats(train_nn),
    "ratio": floats(ratio),
    "copies_at_one_third": copies_at_one_third,
    "authpct": float(auth_value),
    "authpct_detail": {
        "rule": "authentic[j] = train_nn_distance[nearest_index[j]] < nearest_distance[j] (strict); "
                "authpct = 100 * count(authentic) / n_generated",
        "authentic": [bool(v) for v in authentic],
        "min_relative_margin": auth_margin,
    },
    "ct": ct_value,
    "ct_detail": {
        "pca": "PCA(n_components=64).fit(train) (float64), applied to train, heldout, generated",
        "pca_explained_variance": floats(pca.explained_variance_),
        "kmeans": "KMeans(n_clusters=3, n_init=10, random_state=0).fit(train_pca) (k-means++, lloyd); cells by "
                  "predict(); same partition for random_state 0..9; cells renumbered by first appearance in train",
        "tau": tau,
        "inclusion": "n_generated_in_cell / n_generated > 20 / n_generated, i.e. at least 21 generated items",
        "mann_whitney": "U = scipy.stats.mannwhitneyu(L_generated, L_heldout, alternative='less').statistic "
                        "(U of the generated sample: pairs gen > heldout, ties 1/2); "
                        "Z = (U - (n*m/2 - 0.5)) / sqrt(n*m*(n+m+1)/12), n,m the in-cell heldout/generated counts, no tie correction",
        "distances": "L = Euclidean distance in PCA space to the nearest training item of the same cell",
        "weight": "n_heldout_in_cell / n_heldout; C_T = sum(weight*Z over included) / sum(weight over included)",
        "train_cells": [int(v) for v in T_cells],
        "heldout_cells": [int(v) for v in H_cells],
        "generated_cells": [int(v) for v in G_cells],
        "heldout_L": floats(h_L),
        "generated_L": floats(g_L),
        "cells": cells,
    },
    "ssim": ssim,
    "logistic": logistic,
}
with open("memorization.json", "w") as f:
    json.dump(out, f, separators=(",", ":"))
    f.write("\n")
