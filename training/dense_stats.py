#!/usr/bin/env python3
"""Statistics of every dense layer of the shipped models (public/models/*), independent of the lab:
numpy on the tfjs weight files. For each dense kernel: its shape, whether it is the classifier
(the twin's last nn.Linear, training/models.py), μ, population σ, excess kurtosis, and the fraction
the k-σ rule removes (|w − μ| < kσ, METHOD §2) at k = 1, 2, 3 with the count it keeps at k = 3.

  /usr/bin/python3 training/dense_stats.py        (writes docs/results/dense-stats.json)

Why kurtosis: a Gaussian layer has excess kurtosis 0 and loses 68.27 / 95.45 / 99.73 %; a
uniform one (a layer still near its initialization) has −1.2, and all its weights lie within
±√3·σ ≈ ±1.73σ, so k ≥ 2 removes every weight. The README's paper section quotes this file, and
test/core/prune/dense-stats.test.ts checks the lab's k-σ counts against it.
"""
import json
import platform
import subprocess
import sys
from datetime import date
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import models as M  # noqa: E402
from finetune_ref import load_tfjs  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
MODELS = ROOT / 'public' / 'models'
OUT = ROOT / 'docs' / 'results' / 'dense-stats.json'


def layer_stats(w):
    w = w.reshape(-1).astype(np.float64)
    mean = w.mean()
    d = w - mean
    std = np.sqrt((d ** 2).mean())
    out = {'params': int(w.size), 'mean': float(mean), 'std': float(std),
           'excessKurtosis': float((d ** 4).mean() / std ** 4 - 3)}
    for k in (1, 2, 3):
        removed = int((np.abs(d) < k * std).sum())
        out[f'removedK{k}'] = removed / w.size
    out['keptK3'] = int((np.abs(d) >= 3 * std).sum())
    return out


def classifier_of(key):
    """The twin's last nn.Linear: the layer that outputs the classes."""
    linear = [name for name, m in M.build(key, 10).named_modules() if m.__class__.__name__ == 'Linear']
    return linear[-1].replace('.', '_')


def main():
    models = []
    for folder in sorted(p for p in MODELS.iterdir() if (p / 'card.json').exists()):
        card = json.loads((folder / 'card.json').read_text())
        key = card['model']
        weights = load_tfjs(folder)
        classifier = classifier_of(key)
        layers = []
        for name, a in weights.items():
            layer, kind = name.split('/')
            if kind != 'kernel' or a.ndim != 2:
                continue
            layers.append({'name': layer, 'shape': list(a.shape), 'outputs': int(a.shape[1]), 'classifier': layer == classifier, **layer_stats(a)})
        models.append({'name': folder.name, 'model': key, 'layers': layers})
    commit = subprocess.run(['git', 'rev-parse', '--short', 'HEAD'], capture_output=True, text=True, cwd=ROOT).stdout.strip()
    result = {'measured': {'date': date.today().isoformat(), 'commit': commit, 'command': '/usr/bin/python3 training/dense_stats.py',
                           'machine': f'{platform.machine()}, numpy {np.__version__}'}, 'models': models}
    OUT.write_text(json.dumps(result, indent=1) + '\n')
    for m in models:
        for l in m['layers']:
            print(f"{m['name']} {l['name']}{' (classifier)' if l['classifier'] else ''}: kurtosis {l['excessKurtosis']:+.2f}, "
                  f"k=1/2/3 removes {100 * l['removedK1']:.2f} / {100 * l['removedK2']:.2f} / {100 * l['removedK3']:.2f} %, k=3 keeps {l['keptK3']} of {l['params']}")


if __name__ == '__main__':
    main()
