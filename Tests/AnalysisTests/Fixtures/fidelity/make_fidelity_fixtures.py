"""Fixtures for the sample-fidelity metrics: PRDC + realism, Frechet distance,
kernel distance (unbiased polynomial MMD^2), Vendi score, 1-NN accuracy.

Run from anywhere: python3 make_fidelity_fixtures.py  -> writes fidelity.json
next to this script. Deterministic (numpy RandomState seeds per case).

Generated with (pip install prdc scikit-learn vendi-score scipy numpy):
    prdc 0.2, scikit-learn 1.9.1, vendi-score 0.0.3, scipy 1.17.1, numpy 2.4.6
(the versions actually used are also written to the JSON under "versions").

Data convention: every data matrix is float32. To keep the JSON small while
staying exact, values are drawn from a normal distribution and rounded to a
dyadic grid (multiples of 2**-GRID_BITS), which float32 represents exactly and
whose decimal expansions are short. Matrices are written as Python floats of
the float32 values; every reference value is computed on x.astype(np.float64).

Reference conventions:
- prdc: prdc.compute_prdc(real, fake, nearest_k=k) (Naeem et al. 2020).
- realism (Kynkaenniemi et al. 2019), written here in numpy: radii = squared
  Euclidean distance from each real item to its 3rd nearest other real item
  (the official code's nhood_sizes=[3], whatever the case's k);
  radii strictly above np.percentile(radii, 50) are set to 0;
  realism(f) = max_i radii_i / (||real_i - f||^2 + 1e-5).
- fd: ||mu_a - mu_b||^2 + tr Sa + tr Sb - 2 T, S = np.cov(x, rowvar=False).
  "sqrtm": T = Re tr scipy.linalg.sqrtm(Sa @ Sb) (null if not finite);
  "nuclear": T = nuclear norm of Ac @ Bc.T / sqrt((na-1)(nb-1)).
- kd: unbiased MMD^2 with k(x, y) = (x.y/d + 1)^3.
- vendi: vendi_score.vendi.score_X(X) (rows L2-normalised, linear kernel,
  K/n eigenvalues, exp of Shannon entropy); vendi_K: score_K(K).
- onenn: leave-one-out 1-NN accuracy from scikit-learn, real=0, fake=1.
"""
import contextlib
import importlib.metadata
import io
import json
import os
import warnings

import numpy as np
import scipy.linalg
from prdc import compute_prdc
from sklearn.metrics import accuracy_score
from sklearn.model_selection import LeaveOneOut, cross_val_predict
from sklearn.neighbors import KNeighborsClassifier
from vendi_score import vendi

GRID_BITS = 8
HERE = os.path.dirname(os.path.abspath(__file__))


def gen(rng, n, d, mean=0.0, scale=1.0):
    """n x d float32 sample of N(mean, scale^2), rounded to the dyadic grid."""
    x = rng.normal(mean, scale, size=(n, d))
    step = 2.0 ** -GRID_BITS
    return (np.round(x / step) * step).astype(np.float32)


def to_list(x):
    assert x.dtype == np.float32
    return [[float(v) for v in row] for row in x]


def sqdist(a, b):
    """Exact-as-possible squared Euclidean distances (difference form)."""
    return ((a[:, None, :] - b[None, :, :]) ** 2).sum(-1)


def fnum(v):
    v = float(v)
    return v if np.isfinite(v) else None


# ---------------------------------------------------------------- prdc
def realism(real, fake, k):
    d_rr = sqdist(real, real)
    radii = np.sort(d_rr, axis=1)[:, k]  # column 0 is the item itself
    radii = radii.copy()
    radii[radii > np.percentile(radii, 50)] = 0.0
    d_rf = sqdist(real, fake)
    return (radii[:, None] / (d_rf + 1e-5)).max(axis=0)


def check_prdc_margins(real, fake, k, name):
    """Distances must not sit next to a k-NN radius (Swift computes distances
    differently from scikit-learn's dot-product form)."""
    d_rf = np.sqrt(sqdist(real, fake))
    r_real = np.sort(np.sqrt(sqdist(real, real)), axis=1)[:, k]
    r_fake = np.sort(np.sqrt(sqdist(fake, fake)), axis=1)[:, k]
    gap = min(np.abs(d_rf - r_real[:, None]).min() / r_real.max(),
              np.abs(d_rf - r_fake[None, :]).min() / r_fake.max(),
              np.abs(d_rf.min(axis=1) - r_real).min() / r_real.max())
    assert gap > 1e-9, (name, gap)


