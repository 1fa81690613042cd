#!/usr/bin/env python3
"""Trains one model of the lab's zoo with PyTorch on CPU or GPU, resumable.

  python3 training/train.py --model vgg16 --dataset cifar10 --epochs 20

Recipe (METHOD §4 style): SGD, momentum 0.9 (Nesterov), one-cycle learning rate (linear warm-up
over the first 15% of steps from lr/25 to lr, then cosine to ~0), weight decay on every
parameter, batch 128, pad-4 crop + horizontal flip, normalization with the CIFAR mean/std the
lab uses. Fixed seeds: initialization, epoch order and each batch's augmentation derive from
--seed, so an interrupted run resumes where it stopped (checkpoints every epoch and every few
minutes, in training/runs/<name>/, gitignored). Run again with the same arguments to resume.
When done it writes training/runs/<name>/final.pt; then run export.py.
"""
import argparse
import json
import os
import sys
import time
from pathlib import Path

import torch
import torch.nn.functional as F

sys.path.insert(0, str(Path(__file__).resolve().parent))
import data as D  # noqa: E402
import models as M  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = {
    'cifar10': ROOT.parent / 'shared' / 'data' / 'cifar-10-jpeg.tar.gz',
    'shapes10': Path(__file__).resolve().parent / '.cache' / 'shapes10',
}


