"""VGG19 throughput of Litmus beside onnxruntime on the same weights, and the machine's sgemm rate.

Usage (from the repository root):
    swift build -c release --product litmus-bench
    python3 Benchmarks/run_vgg19.py [IMAGES]
Exports Litmus's seeded VGG19 as .safetensors, builds the same network for onnxruntime
(Tests/NeuralNetTests/Fixtures/make_vgg19_reference.py), and times 224 x 224 inputs: onnxruntime with
batch 1 and batch 8 (both cores); Litmus batch 1 (one image on both cores) and batch 8 (one image per
core, single-threaded OpenBLAS). GFLOP/s counts the convolutions'
multiply-adds twice (39.0 GFLOP per image). Needs numpy, onnx, onnxruntime and safetensors.
"""
import json
import os
import subprocess
import sys
import time

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "NeuralNetTests", "Fixtures"))
from make_vgg19_reference import session, vgg19_model  # noqa: E402

GFLOP_PER_IMAGE = 39.0168576
images = int(sys.argv[1]) if len(sys.argv) > 1 else 16
weights = "/tmp/litmus-vgg19-seeded.safetensors"
subprocess.run([".build/release/litmus-bench", "seeded-weights", weights, "1"], check=True)


def measure(command):
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1]
    return json.loads(out)


sgemm = measure([".build/release/litmus-bench", "sgemm", "20"])["result"]["gflops"]
ours = {batch: measure([".build/release/litmus-bench", "vgg19", str(images), str(batch)]) for batch in [1, 8]}
run = session(vgg19_model(weights), threads=os.cpu_count())
rng = np.random.default_rng(0)
rows = []
for batch in [1, 8]:
    x = rng.random((batch, 3, 224, 224), dtype=np.float32)
    run.run(None, {"input": x})  # warm-up
    start = time.perf_counter()
    for _ in range(max(1, images // batch)):
        run.run(None, {"input": x})
    seconds = time.perf_counter() - start
    rows.append((batch, max(1, images // batch) * batch / seconds))

print(f"machine sgemm (OpenBLAS, 256 x 2304 x 3136): {sgemm:.1f} GFLOP/s\n")
print("| engine | batch | images/s | GFLOP/s | share of sgemm rate |")
print("| --- | ---: | ---: | ---: | ---: |")
for batch, result in ours.items():
    ips = result["result"]["images_per_s"]
    print(f"| Litmus (Winograd F(2,3) + OpenBLAS sgemm) | {batch} | {ips:.2f} | {ips * GFLOP_PER_IMAGE:.1f} | "
          f"{ips * GFLOP_PER_IMAGE / sgemm:.0%} |")
for batch, rate in rows:
    print(f"| onnxruntime {__import__('onnxruntime').__version__} CPU | {batch} | {rate:.2f} | {rate * GFLOP_PER_IMAGE:.1f} | "
          f"{rate * GFLOP_PER_IMAGE / sgemm:.0%} |")
for (batch, result), (_, rate) in zip(ours.items(), rows):
    print(f"\nbatch {batch}: Litmus / onnxruntime {result['result']['images_per_s'] / rate:.2f}x; Litmus peak {result['peak_mb']:.0f} MB")
