"""Reference Grad-CAM maps from PyTorch autograd, for GradCAMTests.matchesPyTorch.

Usage (from the repository root, after make_vgg19_reference.py's first two steps):
    python3 Tests/NeuralNetTests/Fixtures/make_gradcam_reference.py /tmp/vgg19-seeded.safetensors

Builds VGG19's convolutional part in PyTorch from the .safetensors file, runs the inputs of
make_vgg19_reference.py (vgg19_input*.npy), and for each case below back-propagates a scalar function of
the pooled 512-d feature vector f (sum, one feature, or f . v) to a convolution's activations after its
ReLU, then computes Grad-CAM as pytorch-grad-cam does (weights = spatial mean of the gradient, ReLU of the
weighted sum, min-max scaling, bilinear resize with half-pixel centres to the input size, ReLU and
min-max scaling again). Writes gradcam_vector.npy, gradcam_case{i}.npy and gradcam_cases.json.
Needs numpy, torch and safetensors.
"""
import json
import os
import sys

import numpy as np
import torch
from safetensors.numpy import load_file

CONFIGURATION = [64, 64, 0, 128, 128, 0, 256, 256, 256, 256, 0, 512, 512, 512, 512, 0, 512, 512, 512, 512, 0]
NAMES = [f"conv{b + 1}_{i + 1}" for b, n in enumerate([2, 2, 4, 4, 4]) for i in range(n)]
CASES = [
    {"input": 0, "layer": "conv5_4", "target": "sum"},
    {"input": 0, "layer": "conv4_4", "target": "vector"},
    {"input": 1, "layer": "conv3_2", "target": "feature", "feature": 7},
    {"input": 2, "layer": "conv5_4", "target": "vector"},
]


def build(weights_path):
    weights = load_file(weights_path)
    layers, index, convolutions = [], 0, []
    in_channels = 3
    for channels in CONFIGURATION:
        if channels == 0:
            layers.append(torch.nn.MaxPool2d(2, 2))
            index += 1
            continue
        conv = torch.nn.Conv2d(in_channels, channels, 3, padding=1)
        conv.weight.data = torch.from_numpy(weights[f"features.{index}.weight"].astype(np.float32))
        conv.bias.data = torch.from_numpy(weights[f"features.{index}.bias"].astype(np.float32))
        layers += [conv, torch.nn.ReLU(inplace=False)]
        convolutions.append(len(layers) - 1)  # the ReLU after each convolution
        in_channels, index = channels, index + 2
    return torch.nn.Sequential(*layers).eval(), convolutions


def gradcam(model, relu_positions, image, layer, target):
    x = torch.from_numpy(image[None]).double()
    model = model.double()
    saved = {}
    position = relu_positions[NAMES.index(layer)]
    for i, module in enumerate(model):
        x = module(x)
        if i == position:
            x.retain_grad()
            saved["activations"] = x
    features = x.mean(dim=(2, 3))[0]
    target(features).backward()
    activations = saved["activations"][0].detach()
    weights = saved["activations"].grad[0].mean(dim=(1, 2))
    cam = torch.relu((weights[:, None, None] * activations).sum(dim=0))
    cam = cam - cam.min()
    cam = cam / (1e-7 + cam.max())
    cam = torch.nn.functional.interpolate(cam[None, None], size=image.shape[1:], mode="bilinear", align_corners=False)[0, 0]
    cam = torch.relu(cam)
    cam = cam - cam.min()
    return (cam / (1e-7 + cam.max())).numpy().astype(np.float32)


if __name__ == "__main__":
    folder = os.path.dirname(os.path.abspath(__file__))
    model, relus = build(sys.argv[1])
    vector = np.random.default_rng(5).normal(size=512).astype(np.float32)
    np.save(os.path.join(folder, "gradcam_vector.npy"), vector)
    v = torch.from_numpy(vector).double()
    for i, case in enumerate(CASES):
        image = np.load(os.path.join(folder, f"vgg19_input{case['input']}.npy"))
        target = {"sum": lambda f: f.sum(), "vector": lambda f: (f * v).sum(),
                  "feature": lambda f: f[case.get("feature", 0)]}[case["target"]]
        heatmap = gradcam(model, relus, image, case["layer"], target)
        np.save(os.path.join(folder, f"gradcam_case{i}.npy"), heatmap)
        print(i, case, heatmap.shape, "mean", float(heatmap.mean()))
    with open(os.path.join(folder, "gradcam_cases.json"), "w") as f:
        json.dump(CASES, f, indent=1)
