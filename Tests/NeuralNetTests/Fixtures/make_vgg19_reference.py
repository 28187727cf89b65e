"""Reference outputs of VGG19 from onnxruntime, for VGG19Tests.networkMatchesOnnxruntime.

Usage (from the repository root):
    swift build -c release --product litmus-bench
    .build/release/litmus-bench seeded-weights /tmp/vgg19-seeded.safetensors 1
    python3 Tests/NeuralNetTests/Fixtures/make_vgg19_reference.py /tmp/vgg19-seeded.safetensors

Builds VGG19's convolutional part as an ONNX graph (Conv 3x3 pad 1, Relu, MaxPool 2x2, GlobalAveragePool)
from the .safetensors file (torchvision names), runs it with onnxruntime on three deterministic inputs
(two 64 x 64, one 80 x 80) and writes them and the 512-d outputs as vgg19_input{0,1,2}.npy and vgg19_output{0,1,2}.npy.
Needs numpy, onnx, onnxruntime and safetensors.
"""
import os
import sys

import numpy as np
import onnx
import onnxruntime
from onnx import TensorProto, helper, numpy_helper
from safetensors.numpy import load_file

CONFIGURATION = [64, 64, 0, 128, 128, 0, 256, 256, 256, 256, 0, 512, 512, 512, 512, 0, 512, 512, 512, 512, 0]


def vgg19_model(weights_path, pooled=True):
    """The ONNX model: input NCHW float32 of any size, output (N, 512) (or the last feature map)."""
    weights = load_file(weights_path)
    nodes, initializers = [], []
    current, index = "input", 0
    for channels in CONFIGURATION:
        if channels == 0:
            nodes.append(helper.make_node("MaxPool", [current], [f"pool{index}"], kernel_shape=[2, 2], strides=[2, 2]))
            current, index = f"pool{index}", index + 1
            continue
        w, b = f"features.{index}.weight", f"features.{index}.bias"
        initializers += [numpy_helper.from_array(weights[w].astype(np.float32), w),
                         numpy_helper.from_array(weights[b].astype(np.float32), b)]
        nodes.append(helper.make_node("Conv", [current, w, b], [f"conv{index}"], kernel_shape=[3, 3], pads=[1, 1, 1, 1]))
        nodes.append(helper.make_node("Relu", [f"conv{index}"], [f"relu{index}"]))
        current, index = f"relu{index}", index + 2
    if pooled:
        nodes.append(helper.make_node("GlobalAveragePool", [current], ["gap"]))
        nodes.append(helper.make_node("Flatten", ["gap"], ["output"]))
    else:
        nodes.append(helper.make_node("Identity", [current], ["output"]))
    graph = helper.make_graph(nodes, "vgg19",
                              [helper.make_tensor_value_info("input", TensorProto.FLOAT, ["N", 3, "H", "W"])],
                              [helper.make_tensor_value_info("output", TensorProto.FLOAT, ["N", 512] if pooled else ["N", 512, "h", "w"])], initializers)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    onnx.checker.check_model(model)
    return model


def session(model, threads=None):
    options = onnxruntime.SessionOptions()
    if threads:
        options.intra_op_num_threads = threads
    return onnxruntime.InferenceSession(model.SerializeToString(), options, providers=["CPUExecutionProvider"])


def inputs():
    """Smooth patterns plus noise, in the range of normalised images."""
    rng = np.random.default_rng(11)
    result = []
    for size in [64, 64, 80]:
        y, x = np.mgrid[0:size, 0:size] / size
        planes = [np.sin(6 * x + c) * np.cos(4 * y - c) * 1.5 for c in range(3)]
        image = np.stack(planes) + rng.normal(0, 0.3, (3, size, size))
        result.append(image.astype(np.float32))
    return result


if __name__ == "__main__":
    run = session(vgg19_model(sys.argv[1]))
    images = inputs()
    outputs = [run.run(None, {"input": image[None]})[0][0] for image in images]
    folder = os.path.dirname(os.path.abspath(__file__))
    for i, (image, output) in enumerate(zip(images, outputs)):
        np.save(os.path.join(folder, f"vgg19_input{i}.npy"), image)
        np.save(os.path.join(folder, f"vgg19_output{i}.npy"), output.astype(np.float32))
    print("wrote", len(images), "inputs and outputs; output norms", [float(np.linalg.norm(o)) for o in outputs])
