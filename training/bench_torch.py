#!/usr/bin/env python3
"""PyTorch CPU reference timings for the lab's training benchmark (scripts/bench-train.ts runs it
in the same sitting as the browser figures): for each model, the forward pass (eval mode, no
gradient) and one SGD step (momentum 0.9, weight decay 5e-4, training-mode BN, cross-entropy) on
one batch of 128 random 32x32x3 images, medians of 3 after a warm-up, at 1 thread (the lab's
WASM pool on a 2-core machine) and at all cores. Prints one JSON object a line:
{"model", "threads", "forward_ms_per_image", "train_ms_per_image"}.

  /usr/bin/python3 training/bench_torch.py [vgg-s resnet20 vgg16]
"""
import json
import os
import statistics
import sys
import time

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from models import build  # noqa: E402


def median_ms(fn, repeats=3):
    fn()
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(1000 * (time.perf_counter() - t0))
    return statistics.median(times)


def main():
    models = sys.argv[1:] or ['vgg-s', 'resnet20', 'vgg16']
    torch.manual_seed(1)
    x = torch.randn(128, 3, 32, 32)
    y = torch.randint(0, 10, (128,))
    for threads in sorted({1, os.cpu_count() or 1}):
        torch.set_num_threads(threads)
        for key in models:
            model = build(key)
            opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9, weight_decay=5e-4)

            def forward():
                model.eval()
                with torch.no_grad():
                    model(x)

            def step():
                model.train()
                opt.zero_grad()
                F.cross_entropy(model(x), y).backward()
                opt.step()

            fwd = median_ms(forward)
            train = median_ms(step)
            print(json.dumps({'model': key, 'threads': threads, 'forward_ms_per_image': fwd / 128, 'train_ms_per_image': train / 128}), flush=True)


if __name__ == '__main__':
    main()
