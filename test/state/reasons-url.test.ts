/**
 * The link's notices in Chinese: every notice the codec writes, provoked through decodeUrl itself
 * (and numberProblem, which the Lab's "kept" notice quotes), is matched by an entry of
 * state/reasons-zh-url.ts and said in Chinese with its keys and values kept; every entry is met.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { decodeUrl, numberProblem } from '../../src/state/url-codec.ts';
import { URL_REASONS } from '../../src/state/reasons-zh-url.ts';
import { reasonZh } from '../../src/state/reasons-zh.ts';
import { WORDS } from '../../src/state/words.ts';
import { packRecorded } from '../../src/state/recorded.ts';

const QUERIES = [
  '?v=9', '?v=x', '?nothing_hide=1', '?alpha_hide=maybe', '?policy=damaged', '?policy=AAAA&rec=AAAA', '?foo=1',
  `?sparsity=${'1'.repeat(300)}`, '?sparsity=1.5', '?episodes=2.5', '?k=-2', '?model=ftp://x/model.json', '?data=nope', '?methods=l1,l1',
  '?layer=<b>', '?backend=tpu', '?present=yes', '?k=3',
  `?rec=${packRecorded({ rewards: [0.5], stages: [{ key: 'dense', top1: 0.9 }] })}`, // figures without a policy
];
// What the Chinese keeps in Latin letters: the link's own keys and values, and these names.
const NAMES = /\b(URL|http|https|tfjs|model\.json|off|kScope|all|v=2|k-σ|shapes10|cifar10|cifar100|vgg16|vgg-s|resnet20|resnet56|webgpu|webgl|wasm|cpu|uniform|global|apoz|entropy|hrank|ksigma-all|combination|rl|l1)\b/g;

function notices(): string[] {
  const out = QUERIES.flatMap((q) => decodeUrl(q).notices);
  // What URLSearchParams refuses (a symbol cannot become a string): the codec's one catch.
  out.push(...decodeUrl(Symbol('unreadable') as unknown as string).notices);
  out.push(`${numberProblem('episodes', 0)}`, `${numberProblem('k', 20)}`);
  return [...new Set(out)];
}

describe('the link\'s notices in Chinese', () => {
  it('each notice the codec writes is Chinese, with its keys and values kept and no English word left', () => {
    const bad: string[] = [];
    for (const n of notices()) {
      const zh = reasonZh(n);
      if (!URL_REASONS.some((r) => r.en.test(n))) bad.push(`no entry: ${n}`);
      if (!/[\u4e00-\u9fff]/.test(zh)) bad.push(`not Chinese: ${zh}`);
      for (const quoted of n.match(/'[^']*'/g) ?? []) if (!zh.includes(quoted)) bad.push(`${quoted} lost: ${zh}`);
      const english = /[A-Za-z]{3,}/.exec(zh.replace(/'[^']*'/g, ' ').replace(NAMES, ' ').replace(/\b(sparsity|episodes|k|alpha|model|data|methods|layer|backend|present)\b/g, ' '));
      if (english) bad.push(`English '${english[0]}' left: ${zh}`);
    }
    expect(bad).toEqual([]);
  });

  it('every entry is met, and every notice site of the codec has an entry', () => {
    const all = notices();
    expect(URL_REASONS.filter((r) => !all.some((n) => r.en.test(n))).map((r) => r.en.source)).toEqual([]);
    // One entry per notice the codec can write: its notices.push sites, the unreadable link, the old-link notice, numberProblem.
    const src = readFileSync(resolve(import.meta.dirname, '../../src/state/url-codec.ts'), 'utf8');
    const sites = src.match(/notices\.push\(/g)!.length - 1; // `notices.push(legacy.notice)` is the old-link entry
    expect(URL_REASONS.length).toBe(sites + 3);
  });

  it('the "kept" notice of a refused number reads in Chinese; English pages keep the English', () => {
    const problem = numberProblem('episodes', 0)!;
    expect(WORDS.zh.noteKept(problem, '120')).toBe('episodes 必须是[1, 5000] 内的整数；保留 120。');
    expect(WORDS.en.noteKept(problem, '120')).toBe('episodes must be an integer in [1, 5000]; kept 120.');
    expect(WORDS.en.reason(decodeUrl('?foo=1').notices[0])).toBe("Ignored unknown URL parameter 'foo'.");
  });
});
