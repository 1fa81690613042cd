/**
 * The byte layer of what a link packs (a policy, a recorded run): unsigned LEB128 varints, a
 * 32-bit FNV-1a checksum of everything before it, base64url without padding. Opening never
 * throws: a damaged, truncated or foreign string is null.
 */

function fnv1a(bytes: Uint8Array): number {
  let h = 0x811c9dc5;
  for (const b of bytes) h = Math.imul(h ^ b, 0x01000193) >>> 0;
  return h >>> 0;
}

/** Appends `x` (an integer ≥ 0) as an unsigned LEB128 varint. */
export function pushVarint(out: number[], x: number): void {
  let n = x;
  while (n >= 0x80) {
    out.push((n % 0x80) | 0x80);
    n = Math.floor(n / 0x80);
  }
  out.push(n);
}

/** Seals `bytes` with their checksum and writes them as base64url. */
export function seal(bytes: number[]): string {
  const h = fnv1a(Uint8Array.from(bytes));
  let bin = '';
  for (const b of [...bytes, h >>> 24, (h >>> 16) & 0xff, (h >>> 8) & 0xff, h & 0xff]) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The bytes `seal` wrote (checksum removed), or null when `text` is longer than `maxLength`, not base64url or its checksum fails. */
export function unseal(text: string, maxLength: number): Uint8Array | null {
  if (!text || text.length > maxLength || !/^[A-Za-z0-9_-]+$/.test(text)) return null;
  let bin: string;
  try {
    bin = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  } catch {
    return null;
  }
  const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
  if (bytes.length < 5) return null;
  const body = bytes.subarray(0, bytes.length - 4);
  const t = bytes.subarray(bytes.length - 4);
  return fnv1a(body) === (((t[0] << 24) | (t[1] << 16) | (t[2] << 8) | t[3]) >>> 0) ? body : null;
}

/** Reads `body` from byte `start`: varints of at most six bytes up to `max`, and single bytes; null past the end or over `max`. */
export function reader(body: Uint8Array, start: number) {
  let i = start;
  return {
    byte: (): number | null => (i < body.length ? body[i++] : null),
    varint(max: number): number | null {
      let x = 0;
      for (let shift = 1; i < body.length; shift *= 0x80) {
        const b = body[i++];
        x += (b & 0x7f) * shift;
        if (!(b & 0x80)) return x <= max ? x : null;
        if (shift > 2 ** 35) return null;
      }
      return null;
    },
    /** True once every byte was read (trailing bytes mean a damaged string). */
    get done(): boolean { return i === body.length; },
  };
}
