"""Features of real photographs through Litmus's `preprocess` pipelines beside their reference pipelines.

Usage (from the repository root):
    swift build -c release --product litmus --product litmus-bench
    python3 Benchmarks/run_preprocessing.py
scikit-learn's china.jpg and flower.jpg (full size) go through `litmus render` (dataset, features at
224 px with `preprocess: torchvision` and `preprocess: keras`, exported as .npy) and through the
reference: Pillow's decoding and resize as torchvision's `Resize((224, 224))` + `ToTensor` + `Normalize`,
and as Keras' `load_img(target_size=(224, 224))` + `preprocess_input` (caffe), then the same VGG19
(Litmus's seeded weights) in onnxruntime. Prints the largest relative difference per pipeline, as the
issue measured (8.7e-4 for torchvision before Litmus rounded where the reference rounds). Needs numpy,
pillow, onnx, onnxruntime, safetensors, scikit-learn.
"""
import os
import shutil
import subprocess
import sys
import tempfile

import numpy as np
import sklearn
from PIL import Image

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "NeuralNetTests", "Fixtures"))
from make_vgg19_reference import session, vgg19_model  # noqa: E402

root = os.getcwd()
work = tempfile.mkdtemp(prefix="litmus-preprocess-")
weights = os.path.join(work, "vgg19.safetensors")
subprocess.run([".build/release/litmus-bench", "seeded-weights", weights, "1"], check=True)
photos = os.path.join(work, "photos", "photo")
os.makedirs(photos)
images = os.path.join(os.path.dirname(sklearn.__file__), "datasets", "images")
names = ["china.jpg", "flower.jpg"]
for name in names:
    shutil.copy(os.path.join(images, name), photos)
steps = "".join(f"""
```{{features #{p}}}
input: ds
weights: vgg19.safetensors
preprocess: {p}
```

```{{export}}
input: {p}
path: {p}.npy
```
""" for p in ["torchvision", "keras"])
with open(os.path.join(work, "t.md"), "w") as f:
    f.write("```{dataset #ds}\npath: photos\n```\n" + steps)
subprocess.run([os.path.join(root, ".build/release/litmus"), "render", "t.md", "--out", "out", "-q"], cwd=work, check=True)

model = session(vgg19_model(weights))
mean, std = np.array([0.485, 0.456, 0.406], np.float32), np.array([0.229, 0.224, 0.225], np.float32)


def torchvision_input(img):
    x = np.asarray(img.resize((224, 224), Image.BILINEAR), np.uint8).astype(np.float32) / 255
    return ((x - mean) / std).transpose(2, 0, 1)


def keras_input(img):
    x = np.asarray(img.resize((224, 224), Image.NEAREST), np.float32)[..., ::-1].copy()
    for c, m in enumerate([103.939, 116.779, 123.68]):
        x[..., c] -= m
    return x.transpose(2, 0, 1)


print("| pipeline | photographs | largest relative difference of the 512 features |")
print("| --- | --- | ---: |")
for pipeline, make in [("torchvision", torchvision_input), ("keras", keras_input)]:
    ours = np.load(os.path.join(work, "out", "data", f"{pipeline}.npy"))
    reference = np.stack([model.run(None, {"input": make(Image.open(os.path.join(photos, n)).convert("RGB"))[None]})[0][0]
                          for n in names])
    relative = np.abs(ours - reference).max() / np.abs(reference).max()
    print(f"| {pipeline} | {', '.join(names)} | {relative:.1e} |")
shutil.rmtree(work)
