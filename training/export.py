#!/usr/bin/env python3
"""Exports a trained run to the lab: tfjs weight files, reference logits and a model card.

  python3 training/export.py --run vgg16-cifar10 [--float16]

Reads training/runs/<run>/final.pt (or last.pt with --partial) and writes public/models/<run>/:
  weights.json          tfjs weights manifest (names are the tfjs layer weights: conv1/kernel,
                        bn1/gamma, bn1/moving_mean, fc2/bias, ...; layouts HWIO and [in, out])
  group1-shard*.bin     the weight bytes, 4 MiB shards (float32; conv/dense kernels float16 with
                        --float16, as tfjs' quantization {dtype: 'float16'})
  reference.json        logits of the first 32 test images (float64 forward pass of the shipped
                        weights), for the lab's parity test
  card.json, CARD.md    the model card: data, recipe, epochs, seed, date, parameter count, test
                        accuracy of the shipped weights on the full test set, reproduce commands
The accuracy and logits are computed after any float16 rounding, so they describe exactly the
weights the lab loads.
"""
import argparse
import json
import struct
import sys
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn as nn

sys.path.insert(0, str(Path(__file__).resolve().parent))
import data as D  # noqa: E402
import models as M  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SHARD = 4 * 1024 * 1024
TARGETS = {'vgg16-cifar10': 0.91, 'resnet56-cifar10': 0.91, 'resnet20-cifar10': 0.89,
           'vgg-s-cifar10': 0.80, 'vgg-s-shapes10': 0.95}
DATASET_LABEL = {'cifar10': 'CIFAR-10 (JPEG copy)', 'shapes10': 'Shapes-10 (seed 1234)'}
MODEL_LABEL = {'vgg-s': 'VGG-S', 'vgg16': 'VGG16', 'resnet20': 'ResNet-20', 'resnet56': 'ResNet-56'}


def tfjs_weights(model):
    """(tfjs name, float32 array in tfjs layout, is_kernel) for every weight, in layer order."""
    out = []
    for name, m in model.named_modules():
        tname = name.replace('.', '_')
        if isinstance(m, nn.Conv2d):
            out.append((f'{tname}/kernel', m.weight.detach().permute(2, 3, 1, 0).numpy(), True))
            if m.bias is not None:
                out.append((f'{tname}/bias', m.bias.detach().numpy(), False))
        elif isinstance(m, nn.Linear):
            out.append((f'{tname}/kernel', m.weight.detach().t().numpy(), True))
            out.append((f'{tname}/bias', m.bias.detach().numpy(), False))
        elif isinstance(m, (nn.BatchNorm1d, nn.BatchNorm2d)):
            out.append((f'{tname}/gamma', m.weight.detach().numpy(), False))
            out.append((f'{tname}/beta', m.bias.detach().numpy(), False))
            out.append((f'{tname}/moving_mean', m.running_mean.numpy(), False))
            out.append((f'{tname}/moving_variance', m.running_var.numpy(), False))
    return [(n, np.ascontiguousarray(a, dtype=np.float32), k) for n, a, k in out]


def round_kernels_to_float16(model):
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, (nn.Conv2d, nn.Linear)):
                m.weight.copy_(m.weight.half().float())


def evaluate(model, x, y, batch=500):
    model.eval()
    correct = 0
    with torch.no_grad():
        for i in range(0, len(x), batch):
            correct += (model(D.normalize(x[i:i + batch])).argmax(1) == y[i:i + batch]).sum().item()
    return correct


