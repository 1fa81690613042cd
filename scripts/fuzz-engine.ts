/**
 * A seeded mutation fuzzer for everything the lab parses from a user: CIFAR-10/100 binary files,
 * tar and tar.gz archives, HF parquet files (all through `loadCifar`, the app's own entry), a
 * tfjs model.json with its shard (`importLayersModel`) and the URL codec (`decodeUrl`).
 *
 * Each case starts from a valid input made here and applies one mutation: byte flips, a
 * truncation, a length field set to an extreme, a duplicated entry or reordered entries. Every
 * case must end in a valid result or a named error: an Error that is not a TypeError,
 * RangeError, ReferenceError or SyntaxError escaping from inside a parser, without an allocation
 * beyond the cap and without a tensor left behind. Anything else counts as "other". How long a
 * case took is reported (`onCase`), never counted: it measures the machine as much as the parser.
 */
import { gzipSync } from 'node:zlib';
import { createTar } from 'nanotar';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { PNG } from 'pngjs';
import * as tf from '@tensorflow/tfjs';
import { Rng } from '../src/core/rng.ts';
import { loadCifar, type LoadOptions } from '../src/core/data/load.ts';
import { filesSource, importLayersModel } from '../src/core/models/import.ts';
import { decodeUrl, encodeUrl } from '../src/state/url-codec.ts';
import { DEFAULT_CONFIG } from '../src/state/config.ts';

export const FORMATS = ['cifar10-bin', 'cifar100-bin', 'tar', 'tar.gz', 'parquet', 'model.json', 'url'] as const;
export type Format = (typeof FORMATS)[number];
export const MUTATIONS = ['flip', 'truncate', 'extreme', 'duplicate', 'reorder'] as const;
export type Outcome = 'valid' | 'rejected' | 'other';
export interface Counts { cases: number; valid: number; rejected: number; other: number; examples: string[] }

/** A case slower than this is listed by `npm run fuzz` as a report; it changes no outcome. */
export const CASE_LIMIT_MS = 2000;
export interface CaseReport { index: number; mutation: string; outcome: Outcome; ms: number }
export interface FuzzOptions {
  /** Told about every case once it is counted (the script lists the slow ones). */
  onCase?: (c: CaseReport) => void;
  /** The clock `ms` is read from; a test passes a slow one to show that no outcome depends on it. */
  now?: () => number;
}
/** What a parse may allocate (the lab's own file limit is larger; these inputs are kilobytes). */
export const ALLOC_CAP_BYTES = 64 * 2 ** 20;
const INTERNAL = [TypeError, RangeError, ReferenceError, SyntaxError];

// ---- valid seeds -------------------------------------------------------------------------------

function records(rng: Rng, n: number, labelBytes: 1 | 2): Uint8Array {
  const size = labelBytes + 3072;
  const out = new Uint8Array(n * size);
  for (let i = 0; i < n; i++) {
    out[i * size] = rng.int(labelBytes === 1 ? 10 : 20);
    if (labelBytes === 2) out[i * size + 1] = rng.int(100);
    for (let p = labelBytes; p < size; p++) out[i * size + p] = rng.int(256);
  }
  return out;
}

const tarOf = (files: { name: string; data: Uint8Array | string }[]) => createTar(files);

/** A one-colour 32×32 PNG: ~100 bytes, so most mutations land in the parquet structure, not pixels. */
function pngOf(rng: Rng): Uint8Array {
  const png = new PNG({ width: 32, height: 32 });
  const rgb = [rng.int(256), rng.int(256), rng.int(256), 255];
  for (let i = 0; i < png.data.length; i++) png.data[i] = rgb[i % 4];
  return new Uint8Array(PNG.sync.write(png));
}

