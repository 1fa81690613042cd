#!/usr/bin/env python3
"""Writes test/fixtures/hrank-golden.json: singular values and numerical ranks of small matrices,
computed by PyTorch in float64 (torch.linalg.svdvals, torch.linalg.matrix_rank with
rtol = max(m, n)·float32 eps, METHOD §3's HRank tolerance), which test/core/prune/filters.test.ts
compares with the lab's Jacobi SVD.

The matrices are not stored: both sides rebuild them from the same integer recipe, so the inputs
are bit-identical. A[i][j] = Σ_k u_k[i]·v_k[j] + noise·e[i][j] (then ReLU if asked), with
u_k[i] = ((i·(2k+3) + 5k + 1) mod 13) − 6, v_k[j] = ((j·(3k+2) + 7k + 2) mod 11) − 5,
e[i][j] = ((i·31 + j·17) mod 23) − 11.

  python3 training/hrank_golden.py
"""
import json
from pathlib import Path

import torch

EPS32 = 1.1920928955078125e-7


def build(m, n, r, noise, relu):
    a = torch.zeros(m, n, dtype=torch.float64)
    for k in range(r):
        u = torch.tensor([((i * (2 * k + 3) + 5 * k + 1) % 13) - 6 for i in range(m)], dtype=torch.float64)
        v = torch.tensor([((j * (3 * k + 2) + 7 * k + 2) % 11) - 5 for j in range(n)], dtype=torch.float64)
        a += torch.outer(u, v)
    e = torch.tensor([[((i * 31 + j * 17) % 23) - 11 for j in range(n)] for i in range(m)], dtype=torch.float64)
    a = a + noise * e
    return torch.relu(a) if relu else a


cases = []
for m, n in [(32, 32), (16, 16), (8, 8), (4, 4), (2, 2), (12, 7), (5, 9)]:
    for r in [0, 1, 2, 3, 5]:
        for noise in [0.0, 1e-9, 1e-4]:
            for relu in [False, True]:
                a = build(m, n, r, noise, relu)
                sv = torch.linalg.svdvals(a)
                rank = int(torch.linalg.matrix_rank(a, rtol=max(m, n) * EPS32))
                cases.append({'m': m, 'n': n, 'r': r, 'noise': noise, 'relu': relu, 'rank': rank, 'sv': sv.tolist()})

out = Path(__file__).resolve().parent.parent / 'test' / 'fixtures' / 'hrank-golden.json'
out.write_text(json.dumps({'made_by': 'python3 training/hrank_golden.py (torch ' + torch.__version__ + ')',
                           'eps': EPS32, 'cases': cases}))
print(f'{out}: {len(cases)} cases, ranks {sorted(set(c["rank"] for c in cases))}')
