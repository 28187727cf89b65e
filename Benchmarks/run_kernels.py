"""sgemm and VGG19 under each OpenBLAS kernel this CPU can run, beside onnxruntime on the same network.

Usage (from the repository root):
    swift build -c release --product litmus-bench --product litmus
    python3 Benchmarks/run_kernels.py [IMAGES]
Runs `litmus-bench sgemm` (one single-threaded 256 x 2304 x 3136 product per core) and `litmus-bench vgg19
IMAGES 8` (224 x 224, one image per core) with OPENBLAS_CORETYPE unset (OpenBLAS's own choice) and forced
to each kernel `litmus doctor --runnable-kernels` names; Prescott is what Debian 12's OpenBLAS 0.3.21 falls
back to on recent Intel CPUs. onnxruntime runs the same seeded VGG19 (batch 1, both cores) once, in the
same run, for the ratio. Needs numpy, onnx, onnxruntime and safetensors.
"""
import json
import os
import subprocess
import sys
import time

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "NeuralNetTests", "Fixtures"))
from make_vgg19_reference import session, vgg19_model  # noqa: E402

images = int(sys.argv[1]) if len(sys.argv) > 1 else 16
bench = ".build/release/litmus-bench"
weights = "/tmp/litmus-vgg19-seeded.safetensors"
subprocess.run([bench, "seeded-weights", weights, "1"], check=True)
clean = {k: v for k, v in os.environ.items() if k not in ("OPENBLAS_CORETYPE", "LITMUS_OPENBLAS_FALLBACK")}
kernels = subprocess.run([".build/release/litmus", "doctor", "--runnable-kernels"], env=clean, check=True,
                         capture_output=True, text=True).stdout.split()
cpu = subprocess.run([".build/release/litmus", "doctor"], env=clean, check=True, capture_output=True, text=True).stdout


def measure(command, kernel):
    env = dict(clean, **({"OPENBLAS_CORETYPE": kernel} if kernel else {}))
    out = subprocess.run(command, env=env, check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1]
    return json.loads(out)


run = session(vgg19_model(weights), threads=os.cpu_count())
x = np.random.default_rng(0).random((1, 3, 224, 224), dtype=np.float32)
run.run(None, {"input": x})
start = time.perf_counter()
for _ in range(images):
    run.run(None, {"input": x})
onnx = images / (time.perf_counter() - start)

print(cpu.splitlines()[0])
print(f"onnxruntime {__import__('onnxruntime').__version__} (batch 1, {os.cpu_count()} threads): {onnx:.2f} images/s\n")
print("| OpenBLAS kernel | sgemm GFLOP/s (all cores) | per core | VGG19 images/s (batch 8) | vs onnxruntime |")
print("| --- | ---: | ---: | ---: | ---: |")
for kernel in [None] + kernels:
    sgemm = measure([bench, "sgemm", "10"], kernel)["result"]
    vgg = measure([bench, "vgg19", str(images), "8"], kernel)["result"]["images_per_s"]
    name = f"{sgemm['kernel']} ({'OpenBLAS chose' if kernel is None else 'forced'})"
    print(f"| {name} | {sgemm['gflops']:.1f} | {sgemm['gflops_per_core']:.1f} | {vgg:.2f} | {vgg / onnx:.2f}x |")
