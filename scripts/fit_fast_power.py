"""Least-squares polynomial fits behind `FastPower` (Sources/Analysis/UMAP/FastPower.swift).

log2(1 + u) = u * P(u) on u in [sqrt(1/2) - 1, sqrt(2) - 1] (degree 5) and 2^f on f in [-1/2, 1/2]
(degree 4), both fitted on Chebyshev nodes. Prints the coefficients (lowest degree first) and the
largest errors on a fine grid. Needs numpy.
"""
import numpy as np

nodes = np.cos(np.linspace(0, np.pi, 4001))
low, high = np.sqrt(0.5) - 1, np.sqrt(2) - 1
u = nodes * (high - low) / 2 + (high + low) / 2
u = u[np.abs(u) > 1e-9]
log_coefficients = np.polynomial.polynomial.polyfit(u, np.log2(1 + u) / u, 5)
f = nodes * 0.5
exp_coefficients = np.polynomial.polynomial.polyfit(f, 2 ** f, 4)

grid = np.linspace(low, high, 400001)
print("log2 coefficients:", ", ".join(repr(float(c)) for c in log_coefficients))
print("  max |error|:", np.max(np.abs(grid * np.polynomial.polynomial.polyval(grid, log_coefficients) - np.log2(1 + grid))))
grid = np.linspace(-0.5, 0.5, 400001)
print("exp2 coefficients:", ", ".join(repr(float(c)) for c in exp_coefficients))
print("  max relative error:", np.max(np.abs(np.polynomial.polynomial.polyval(grid, exp_coefficients) / 2 ** grid - 1)))
