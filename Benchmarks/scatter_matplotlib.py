"""matplotlib's side of the 50 000-point scatter benchmark, printed as JSON like litmus-bench.

Usage: python3 Benchmarks/scatter_matplotlib.py POINTS.npy   (numpy, matplotlib)
Same figure as `litmus-bench scatter`: 6.4 × 4.2 in at 110 dpi, 10 categories, PNG and SVG.
"""
import io
import json
import resource
import sys
import time

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

X = np.load(sys.argv[1])
start = time.perf_counter()
fig, ax = plt.subplots(figsize=(6.4, 4.2), dpi=110)
for c in range(10):
    ax.scatter(X[c::10, 0], X[c::10, 1], s=16, alpha=0.7, label=str(c), linewidths=0)
ax.set_xlabel("x")
ax.set_ylabel("y")
ax.legend(loc="center left", bbox_to_anchor=(1, 0.5))
png, svg = io.BytesIO(), io.BytesIO()
fig.savefig(png, format="png")
fig.savefig(svg, format="svg")
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": seconds, "peak_mb": peak, "result": [len(png.getvalue()), len(svg.getvalue())]}))