def write_index():
    """Regenerates src/core/models/shipped-models.json from every public/models/*/card.json."""
    rows = []
    for path in sorted((ROOT / 'public' / 'models').glob('*/card.json')):
        c = json.loads(path.read_text())
        rows.append({'name': c['name'], 'model': c['model'], 'dataset': c['dataset'],
                     'datasetLabel': c['dataset_label'], 'testAccuracy': c['test_accuracy'],
                     'testImages': c['test_images'], 'targetAccuracy': c['target_accuracy'],
                     'epochsDone': c['recipe']['epochs_done'], 'epochs': c['recipe']['epochs'],
                     'weightsBytes': c['weights_bytes']})
    (ROOT / 'src' / 'core' / 'models' / 'shipped-models.json').write_text(json.dumps(rows, indent=1) + '\n')


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--run', required=True, help='run name, e.g. vgg16-cifar10')
    p.add_argument('--runs', default=str(Path(__file__).resolve().parent / 'runs'))
    p.add_argument('--out', help='default public/models/<run>')
    p.add_argument('--float16', action='store_true', help='store conv/dense kernels as float16')
    p.add_argument('--partial', action='store_true', help='export last.pt of an unfinished run')
    p.add_argument('--threads', type=int, default=None)
    p.add_argument('--name', help='folder under public/models (default: the run name)')
    p.add_argument('--note', help='a sentence for the card (e.g. why a target is missed and how training continues)')
    args = p.parse_args(argv)
    if args.threads:
        torch.set_num_threads(args.threads)
    run_dir = Path(args.runs) / args.run
    if args.partial:
        last = torch.load(run_dir / 'last.pt', map_location='cpu')
        ck = {'model': last['model'], 'config': last['config'], 'log': last['state']['log'],
              'seconds': last['state']['seconds'], 'finished': None, 'device': None,
              'command': None}
    else:
        ck = torch.load(run_dir / 'final.pt', map_location='cpu')
    cfg = ck['config']
    model = M.build(cfg['model'], 10)
    model.load_state_dict(ck['model'])
    model.eval()
    _, _, xte, yte = D.load(cfg['data'])

    float_acc = evaluate(model, xte, yte)
    if args.float16:
        round_kernels_to_float16(model)
    correct = evaluate(model, xte, yte)
    with torch.no_grad():
        ref = model.double()(D.normalize(xte[:32]).double()).numpy()
    model.float()

    name = args.name or args.run
    out = Path(args.out) if args.out else ROOT / 'public' / 'models' / name
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob('group1-shard*.bin'):
        old.unlink()
    specs, blobs = [], []
    for wname, arr, is_kernel in tfjs_weights(model):
        spec = {'name': wname, 'shape': list(arr.shape), 'dtype': 'float32'}
        if args.float16 and is_kernel:
            spec['quantization'] = {'dtype': 'float16', 'original_dtype': 'float32'}
            blobs.append(arr.astype(np.float16).tobytes())
        else:
            blobs.append(arr.tobytes())
        specs.append(spec)
    blob = b''.join(blobs)
    n_shards = max(1, -(-len(blob) // SHARD))
    paths = []
    for i in range(n_shards):
        fname = f'group1-shard{i + 1}of{n_shards}.bin'
        (out / fname).write_bytes(blob[i * SHARD:(i + 1) * SHARD])
        paths.append(fname)
    (out / 'weights.json').write_text(json.dumps([{'paths': paths, 'weights': specs}]))

    (out / 'reference.json').write_text(json.dumps({
        'note': 'logits of test images 0..31 (test_batch.bin order), float64 forward pass of the shipped weights',
        'labels': yte[:32].tolist(), 'logits': ref.round(7).tolist()}))

    trainable = sum(p.numel() for p in model.parameters())
    acc = correct / len(yte)
    target = TARGETS.get(name)
    epochs_done = len(ck['log'])
    card = {
        'name': name,
        'model': cfg['model'],
        'model_label': MODEL_LABEL[cfg['model']],
        'dataset': cfg['dataset'],
        'dataset_label': DATASET_LABEL[cfg['dataset']],
        'num_classes': 10,
        'test_images': len(yte),
        'test_correct': correct,
        'test_accuracy': acc,
        'test_accuracy_float32': float_acc / len(yte),
        'target_accuracy': target,
        'meets_target': None if target is None else acc >= target,
        'trainable_params': trainable,
        'weights_dtype': 'float16 kernels, float32 biases and batch-norm' if args.float16 else 'float32',
        'weights_bytes': len(blob),
        'recipe': {
            'optimizer': 'SGD, momentum 0.9, Nesterov', 'schedule': 'one-cycle (15% linear warm-up from lr/25, cosine to lr/2.5e5)',
            'peak_lr': cfg['lr'], 'weight_decay': cfg['wd'], 'batch': cfg['batch'], 'epochs': cfg['epochs'],
            'epochs_done': epochs_done,
            'augmentation': 'pad 4 + random 32x32 crop, horizontal flip',
            'normalization': {'mean': list(D.MEAN), 'std': list(D.STD)},
            'init': 'He-uniform kernels', 'loss': 'cross-entropy',
        },
        'seed': cfg['seed'],
        'trained_on': ck['device'] and ck['device'].replace(', 1 threads', ', 1 thread'),
        'train_minutes': round(ck['seconds'] / 60, 1),
        'date': ck['finished'] or time.strftime('%Y-%m-%d'),
        'exported': time.strftime('%Y-%m-%d'),
        'epoch_log': [{'epoch': e['epoch'], 'test_acc': round(e['test_acc'], 4), 'train_loss': round(e['train_loss'], 4)} for e in ck['log']],
        'commands': {
            'data': 'npm run data:shapes -- training/.cache/shapes10' if cfg['dataset'] == 'shapes10' else None,
            # Every training command of the run's history (a warm restart lists its predecessor's first).
            'train': [h.replace(' --threads 1', '').replace(' --threads 2', '') for h in ck.get('history', [])] or [
                f"python3 training/train.py --model {cfg['model']} --dataset {cfg['dataset']} --epochs {cfg['epochs']} "
                f"--lr {cfg['lr']} --wd {cfg['wd']} --batch {cfg['batch']} --seed {cfg['seed']}"],
            'export': f"python3 training/export.py --run {args.run}" + (f' --name {name}' if name != args.run else '') + (' --float16' if args.float16 else ''),
        },
        'note': args.note,
        'complete': not args.partial,
    }
    (out / 'card.json').write_text(json.dumps(card, indent=1) + '\n')
    status = ''
    if target is not None:
        status = 'meets the target' if acc >= target else f'**below the target** of {100 * target:.0f}%'
    md = [f"# {card['model_label']} on {card['dataset_label']}", '',
          f"Test accuracy of these weights: **{100 * acc:.2f}%** ({correct:,} / {len(yte):,} test images); {status}.",
          '', '| | |', '|---|---|',
          f"| Trainable parameters | {trainable:,} |",
          f"| Weights | {card['weights_dtype']}, {len(blob) / 1e6:.2f} MB |",
          f"| Training | {epochs_done} epochs{' in total (warm restarts)' if len(ck.get('history', [])) > 1 else ''} (this run planned {cfg['epochs']}), {card['recipe']['optimizer']}, {card['recipe']['schedule']}, peak lr {cfg['lr']}, weight decay {cfg['wd']}, batch {cfg['batch']} |",
          f"| Augmentation | {card['recipe']['augmentation']} |",
          f"| Normalization | mean {D.MEAN}, std {D.STD} |",
          f"| Seed | {cfg['seed']} |",
          f"| Trained on | {card['trained_on']}, {card['train_minutes']} min, finished {card['date']} |",
          '', 'Reproduce:', '', '```']
    if card['commands']['data']:
        md.append(card['commands']['data'])
    md += [*card['commands']['train'], card['commands']['export'], '```', '']
    if args.note:
        md += [args.note, '']
    if args.partial:
        md += ['**Unfinished run**: exported from a checkpoint. Continue with the train command above (it resumes).', '']
    (out / 'CARD.md').write_text('\n'.join(md))
    write_index()
    print(f"{args.run}: {100 * acc:.2f}% ({correct}/{len(yte)}), float32 {100 * float_acc / len(yte):.2f}%, "
          f"{len(blob) / 1e6:.2f} MB in {n_shards} shard(s) -> {out}")


if __name__ == '__main__':
    main()
