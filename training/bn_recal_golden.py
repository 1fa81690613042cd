#!/usr/bin/env python3
"""Writes test/fixtures/bn-recal-golden.json: PyTorch's BN recalibration (adaptive BN, EagleEye;
METHOD §8.1) of two shipped models after 80 % uniform magnitude masks on every conv kernel, which
test/core/pipeline/bn-recal.test.ts compares with the lab's src/core/pipeline/bn-recal.ts.

  npm run data:shapes -- training/.cache/shapes10     # once: the Shapes-10 train split (seed 1234)
  /usr/bin/python3 training/bn_recal_golden.py

Independent of the lab's TypeScript: the PyTorch twins of training/models.py get the shipped tfjs
weights of public/models/<name>/ (weights.json + shards, float16 kernels widened exactly), the
masks are rebuilt here, and the recalibration is PyTorch's own: reset_running_stats(),
momentum=None (cumulative average over batches, unbiased batch variance), model.train() under
torch.no_grad(). Everything runs in float64 (model.double()), so the stored statistics are the
exact answer for the float32 weights; the lab computes in float32.

Cases (N = 320 images, batches of 64):
  vgg-s-shapes10     the first 320 images of the Shapes-10 train split (data_batch_1.bin above)
  resnet20-cifar10   the first 320 records of CIFAR-10's data_batch_1.bin (local_data.py finds it)
Masks: per conv kernel, the round(0.8·n) smallest |w| are zeroed, ties broken by the flat index in
the tfjs HWIO layout [kh, kw, cin, cout] (sort by (|w|, index)): the lab's `uniformMagnitude`.
Inputs: x/255, then (x − mean)/std with the lab's CIFAR constants.
Before masking, each twin must reproduce its shipped reference.json (test logits 0..31) within
1e-5, which checks the weight mapping.
Stored per BN layer (tfjs layer name): running_mean, running_var; per case the recipe, the
pruned count of each conv kernel and the byte sum of the images (to check both sides agree).
"""
import json
import sys
from pathlib import Path

import numpy as np
import torch
import torch.nn as nn

sys.path.insert(0, str(Path(__file__).resolve().parent))
import models as M  # noqa: E402
from local_data import cifar10_file  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
MEAN = (0.4914, 0.4822, 0.4465)
STD = (0.2023, 0.1994, 0.2010)
N, BATCH, SPARSITY = 320, 64, 0.8

CASES = [
    {'name': 'vgg-s-shapes10', 'model': 'vgg-s',
     'images': ROOT / 'training' / '.cache' / 'shapes10' / 'data_batch_1.bin',
     'images_label': 'Shapes-10 train split (seed 1234), images 0..319 (npm run data:shapes)'},
    {'name': 'resnet20-cifar10', 'model': 'resnet20',
     'images': cifar10_file('data_batch_1.bin'),
     'images_label': 'CIFAR-10 data_batch_1.bin, records 0..319'},
]


def read_tfjs_weights(folder):
    """{tfjs weight name: float64 numpy array in the tfjs layout} from weights.json + shards."""
    manifest = json.loads((folder / 'weights.json').read_text())
    out = {}
    for group in manifest:
        blob = b''.join((folder / p).read_bytes() for p in group['paths'])
        off = 0
        for spec in group['weights']:
            size = int(np.prod(spec['shape'])) if spec['shape'] else 1
            dtype = np.float16 if spec.get('quantization', {}).get('dtype') == 'float16' else np.float32
            if spec.get('quantization') and dtype is not np.float16:
                raise ValueError(f"unsupported quantization for {spec['name']}")
            nbytes = size * np.dtype(dtype).itemsize
            arr = np.frombuffer(blob[off:off + nbytes], dtype=dtype).astype(np.float32)
            out[spec['name']] = arr.reshape(spec['shape'])
            off += nbytes
        if off != len(blob):
            raise ValueError(f'{folder}: shards hold {len(blob)} bytes, manifest needs {off}')
    return out


def uniform_mask(kernel_hwio):
    """0/1 mask of a HWIO kernel: zero the round(0.8·n) smallest |w|, ties by flat HWIO index."""
    flat = np.abs(kernel_hwio.astype(np.float32).reshape(-1))
    k = int(np.floor(SPARSITY * flat.size + 0.5))  # Math.round: halves up
    order = np.argsort(flat, kind='stable')  # stable: equal |w| stay in index order
    mask = np.ones(flat.size, dtype=np.float32)
    mask[order[:k]] = 0
    return mask.reshape(kernel_hwio.shape), k


