#!/usr/bin/env python3
"""Real photographs and what the reference pipelines make of them, for ImagingTests.

The photographs are scikit-learn's sample images (china.jpg, flower.jpg; see sklearn/datasets/images/
README.txt for their licence), made smaller with Pillow (LANCZOS, JPEG quality 90) to keep the
fixtures small; a crop of each, saved as PNG, exercises upscaling. For each photograph and SIZE:

- `<name>.torchvision.png`: torchvision's PIL path, `transforms.Resize((SIZE, SIZE))` on the RGB image
  = `img.resize((SIZE, SIZE), Image.BILINEAR)` (torchvision's `F_pil.resize`), the 8-bit image that
  `ToTensor` then divides by 255;
- `<name>.keras.png`: `keras.utils.load_img(path, target_size=(SIZE, SIZE))` = `img.convert("RGB")`
  then `img.resize((SIZE, SIZE), Image.NEAREST)` (Keras' default interpolation), the 8-bit image that
  `preprocess_input` (caffe) then turns to BGR minus the means;
- in cases.json the sums of the final float32 planes, computed the way torchvision's `ToTensor` +
  `Normalize` and Keras' `img_to_array` + `preprocess_input` do (float32 NumPy).

torch, torchvision and Keras are not installed here: their resize is Pillow's, reproduced above exactly
as their sources call it. Needs: pip install pillow numpy scikit-learn. Run from this folder.
"""
import json
import os

import numpy as np
import sklearn
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
SIZE = 96
MEAN = np.array([0.485, 0.456, 0.406], dtype=np.float32)
STD = np.array([0.229, 0.224, 0.225], dtype=np.float32)
CAFFE_BGR = [103.939, 116.779, 123.68]


def torchvision_planes(img):
    resized = img.resize((SIZE, SIZE), Image.BILINEAR)
    x = np.asarray(resized, dtype=np.uint8).astype(np.float32) / 255  # ToTensor (HWC here)
    return resized, (x - MEAN) / STD


def keras_planes(img):
    resized = img.convert("RGB").resize((SIZE, SIZE), Image.NEAREST)
    x = np.asarray(resized, dtype=np.float32)[..., ::-1].copy()  # img_to_array, RGB -> BGR
    for c in range(3):
        x[..., c] -= CAFFE_BGR[c]
    return resized, x


def main():
    images = os.path.join(os.path.dirname(sklearn.__file__), "datasets", "images")
    cases = []
    for name in ["china", "flower"]:
        photo = Image.open(os.path.join(images, f"{name}.jpg")).convert("RGB")
        small = photo.resize((photo.width // 2, photo.height // 2), Image.LANCZOS)
        jpeg = f"{name}.jpg"
        small.save(os.path.join(HERE, jpeg), quality=90)
        crop = f"{name}_crop.png"
        small.crop((100, 60, 148, 96)).save(os.path.join(HERE, crop))
        for source in [jpeg, crop]:
            img = Image.open(os.path.join(HERE, source))  # decoded by Pillow (libjpeg-turbo), as the pipelines do
            img = img.convert("RGB")
            for pipeline, make in [("torchvision", torchvision_planes), ("keras", keras_planes)]:
                resized, planes = make(img)
                out = source.rsplit(".", 1)[0] + f".{pipeline}.png"
                resized.save(os.path.join(HERE, out))
                cases.append({"source": source, "pipeline": pipeline, "size": SIZE, "resized": out,
                              "input_width": img.width, "input_height": img.height,
                              "sum": float(planes.astype(np.float64).sum()),
                              "abs_sum": float(np.abs(planes.astype(np.float64)).sum())})
    with open(os.path.join(HERE, "cases.json"), "w") as f:
        json.dump({"pillow": Image.__version__, "cases": cases}, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