def prdc_case(name, real32, fake32, k, same_object=False):
    real = real32.astype(np.float64)
    fake = real if same_object else fake32.astype(np.float64)
    if not same_object and real32 is not fake32 and not np.array_equal(real32, fake32):
        check_prdc_margins(real, fake, k, name)
    with contextlib.redirect_stdout(io.StringIO()):  # compute_prdc prints sizes
        r = compute_prdc(real, fake, nearest_k=k)
    out = {"name": name, "real": to_list(real32), "fake": to_list(fake32), "k": k}
    out.update({key: float(r[key]) for key in ("precision", "recall", "density", "coverage")})
    out["realism"] = [float(v) for v in realism(real, fake, 3)]  # the official code's nhood_sizes=[3]
    return out


def make_prdc():
    cases = []
    rng = np.random.RandomState(101)
    cases.append(prdc_case("gauss_shift_scale", gen(rng, 80, 10),
                           gen(rng, 70, 10, 0.3, 1.2), 5))
    rng = np.random.RandomState(102)
    real = gen(rng, 50, 3) * np.array([1.0, 2.0, 0.5], np.float32)
    fake = gen(rng, 60, 3) * np.array([0.5, 1.0, 3.0], np.float32)
    cases.append(prdc_case("different_scales", real, fake, 3))
    rng = np.random.RandomState(103)
    real = gen(rng, 60, 6)
    cases.append(prdc_case("identical_object", real, real, 5, same_object=True))
    rng = np.random.RandomState(104)
    real = gen(rng, 60, 6)
    cases.append(prdc_case("identical_copy", real, np.copy(real), 5))
    return cases


# ---------------------------------------------------------------- fd
def fd_case(name, a32, b32):
    a, b = a32.astype(np.float64), b32.astype(np.float64)
    mu = a.mean(0) - b.mean(0)
    sa, sb = np.cov(a, rowvar=False), np.cov(b, rowvar=False)
    base = mu @ mu + np.trace(sa) + np.trace(sb)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        root = scipy.linalg.sqrtm(sa @ sb)
    t_sqrtm = np.trace(root).real
    ac, bc = a - a.mean(0), b - b.mean(0)
    sv = np.linalg.svd(ac @ bc.T, compute_uv=False)
    t_nuc = sv.sum() / np.sqrt((len(a) - 1) * (len(b) - 1))
    return {"name": name, "a": to_list(a32), "b": to_list(b32),
            "sqrtm": fnum(base - 2 * t_sqrtm), "nuclear": float(base - 2 * t_nuc),
            "sqrtm_complex": bool(np.iscomplexobj(root))}


def make_fd():
    cases = []
    rng = np.random.RandomState(201)
    mix_a = (np.eye(8) + 0.3 * rng.normal(size=(8, 8))).astype(np.float32)
    mix_b = (np.eye(8) * 0.7 + 0.2 * rng.normal(size=(8, 8))).astype(np.float32)
    a = np.round(gen(rng, 100, 8) @ mix_a * 256) / 256
    b = np.round((gen(rng, 80, 8, 0.5) @ mix_b) * 256) / 256 + np.float32(0.25)
    cases.append(fd_case("different_mean_cov", a.astype(np.float32), b.astype(np.float32)))
    rng = np.random.RandomState(202)
    a = gen(rng, 100, 5)
    b = a + gen(rng, 100, 5, 0.0, 0.05)
    cases.append(fd_case("nearly_equal", a, b))
    rng = np.random.RandomState(203)
    cases.append(fd_case("n_lt_d", gen(rng, 20, 40), gen(rng, 25, 40, 0.2, 1.1)))
    rng = np.random.RandomState(204)
    a = gen(rng, 50, 6)
    cases.append(fd_case("identical", a, np.copy(a)))
    rng = np.random.RandomState(205)

    def rank_deficient(n, shift):
        x = gen(rng, n, 7, shift)
        extra = np.stack([x[:, 0] + x[:, 1], x[:, 2] - 0.5 * x[:, 3],
                          x[:, 4] + x[:, 5] - 2 * x[:, 6]], axis=1)
        return np.concatenate([x, extra], axis=1).astype(np.float32)  # exact in float32

    cases.append(fd_case("rank_deficient", rank_deficient(100, 0.0), rank_deficient(80, 0.3)))
    return cases