function parquetOf(rng: Rng, n: number): Uint8Array {
  const img = Array.from({ length: n }, (_, i) => ({ bytes: pngOf(rng), path: `${i}.png` }));
  return new Uint8Array(parquetWriteBuffer({
    columnData: [{ name: 'img', data: img }, { name: 'label', data: Array.from({ length: n }, () => BigInt(rng.int(10))) }],
    schema: [
      { name: 'root', num_children: 2 },
      { name: 'img', repetition_type: 'OPTIONAL', num_children: 2 },
      { name: 'bytes', type: 'BYTE_ARRAY', repetition_type: 'OPTIONAL' },
      { name: 'path', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
      { name: 'label', type: 'INT64', repetition_type: 'OPTIONAL' },
    ],
  }));
}

interface ModelFiles { json: string; shard: Uint8Array }

/** A small CNN saved as tfjs files in memory (conv, BN, pool, dense), seeded: the same bytes every run. */
export async function tinyModelFiles(): Promise<ModelFiles> {
  const m = tf.sequential({ name: 'fuzz' });
  m.add(tf.layers.conv2d({ inputShape: [32, 32, 3], filters: 4, kernelSize: 3, padding: 'same', name: 'c1', kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }));
  m.add(tf.layers.batchNormalization({ name: 'bn1' }));
  m.add(tf.layers.maxPooling2d({ poolSize: 4, name: 'p1' }));
  m.add(tf.layers.flatten({ name: 'f' }));
  m.add(tf.layers.dense({ units: 10, name: 'fc', kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }));
  let artifacts: tf.io.ModelArtifacts | undefined;
  await m.save(tf.io.withSaveHandler(async (a) => { artifacts = a; return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } }; }));
  m.dispose();
  const json = JSON.stringify({ format: 'layers-model', modelTopology: artifacts!.modelTopology, weightsManifest: [{ paths: ['fuzz.bin'], weights: artifacts!.weightSpecs }] });
  return { json, shard: new Uint8Array(artifacts!.weightData as ArrayBuffer) };
}

// ---- mutations ---------------------------------------------------------------------------------

function flip(rng: Rng, bytes: Uint8Array): Uint8Array {
  const out = bytes.slice();
  for (let k = 1 + rng.int(8); k > 0; k--) out[rng.int(out.length)] = rng.int(256);
  return out;
}
const truncate = (rng: Rng, bytes: Uint8Array) => bytes.slice(0, rng.int(bytes.length));
function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}
/** Splits into `size`-byte entries, then duplicates one or swaps two. */
function entries(rng: Rng, bytes: Uint8Array, size: number, op: 'duplicate' | 'reorder'): Uint8Array {
  const n = Math.floor(bytes.length / size);
  if (n < 2) return concat(bytes, bytes);
  const parts = Array.from({ length: n }, (_, i) => bytes.subarray(i * size, (i + 1) * size));
  const [i, j] = [rng.int(n), rng.int(n)];
  if (op === 'duplicate') parts.splice(j, 0, parts[i]);
  else [parts[i], parts[j]] = [parts[j], parts[i]];
  return concat(...parts, bytes.subarray(n * size));
}
const EXTREMES = [0, 0x7fffffff, 0xffffffff, 2 ** 53, -1];
/** Writes `value` as a 4-byte little-endian length at `at`. */
function setU32(bytes: Uint8Array, at: number, value: number): Uint8Array {
  const out = bytes.slice();
  new DataView(out.buffer).setUint32(Math.max(0, Math.min(at, out.length - 4)), value >>> 0, true);
  return out;
}
/** A tar header's octal size field (offset 124, 12 bytes) set to an extreme. */
function tarSize(rng: Rng, tar: Uint8Array): Uint8Array {
  const out = tar.slice();
  const headers: number[] = [];
  for (let at = 0; at + 512 <= out.length; at += 512) if (out[at + 257] === 0x75 /* 'u' of ustar */) headers.push(at);
  const at = headers[rng.int(Math.max(1, headers.length))] ?? 0;
  const text = ['77777777777', '00000000000', '99999999999', 'zzzzzzzzzzz', '-1'][rng.int(5)];
  for (let k = 0; k < 12; k++) out[at + 124 + k] = k < text.length ? text.charCodeAt(k) : 0;
  return out;
}

// ---- running one case --------------------------------------------------------------------------

const decodePng: LoadOptions['decodePng'] = async (bytes) => {
  const png = PNG.sync.read(Buffer.from(bytes));
  return { width: png.width, height: png.height, rgba: png.data };
};
const loadOpts: LoadOptions = { decodePng, maxBytes: ALLOC_CAP_BYTES };
const loadFile = (name: string, bytes: Uint8Array) => loadCifar({ kind: 'files', files: [new File([bytes as BlobPart], name)] }, loadOpts);

