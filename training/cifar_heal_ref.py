#!/usr/bin/env python3
"""PyTorch's heal of the shipped VGG-S / CIFAR-10 at the README's CIFAR-10 settings, the reference
beside the lab's `heal.vggs_cifar10*` bench rows (METHOD §2, §4, §8.1):

  /usr/bin/python3 training/cifar_heal_ref.py [OUT_JSON]     (default docs/results/torch-heal-cifar10.json)

For k = 1, 2, 3 on every dense layer (scope all) and k = 3 with the classifier kept dense (scope
hidden), each from the same shipped weights:
- Masks, fixed: 80 % global magnitude on the convs (the round(0.8·N) smallest |w| over every conv
  kernel, flattened in tfjs layout and in forward order, ties by position: a stable sort), and the
  k-σ rule on the dense kernels of the scope (finetune_ref.ksigma_mask: keep |w − μ| ≥ kσ).
- BN recalibration (METHOD §8.1, a lab addition): running statistics reset and re-estimated as
  cumulative averages (momentum=None, unbiased variance) over the first 1,280 images of
  data_batch_1.bin in batches of 64, train mode, no update.
- One epoch of masked SGD on the 10,000 images of data_batch_1.bin: batch 128 (79 steps, the last
  partial), lr 0.01 cosine over the epoch, momentum 0.9, L2 5e-4, no augmentation, order
  torch.randperm seeded 1; gradients and weights re-masked every step. float32, 2 threads.
- Test top-1 on the 10,000 images of test_batch.bin after pruning, after recalibration and after
  the epoch (eval mode).
The data and the order are PyTorch's own, not the lab's, so this is a reference for the size of
each stage (within a point or so), not a golden.

Writes one JSON file: the recipe, and per row the three accuracies, the kept weights per dense
layer and the seconds, with the processor and the torch version.
"""
import json
import math
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, str(Path(__file__).resolve().parent))
import data as D  # noqa: E402
from finetune_ref import ROOT, ksigma_mask, load_tfjs, load_twin, tfjs_to_torch  # noqa: E402
from local_data import cifar10_file  # noqa: E402

WEIGHTS = ROOT / 'public' / 'models' / 'vgg-s-cifar10'
OUT = ROOT / 'docs' / 'results' / 'torch-heal-cifar10.json'
ALPHA, BATCH, LR, MOMENTUM, WD, RECAL_IMAGES, RECAL_BATCH, THREADS = 0.8, 128, 0.01, 0.9, 5e-4, 1280, 64, 2
ROWS = [(1, 'all'), (2, 'all'), (3, 'all'), (3, 'hidden')]


def global_masks(weights, convs):
    """80 % global magnitude: one stable order over every conv kernel, the first round(α·N) pruned."""
    flat = np.concatenate([np.abs(weights[n].reshape(-1)) for n in convs])
    pruned = np.zeros(flat.size, dtype=bool)
    pruned[np.argsort(flat, kind='stable')[:round(ALPHA * flat.size)]] = True
    out, at = {}, 0
    for n in convs:
        size = weights[n].size
        out[n] = (~pruned[at:at + size]).astype(np.float64).reshape(weights[n].shape)
        at += size
    return out


