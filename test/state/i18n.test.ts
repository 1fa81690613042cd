/**
 * The UI's message catalog (src/ui/i18n): English and Chinese hold the same keys, section by
 * section, with no key in two sections (the flat catalog would silently keep the later one); a
 * function takes the same arguments in both; Chinese is written in Chinese, not left in English.
 * Every message is called with sample arguments, so a formatter that throws fails here.
 */
import { describe, expect, it } from 'vitest';
import { MESSAGES, SECTIONS } from '../../src/ui/i18n/index.ts';

type Tree = { [k: string]: unknown };

/** [path, value] of every leaf: strings, functions, and the entries of nested records. */
function leaves(o: Tree, prefix = ''): [string, unknown][] {
  return Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' ? leaves(v as Tree, `${prefix}${k}.`) : [[`${prefix}${k}`, v] as [string, unknown]]));
}

/** A sample argument of whatever a message asks for: numbers, strings, arrays, layer records. */
const sample = new Proxy({}, { get: (_, k) => (k === Symbol.toPrimitive ? () => 3 : k === 'length' ? 0 : sample) });
// Messages whose argument is one of a closed set (a sample outside it has no words).
const ARGS: Record<string, unknown[]> = { phase: ['fine-tuning'] };
const KINDS = [3, 'x', ['a', 'b'], sample];

/** Both languages' text for the first kind of argument both format to a string. */
function format(k: string, en: (...a: unknown[]) => unknown, zh: (...a: unknown[]) => unknown): [unknown, unknown] {
  const tries = ARGS[k] ? [ARGS[k]] : KINDS.map((a) => Array(en.length).fill(a));
  for (const args of tries) {
    try {
      const pair = [en(...args), zh(...args)];
      if (pair.every((x) => typeof x === 'string')) return pair as [string, string];
    } catch { /* the next kind of argument */ }
  }
  return [undefined, undefined];
}

// Words that are the same in both languages: names, units and symbols.
const SAME = /^[\sA-Za-z0-9αkσμ±%×·.,:;()/+\-–—→=≥≤<>'"%…@#_[\]|&·–]*$/;

describe('the message catalog', () => {
  it('every section has the same keys in English and Chinese, and no key is in two sections', () => {
    const owner = new Map<string, string>();
    for (const [name, s] of Object.entries(SECTIONS)) {
      expect(Object.keys(s.zh).sort(), name).toEqual(Object.keys(s.en).sort());
      expect(leaves(s.zh as Tree).map(([k]) => k).sort(), name).toEqual(leaves(s.en as Tree).map(([k]) => k).sort());
      for (const k of Object.keys(s.en)) {
        expect(owner.get(k), `${k} is in ${owner.get(k)} and ${name}`).toBeUndefined();
        owner.set(k, name);
      }
    }
    expect(Object.keys(MESSAGES.en).sort()).toEqual([...owner.keys()].sort());
    expect(Object.keys(MESSAGES.zh).sort()).toEqual([...owner.keys()].sort());
  });

  it('a message is a string in both or a function of the same arguments in both; Chinese is Chinese', () => {
    const zh = new Map(leaves(MESSAGES.zh as unknown as Tree));
    const copies: string[] = [];
    for (const [k, en] of leaves(MESSAGES.en as unknown as Tree)) {
      const z = zh.get(k);
      expect(typeof z, k).toBe(typeof en);
      const [e, c] = typeof en === 'function'
        ? (expect((z as () => unknown).length, k).toBe(en.length), format(k, en as () => unknown, z as () => unknown))
        : [en, z];
      expect(typeof e, k).toBe('string');
      expect(typeof c, k).toBe('string');
      // A worded English message has a Chinese one; names and units may stay the same.
      if (!SAME.test(String(e)) || /[a-z]{4,}/i.test(String(e).replace(/\b(VGG\w*|ResNet\w*|CIFAR\w*|Shapes\w*|WASM|WebGPU|MACs|FLOPs|top-1|DDPG|AMC|EagleEye|HRank|APoZ|METHOD|PyTorch|tfjs|XNNPACK|BatchNorm|JSON|CSV|ETA|thop)\b/g, ''))) {
        if (!/[\u4e00-\u9fff]/.test(String(c))) copies.push(`${k}: ${String(c).slice(0, 60)}`);
      }
    }
    expect(copies).toEqual([]);
  });
});