/** The mutated input of case `i` for `format` and the call that parses it. */
export function buildCase(format: Format, seeds: Seeds, seed: number, i: number): { mutation: string; run: () => Promise<unknown> } {
  const rng = new Rng(seed * 100_003 + i);
  const mutation = MUTATIONS[i % MUTATIONS.length];
  const bytesOf = (b: Uint8Array, entry: number, extreme: (b: Uint8Array) => Uint8Array) =>
    mutation === 'flip' ? flip(rng, b) : mutation === 'truncate' ? truncate(rng, b) : mutation === 'extreme' ? extreme(b) : entries(rng, b, entry, mutation);
  const pick = <T>(xs: readonly T[]) => xs[rng.int(xs.length)];
  switch (format) {
    case 'cifar10-bin': {
      const b = bytesOf(seeds.cifar10, 3073, (x) => { const o = x.slice(); o[3073 * rng.int(x.length / 3073)] = pick([10, 127, 255]); return o; });
      return { mutation, run: () => loadFile('test_batch.bin', b) };
    }
    case 'cifar100-bin': {
      const b = bytesOf(seeds.cifar100, 3074, (x) => { const o = x.slice(); o[3074 * rng.int(x.length / 3074) + rng.int(2)] = 255; return o; });
      return { mutation, run: () => loadFile('train.bin', b) };
    }
    case 'tar': {
      const b = bytesOf(seeds.tar, 512, (x) => tarSize(rng, x));
      return { mutation, run: () => loadFile('cifar.tar', b) };
    }
    case 'tar.gz': {
      // Entries are gzip members (concatenated members are valid gzip) or, for extremes, ISIZE.
      const b = mutation === 'duplicate' ? concat(seeds.tarGz, seeds.tarGz) : mutation === 'reorder' ? gzipSync(entries(rng, seeds.tar, 512, 'reorder'))
        : bytesOf(seeds.tarGz, 512, (x) => setU32(x, x.length - 4, pick(EXTREMES)));
      return { mutation, run: () => loadFile('cifar-10-binary.tar.gz', new Uint8Array(b)) };
    }
    case 'parquet': {
      // The footer's metadata length (4 bytes before the closing PAR1) is the length field.
      const b = bytesOf(seeds.parquet, 64, (x) => setU32(x, x.length - 8, pick(EXTREMES)));
      return { mutation, run: () => loadFile('test-00000-of-00001.parquet', b) };
    }
    case 'model.json': {
      const { json, shard } = mutateModel(rng, mutation, seeds.model);
      return { mutation, run: async () => (await importLayersModel(filesSource([{ name: 'fuzz.bin', bytes: async () => shard.slice().buffer }], json), { inputShape: [32, 32, 3], classes: 10 })).model.dispose() };
    }
    case 'url': {
      const text = mutateUrl(rng, mutation, seeds.url);
      return { mutation, run: async () => checkUrl(text) };
    }
  }
}

function mutateModel(rng: Rng, mutation: string, m: ModelFiles): ModelFiles {
  const text = new TextEncoder().encode(m.json);
  const j = JSON.parse(m.json) as { weightsManifest: { paths: string[]; weights: Record<string, unknown>[] }[] };
  const w = j.weightsManifest[0].weights;
  const pick = <T>(xs: readonly T[]) => xs[rng.int(xs.length)];
  switch (mutation) {
    case 'flip': return rng.int(2) ? { json: new TextDecoder().decode(flip(rng, text)), shard: m.shard } : { json: m.json, shard: flip(rng, m.shard) };
    case 'truncate': return rng.int(2) ? { json: m.json.slice(0, rng.int(m.json.length)), shard: m.shard } : { json: m.json, shard: truncate(rng, m.shard) };
    case 'extreme': {
      const e = w[rng.int(w.length)];
      const field = pick(['shape', 'dtype', 'paths', 'quantization', 'name']);
      if (field === 'shape') e.shape = pick([[2 ** 31, 2 ** 31], [-1, 4], [1e308], [0], 'x', null]);
      else if (field === 'dtype') e.dtype = pick(['float64', 'int8', 'complex64', '', 42]);
      else if (field === 'paths') j.weightsManifest[0].paths = pick([['../../etc/passwd'], [], ['x'.repeat(5000)], ['https://example.invalid/a.bin']]);
      else if (field === 'quantization') e.quantization = pick([{ dtype: 'uint8', scale: 1e-300, min: -1 }, { dtype: 'float16' }, { dtype: 'uint16', scale: Infinity, min: 0 }, { dtype: 'int4' }]);
      else e.name = pick(['', 'c1/kernel', 'nope/kernel']);
      return { json: JSON.stringify(j), shard: m.shard };
    }
    case 'duplicate': w.splice(rng.int(w.length), 0, { ...w[rng.int(w.length)] }); return { json: JSON.stringify(j), shard: m.shard };
    default: {
      const [a, b] = [rng.int(w.length), rng.int(w.length)];
      [w[a], w[b]] = [w[b], w[a]];
      return { json: JSON.stringify(j), shard: m.shard };
    }
  }
}

