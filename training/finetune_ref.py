#!/usr/bin/env python3
"""PyTorch reference of the lab's masked fine-tuning (METHOD §2, §4) of the shipped VGG-S on
Shapes-10. Writes test/fixtures/finetune-golden.json, which the lab's Node tests compare with.

  npm run data:shapes -- training/.cache/shapes10      (once: the Shapes-10 binaries, seed 1234)
  /usr/bin/python3 training/finetune_ref.py

The contract (the lab's), all in float64 (model.double()):
- Model: the twin models.build('vgg-s') with public/models/vgg-s-shapes10 (tfjs manifest +
  shards, float16 kernels widened; names mapped as export.py writes them, in reverse), checked
  against that folder's reference.json logits.
- Masks, fixed. The t-th conv (forward order) loses POLICY[t] weights: the smallest |w| of its
  kernel in tfjs layout [kh,kw,cin,cout] flattened row-major, ties by flat index (stable sort).
  POLICY is an input: search.best.prunedCounts of the lab's own search, run once in a throwaway tsx script
  (LabSession.create('vgg-s', 10, 1, shipped weights); DdpgSearch(searchLayers(s), {episodes 20,
  warmup 30, target 0.8, seed 1}); sessionEvaluate(s, Shapes-10 validation seed 1234, {target
  0.8, limit 500}); tfjs cpu backend). Dense kernels ([in,out]): k-σ, k = 3, μ and population σ
  (÷N) with float64 sequential sums as src/core/prune/ksigma.ts; keep |w − μ| ≥ kσ. Biases, BN:
  no mask.
- Data: Shapes-10 train (10,000, data_batch_1.bin), no augmentation; x/255, then (x − mean)/std
  with mean (0.4914, 0.4822, 0.4465), std (0.2023, 0.1994, 0.2010).
- Order: epoch e visits perm_e = Rng(derive_seed(1, 'finetune-order', e)).shuffle(0..n−1)
  (lab_rng.py, the lab's RNG); batch b = perm_e[bB : min(n, (b+1)B)], B = 128, the last partial
  batch kept: ceil(n/B) = 79 steps per epoch.
- Step t of T = epochs·79: lr_t = 0.01·½(1 + cos(πt/T)) (the lab's FineTuner without cycleSteps;
  the heal restarts this cosine every epoch, cycleSteps = 79, the same schedule for one epoch); loss = mean softmax cross-entropy in
  train mode (BN batch statistics; PyTorch BN momentum 0.1, eps 1e-5: running variance updated
  with the UNBIASED batch variance); every trainable p: g = ∂loss/∂p + 5e-4·p; masked: g ← g⊙m;
  buf ← 0.9·buf + g (from 0); p ← p − lr_t·buf; masked: p ← p⊙m. Written by hand (equal to
  torch.optim.SGD(momentum=0.9, weight_decay=5e-4) plus the two mask multiplications).
- Records: loss, batch top-1 (train-mode logits of the step) and lr_t of the first 20 steps of a
  1-epoch run (T = 79), which then runs to the end of the epoch; test top-1 (2,000 images,
  test_batch.bin, eval mode) of the dense net, right after masking, and after the epoch.

The fixture holds the recipe, the policy counts, the k-σ statistics per dense layer, the 20
losses / batch top-1 / lr, the three test accuracies and the run time; a summary is printed.
Takes about 21 min on this repository's 2-core CPU machine (float64 convolutions run on ~1 core).
"""
import json
import math
import sys
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, str(Path(__file__).resolve().parent))
import data as D  # noqa: E402
import models as M  # noqa: E402
from lab_rng import Rng, derive_seed  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
WEIGHTS = ROOT / 'public' / 'models' / 'vgg-s-shapes10'
DATA = ROOT / 'training' / '.cache' / 'shapes10'
OUT = ROOT / 'test' / 'fixtures' / 'finetune-golden.json'
# Pruned counts of conv1..conv6: search.best.prunedCounts of the lab's search (see the docstring), run once.
POLICY = [379, 590, 2310, 31262, 58677, 136030]
SEARCH = {'episodes': 20, 'warmup': 30, 'target': 0.8, 'seed': 1, 'backend': 'cpu',
          'reward': 'Shapes-10 validation (seed 1234), first 500 images', 'bestEpisode': 10, 'bestReward': 0.76}
SEED, BATCH, LR, MOMENTUM, WD, K_SIGMA, EPOCHS, RECORD = 1, 128, 0.01, 0.9, 5e-4, 3, 1, 20