def measured():
    """How this run was made, as scripts/results.ts measuredNow writes it: the figures differ by
    processor (README "Machines differ"), and "+changes" marks a tree that differs from HEAD."""
    git = lambda *a: subprocess.run(['git', *a], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    dirty = git('status', '--porcelain', '--untracked-files=no', '--', ':(top)', ':(top,exclude)docs/results') != ''
    info = Path('/proc/cpuinfo')
    names = [l.split(':', 1)[1].strip() for l in info.read_text().splitlines() if l.startswith('model name')] if info.exists() else []
    gib = round(os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2 ** 30)
    return {'date': time.strftime('%Y-%m-%d'), 'commit': git('rev-parse', '--short', 'HEAD') + ('+changes' if dirty else ''),
            'command': '/usr/bin/python3 training/cifar_heal_ref.py',
            'machine': f"{os.cpu_count()} cores ({names[0] if names else platform.machine()}), {gib} GiB, {sys.platform}; torch {torch.__version__}"}


def top1(model, x, y, batch=500):
    model.eval()
    with torch.no_grad():
        return sum((model(D.normalize(x[i:i + batch])).argmax(1) == y[i:i + batch]).sum().item() for i in range(0, len(x), batch)) / len(x)


def heal(weights, masks, xtr, ytr, xte, yte):
    model = load_twin(weights).float()
    params = dict(model.named_parameters())
    tmask = {f"{n.split('/')[0]}.weight": tfjs_to_torch(n, m).float() for n, m in masks.items()}
    with torch.no_grad():
        for n, m in tmask.items():
            params[n].mul_(m)
    pruned = top1(model, xte, yte)

    bns = [m for m in model.modules() if isinstance(m, (torch.nn.BatchNorm2d, torch.nn.BatchNorm1d))]
    for bn in bns:
        bn.reset_running_stats()
        bn.momentum = None
    model.train()
    with torch.no_grad():
        for i in range(0, RECAL_IMAGES, RECAL_BATCH):
            model(D.normalize(xtr[i:i + RECAL_BATCH]))
    for bn in bns:
        bn.momentum = 0.1
    recal = top1(model, xte, yte)

    t0 = time.perf_counter()
    opt = torch.optim.SGD(model.parameters(), lr=LR, momentum=MOMENTUM, weight_decay=WD)
    perm = torch.randperm(len(xtr), generator=torch.Generator().manual_seed(1))
    steps = math.ceil(len(xtr) / BATCH)
    model.train()
    for b in range(steps):
        for g in opt.param_groups:
            g['lr'] = LR * 0.5 * (1 + math.cos(math.pi * b / steps))
        idx = perm[b * BATCH:(b + 1) * BATCH]
        opt.zero_grad()
        F.cross_entropy(model(D.normalize(xtr[idx])), ytr[idx]).backward()
        with torch.no_grad():
            for n, m in tmask.items():
                params[n].grad.mul_(m)
        opt.step()
        with torch.no_grad():
            for n, m in tmask.items():
                params[n].mul_(m)
    seconds = time.perf_counter() - t0
    return {'pruned': pruned, 'recal': recal, 'fineTuned': top1(model, xte, yte), 'steps': steps, 'fineTuneSeconds': round(seconds, 1)}


def main():
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else OUT
    torch.set_num_threads(THREADS)
    torch.manual_seed(1)
    weights = load_tfjs(WEIGHTS)
    xtr, ytr = D._decode_binary(cifar10_file('data_batch_1.bin').read_bytes())
    xte, yte = D._decode_binary(cifar10_file('test_batch.bin').read_bytes())
    convs = [n for n in weights if n.startswith('conv') and n.endswith('/kernel')]
    denses = [n for n in weights if n.startswith('fc') and n.endswith('/kernel')]
    classifier = denses[-1]  # the twin's last dense layer feeds the softmax
    dense = top1(load_twin(weights).float(), xte, yte)
    conv_masks = global_masks(weights, convs)
    rows = []
    for k, scope in ROWS:
        masks = dict(conv_masks)
        kept = {}
        for n in denses:
            if scope == 'hidden' and n == classifier:
                continue
            masks[n], info = ksigma_mask(weights[n], k)
            kept[n.split('/')[0]] = info['params'] - info['removed']
        r = heal(weights, masks, xtr, ytr, xte, yte)
        rows.append({'k': k, 'scope': scope, 'dense': dense, **r, 'kept': kept})
        print(json.dumps(rows[-1]), flush=True)
    result = {
        'measured': measured(),
        'recipe': {'model': 'vgg-s-cifar10 (shipped)', 'convs': f'{ALPHA:.0%} global magnitude', 'recalImages': RECAL_IMAGES,
                   'recalBatch': RECAL_BATCH, 'train': 'data_batch_1.bin, 10,000 images, no augmentation', 'batch': BATCH,
                   'lr': LR, 'schedule': 'cosine over the epoch', 'momentum': MOMENTUM, 'weightDecay': WD, 'epochs': 1,
                   'test': 'test_batch.bin, 10,000 images', 'dtype': 'float32', 'threads': THREADS},
        'rows': rows,
    }
    out.write_text(json.dumps(result, indent=2) + '\n')
    print(f'wrote {out}')


if __name__ == '__main__':
    main()
