#!/usr/bin/env python3
"""DICOM fixtures for ImagingTests: a selection of pydicom's own test files, a few variants made from
them with pydicom (MONOCHROME1, LUT sequences, several windows, padding, 8-bit), hostile headers, and for
each readable file pydicom's decoded result in [0, 1] as `<name>.expected.npy` (uint16, value × 65535).

pydicom's result: pixel_array (frame 1) → apply_modality_lut → apply_voi_lut (window or VOI LUT `index`)
→ scaled to [0, 1] by the VOI output range → inverted for MONOCHROME1; a file without a window is
stretched over its own min…max (Litmus's `window: first` fallback); Pixel Padding values are 0.
Colour: pixel_array (pydicom converts YBR to RGB) / (2**BitsStored − 1).

JPEG Baseline is decoded with pydicom's `pillow` plugin (libjpeg-turbo): GDCM's IJG libjpeg upsamples
4:2:2 chroma the same way, pylibjpeg's libjpeg 9 differently (up to 2.2/255 on SC_rgb_dcmtk_+eb+cy+np;
JPEG leaves upsampling to the decoder). Every other syntax uses pydicom's default plugin.

Needs: pip install pydicom pylibjpeg pylibjpeg-openjpeg pylibjpeg-libjpeg numpy
Run from this folder: python3 make_dicom_fixtures.py
"""
import copy
import json
import os
import shutil

import numpy as np
import pydicom
from pydicom.data import get_testdata_file
from pydicom.pixels import apply_modality_lut, apply_voi_lut, pixel_array
from pydicom.sequence import Sequence
from pydicom.dataset import Dataset

HERE = os.path.dirname(os.path.abspath(__file__))
MAX_SAMPLES = 4096  # larger references keep every k-th row and column (`stride` in cases.json)

# pydicom's files: transfer syntaxes and pixel kinds the issue lists.
COPIED = {
    "CT_small.dcm": "CT, Explicit VR Little Endian, signed 16-bit, Rescale Slope/Intercept, no window",
    "MR_small_implicit.dcm": "Implicit VR Little Endian, window",
    "MR_small_bigendian.dcm": "Explicit VR Big Endian",
    "MR_small_RLE.dcm": "RLE Lossless",
    "MR_small_jp2klossless.dcm": "JPEG 2000 lossless",
    "MR_small_jpeg_ls_lossless.dcm": "JPEG-LS lossless",
    "JPEGLSNearLossless_08.dcm": "JPEG-LS near-lossless, 8-bit",
    "JPGExtended.dcm": "JPEG Extended (process 4), 12-bit",
    "SC_rgb_jpeg_gdcm.dcm": "JPEG Lossless (process 14), RGB",
    "SC_rgb_jpeg_dcmtk.dcm": "JPEG Baseline, YBR_FULL",
    "SC_rgb_dcmtk_+eb+cy+np.dcm": "JPEG Baseline, YBR_FULL_422",
    "SC_ybr_full_422_uncompressed.dcm": "uncompressed YBR_FULL_422",
    "SC_rgb_small_odd_big_endian.dcm": "Explicit VR Big Endian, RGB, odd size",
    "SC_rgb_rle_2frame.dcm": "RLE, RGB, two frames",
    "image_dfl.dcm": "Deflated Explicit VR Little Endian",
}
MALFORMED = {"MR_truncated.dcm": "pixel data cut short"}
# Inputs the fuzzer found that crashed a reader once (Fuzz/Corpus/dicom/regression-*), kept as cases.
FUZZ_CORPUS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "..", "Fuzz", "Corpus", "dicom")


def cropped(ds, side):
    """The top-left side × side pixels of a single-frame grey file (keeps the variants small)."""
    arr = ds.pixel_array[:side, :side]
    ds = copy.deepcopy(ds)
    ds.Rows, ds.Columns = arr.shape
    ds.PixelData = arr.astype(arr.dtype.newbyteorder("<")).tobytes()
    return ds


