"""Where the offline tools find CIFAR-10's binary files: the same places, in the same order, as
scripts/local-env.ts (CIFAR10_DIR, ../shared/data beside the checkout, then the user cache that
`npm run data:cifar10` fills)."""
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FOLDER = 'cifar-10-batches-bin'


def user_cache_dir() -> Path:
    home = Path.home()
    if sys.platform == 'win32':
        return Path(os.environ.get('LOCALAPPDATA', home / 'AppData' / 'Local')) / 'pruning-lab'
    if sys.platform == 'darwin':
        return home / 'Library' / 'Caches' / 'pruning-lab'
    return Path(os.environ.get('XDG_CACHE_HOME') or home / '.cache') / 'pruning-lab'


def cifar10_file(name: str) -> Path:
    """Path of one CIFAR-10 binary file; exits with the command that fetches it when missing."""
    candidates = ([Path(os.environ['CIFAR10_DIR'])] if os.environ.get('CIFAR10_DIR') else []) + [
        ROOT.parent / 'shared' / 'data' / FOLDER, user_cache_dir() / FOLDER]
    for d in candidates:
        if (d / name).exists():
            return d / name
    sys.exit(f'CIFAR-10 {name} not found in {", ".join(map(str, candidates))}: run `npm run data:cifar10` or set CIFAR10_DIR')