# ---------------------------------------------------------------- kd
def mmd2_unbiased(a, b):
    d = a.shape[1]
    m = len(a)
    assert len(b) == m

    def kern(x, y):
        return (x @ y.T / d + 1.0) ** 3

    kaa, kbb, kab = kern(a, a), kern(b, b), kern(a, b)
    off = (kaa.sum() - np.trace(kaa) + kbb.sum() - np.trace(kbb)) / (m * (m - 1))
    return off - 2.0 * kab.sum() / (m * m)


def make_kd():
    cases = []
    rng = np.random.RandomState(301)
    a, b = gen(rng, 60, 12), gen(rng, 60, 12, 0.2, 1.3)
    cases.append({"name": "gauss_60x12", "a": to_list(a), "b": to_list(b),
                  "mmd2": float(mmd2_unbiased(a.astype(np.float64), b.astype(np.float64)))})
    rng = np.random.RandomState(302)
    a, b = gen(rng, 40, 7), gen(rng, 40, 7)
    cases.append({"name": "same_dist_40x7", "a": to_list(a), "b": to_list(b),
                  "mmd2": float(mmd2_unbiased(a.astype(np.float64), b.astype(np.float64)))})
    return cases


# ---------------------------------------------------------------- vendi
def make_vendi():
    cases = []
    rng = np.random.RandomState(401)
    for name, x in [("gauss_30x6", gen(rng, 30, 6)), ("n_lt_d_5x20", gen(rng, 5, 20))]:
        cases.append({"name": name, "x": to_list(x),
                      "score": float(vendi.score_X(x.astype(np.float64)))})
    x = gen(rng, 12, 5)
    x[10], x[11] = x[2], x[7]  # two duplicated rows
    cases.append({"name": "two_duplicated_rows_12x5", "x": to_list(x),
                  "score": float(vendi.score_X(x.astype(np.float64)))})
    k3 = np.array([[1.0, 0.9, 0.0], [0.9, 1.0, 0.0], [0.0, 0.0, 1.0]])
    s = float(vendi.score_K(k3))
    assert abs(s - 2.1573) < 1e-4, s  # value from the vendi-score README
    return cases, [{"name": "K3", "K": k3.tolist(), "score": s}]


# ---------------------------------------------------------------- 1-NN
def onenn_case(name, real32, fake32):
    x = np.concatenate([real32, fake32]).astype(np.float64)
    y = np.r_[np.zeros(len(real32), int), np.ones(len(fake32), int)]
    dist = np.sort(sqdist(x, x), axis=1)  # column 0 is the item itself
    assert (dist[:, 2] - dist[:, 1] > 1e-9 * dist[:, 2]).all(), name  # no NN ties
    pred = cross_val_predict(KNeighborsClassifier(n_neighbors=1), x, y, cv=LeaveOneOut())
    return {"name": name, "real": to_list(real32), "fake": to_list(fake32),
            "accuracy": float(accuracy_score(y, pred))}


def make_onenn():
    rng = np.random.RandomState(501)
    c1 = onenn_case("shifted_40v35x5", gen(rng, 40, 5), gen(rng, 35, 5, 0.8))
    rng = np.random.RandomState(502)
    c2 = onenn_case("same_dist_30v30x4", gen(rng, 30, 4), gen(rng, 30, 4))
    return [c1, c2]


def main():
    versions = {p: importlib.metadata.version(p)
                for p in ("prdc", "scikit-learn", "vendi-score", "scipy", "numpy")}
    vendi_cases, vendi_k = make_vendi()
    out = {"versions": versions, "grid_bits": GRID_BITS, "prdc": make_prdc(),
           "fd": make_fd(), "kd": make_kd(), "vendi": vendi_cases, "vendi_K": vendi_k,
           "onenn": make_onenn()}
    path = os.path.join(HERE, "fidelity.json")
    with open(path, "w") as f:
        json.dump(out, f, separators=(",", ":"), allow_nan=False)
    print(path, os.path.getsize(path), "bytes")


if __name__ == "__main__":
    main()
