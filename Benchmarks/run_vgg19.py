"""VGG19 throughput of Litmus (oneDNN, f32 and bf16) beside onnxruntime on the same weights and inputs.

Usage (from the repository root):
    swift build -c release --product litmus-bench
    python3 Benchmarks/run_vgg19.py [IMAGES]
Exports Litmus's seeded VGG19 as .safetensors, builds the same network for onnxruntime
(Tests/NeuralNetTests/Fixtures/make_vgg19_reference.py), and times 224 x 224 inputs: onnxruntime with
batch 1 and batch 8 (both cores); Litmus one image per core, each on one thread, in f32 and (where the CPU
has AVX-512 BF16 or AMX) bf16. Each ratio is against onnxruntime's better batch in the same run. The
error rows compare Litmus's features of one input with onnxruntime's: per feature, relative to itself or
(near zero) to the vector's norm / 512, as VGG19Tests does; bf16 relative to the largest feature.
Set DNNL_MAX_CPU_ISA=AVX2 to see what an AVX2-only CPU gets. Needs numpy, onnx, onnxruntime, safetensors.
"""
import json
import os
import subprocess
import sys
import time

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "NeuralNetTests", "Fixtures"))
from make_vgg19_reference import session, vgg19_model  # noqa: E402

images = int(sys.argv[1]) if len(sys.argv) > 1 else 24
weights = "/tmp/litmus-vgg19-seeded.safetensors"
bench = ".build/release/litmus-bench"
subprocess.run([bench, "seeded-weights", weights, "1"], check=True)


def measure(command):
    run = subprocess.run(command, capture_output=True, text=True)
    if run.returncode != 0:
        return None
    return json.loads(run.stdout.strip().splitlines()[-1])


ours = {p: measure([bench, "vgg19", str(images), p, f"/tmp/litmus-vgg19-{p}"]) for p in ["f32", "bf16"]}
run = session(vgg19_model(weights), threads=os.cpu_count())
rng = np.random.default_rng(0)
rows = []
for batch in [1, 8]:
    x = rng.random((batch, 3, 224, 224), dtype=np.float32)
    run.run(None, {"input": x})  # warm-up
    start = time.perf_counter()
    for _ in range(max(1, images // batch)):
        run.run(None, {"input": x})
    rows.append((batch, max(1, images // batch) * batch / (time.perf_counter() - start)))
best = max(rate for _, rate in rows)
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
print(f"CPU: {cpu}, {os.cpu_count()} cores; DNNL_MAX_CPU_ISA={os.environ.get('DNNL_MAX_CPU_ISA', 'unset')}\n")
print("| engine | images/s | vs onnxruntime (best batch) | peak MB |")
print("| --- | ---: | ---: | ---: |")
for precision, result in ours.items():
    if result is None:
        print(f"| Litmus oneDNN {precision} | not available on this CPU | | |")
        continue
    r = result["result"]
    print(f"| Litmus oneDNN {precision} ({r['isa']}: {r['implementations']}) | {r['images_per_s']:.2f} | "
          f"{r['images_per_s'] / best:.2f}x | {result['peak_mb']:.0f} |")
import onnxruntime  # noqa: E402
for batch, rate in rows:
    print(f"| onnxruntime {onnxruntime.__version__} f32, batch {batch} | {rate:.2f} | {rate / best:.2f}x | |")

x = np.load("/tmp/litmus-vgg19-f32-input.npy")
reference = run.run(None, {"input": x})[0].reshape(-1).astype(np.float64)
scale = np.linalg.norm(reference) / 512
for precision, result in ours.items():
    if result is None:
        continue
    features = np.load(f"/tmp/litmus-vgg19-{precision}-features.npy").astype(np.float64)
    per_feature = np.max(np.abs(features - reference) / np.maximum(np.abs(reference), scale))
    of_largest = np.max(np.abs(features - reference)) / np.max(np.abs(reference))
    print(f"\n{precision} features vs onnxruntime: max relative error {per_feature:.2e} per feature, "
          f"{of_largest:.2e} of the largest feature")
