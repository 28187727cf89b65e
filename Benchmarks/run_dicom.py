"""DICOM decoding: Litmus (GDCM in a child process + the grayscale pipeline) beside pydicom on the same files.

Usage (from the repository root):
    swift build -c release --product litmus-bench
    python3 Benchmarks/run_dicom.py [REPEATS]
Writes a radiograph-sized image (2048 x 2560, 12 bits in 16, MONOCHROME1, a window) with pydicom as
uncompressed, RLE and JPEG 2000 lossless files in /tmp/litmus-dicom-bench, then times, per file, the
best of REPEATS decodes: Litmus's `litmus-bench dicom` (the whole ImageDecoder path a `features` step
takes: fork, GDCM parse and decode, modality + VOI + inversion to Float in [0, 1]) and pydicom's
`pixel_array` + `apply_modality_lut` + `apply_voi_lut` + inversion (float64, NumPy). The ratio is pydicom's
time over Litmus's, measured in the same run. "GDCM alone" is Benchmarks/gdcm_alone.cpp (parse + decode
in one process, no fork), compiled here when g++ is installed. Needs pydicom, pylibjpeg,
pylibjpeg-openjpeg, numpy.
"""
import json
import os
import shutil
import subprocess
import sys
import time

import numpy as np
import pydicom
from pydicom.dataset import FileDataset, FileMetaDataset
from pydicom.pixels import apply_modality_lut, apply_voi_lut
from pydicom.uid import ExplicitVRLittleEndian, JPEG2000Lossless, RLELossless, generate_uid

repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 5
folder = "/tmp/litmus-dicom-bench"
os.makedirs(folder, exist_ok=True)


def radiograph():
    rng = np.random.default_rng(0)
    y, x = np.mgrid[0:2560, 0:2048]
    knee = 2500 + 1200 * np.exp(-(((x - 1024) / 500.0) ** 2 + ((y - 1280) / 900.0) ** 2))
    return np.clip(knee + rng.normal(0, 40, knee.shape), 0, 4095).astype(np.uint16)


def dataset(pixels):
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.1.1"  # Digital X-Ray for presentation
    meta.MediaStorageSOPInstanceUID = generate_uid()
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds = FileDataset(None, {}, file_meta=meta, preamble=b"\0" * 128)
    ds.SOPClassUID, ds.SOPInstanceUID, ds.Modality = meta.MediaStorageSOPClassUID, meta.MediaStorageSOPInstanceUID, "DX"
    ds.Rows, ds.Columns = pixels.shape
    ds.SamplesPerPixel, ds.PhotometricInterpretation = 1, "MONOCHROME1"
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 12, 11, 0
    ds.WindowCenter, ds.WindowWidth = 3000, 2500
    ds.PixelData = pixels.tobytes()
    return ds


pixels = radiograph()
files = {}
for name, syntax in [("uncompressed", None), ("rle", RLELossless), ("jpeg2000", JPEG2000Lossless)]:
    ds = dataset(pixels)
    if syntax is not None:
        ds.compress(syntax)
    path = os.path.join(folder, f"{name}.dcm")
    ds.save_as(path, enforce_file_format=True)
    files[name] = path


def pydicom_decode(path):
    ds = pydicom.dcmread(path)
    grey = apply_voi_lut(apply_modality_lut(ds.pixel_array, ds), ds).astype(np.float64)
    low, high = apply_voi_lut(np.array([-1e9, 1e9]), ds)  # the window's output range
    grey = (grey - low) / (high - low)
    return 1 - grey if ds.PhotometricInterpretation == "MONOCHROME1" else grey


gdcm_alone = None
if shutil.which("g++"):
    gdcm_alone = os.path.join(folder, "gdcm_alone")
    subprocess.run(["g++", "-O2", "-o", gdcm_alone, "Benchmarks/gdcm_alone.cpp", "-lgdcmMSFF", "-lgdcmDSED", "-lgdcmCommon"], check=True)

rows = []
for name, path in files.items():
    out = subprocess.run([".build/release/litmus-bench", "dicom", path, str(repeats)], check=True, capture_output=True, text=True)
    litmus = json.loads(out.stdout)["result"]
    pydicom_decode(path)
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        reference = pydicom_decode(path)
        best = min(best, time.perf_counter() - start)
    alone = subprocess.run([gdcm_alone, path, str(repeats)], check=True, capture_output=True, text=True).stdout.strip() if gdcm_alone else "—"
    rows.append((name, os.path.getsize(path), litmus["best_ms"], best * 1000, abs(litmus["mean"] - reference.mean()), alone))

print(f"| file (2048 x 2560, 12-bit, MONOCHROME1) | size | Litmus ms | pydicom ms | pydicom / Litmus | mean difference | GDCM alone ms |")
print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
for name, size, ours, theirs, difference, alone in rows:
    print(f"| {name} | {size / 1e6:.1f} MB | {ours:.1f} | {theirs:.1f} | {theirs / ours:.2f} | {difference:.1e} | {alone} |")