def parse(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--model', required=True, choices=['vgg-s', 'vgg16', 'resnet20', 'resnet56'])
    p.add_argument('--dataset', default='cifar10', choices=['cifar10', 'shapes10'])
    p.add_argument('--data', help='JPEG archive (.tar.gz) or a directory of CIFAR-10 binaries '
                   '(default: ../shared/data/cifar-10-jpeg.tar.gz; for shapes10 training/.cache/shapes10, '
                   'made by `npm run data:shapes -- training/.cache/shapes10`)')
    p.add_argument('--epochs', type=int, default=30)
    p.add_argument('--lr', type=float, default=0.1, help='peak learning rate of the one-cycle schedule')
    p.add_argument('--wd', type=float, default=5e-4)
    p.add_argument('--batch', type=int, default=128)
    p.add_argument('--seed', type=int, default=1)
    p.add_argument('--threads', type=int, default=os.cpu_count())
    p.add_argument('--device', default='cuda' if torch.cuda.is_available() else 'cpu')
    p.add_argument('--name', help='run name (default <model>-<dataset>)')
    p.add_argument('--runs', default=str(Path(__file__).resolve().parent / 'runs'))
    p.add_argument('--checkpoint-minutes', type=float, default=5.0)
    p.add_argument('--stop-after', type=int, default=None, metavar='EPOCH',
                   help='end the run after this epoch (its schedule cut short) and write final.pt, so that '
                   '--init-from can restart it on a shorter schedule when compute runs out')
    p.add_argument('--init-from', help='start from the weights of a finished run (training/runs/<name>/final.pt) '
                   'with a fresh optimizer and schedule: a warm restart that continues a run whose schedule has ended')
    return p.parse_args(argv)


def evaluate(model, x, y, device, batch=500):
    model.eval()
    correct = 0
    with torch.no_grad():
        for i in range(0, len(x), batch):
            xb = D.normalize(x[i:i + batch]).to(device).contiguous(memory_format=torch.channels_last)
            correct += (model(xb).argmax(1).cpu() == y[i:i + batch]).sum().item()
    return correct / len(x)


def main(argv=None):
    args = parse(argv)
    torch.set_num_threads(args.threads)
    name = args.name or f'{args.model}-{args.dataset}'
    run_dir = Path(args.runs) / name
    run_dir.mkdir(parents=True, exist_ok=True)
    data_path = Path(args.data) if args.data else DEFAULT_DATA[args.dataset]
    t0 = time.time()
    xtr, ytr, xte, yte = D.load(data_path)
    print(f'[{name}] data {data_path}: train {len(xtr)}, test {len(xte)} ({time.time() - t0:.1f} s)', flush=True)

    device = torch.device(args.device)
    gen = torch.Generator().manual_seed(args.seed)
    model = M.build(args.model, 10)
    M.he_init(model, gen)
    prior = None
    if args.init_from:
        prior = torch.load(Path(args.runs) / args.init_from / 'final.pt', map_location='cpu')
        if prior['config']['model'] != args.model:
            sys.exit(f'--init-from {args.init_from} is a {prior["config"]["model"]}, not a {args.model}')
        model.load_state_dict(prior['model'])
    model = model.to(device).to(memory_format=torch.channels_last)
    opt = torch.optim.SGD(model.parameters(), lr=args.lr, momentum=0.9, nesterov=True, weight_decay=args.wd)
    steps_per_epoch = len(xtr) // args.batch  # drop the last partial batch
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=args.lr, total_steps=args.epochs * steps_per_epoch,
                                                pct_start=0.15, anneal_strategy='cos', cycle_momentum=False,
                                                div_factor=25.0, final_div_factor=1e4)
    state = {'epoch': 0, 'step': 0, 'log': [], 'seconds': 0.0}
    ckpt = run_dir / 'last.pt'
    config = {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()}
    config['data'] = str(data_path)
    if ckpt.exists():
        saved = torch.load(ckpt, map_location=device)
        if saved['config']['epochs'] != args.epochs or saved['config']['seed'] != args.seed or saved['config']['model'] != args.model:
            sys.exit(f'{ckpt} was made with other settings ({saved["config"]}); remove it or use --name')
        model.load_state_dict(saved['model'])
        opt.load_state_dict(saved['opt'])
        sched.load_state_dict(saved['sched'])
        state = saved['state']
        print(f'[{name}] resumed at epoch {state["epoch"]} step {state["step"]}', flush=True)

    def save():
        tmp = run_dir / 'last.tmp'
        torch.save({'model': model.state_dict(), 'opt': opt.state_dict(), 'sched': sched.state_dict(),
                    'state': state, 'config': config}, tmp)
        tmp.replace(ckpt)

    last_save = time.time()
    end = min(args.epochs, args.stop_after) if args.stop_after else args.epochs
    while state['epoch'] < end:
        epoch = state['epoch']
        order = torch.randperm(len(xtr), generator=torch.Generator().manual_seed(args.seed * 100003 + epoch))
        model.train()
        t_epoch = time.time()
        loss_sum, seen = 0.0, 0
        while state['step'] < steps_per_epoch:
            step = state['step']
            idx = order[step * args.batch:(step + 1) * args.batch]
            g = torch.Generator().manual_seed((args.seed * 100003 + epoch) * 100003 + step)
            xb = D.normalize(D.augment(xtr[idx], g)).to(device).contiguous(memory_format=torch.channels_last)
            yb = ytr[idx].to(device)
            loss = F.cross_entropy(model(xb), yb)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            sched.step()
            loss_sum += loss.item() * len(idx)
            seen += len(idx)
            state['step'] += 1
            if time.time() - last_save > args.checkpoint_minutes * 60:
                state['seconds'] += time.time() - t_epoch
                t_epoch = time.time()
                save()
                last_save = time.time()
        state['seconds'] += time.time() - t_epoch
        acc = evaluate(model, xte, yte, device)
        entry = {'epoch': epoch + 1, 'train_loss': loss_sum / max(seen, 1), 'test_acc': acc,
                 'lr': sched.get_last_lr()[0], 'seconds': round(state['seconds'], 1)}
        state['log'].append(entry)
        state['epoch'] += 1
        state['step'] = 0
        save()
        last_save = time.time()
        print(f'[{name}] epoch {epoch + 1}/{args.epochs} loss {entry["train_loss"]:.4f} '
              f'test {100 * acc:.2f}% ({state["seconds"] / 60:.1f} min)', flush=True)

    # A warm restart carries its predecessor's history: epochs and time add up.
    log = (prior['log'] if prior else []) + state['log']
    seconds = (prior['seconds'] if prior else 0.0) + state['seconds']
    history = (prior.get('history', [prior['command']]) if prior else [])
    command = 'python3 training/train.py ' + ' '.join(sys.argv[1:] if argv is None else argv)
    final = {'model': {k: v.cpu() for k, v in model.state_dict().items()}, 'config': config,
             'log': log, 'seconds': seconds, 'history': history + [command],
             'test_acc': state['log'][-1]['test_acc'] if state['log'] else None,
             'finished': time.strftime('%Y-%m-%d'),
             'device': torch.cuda.get_device_name() if device.type == 'cuda' else f'CPU, {args.threads} threads',
             'command': command}
    torch.save(final, run_dir / 'final.pt')
    (run_dir / 'log.json').write_text(json.dumps({'config': config, 'log': state['log']}, indent=1))
    print(f'[{name}] done: test {100 * final["test_acc"]:.2f}%', flush=True)


if __name__ == '__main__':
    main()