function mutateUrl(rng: Rng, mutation: string, url: string): string {
  const params = url.replace(/^\?/, '').split('&');
  const pick = <T>(xs: readonly T[]) => xs[rng.int(xs.length)];
  switch (mutation) {
    case 'flip': { const c = [...url]; for (let k = 1 + rng.int(4); k > 0; k--) c[rng.int(c.length)] = String.fromCharCode(rng.int(0x3000)); return c.join(''); }
    case 'truncate': return url.slice(0, rng.int(url.length));
    case 'extreme': { const i = rng.int(params.length); params[i] = `${params[i].split('=')[0]}=${pick(['1e308', '-1', 'NaN', '9'.repeat(400), '%', '%E0%A4%A', '', 'x'.repeat(100_000)])}`; return `?${params.join('&')}`; }
    case 'duplicate': params.splice(rng.int(params.length), 0, pick(params)); return `?${params.join('&')}`;
    default: { const [a, b] = [rng.int(params.length), rng.int(params.length)]; [params[a], params[b]] = [params[b], params[a]]; return `?${params.join('&')}`; }
  }
}

/** A decoded link must re-encode to a link that decodes to the same config (else "other"). */
function checkUrl(text: string): Outcome {
  const d = decodeUrl(text);
  const again = decodeUrl(encodeUrl(d.config, { hide: d.hide, policy: d.policy }));
  if (JSON.stringify(again.config) !== JSON.stringify(d.config) || again.notices.length) return 'other';
  return d.notices.length ? 'rejected' : 'valid';
}

export interface Seeds { cifar10: Uint8Array; cifar100: Uint8Array; tar: Uint8Array; tarGz: Uint8Array; parquet: Uint8Array; model: ModelFiles; url: string }

export async function makeSeeds(seed: number): Promise<Seeds> {
  const rng = new Rng(seed);
  const cifar10 = records(rng, 6, 1);
  const tar = tarOf([{ name: 'cifar-10-batches-bin/batches.meta.txt', data: 'airplane\nautomobile\nbird\ncat\ndeer\ndog\nfrog\nhorse\nship\ntruck\n' }, { name: 'cifar-10-batches-bin/test_batch.bin', data: cifar10 }, { name: 'cifar-10-batches-bin/data_batch_1.bin', data: records(rng, 3, 1) }]);
  const url = encodeUrl({ ...DEFAULT_CONFIG, model: 'vgg16', alpha: 0.7, episodes: 30, fcK: 2 }, { hide: ['alpha'], policy: { prunedCounts: [10, 200, 3000, 5, 0, 7] } });
  return { cifar10, cifar100: records(rng, 6, 2), tar, tarGz: new Uint8Array(gzipSync(tar)), parquet: parquetOf(rng, 4), model: await tinyModelFiles(), url };
}

/** Runs `cases` cases of `format`; the outcome of each, counted, with the first few "other" cases described. */
export async function fuzz(format: Format, cases: number, seed: number, seeds: Seeds, opts: FuzzOptions = {}): Promise<Counts> {
  const now = opts.now ?? (() => performance.now());
  const counts: Counts = { cases, valid: 0, rejected: 0, other: 0, examples: [] };
  // A rejection nobody observed (a library's promise left behind) surfaces as an event.
  let unobserved: unknown = null;
  const onUnhandled = (reason: unknown) => { unobserved ??= reason; };
  process.on('unhandledRejection', onUnhandled);
  try {
    for (let i = 0; i < cases; i++) await runCase(i);
  } finally {
    process.off('unhandledRejection', onUnhandled);
  }
  return counts;

  async function runCase(i: number) {
    const { mutation, run } = buildCase(format, seeds, seed, i);
    const tensors = tf.memory().numTensors;
    const before = process.memoryUsage().arrayBuffers;
    const t0 = now();
    let outcome: Outcome;
    let why = '';
    try {
      const r = await run();
      outcome = r === 'rejected' || r === 'other' ? r : 'valid';
      if (r === 'other') why = 'the decoded link does not re-encode to the same settings';
    } catch (err) {
      const named = err instanceof Error && !INTERNAL.some((k) => err instanceof k) && err.message.length > 0;
      outcome = named ? 'rejected' : 'other';
      why = err instanceof Error ? `${err.name}: ${err.message}` : `non-Error thrown: ${String(err)}`;
    }
    const ms = now() - t0;
    await new Promise((r) => setTimeout(r, 0));
    if (unobserved !== null) [outcome, why, unobserved] = ['other', `unobserved rejection: ${String(unobserved)}`, null];
    const grew = process.memoryUsage().arrayBuffers - before;
    if (grew > ALLOC_CAP_BYTES) [outcome, why] = ['other', `allocated ${(grew / 2 ** 20).toFixed(0)} MiB`];
    if (tf.memory().numTensors !== tensors) [outcome, why] = ['other', `left ${tf.memory().numTensors - tensors} tensors`];
    counts[outcome]++;
    if (outcome === 'other' && counts.examples.length < 5) counts.examples.push(`case ${i} (${mutation}): ${why.slice(0, 200)}`);
    opts.onCase?.({ index: i, mutation, outcome, ms });
  }
}