def lut_sequence(stored, bits, values, **attributes):
    """A one-item LUT sequence covering the stored values' range: `values(entries)` as US LUT Data."""
    lo, hi = int(stored.min()), int(stored.max())
    entries = hi - lo + 1
    item = Dataset()
    item.LUTDescriptor = [entries, lo, bits]
    for name, value in attributes.items():
        setattr(item, name, value)
    item.LUTData = values(entries).astype(np.uint16).tolist()
    item["LUTData"].VR = "US"
    return Sequence([item])


def write(ds, name):
    ds.save_as(os.path.join(HERE, name), enforce_file_format=True)


def variants():
    """Files made from pydicom's with pydicom: what the pipeline must handle that no test file has."""
    made = {}
    mr = pydicom.dcmread(get_testdata_file("MR_small.dcm"))

    m1 = copy.deepcopy(mr)
    m1.PhotometricInterpretation = "MONOCHROME1"
    write(m1, "MR_monochrome1.dcm")
    made["MR_monochrome1.dcm"] = "MONOCHROME1 (inverted: bone bright)"

    two = copy.deepcopy(mr)
    two.WindowCenter, two.WindowWidth = [600, 300], [1600, 400]
    two.VOILUTFunction = "LINEAR_EXACT"
    write(two, "MR_two_windows.dcm")
    made["MR_two_windows.dcm"] = "two windows, LINEAR_EXACT"

    sig = copy.deepcopy(mr)
    sig.VOILUTFunction = "SIGMOID"
    write(sig, "MR_sigmoid.dcm")
    made["MR_sigmoid.dcm"] = "SIGMOID window"

    voi = copy.deepcopy(mr)
    del voi.WindowCenter, voi.WindowWidth
    voi.VOILUTSequence = lut_sequence(voi.pixel_array, 12, lambda n: np.sqrt(np.linspace(0, 1, n)) * 4095,
                                      LUTExplanation="square root")
    write(voi, "MR_voi_lut.dcm")
    made["MR_voi_lut.dcm"] = "VOI LUT Sequence (no window)"

    ct = cropped(pydicom.dcmread(get_testdata_file("CT_small.dcm")), 64)
    mlut = copy.deepcopy(ct)
    del mlut.RescaleSlope, mlut.RescaleIntercept
    mlut.ModalityLUTSequence = lut_sequence(mlut.pixel_array, 16, lambda n: np.clip(np.arange(n) * 2 + 100, 0, 65535),
                                            ModalityLUTType="HU")
    mlut.WindowCenter, mlut.WindowWidth = 1200, 1800
    write(mlut, "CT_modality_lut.dcm")
    made["CT_modality_lut.dcm"] = "Modality LUT Sequence, then a window"

    pad = copy.deepcopy(ct)
    arr = pad.pixel_array.copy()
    arr[:8, :] = -2000
    arr[-4:, :] = -1990
    pad.PixelPaddingValue = -2000
    pad.PixelPaddingRangeLimit = -1990
    pad["PixelPaddingValue"].VR = "SS"
    pad["PixelPaddingRangeLimit"].VR = "SS"
    pad.PixelData = arr.astype("<i2").tobytes()
    write(pad, "CT_padding.dcm")
    made["CT_padding.dcm"] = "Pixel Padding Value and Range Limit (rows of padding)"

    eight = copy.deepcopy(mr)
    a = mr.pixel_array.astype(np.float64)
    eight.PixelData = np.round((a - a.min()) / (a.max() - a.min()) * 255).astype(np.uint8).tobytes()
    eight.BitsAllocated, eight.BitsStored, eight.HighBit, eight.PixelRepresentation = 8, 8, 7, 0
    eight.WindowCenter, eight.WindowWidth = 128, 256
    write(eight, "MR_unsigned8.dcm")
    made["MR_unsigned8.dcm"] = "unsigned 8-bit"
    return made


def hostile():
    """Headers that lie about sizes: each must be an error naming the field, never a crash."""
    made = {}
    mr = cropped(pydicom.dcmread(get_testdata_file("MR_small.dcm")), 8)
    for name, change in {
        "hostile_rows_columns.dcm": lambda d: (setattr(d, "Rows", 65535), setattr(d, "Columns", 65535)),
        "hostile_frames.dcm": lambda d: setattr(d, "NumberOfFrames", 2147483647),
        "hostile_bits.dcm": lambda d: setattr(d, "BitsAllocated", 64),
        "hostile_zero_columns.dcm": lambda d: setattr(d, "Columns", 0),
    }.items():
        d = copy.deepcopy(mr)
        change(d)
        write(d, name)
        made[name] = "hostile header"
    with open(os.path.join(HERE, "garbage_after_preamble.dcm"), "wb") as f:
        f.write(b"\0" * 128 + b"DICM" + bytes(range(256)) * 4)
    made["garbage_after_preamble.dcm"] = "DICM then noise"
    return made