def load_case(case, masked=True):
    """The twin with the shipped weights and (masked) 80 % uniform conv masks; returns
    (float64 model, pruned count per conv, {tfjs layer name: module})."""
    model = M.build(case['model'], 10)
    modules = {name.replace('.', '_'): m for name, m in model.named_modules() if name}
    weights = read_tfjs_weights(ROOT / 'public' / 'models' / case['name'])
    used, pruned = set(), {}
    with torch.no_grad():
        for lname, m in modules.items():
            def take(short):
                key = f'{lname}/{short}'
                used.add(key)
                return torch.from_numpy(np.ascontiguousarray(weights[key])).double()
            if isinstance(m, nn.Conv2d):
                hwio = weights[f'{lname}/kernel']
                mask, k = uniform_mask(hwio) if masked else (1, 0)
                pruned[lname] = k
                m.weight.copy_(torch.from_numpy(hwio * mask).permute(3, 2, 0, 1))
                used.add(f'{lname}/kernel')
                if m.bias is not None:
                    m.bias.copy_(take('bias'))
            elif isinstance(m, nn.Linear):
                m.weight.copy_(take('kernel').t())
                m.bias.copy_(take('bias'))
            elif isinstance(m, (nn.BatchNorm1d, nn.BatchNorm2d)):
                m.weight.copy_(take('gamma'))
                m.bias.copy_(take('beta'))
                m.running_mean.copy_(take('moving_mean'))
                m.running_var.copy_(take('moving_variance'))
    missing = set(weights) - used
    if missing:
        raise ValueError(f'weights not mapped onto the twin: {sorted(missing)[:5]}')
    return model.double(), pruned, modules


def read_images(path, n):
    buf = path.read_bytes()[:n * 3073]
    if len(buf) != n * 3073:
        raise FileNotFoundError(f'{path} has fewer than {n} records (run npm run data:shapes -- training/.cache/shapes10?)')
    rec = np.frombuffer(buf, dtype=np.uint8).reshape(n, 3073)
    x = torch.from_numpy(rec[:, 1:].reshape(n, 3, 32, 32).astype(np.float64))
    mean = torch.tensor(MEAN, dtype=torch.float64).view(1, 3, 1, 1)
    std = torch.tensor(STD, dtype=torch.float64).view(1, 3, 1, 1)
    return (x / 255 - mean) / std, int(rec[:, 1:].astype(np.int64).sum())


def recalibrate(model, x):
    """PyTorch adaptive BN: reset, momentum=None (cumulative average), train-mode forward passes."""
    bns = [m for m in model.modules() if isinstance(m, (nn.BatchNorm1d, nn.BatchNorm2d))]
    for m in bns:
        m.reset_running_stats()
        m.momentum = None
    model.train()
    with torch.no_grad():
        for i in range(0, len(x), BATCH):
            model(x[i:i + BATCH])
    model.eval()


def check_mapping(case):
    """Self-check of the weight mapping: the unmasked twin reproduces the shipped reference.json
    (logits of test images 0..31, made by training/export.py) in eval mode."""
    model, _, _ = load_case(case, masked=False)
    model.eval()
    ref = json.loads((ROOT / 'public' / 'models' / case['name'] / 'reference.json').read_text())
    x, _ = read_images(case['images'].parent / 'test_batch.bin', 32)
    with torch.no_grad():
        got = model(x)
    want = torch.tensor(ref['logits'], dtype=torch.float64)
    err = ((got - want).abs() / want.abs().clamp(min=1)).max().item()
    if err > 1e-5:
        raise ValueError(f"{case['name']}: the twin misses reference.json by {err:.2e}")


out_cases = []
for case in CASES:
    check_mapping(case)
    model, pruned, modules = load_case(case)
    x, byte_sum = read_images(case['images'], N)
    recalibrate(model, x)
    bn = {lname: {'running_mean': m.running_mean.tolist(), 'running_var': m.running_var.tolist()}
          for lname, m in modules.items() if isinstance(m, (nn.BatchNorm1d, nn.BatchNorm2d))}
    out_cases.append({
        'name': case['name'], 'model': case['model'],
        'masks': 'uniform magnitude 0.8 on every conv kernel (round(0.8·n) smallest |w|, ties by HWIO index); dense intact',
        'images': case['images_label'], 'images_byte_sum': byte_sum,
        'n': N, 'batch': BATCH, 'pruned': pruned, 'bn': bn,
    })
    print(f"{case['name']}: {len(bn)} BN layers, {sum(pruned.values())} conv weights pruned, image byte sum {byte_sum}")

path = ROOT / 'test' / 'fixtures' / 'bn-recal-golden.json'
path.write_text(json.dumps({
    'made_by': f'/usr/bin/python3 training/bn_recal_golden.py (torch {torch.__version__}, float64)',
    'recipe': 'reset_running_stats(); momentum=None; model.train(); torch.no_grad(); forward N images in batches; '
              'running_var is the cumulative average of the unbiased batch variances',
    'normalize': {'mean': MEAN, 'std': STD},
    'cases': out_cases,
}))
print(f'{path}: {path.stat().st_size} bytes')
