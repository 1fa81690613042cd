#!/usr/bin/env python3
"""Runs a PyTorch snippet exported by the lab (Export panel: "policy as PyTorch") on the trainer's
twin model with the same weights, and compares every layer's pruned count with the policy JSON
exported beside it. The README's claim "every layer's count matches" rests on this script
(test/core/pipeline/snippet-torch.test.ts runs it on VGG-S and ResNet-20).

  /usr/bin/python3 training/check_snippet.py --model vgg-s --weights public/models/vgg-s-shapes10 \
      policy.json policy.py

The twin is models.build(model, classes) with the tfjs weights of --weights (float16 kernels
widened, as the lab loads them), in float32 like the lab. Prints one line per layer; exits 0 when
every count matches, 1 otherwise.
"""
import argparse
import json
import sys
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
import models as M  # noqa: E402
from finetune_ref import load_tfjs, tfjs_to_torch  # noqa: E402

SUFFIX = {'kernel': 'weight', 'bias': 'bias', 'gamma': 'weight', 'beta': 'bias',
          'moving_mean': 'running_mean', 'moving_variance': 'running_var'}


def load_twin(model_key, classes, folder):
    """The twin with the tfjs weights of `folder` (tfjs layer names are module names with '_' for '.')."""
    model = M.build(model_key, classes)
    modules = {name.replace('.', '_'): name for name, _ in model.named_modules() if name}
    state = {}
    for tname, a in load_tfjs(Path(folder)).items():
        layer, kind = tname.split('/')
        state[f'{modules[layer]}.{SUFFIX[kind]}'] = tfjs_to_torch(tname, a).float()
    missing = {k for k in model.state_dict() if not k.endswith('num_batches_tracked')} - set(state)
    if missing:
        raise SystemExit(f'weights lack {sorted(missing)}')
    model.load_state_dict(state, strict=False)
    return model


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('--model', required=True, help='zoo key: vgg-s, vgg16, resnet20, resnet56')
    p.add_argument('--weights', required=True, help='folder with weights.json and shards (public/models/<name>)')
    p.add_argument('--classes', type=int, default=10)
    p.add_argument('policy', help='the lab\'s policy JSON')
    p.add_argument('snippet', help='the lab\'s PyTorch snippet (defines apply_policy(model))')
    args = p.parse_args(argv)

    policy = json.loads(Path(args.policy).read_text())
    model = load_twin(args.model, args.classes, args.weights)
    scope = {}
    exec(compile(Path(args.snippet).read_text(), args.snippet, 'exec'), scope)  # noqa: S102 — the file under test
    with torch.no_grad():
        scope['apply_policy'](model)
    by_tfjs_name = {name.replace('.', '_'): m for name, m in model.named_modules()}
    bad = 0
    for layer in policy['layers']:
        m = by_tfjs_name[layer['name']]
        mask = getattr(m, 'weight_mask', None)
        pruned = int((mask == 0).sum()) if mask is not None else 0
        ok = pruned == layer['pruned'] and (mask is None or mask.numel() == layer['params'])
        bad += not ok
        print(f"{'ok ' if ok else 'BAD'} {layer['name']}: lab {layer['pruned']} of {layer['params']}, torch {pruned}")
    print(f"{len(policy['layers']) - bad} of {len(policy['layers'])} layers match")
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