def expected(path, window=1):
    ds = pydicom.dcmread(path)
    plugin = "pillow" if ds.file_meta.TransferSyntaxUID == pydicom.uid.JPEGBaseline8Bit else ""
    arr = pixel_array(ds, decoding_plugin=plugin)
    if int(ds.get("NumberOfFrames", 1)) > 1:
        arr = arr[0]
    pi = ds.PhotometricInterpretation
    if ds.SamplesPerPixel == 3:
        return arr.astype(np.float64) / (2 ** ds.BitsStored - 1), "colour"
    stored = arr.astype(np.float64)
    modality = apply_modality_lut(arr, ds).astype(np.float64)
    padding = np.zeros(arr.shape, bool)
    if "PixelPaddingValue" in ds:
        lo = ds.PixelPaddingValue
        hi = ds.get("PixelPaddingRangeLimit", lo)
        padding = (stored >= min(lo, hi)) & (stored <= max(lo, hi))
    if "WindowCenter" in ds:
        out = apply_voi_lut(modality, ds, index=window - 1)
        ends = apply_voi_lut(np.array([-1e12, 1e12]), ds, index=window - 1)
        grey = (out - ends[0]) / (ends[1] - ends[0])
        how = f"window {window}"
    elif "VOILUTSequence" in ds:
        out = apply_voi_lut(modality.astype(int), ds, index=window - 1)
        grey = out / (2 ** ds.VOILUTSequence[window - 1].LUTDescriptor[2] - 1)
        how = f"VOI LUT {window}"
    else:
        valid = modality[~padding]
        lo, hi = valid.min(), valid.max()
        grey = (modality - lo) / (hi - lo) if hi > lo else np.zeros_like(modality)
        how = "min-max"
    if pi == "MONOCHROME1":
        grey = 1 - grey
    grey[padding] = 0
    return grey, how


def main():
    for name in os.listdir(HERE):
        if name.endswith((".dcm", ".npy")) or name == "cases.json":
            os.remove(os.path.join(HERE, name))
    kinds = {}
    for name, kind in {**COPIED, **MALFORMED}.items():
        shutil.copy(get_testdata_file(name), os.path.join(HERE, name))
        kinds[name] = kind
    kinds.update(variants())
    bad = {**MALFORMED, **hostile()}
    for name in sorted(os.listdir(FUZZ_CORPUS)):
        if name.startswith("regression-"):
            shutil.copy(os.path.join(FUZZ_CORPUS, name), os.path.join(HERE, name + ".dcm"))
            bad[name + ".dcm"] = "found by the fuzzer"
    cases = []
    runs = [(name, kind, 1) for name, kind in sorted(kinds.items()) if name not in bad]
    runs.append(("MR_two_windows.dcm", "the second of two windows", 2))
    for name, kind, window in runs:
        grey, how = expected(os.path.join(HERE, name), window)
        stride = 1
        while grey[::stride, ::stride].size > MAX_SAMPLES:
            stride += 1
        kept = grey[::stride, ::stride]
        reference = name.replace(".dcm", ".expected.npy" if window == 1 else f".window{window}.expected.npy")
        np.save(os.path.join(HERE, reference), np.round(np.clip(kept, 0, 1) * 65535).astype("<u2"))
        cases.append({"file": name, "kind": kind, "window": window, "expected": reference, "reference": how, "stride": stride,
                      "height": int(grey.shape[0]), "width": int(grey.shape[1]),
                      "channels": 3 if grey.ndim == 3 else 1})
    malformed = [{"file": n, "kind": k} for n, k in sorted(bad.items())]
    with open(os.path.join(HERE, "cases.json"), "w") as f:
        json.dump({"pydicom": pydicom.__version__, "decoded": cases, "malformed": malformed}, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