def load_tfjs(folder):
    """{tfjs name: float32 array in tfjs layout} from weights.json and its shards."""
    out = {}
    for group in json.loads((folder / 'weights.json').read_text()):
        blob = b''.join((folder / p).read_bytes() for p in group['paths'])
        off = 0
        for spec in group['weights']:
            n = int(np.prod(spec['shape'], dtype=np.int64))
            dtype = np.float16 if spec.get('quantization', {}).get('dtype') == 'float16' else np.float32
            assert dtype == np.float16 or spec['dtype'] == 'float32', spec
            a = np.frombuffer(blob, dtype=dtype, count=n, offset=off)
            off += a.nbytes
            out[spec['name']] = a.astype(np.float32).reshape(spec['shape'])
    return out


def tfjs_to_torch(name, a):
    """A tfjs-layout array (or mask) as the twin's tensor: HWIO -> OIHW, [in, out] -> [out, in]."""
    t = torch.from_numpy(np.ascontiguousarray(a)).double()
    if name.endswith('/kernel'):
        return t.permute(3, 2, 0, 1).contiguous() if t.dim() == 4 else t.t().contiguous()
    return t


def load_twin(weights):
    model = M.build('vgg-s', 10).double()
    suffix = {'kernel': 'weight', 'bias': 'bias', 'gamma': 'weight', 'beta': 'bias',
              'moving_mean': 'running_mean', 'moving_variance': 'running_var'}
    state = {f"{n.split('/')[0]}.{suffix[n.split('/')[1]]}": tfjs_to_torch(n, a) for n, a in weights.items()}
    missing = set(model.state_dict()) - set(state) - {k for k in model.state_dict() if k.endswith('num_batches_tracked')}
    assert not missing, missing
    model.load_state_dict(state, strict=False)
    return model


def policy_mask(kernel, k):
    """Zeros the k smallest |w| of the row-major flattened tfjs kernel, ties by index."""
    order = np.argsort(np.abs(kernel.reshape(-1)), kind='stable')
    m = np.ones(kernel.size, dtype=np.float64)
    m[order[:k]] = 0
    return m.reshape(kernel.shape)


def ksigma_mask(kernel, k):
    """k-σ rule as ksigma.ts: float64 sequential sums (cumsum, not numpy's pairwise sum)."""
    w = kernel.reshape(-1).astype(np.float64)
    mean = np.cumsum(w)[-1] / w.size
    std = math.sqrt(np.cumsum((w - mean) ** 2)[-1] / w.size)
    keep = np.abs(w - mean) >= k * std
    info = {'k': k, 'mean': mean, 'std': std, 'params': int(w.size), 'removed': int(w.size - keep.sum()),
            'removedFraction': float(1 - keep.mean())}
    return keep.astype(np.float64).reshape(kernel.shape), info


def normalize(x_uint8):
    mean = torch.tensor(D.MEAN, dtype=torch.float64).view(1, 3, 1, 1)
    std = torch.tensor(D.STD, dtype=torch.float64).view(1, 3, 1, 1)
    return (x_uint8.double() / 255.0 - mean) / std


def test_top1(model, x, y, batch=500):
    model.eval()
    with torch.no_grad():
        correct = sum((model(x[i:i + batch]).argmax(1) == y[i:i + batch]).sum().item() for i in range(0, len(x), batch))
    return correct / len(x)


