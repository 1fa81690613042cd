#!/usr/bin/env python3
"""A Python port of the lab's seeded RNG (src/core/rng.ts), bit for bit.

`Rng(seed)`: splitmix32 seeding of a 128-bit sfc32 state, then 12 warm-up draws;
`next_uint32()`, `next()` (uint32 / 2^32), `int(n)` (the same rejection sampling),
`shuffle(items)` (the same Fisher–Yates: for i = len−1 … 1, j = int(i + 1), swap; in place,
returns the list) and `derive_seed(seed, *parts)` (deriveSeed: FNV-1a over the parts joined by
'\\u0000', iterated by UTF-16 code unit as JS charCodeAt, then mixed). All arithmetic is done
mod 2^32 exactly as Math.imul, | 0 and >>> do in JavaScript.

Self-check against values printed by the TypeScript (npx tsx):

  /usr/bin/python3 training/lab_rng.py
"""
import math

M32 = 0xFFFFFFFF


def _imul(a, b):
    """Math.imul on uint32 inputs, result as uint32 (the low 32 bits of the product)."""
    return (a * b) & M32


def _trunc_u32(seed):
    """Math.trunc(seed) >>> 0."""
    if isinstance(seed, float):
        if not math.isfinite(seed):
            return 0  # NaN/±Infinity >>> 0 is 0 in JS
        seed = math.trunc(seed)
    return int(seed) & M32


def _js_str(part):
    """String(part) as `Array.prototype.join` writes it, for str / int / integral float."""
    if isinstance(part, bool):
        return 'true' if part else 'false'
    if isinstance(part, float) and part.is_integer():
        return str(int(part))
    if isinstance(part, (int, str)):
        return str(part)
    raise TypeError(f'derive_seed: unsupported part {part!r} (use str or int)')


def _utf16_units(text):
    data = text.encode('utf-16-le', 'surrogatepass')
    return [data[i] | (data[i + 1] << 8) for i in range(0, len(data), 2)]


class Rng:
    """sfc32 seeded through splitmix32, as `new Rng(seed)` in src/core/rng.ts."""

    def __init__(self, seed):
        s = _trunc_u32(seed) ^ 0x9E3779B9

        def split():
            nonlocal s
            s = (s + 0x9E3779B9) & M32
            z = s
            z = _imul(z ^ (z >> 16), 0x85EBCA6B)
            z = _imul(z ^ (z >> 13), 0xC2B2AE35)
            return (z ^ (z >> 16)) & M32

        self.a, self.b, self.c, self.d = split(), split(), split(), split()
        for _ in range(12):
            self.next_uint32()

    def next_uint32(self):
        a, b, c, d = self.a, self.b, self.c, self.d
        t = (a + b + d) & M32
        self.d = (d + 1) & M32
        self.a = b ^ (b >> 9)
        self.b = (c + (c << 3)) & M32
        c = ((c << 21) | (c >> 11)) & M32
        self.c = (c + t) & M32
        return t

    def next(self):
        return self.next_uint32() / 4294967296

    def int(self, n):
        if not (n >= 1) or n > 4294967296:
            raise ValueError(f'Rng.int: n must be in [1, 2^32], got {n}')
        limit = 4294967296 - (4294967296 % n)
        x = self.next_uint32()
        while x >= limit:
            x = self.next_uint32()
        return x % n

    def shuffle(self, items):
        for i in range(len(items) - 1, 0, -1):
            j = self.int(i + 1)
            items[i], items[j] = items[j], items[i]
        return items

    def get_state(self):
        return [self.a, self.b, self.c, self.d]


def derive_seed(seed, *parts):
    """deriveSeed(seed, ...parts) of src/core/rng.ts."""
    h = 0x811C9DC5 ^ _trunc_u32(seed)
    for u in _utf16_units('\u0000'.join(_js_str(p) for p in parts)):
        h = _imul(h ^ u, 0x01000193)
    h = _imul(h ^ (h >> 15), 0x2C1B3C6D)
    h = _imul(h ^ (h >> 12), 0x297A2D39)
    return (h ^ (h >> 15)) & M32


if __name__ == '__main__':
    # Expected values printed by the TypeScript (src/core/rng.ts) with a throwaway `npx tsx` script.
    FIRST5 = {
        0: [1255788323, 229556502, 1129684417, 4139637878, 1673523051],
        1: [635646946, 1195056953, 2085805719, 2648597309, 3437878625],
        1234: [124097502, 963645925, 1713750672, 2437612622, 1629290100],
        -1: [2955192266, 571914508, 1442885222, 569370534, 2940197396],
        4294967301: [765812341, 2653529769, 658468445, 1781332100, 4266217423],
        3.7: [1674268120, 1595349308, 1393447037, 606640270, 1413257381],
    }
    for seed, want in FIRST5.items():
        r = Rng(seed)
        got = [r.next_uint32() for _ in range(5)]
        assert got == want, (seed, got, want)
    assert Rng(7).shuffle(list(range(20))) == [8, 2, 1, 5, 17, 13, 4, 14, 9, 19, 16, 11, 15, 0, 7, 12, 18, 10, 3, 6]
    r = Rng(99)
    assert [r.int(n) for n in (3, 10, 1000, 3000000000, 4294967296)] == [2, 3, 724, 2005775147, 1671041884]
    DERIVED = [((7, 'finetune-order', 0), 3135038919), ((1, 'finetune-order', 0), 4247439877),
               ((1, 'finetune-order', 1), 2592118212), ((1234, 'shapes10', 'test', 17), 562775938),
               ((1, 'ddpg', 'explore'), 3514259667), ((5, '\u03c3-k', '\U0001F600'), 2957728532),
               ((0,), 723595804), ((-3, 'a'), 2049270213)]
    for args, want in DERIVED:
        assert derive_seed(*args) == want, (args, derive_seed(*args), want)
    perm = Rng(derive_seed(1, 'finetune-order', 0)).shuffle(list(range(10000)))
    assert perm[:10] == [5149, 3447, 2807, 1046, 439, 8574, 6028, 3549, 1037, 8786] and perm[9999] == 2827
    print('lab_rng: all self-checks pass')
