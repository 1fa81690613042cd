#!/usr/bin/env python3
"""PyTorch's time for the class demo's heal, for the lab's `demo.heal_over_torch` (scripts/bench-demo.ts
runs it in the same sitting as the browser runs, with the lab's thread count and policy):

  /usr/bin/python3 training/heal_time.py SHAPES10_DIR THREADS COUNTS_JSON

The same heal as the lab's "Best policy + fine-tune" after the apply (whose pruned and
recalibrated scores it reuses): float32, the shipped VGG-S / Shapes-10, the conv masks of
COUNTS_JSON (pruned counts, smallest |w| in tfjs layout, as finetune_ref.py), k = 3 on fc1 only
(scope hidden: the classifier fc2 stays dense); BN recalibration on the first 1,280 training
images in batches of 64 (cumulative averages, unbiased variance: momentum=None); one epoch of
masked SGD (79 steps of 128, momentum 0.9, L2 5e-4, cosine lr from 0.02, pad-4 crop + flip);
the 2,000 test images scored. Prints one JSON line with the seconds of each phase and in all
(loading excluded) and the test top-1 after the epoch.
"""
import json
import math
import sys
import time
from pathlib import Path

import torch
import torch.nn.functional as F

sys.path.insert(0, str(Path(__file__).resolve().parent))
import data as D  # noqa: E402
from finetune_ref import WEIGHTS, ksigma_mask, load_tfjs, load_twin, policy_mask, tfjs_to_torch  # noqa: E402

BATCH, LR, MOMENTUM, WD, K_SIGMA, RECAL_IMAGES, RECAL_BATCH = 128, 0.02, 0.9, 5e-4, 3, 1280, 64


def top1(model, x, y, batch=500):
    model.eval()
    with torch.no_grad():
        return sum((model(D.normalize(x[i:i + batch])).argmax(1) == y[i:i + batch]).sum().item() for i in range(0, len(x), batch)) / len(x)


def main():
    folder, threads, counts = Path(sys.argv[1]), int(sys.argv[2]), json.loads(sys.argv[3])
    torch.set_num_threads(threads)
    weights = load_tfjs(WEIGHTS)
    model = load_twin(weights).float()
    xtr, ytr, xte, yte = D.load(folder)
    convs = [n for n in weights if n.startswith('conv') and n.endswith('/kernel')]
    assert len(counts) == len(convs), (counts, convs)
    masks = {n: policy_mask(weights[n], k) for n, k in zip(convs, counts)}
    masks['fc1/kernel'] = ksigma_mask(weights['fc1/kernel'], K_SIGMA)[0]
    params = dict(model.named_parameters())
    tmask = {f"{n.split('/')[0]}.weight": tfjs_to_torch(n, m).float() for n, m in masks.items()}
    with torch.no_grad():
        for n, m in tmask.items():
            params[n].mul_(m)

    t0 = time.perf_counter()
    bns = [m for m in model.modules() if isinstance(m, torch.nn.BatchNorm2d | torch.nn.BatchNorm1d)]
    for bn in bns:
        bn.reset_running_stats()
        bn.momentum = None
    model.train()
    with torch.no_grad():
        for i in range(0, RECAL_IMAGES, RECAL_BATCH):
            model(D.normalize(xtr[i:i + RECAL_BATCH]))
    for bn in bns:
        bn.momentum = 0.1
    t1 = time.perf_counter()

    opt = torch.optim.SGD(model.parameters(), lr=LR, momentum=MOMENTUM, weight_decay=WD)
    gen = torch.Generator().manual_seed(1)
    perm = torch.randperm(len(xtr), generator=gen)
    steps = math.ceil(len(xtr) / BATCH)
    model.train()
    for b in range(steps):
        for g in opt.param_groups:
            g['lr'] = LR * 0.5 * (1 + math.cos(math.pi * b / steps))
        idx = perm[b * BATCH:(b + 1) * BATCH]
        x = D.normalize(D.augment(xtr[idx], gen))
        opt.zero_grad()
        F.cross_entropy(model(x), ytr[idx]).backward()
        with torch.no_grad():
            for n, m in tmask.items():
                params[n].grad.mul_(m)
        opt.step()
        with torch.no_grad():
            for n, m in tmask.items():
                params[n].mul_(m)
    t2 = time.perf_counter()
    healed = top1(model, xte, yte)
    t3 = time.perf_counter()
    print(json.dumps({'threads': threads, 'steps': steps, 'recal_s': t1 - t0, 'finetune_s': t2 - t1, 'score_s': t3 - t2,
                      'heal_s': t3 - t0, 'top1_healed': healed}), flush=True)


if __name__ == '__main__':
    main()