def main():
    t_start = time.time()
    torch.set_default_dtype(torch.float64)
    weights = load_tfjs(WEIGHTS)
    model = load_twin(weights)
    xtr, ytr, xte, yte = D.load(DATA)
    xtr, xte = normalize(xtr), normalize(xte)
    ref = json.loads((WEIGHTS / 'reference.json').read_text())
    model.eval()
    with torch.no_grad():
        err = (model(xte[:32]) - torch.tensor(ref['logits'])).abs().max().item()
    assert err < 1e-4, f'twin does not reproduce reference.json (max |Δ| {err})'
    dense_top1 = test_top1(model, xte, yte)

    convs = [n for n in weights if n.startswith('conv') and n.endswith('/kernel')]
    fcs = [n for n in weights if n.startswith('fc') and n.endswith('/kernel')]
    assert len(POLICY) == len(convs)
    masks, ksig = {name: policy_mask(weights[name], k) for name, k in zip(convs, POLICY)}, []
    for name in fcs:
        masks[name], info = ksigma_mask(weights[name], K_SIGMA)
        ksig.append({'layer': name.split('/')[0], **info})
    params = dict(model.named_parameters())
    tmask = {f"{n.split('/')[0]}.weight": tfjs_to_torch(n, m) for n, m in masks.items()}
    kept = {n: int(m.sum().item()) for n, m in tmask.items()}
    with torch.no_grad():
        for n, m in tmask.items():
            params[n].mul_(m)
    masked_top1 = test_top1(model, xte, yte)

    n, spe = len(xtr), math.ceil(len(xtr) / BATCH)
    total = EPOCHS * spe  # T of the cosine schedule
    names = [n_ for n_, p in model.named_parameters() if p.requires_grad]
    bufs = {n_: torch.zeros_like(params[n_]) for n_ in names}
    losses, accs, lrs, epoch_loss, first10 = [], [], [], 0.0, None
    model.train()
    for e in range(EPOCHS):
        perm = Rng(derive_seed(SEED, 'finetune-order', e)).shuffle(list(range(n)))
        first10 = first10 or perm[:10]
        for b in range(spe):
            t = e * spe + b
            idx = torch.tensor(perm[b * BATCH:min(n, (b + 1) * BATCH)])
            lr_t = LR * 0.5 * (1 + math.cos(math.pi * t / total))
            out = model(xtr[idx])
            loss = F.cross_entropy(out, ytr[idx])
            grads = torch.autograd.grad(loss, [params[n_] for n_ in names])
            with torch.no_grad():
                for n_, g in zip(names, grads):
                    p, m = params[n_], tmask.get(n_)
                    g = g + WD * p if m is None else (g + WD * p) * m  # mask before the update…
                    bufs[n_].mul_(MOMENTUM).add_(g)
                    p.sub_(lr_t * bufs[n_])
                    if m is not None:
                        p.mul_(m)  # …and the weights after it
            epoch_loss += loss.item()
            if t < RECORD:
                losses.append(loss.item())
                accs.append((out.argmax(1) == ytr[idx]).double().mean().item())
                lrs.append(lr_t)
                print(f'step {t:2d}  lr {lr_t:.6f}  loss {loss.item():.6f}  batch top-1 {accs[-1]:.4f}', flush=True)
    for n_, m in tmask.items():
        assert int((params[n_] != 0).sum().item()) <= kept[n_] and bool((params[n_][m == 0] == 0).all()), n_
    final_top1 = test_top1(model, xte, yte)
    seconds = time.time() - t_start

    conv_params = [int(weights[c].size) for c in convs]
    golden = {
        'note': 'PyTorch (float64) reference of the lab masked fine-tuning; written by training/finetune_ref.py',
        'model': 'vgg-s', 'weights': 'public/models/vgg-s-shapes10', 'dtype': 'float64',
        'recipe': {'dataset': 'shapes10', 'dataSeed': 1234, 'trainImages': n, 'testImages': len(xte),
                   'augment': False, 'normalization': {'mean': list(D.MEAN), 'std': list(D.STD)},
                   'seed': SEED, 'order': "epoch e: Rng(deriveSeed(seed, 'finetune-order', e)).shuffle(0..n-1), last partial batch kept",
                   'batchSize': BATCH, 'lr': LR, 'schedule': 'cosine', 'momentum': MOMENTUM, 'weightDecay': WD,
                   'epochs': EPOCHS, 'stepsPerEpoch': spe, 'totalSteps': total, 'kSigma': K_SIGMA,
                   'bn': {'momentumPyTorch': 0.1, 'eps': 1e-5, 'runningVariance': 'unbiased (PyTorch)'},
                   'update': 'hand-written: g = grad + wd*p; g *= m; buf = 0.9*buf + g; p -= lr_t*buf; p *= m'},
        'policy': {'search': SEARCH, 'layers': [c.split('/')[0] for c in convs], 'counts': list(POLICY),
                   'params': conv_params, 'sparsity': sum(POLICY) / sum(conv_params)},
        'kept': {n_.split('.')[0]: k for n_, k in kept.items()},
        'kSigma': ksig,
        'epoch0OrderFirst10': first10,
        'steps': {'loss': losses, 'batchTop1': accs, 'lr': lrs},
        'epochMeanLoss': epoch_loss / total,
        'test': {'dense': dense_top1, 'masked': masked_top1, 'finetuned': final_top1},
        'seconds': round(seconds, 1),
    }
    OUT.write_text(json.dumps(golden, indent=1) + '\n')
    print(f"policy {list(POLICY)} (conv sparsity {golden['policy']['sparsity']:.4f}); k-σ removed "
          + ', '.join(f"{r['layer']} {100 * r['removedFraction']:.2f}%" for r in ksig))
    print(f'test top-1: dense {dense_top1:.4f}, masked {masked_top1:.4f}, after {EPOCHS} epoch(s) {final_top1:.4f}')
    print(f'{seconds:.1f} s -> {OUT}')


if __name__ == '__main__':
    main()
