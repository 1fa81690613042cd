"""CIFAR-10 and Shapes-10 for the trainer, as uint8 NCHW tensors in the lab's order.

- A `.tar.gz` path is the CIFAR-10 JPEG archive (`{train,test}/<class>/NNNN.jpg`); images are
  ordered exactly as `../shared/tools/cifar10-bins` orders them (a fixed-seed shuffle of the
  sorted paths: seed 10 for test, 50 for train), so "test image i" here is record i of
  `test_batch.bin`, the file the lab's tests read. The decoded arrays are cached in
  `training/.cache/` (gitignored).
- A directory holds the CIFAR-10 binary layout: `data_batch_*.bin` (train) and `test_batch.bin`
  (records of 1 label byte + 3,072 planar RGB bytes), as written by `cifar10-bins` or by
  `npm run data:shapes -- DIR` for Shapes-10.
"""
import hashlib
import io
import os
import random
import tarfile
from pathlib import Path

import torch

CIFAR10_CLASSES = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"]
MEAN = (0.4914, 0.4822, 0.4465)
STD = (0.2023, 0.1994, 0.2010)
CACHE = Path(__file__).resolve().parent / '.cache'


def _decode_binary(buf):
    n = len(buf) // 3073
    if n * 3073 != len(buf):
        raise ValueError(f'{len(buf)} bytes is not a whole number of 3,073-byte CIFAR-10 records')
    t = torch.frombuffer(bytearray(buf), dtype=torch.uint8).reshape(n, 3073)
    return t[:, 1:].reshape(n, 3, 32, 32).clone(), t[:, 0].long().clone()


def _read_binary_dir(d):
    d = Path(d)
    train = sorted(d.glob('data_batch_*.bin'))
    test = d / 'test_batch.bin'
    if not train or not test.exists():
        raise FileNotFoundError(f'{d} needs data_batch_*.bin and test_batch.bin')
    parts = [_decode_binary(p.read_bytes()) for p in train]
    xtr = torch.cat([p[0] for p in parts])
    ytr = torch.cat([p[1] for p in parts])
    xte, yte = _decode_binary(test.read_bytes())
    return xtr, ytr, xte, yte


def _read_jpeg_archive(path):
    from PIL import Image
    images = {}
    with tarfile.open(path, 'r:gz') as tar:
        for member in tar:
            parts = member.name.split('/')
            if member.isfile() and len(parts) == 3 and parts[2].endswith('.jpg'):
                images[member.name] = (parts[0], CIFAR10_CLASSES.index(parts[1]), tar.extractfile(member).read())
    out = {}
    for split, seed in (('test', 10), ('train', 50)):
        paths = sorted(p for p, v in images.items() if v[0] == split)
        random.Random(seed).shuffle(paths)  # the order of cifar10-bins / test_batch.bin
        x = torch.empty(len(paths), 3, 32, 32, dtype=torch.uint8)
        y = torch.empty(len(paths), dtype=torch.long)
        for i, p in enumerate(paths):
            img = Image.open(io.BytesIO(images[p][2])).convert('RGB')
            x[i] = torch.frombuffer(bytearray(img.tobytes()), dtype=torch.uint8).reshape(32, 32, 3).permute(2, 0, 1)
            y[i] = images[p][1]
        out[split] = (x, y)
    return out['train'][0], out['train'][1], out['test'][0], out['test'][1]


def load(path):
    """Returns (x_train uint8 [N,3,32,32], y_train long [N], x_test, y_test)."""
    path = Path(path)
    if path.is_dir():
        return _read_binary_dir(path)
    if not path.exists():
        raise FileNotFoundError(path)
    stat = path.stat()
    key = hashlib.sha256(f'{path.resolve()}:{stat.st_size}:{stat.st_mtime_ns}'.encode()).hexdigest()[:16]
    cached = CACHE / f'{path.name}.{key}.pt'
    if cached.exists():
        return torch.load(cached)
    data = _read_jpeg_archive(path)
    CACHE.mkdir(parents=True, exist_ok=True)
    tmp = cached.with_suffix(f'.{os.getpid()}.tmp')  # two trainers may fill the cache at once
    torch.save(data, tmp)
    tmp.replace(cached)
    return data


def normalize(x_uint8):
    """uint8 NCHW -> float32, (x/255 - mean) / std per channel (the lab's constants)."""
    mean = torch.tensor(MEAN).view(1, 3, 1, 1)
    std = torch.tensor(STD).view(1, 3, 1, 1)
    return (x_uint8.float() / 255.0 - mean) / std


def augment(x_uint8, generator):
    """Pad 4 (zeros), random 32x32 crop, random horizontal flip; uint8 in, uint8 out."""
    n = x_uint8.shape[0]
    padded = torch.nn.functional.pad(x_uint8, (4, 4, 4, 4))
    offs = torch.randint(0, 9, (n, 2), generator=generator)
    flips = torch.rand(n, generator=generator) < 0.5
    out = torch.empty_like(x_uint8)
    for i in range(n):
        dy, dx = int(offs[i, 0]), int(offs[i, 1])
        crop = padded[i, :, dy:dy + 32, dx:dx + 32]
        out[i] = crop.flip(2) if flips[i] else crop
    return out
