#!/usr/bin/env python3
"""Writes test/fixtures/slice-accuracy.json: for the two shipped models too slow to score on the
whole test split in every `npm test` (VGG16 ~190 s, ResNet-56 ~110 s on one wasm thread), how
many of the first SLICE test images PyTorch classifies correctly with the shipped weights, and
its count on the whole split (which must equal the model card's).
test/core/models/pretrained-accuracy.test.ts checks the lab's count on the slice against this
one; the smaller models are still scored on their whole split there.

  /usr/bin/python3 training/slice_reference.py

The twin is models.build(...) with the tfjs files of public/models/<name> (float16 kernels
widened, as the lab loads them), float32, eval mode, on test_batch.bin (found by local_data.py)
(x/255 normalized with data.MEAN/STD).
"""
import json
import sys
import time
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
import data as D  # noqa: E402
from check_snippet import load_twin  # noqa: E402
from local_data import cifar10_file  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / 'test' / 'fixtures' / 'slice-accuracy.json'
SLICE = 2000
MODELS = {'vgg16-cifar10': 'vgg16', 'resnet56-cifar10': 'resnet56'}


def predictions(model, x, batch=500):
    mean = torch.tensor(D.MEAN).view(1, 3, 1, 1)
    std = torch.tensor(D.STD).view(1, 3, 1, 1)
    out = []
    with torch.no_grad():
        for i in range(0, len(x), batch):
            out.append(model((x[i:i + batch].float() / 255.0 - mean) / std).argmax(1))
    return torch.cat(out)


def main():
    x, y = D._decode_binary(cifar10_file('test_batch.bin').read_bytes())
    result = {'made_by': f'/usr/bin/python3 training/slice_reference.py (torch {torch.__version__})', 'slice': SLICE, 'models': {}}
    for name, key in MODELS.items():
        t0 = time.time()
        model = load_twin(key, 10, ROOT / 'public' / 'models' / name).eval()
        pred = predictions(model, x)
        card = json.loads((ROOT / 'public' / 'models' / name / 'card.json').read_text())
        full = int((pred == y).sum())
        result['models'][name] = {'slice_correct': int((pred[:SLICE] == y[:SLICE]).sum()), 'full_correct': full, 'card_correct': card['test_correct']}
        print(f'{name}: {result["models"][name]} ({time.time() - t0:.0f} s)')
    OUT.write_text(json.dumps(result, indent=1) + '\n')
    print(f'wrote {OUT}')


if __name__ == '__main__':
    main()
