/**
 * Error reasons in Chinese (src/state/reasons-zh*.ts): every entry of the table is met by a real
 * message — made by the code that throws it wherever that is cheap in Node, else written exactly
 * as its throw site builds it — and its Chinese is Chinese, keeps every name, URL and number, and
 * leaves no English word but names. The throw sites of the core and worker modules a user's files,
 * URLs and actions reach are read as text: each must have an example here or be listed as
 * internal (staying English), so a new message cannot slip past the table unnoticed.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { createTar } from 'nanotar';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { REASONS, reasonEntry, reasonZh } from '../../src/state/reasons-zh.ts';
import { WORDS } from '../../src/state/words.ts';
import { collectStream, readTar, readTarGz } from '../../src/core/data/archive.ts';
import { decodeCifarBinary } from '../../src/core/data/cifar-binary.ts';
import { cifarFromFiles } from '../../src/core/data/cifar-files.ts';
import { CIFAR100_COARSE_CLASSES, CIFAR100_FINE_CLASSES, CIFAR10_CLASSES } from '../../src/core/data/cifar-names.ts';
import { loadCifar, type LoadOptions } from '../../src/core/data/load.ts';
import { pacedStream } from '../../src/core/data/paced-stream.ts';
import { readCifarParquet, type PngDecoder } from '../../src/core/data/parquet.ts';
import { splitTrain } from '../../src/core/data/splits.ts';
import { SUPPORTED_LAYERS } from '../../src/core/models/catalog.ts';
import { filesSource, importLayersModel, urlSource } from '../../src/core/models/import.ts';
import { applyWeights, entryBytes, fetchWeights } from '../../src/core/models/pretrained.ts';
import { DataStore } from '../../src/worker/data-store.ts';
import { hfParquet } from '../../scripts/lib/cifar-fixtures.ts';

const ROOT = resolve(import.meta.dirname, '../..');

// ---- the throw sites, read as text --------------------------------------------------------------

/** The modules whose messages reach a user; src/state/data.svelte.ts adds the state's own fallbacks. */
const SITE_FILES = [
  ...readdirSync(resolve(ROOT, 'src/core/data')).filter((f) => f.endsWith('.ts')).map((f) => `src/core/data/${f}`),
  'src/core/models/import.ts', 'src/core/models/pretrained.ts',
  ...readdirSync(resolve(ROOT, 'src/worker')).filter((f) => f.endsWith('.ts')).map((f) => `src/worker/${f}`),
  ...readdirSync(resolve(ROOT, 'src/worker/handlers')).filter((f) => f.endsWith('.ts')).map((f) => `src/worker/handlers/${f}`),
  'src/state/data.svelte.ts',
];

/** Sites that stay English, each with why: programming errors, and messages only passed along. */
const INTERNAL: { file: string; starts: string; why: string }[] = [
  { file: 'src/core/data/archive.ts', starts: 'CANCELLED_MESSAGE', why: 'a cancel, said by the cancelled-step notice, never as a reason' },
  ...['normalizeToFloat: range', 'normalizeToFloat: need', 'batchRanges: batchSize', 'batchRanges: count'].map((starts) => ({ file: 'src/core/data/batch.ts', starts, why: 'the lab\'s own batching arguments' })),
  ...['encodeCifar10Binary: images', 'encodeCifar10Binary: ${…} images', 'encodeCifar100Binary:'].map((starts) => ({ file: 'src/core/data/cifar-binary.ts', starts, why: 'encoding is for the scripts and tests' })),
  ...['concatDatasets: nothing', 'concatDatasets: \''].map((starts) => ({ file: 'src/core/data/cifar-binary.ts', starts, why: 'the loader joins only parts it decoded with one set of names' })),
  ...['shapes10: unknown split', 'shapes10: range'].map((starts) => ({ file: 'src/core/data/shapes10.ts', starts, why: 'the lab generates the splits it asks for' })),
  { file: 'src/core/data/splits.ts', starts: 'subset: index', why: 'indices come from the lab\'s own permutation' },
  { file: 'src/worker/data-store.ts', starts: 'Shapes-10 has no', why: 'the state asks only for train, validation or test' },
  { file: 'src/worker/lab-client.svelte.ts', starts: 'this.crashed', why: 'passes along the worker-stopped message (in the table)' },
  { file: 'src/worker/lab-client.svelte.ts', starts: 'msg.message', why: 'passes along the worker\'s message, said through words.reason where shown' },
  { file: 'src/worker/lab-client.svelte.ts', starts: 'The worker answered', why: 'a protocol fault between the lab\'s own page and worker' },
  { file: 'src/worker/lab.worker.ts', starts: 'Unknown request', why: 'the page sends only the requests it defines' },
];

interface Site { file: string; text: string; re: RegExp | null }

/** Skips a quoted string from its opening quote; returns the index after it. */
function skipQuoted(src: string, i: number): number {
  const q = src[i++];
  while (src[i] !== q) i += src[i] === '\\' ? 2 : 1;
  return i + 1;
}

/** Reads a template literal from after its backtick: its literal parts and the index after it. */
function readTemplate(src: string, i: number): { parts: string[]; end: number } {
  const parts = [''];
  while (src[i] !== '`') {
    if (src[i] === '\\') {
      parts[parts.length - 1] += src[i + 1];
      i += 2;
    } else if (src[i] === '$' && src[i + 1] === '{') {
      let depth = 1;
      i += 2;
      while (depth) {
        const c = src[i];
        if (c === "'" || c === '"') i = skipQuoted(src, i);
        else if (c === '`') i = readTemplate(src, i + 1).end;
        else {
          depth += c === '{' ? 1 : c === '}' ? -1 : 0;
          i++;
        }
      }
      parts.push('');
    } else parts[parts.length - 1] += src[i++];
  }
  return { parts, end: i + 1 };
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A string or template literal at `at`: its message as text and as a pattern (interpolations as wildcards). */
function literal(file: string, src: string, at: number): { site: Site; end: number } {
  if (src[at] === '`') {
    const { parts, end } = readTemplate(src, at + 1);
    return { site: { file, text: parts.join('${…}'), re: new RegExp(`^${parts.map(escape).join('[\\s\\S]*')}$`) }, end };
  }
  const end = skipQuoted(src, at);
  const text = src.slice(at + 1, end - 1).replace(/\\(.)/g, '$1');
  return { site: { file, text, re: new RegExp(`^${escape(text)}$`) }, end };
}

/**
 * Every `new Error(` / `new RangeError(` of a file: each message its argument writes (both arms of
 * a `?:`), or, when it writes none, the expression it passes along.
 */
function sites(file: string): Site[] {
  const src = readFileSync(resolve(ROOT, file), 'utf8');
  return [...src.matchAll(/new (?:Range)?Error\(\s*/g)].flatMap((m) => {
    const start = m.index + m[0].length;
    const found: Site[] = [];
    let depth = 0;
    let i = start;
    while (depth > 0 || src[i] !== ')') {
      const c = src[i];
      if (c === "'" || c === '"' || c === '`') {
        const { site, end } = literal(file, src, i);
        if (depth === 0) found.push(site);
        i = end;
      } else {
        depth += '([{'.includes(c) ? 1 : ')]}'.includes(c) ? -1 : 0;
        i++;
      }
    }
    return found.length ? found : [{ file, text: src.slice(start, i), re: null }];
  });
}

// ---- the examples ---------------------------------------------------------------------------------

interface Example { message: string; parts: string[] }
const examples: Example[] = [];
/** Records `message` with the parts its Chinese must keep. */
const say = (message: string, ...parts: string[]) => examples.push({ message, parts });
/** The message `f` throws or rejects with. */
async function thrown(f: () => unknown): Promise<string> {
  try {
    await f();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected a throw');
}
/** The first captured group of `re` in `s` (a part the code chose, such as a measured rate). */
const grab = (s: string, re: RegExp) => re.exec(s)?.[1] ?? '';

const zeros = (n: number) => new Uint8Array(n);
const streamOf = (b: Uint8Array) => new Blob([b as BlobPart]).stream();
const file = (name: string, data: Uint8Array | ArrayBuffer) => new File([data as BlobPart], name);
const fakeFetch = (make: () => Response) => (async () => make()) as unknown as typeof fetch;
const png32: PngDecoder = async () => ({ width: 32, height: 32, rgba: new Uint8Array(4096) });
const opts: LoadOptions = { decodePng: png32, maxBytes: 64 * 2 ** 20 };
const URL1 = 'https://example.test/x.bin';
const c10 = { variant: 'cifar10' as const, classNames: CIFAR10_CLASSES, name: 'c', split: 't' };
const c100 = { variant: 'cifar100' as const, classNames: CIFAR100_FINE_CLASSES, coarseClassNames: CIFAR100_COARSE_CLASSES, name: 'c', split: 't' };

/** A tar of `entries`, with the header at `at` rewritten by `edit` and its checksum made valid again. */
function tarWith(entries: { name: string; data: Uint8Array }[], at = 0, edit?: (h: Uint8Array) => void, fixSum = true): Uint8Array {
  const tar = new Uint8Array(createTar(entries));
  if (!edit) return tar;
  const h = tar.subarray(at, at + 512);
  edit(h);
  if (fixSum) {
    let sum = 0;
    for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : h[i];
    h.set(new TextEncoder().encode(`${sum.toString(8).padStart(6, '0')}\0 `), 148);
  }
  return tar;
}

async function dataExamples(): Promise<void> {
  say(await thrown(() => collectStream(streamOf(zeros(2000)), { maxBytes: 1000 })), '1000');
  say(await thrown(() => readTarGz(streamOf(gzipSync(zeros(5000))), { maxBytes: 1000 })), '1000');
  say(await thrown(() => loadCifar({ kind: 'url', url: URL1 }, { ...opts, maxBytes: 1000, fetch: fakeFetch(() => new Response(streamOf(zeros(3073)))) })), URL1, '1000');
  say(await thrown(() => loadCifar({ kind: 'files', files: [file('test_batch.bin', zeros(3073))] }, { ...opts, maxBytes: 1000 })), 'test_batch.bin', '3.0 KiB', '1000');
  say(await thrown(() => loadCifar({ kind: 'url', url: URL1 }, { ...opts, maxBytes: 2 ** 20, fetch: fakeFetch(() => new Response('x', { headers: { 'content-length': String(3 * 2 ** 20) } })) })), URL1, '3.0 MiB', '1.0 MiB');
  const notGzip = await thrown(() => readTarGz(streamOf(new Uint8Array(4096).fill(7))));
  say(notGzip, grab(notGzip, /\(([\s\S]*)\)$/));
  say(await thrown(() => readTar(zeros(1024))));
  const two = [{ name: 'a.bin', data: zeros(10) }, { name: 'b.bin', data: zeros(10) }];
  say(await thrown(() => readTar(tarWith(two, 1024, (h) => { h[148] = 57; }, false))), 'b.bin', '1024');
  say(await thrown(() => readTar(tarWith(two, 1024, (h) => { h.fill(0, 0, 100); h[148] = 57; }, false))), '1024');
  say(await thrown(() => readTar(tarWith([{ name: 'a.bin', data: zeros(10) }], 0, (h) => h.set(new TextEncoder().encode('zz9\0\0\0\0\0\0\0\0\0'), 124)))), 'a.bin', 'zz9');
  say(await thrown(() => readTar(tarWith([{ name: 'a.bin', data: zeros(3073) }]).subarray(0, 612))), 'a.bin', '3073', '100');

  say(await thrown(() => decodeCifarBinary(zeros(5000), { ...c10, source: 'x.bin' })), 'x.bin', '5000', '3073');
  say(await thrown(() => decodeCifarBinary(zeros(2 * 3074), c10)), '6148', '3073', '3074');
  const label42 = zeros(2 * 3073);
  label42[3073] = 42;
  say(await thrown(() => decodeCifarBinary(label42, { ...c10, source: 'x.bin' })), 'x.bin', '42', '10');
  const coarse25 = zeros(3074);
  coarse25[0] = 25;
  say(await thrown(() => decodeCifarBinary(coarse25, { ...c100, source: 'train.bin' })), 'train.bin', '25', '20');
  say(await thrown(() => cifarFromFiles([{ name: 'cifar/readme.txt', data: zeros(3) }])), 'readme.txt');
  say(await thrown(() => cifarFromFiles([])));
  say(await thrown(() => cifarFromFiles([{ name: 'mystery.bin', data: zeros(5000) }])), 'mystery.bin', '5000');
  say(await thrown(() => cifarFromFiles([{ name: 'empty.bin', data: zeros(0) }])), "'empty.bin'");
  say(await thrown(() => cifarFromFiles([{ name: 'data_batch_1.bin', data: zeros(3073) }, { name: 'train.bin', data: zeros(3074) }])));
  say(await thrown(() => loadCifar({ kind: 'files', files: [file('test_batch.bin', zeros(3073)), file('c100.tar', tarWith([{ name: 'train.bin', data: zeros(3074) }]))] }, opts)));
  const hundred = hfParquet(zeros(3072), 1, [{ name: 'fine_label', data: [1n] }, { name: 'coarse_label', data: [2n] }]);
  say(await thrown(() => loadCifar({ kind: 'files', files: [file('train-00000.parquet', hundred)] }, { ...opts, expect: 'cifar10' })), 'train-00000.parquet');

  say(await thrown(() => loadCifar({ kind: 'url', url: 'not a url' }, opts)), 'not a url');
  say(await thrown(() => loadCifar({ kind: 'url', url: 'ftp://x' }, opts)), 'ftp:');
  say(await thrown(() => loadCifar({ kind: 'url', url: URL1 }, { ...opts, fetch: (async () => { throw new TypeError('Failed to fetch'); }) as unknown as typeof fetch })), URL1, 'Failed to fetch');
  say(await thrown(() => loadCifar({ kind: 'url', url: URL1 }, { ...opts, fetch: fakeFetch(() => new Response('no', { status: 404, statusText: 'Not Found' })) })), '404', 'Not Found', URL1);
  say(await thrown(() => loadCifar({ kind: 'url', url: URL1 }, { ...opts, fetch: fakeFetch(() => new Response(null)) })), URL1);
  const hang = new ReadableStream<Uint8Array>({ start: (c) => c.enqueue(zeros(10)), pull: () => new Promise(() => undefined) });
  say(await thrown(() => collectStream(pacedStream(hang, URL1, { stallMs: 30, minBytesPerSecond: 1000, windowMs: 10_000 }))), URL1, '0.03');
  let sent = 0;
  const drip = new ReadableStream<Uint8Array>({ pull: async (c) => { await new Promise((r) => setTimeout(r, 10)); c.enqueue(zeros(1)); sent++; } });
  const slow = await thrown(() => collectStream(pacedStream(drip, URL1, { stallMs: 1000, minBytesPerSecond: 1000, windowMs: 60 })));
  expect(sent).toBeGreaterThan(0);
  say(slow, URL1, grab(slow, / sends ([\d.]+) /), '1000');

  const unreadable = await thrown(() => readCifarParquet(zeros(5000).buffer, { decodePng: png32, split: 'x', source: 'test_batch.bin' }));
  say(unreadable, 'test_batch.bin', grab(unreadable, /file \(([\s\S]*)\)$/));
  say(await thrown(() => readCifarParquet(parquetWriteBuffer({ columnData: [{ name: 'image', data: ['x'] }, { name: 'target', data: [1] }] }), { decodePng: png32, split: 'x', source: 'odd.parquet' })), 'odd.parquet', 'image, target');
  const ten = (label: bigint) => hfParquet(zeros(3072), 1, [{ name: 'label', data: [label] }]);
  say(await thrown(() => readCifarParquet(ten(1n), { decodePng: async () => { throw new Error('bad PNG signature'); }, split: 'x' })), '0', 'bad PNG signature');
  say(await thrown(() => readCifarParquet(ten(42n), { decodePng: png32, split: 'x', source: 'p.parquet' })), 'p.parquet', '42', '9');
  say(await thrown(() => readCifarParquet(hfParquet(zeros(3072), 1, [{ name: 'fine_label', data: [1n] }, { name: 'coarse_label', data: [33n] }]), { decodePng: png32, split: 'x' })), '33', '19');
  say(await thrown(() => readCifarParquet(ten(1n), { decodePng: async () => ({ width: 16, height: 16, rgba: new Uint8Array(1024) }), split: 'x', source: 'p.parquet' })), 'p.parquet', '16×16');
  // Damaged parquet files are hard to write with a writer that checks them: as parquet.ts builds these.
  say("'p.parquet': row 3 has no image bytes", 'p.parquet', '3');
  say("'p.parquet' is damaged: a row group holds column 'img.extra', which its schema lacks", 'p.parquet', 'img.extra');
  say("'p.parquet' is damaged: it declares 99999999 rows in 5000 bytes", 'p.parquet', '99999999', '5000');
  say("'p.parquet' is damaged: rows 0–1999 cannot be read (invalid page header)", 'p.parquet', '0–1999', 'invalid page header');

  const train = (count: number) => ({ name: 'cifar10', split: 'train', images: zeros(count * 3072), labels: zeros(count), count, height: 32, width: 32, channels: 3, classNames: [...CIFAR10_CLASSES] });
  say(await thrown(() => splitTrain(train(10), 1, { reward: 20, calibration: 1 })), '20', '10');
  say(await thrown(() => splitTrain(train(10), 1, { reward: 5, calibration: 6 })), '6', '5');
  const store = new DataStore();
  say(await thrown(() => store.dataset({ dataset: 'cifar100', split: 'test', seed: 1 })), 'CIFAR-100');
  say(await thrown(() => store.loadCached('https://example.test/gone.tar.gz')));
  const progress = () => undefined;
  await store.load({ kind: 'files', files: [file('data_batch_1.bin', zeros(3073))] }, undefined, progress, () => false, 2 ** 20, false);
  say(await thrown(() => store.dataset({ dataset: 'cifar10', split: 'test', seed: 1 })), 'CIFAR-10');
  const testOnly = new DataStore();
  await testOnly.load({ kind: 'files', files: [file('test_batch.bin', zeros(3073))] }, undefined, progress, () => false, 2 ** 20, false);
  say(await thrown(() => testOnly.dataset({ dataset: 'cifar10', split: 'train', seed: 1 })), 'CIFAR-10');
  // The state's fallbacks to Shapes-10, as data.svelte.ts writes them.
  say('https://example.test/train.tar.gz holds no test images', 'https://example.test/train.tar.gz');
  say('CIFAR-100 is not loaded in this browser yet; load it under Data', 'CIFAR-100');
  say('The cached copy holds no test images');
}

async function modelExamples(): Promise<void> {
  const expectShape = { inputShape: [32, 32, 3], classes: 10 };
  const imp = (json: unknown, files: Record<string, number> = {}) => thrown(() => importLayersModel(filesSource(Object.entries(files).map(([name, n]) => ({ name, bytes: async () => new ArrayBuffer(n) })), typeof json === 'string' ? json : JSON.stringify(json)), expectShape));
  const seq = (...layers: [string, Record<string, unknown>][]) => ({ class_name: 'Sequential', config: { name: 'm', layers: layers.map(([class_name, config]) => ({ class_name, config })) } });
  const dense = seq(['Dense', { name: 'd', units: 2 }]);
  say(await imp('{nope'));
  say(await imp({ format: 'graph-model', modelTopology: {} }));
  say(await imp({}));
  say(await imp({ modelTopology: {} }));
  say(await imp({ modelTopology: seq(['LSTM', { name: 'x' }]) }), "'x' (LSTM)", SUPPORTED_LAYERS.join(', '));
  say(await imp({ modelTopology: seq(['Flatten', { name: 'f' }]) }));
  say(await imp({ modelTopology: dense }));
  say(await imp({ modelTopology: dense, weightsManifest: [{}] }));
  say(await imp({ modelTopology: dense, weightsManifest: [{ paths: ['group1-shard1of1.bin'], weights: [] }] }), 'group1-shard1of1.bin');
  say(await imp({ modelTopology: dense, weightsManifest: [{ paths: ['a.bin', 'b.bin'], weights: [{ name: 'd/kernel', shape: [3, 2], dtype: 'float32' }] }] }, { 'a.bin': 1000, 'b.bin': 1000 }), "'a.bin', 'b.bin'", '2,000', '24');
  const unbuilt = await imp({ modelTopology: seq(['Dense', { name: 'd' }]), weightsManifest: [{ paths: ['w.bin'], weights: [] }] }, { 'w.bin': 0 });
  say(unbuilt, grab(unbuilt, /model\.json: ([\s\S]*)$/));
  // Checked on a built model, after its weights: as import.ts writes them.
  say("The model's input is [28, 28, 1]; the dataset's images are [32, 32, 3]", '28, 28, 1', '32, 32, 3');
  say('The model outputs [10]; the dataset has 100 classes', '10', '100');
  const MJ = 'https://example.test/m/model.json';
  say(await thrown(() => urlSource(MJ, (async () => { throw new TypeError('Failed to fetch'); }) as unknown as typeof fetch)), MJ, 'Failed to fetch');
  say(await thrown(() => urlSource(MJ, fakeFetch(() => new Response('', { status: 500 })))), MJ, '500');
  say(await thrown(() => urlSource(MJ, fakeFetch(() => new Response('{}', { headers: { 'content-length': String(20 * 2 ** 20) } })))), MJ, '20.0 MiB', '16.0 MiB');
  say(await thrown(() => fetchWeights('https://example.test/models/vgg16/', undefined, fakeFetch(() => new Response('', { status: 404 })))), 'https://example.test/models/vgg16/weights.json', '404');

  const entry = (e: unknown) => thrown(() => entryBytes(e as tf.io.WeightsManifestEntry));
  say(await entry({ shape: [1] }));
  say(await entry({ name: 'w', shape: [-1] }), 'w', '[-1]');
  say(await entry({ name: 'w', shape: [2 ** 30, 2 ** 30, 2 ** 30], dtype: 'float32' }), 'w', String(2 ** 90));
  say(await entry({ name: 'w', shape: [2], dtype: 'complex64' }), 'w', 'complex64');
  const model = tf.sequential({ name: 'tiny', layers: [tf.layers.dense({ units: 2, inputShape: [3], name: 'd' })] });
  const k = { name: 'd/kernel', shape: [3, 2], dtype: 'float32' as const };
  const b = { name: 'd/bias', shape: [2], dtype: 'float32' as const };
  const apply = (weights: tf.io.WeightsManifestEntry[], shard: Float32Array) => thrown(() => applyWeights(model, [{ paths: ['w.bin'], weights }], [shard.buffer as ArrayBuffer]));
  say(await thrown(() => applyWeights(model, {} as tf.io.WeightsManifestConfig, [])));
  say(await apply([k, b], new Float32Array(2)), '8', '32');
  say(await apply([{ ...b, name: 'x/bias' }, k, b], new Float32Array(10)), 'x/bias', 'tiny');
  say(await apply([{ ...k, shape: [2, 3] }, b], new Float32Array(8)), 'd/kernel', '2, 3', '3, 2');
  say(await apply([k], new Float32Array(6)), '1', 'tiny', 'd/bias');
  say(await apply([k, b], Float32Array.from({ length: 8 }, (_, i) => (i === 4 ? NaN : 0))), 'd/kernel', 'NaN', '4');
  say(await apply([k, b], Float32Array.from({ length: 8 }, (_, i) => (i === 7 ? Infinity : 0))), 'd/bias', '1');
  model.dispose();
}

function runExamples(): void {
  // The worker's handlers and environment, as they write these (they need a worker to run).
  say('No saved search to resume for this experiment');
  say('No saved fine-tuning to resume for this experiment');
  say('Pick one model.json (got model.json, model (1).json)', 'model.json, model (1).json');
  say('Pick model.json together with its weight files (.bin)');
  say('No model loaded');
  say('The WebGPU device was lost (Device was lost: destroyed)', 'Device was lost: destroyed');
  say('The WebGPU device was lost: destroyed', 'destroyed');
  say("The lab's worker stopped: script error");
  say("The lab's worker stopped: Uncaught RangeError: Array buffer allocation failed", 'Uncaught RangeError: Array buffer allocation failed');
}

beforeAll(async () => {
  await tf.setBackend('cpu');
  await dataExamples();
  await modelExamples();
  runExamples();
});

// ---- the checks ------------------------------------------------------------------------------------

/** Names and terms the Chinese keeps in Latin letters (the examples' own parts are allowed too). */
const NAMES = ['data_batch_N.bin', 'test_batch.bin', 'train.bin', 'test.bin', 'model.json', '.bin', 'img{bytes}', 'fine_label', 'coarse_label', 'label', '{paths, weights}',
  'LayersModel', 'modelTopology', 'weightsManifest', 'Conv2D', 'Dense', 'WebGPU', 'CIFAR', 'CORS', 'HTTP', 'http', 'JSON', 'URL', 'tfjs', 'gzip', 'tar', 'parquet', 'PNG', 'NaN', 'KiB', 'MiB', 'GiB'];
const CJK = /[\u4e00-\u9fff]/;

/** What is left of `zh` once the example's parts and the names are taken out. */
function leftover(zh: string, parts: string[]): string {
  let rest = zh;
  for (const p of [...parts, ...NAMES].filter(Boolean).sort((a, b) => b.length - a.length)) rest = rest.split(p).join(' ');
  return rest;
}

describe('error reasons in Chinese', () => {
  it('every example is one the table knows, said in Chinese with its names, URLs and numbers kept and no English word left', () => {
    const bad: string[] = [];
    for (const { message, parts } of examples) {
      const zh = reasonZh(message);
      for (const p of parts) if (!message.includes(p)) bad.push(`example part '${p}' is not in: ${message}`);
      if (reasonEntry(message) < 0) bad.push(`no entry: ${message}`);
      else if (!CJK.test(zh)) bad.push(`not Chinese: ${zh}`);
      for (const p of parts) if (!zh.includes(p)) bad.push(`'${p}' lost: ${message} → ${zh}`);
      const english = /[A-Za-z]{3,}/.exec(leftover(zh, parts));
      if (english) bad.push(`English '${english[0]}' left: ${zh}`);
    }
    expect(bad).toEqual([]);
  });

  it('every entry is anchored and is met by an example', () => {
    const met = new Set(examples.map((e) => reasonEntry(e.message)));
    const unmet = REASONS.map((r, i) => (met.has(i) ? null : r.en.source)).filter(Boolean);
    expect(unmet).toEqual([]);
    for (const r of REASONS) expect(r.en.source, r.en.source).toMatch(/^\^[\s\S]*\$$/);
  });

  it('every user-facing throw site has an example; the rest are listed as internal, with why', () => {
    const all = SITE_FILES.flatMap(sites);
    expect(all.length).toBeGreaterThan(80);
    const internal = (s: Site) => INTERNAL.some((x) => x.file === s.file && s.text.startsWith(x.starts));
    const missing = all.filter((s) => !internal(s) && !(s.re && examples.some((e) => s.re!.test(e.message))));
    expect(missing.map((s) => `${s.file}: ${s.text}`)).toEqual([]);
    const stale = INTERNAL.filter((x) => !all.some((s) => s.file === x.file && s.text.startsWith(x.starts)));
    expect(stale).toEqual([]);
  });

  it('an unknown reason is quoted as it is; a Chinese one is not touched again', () => {
    for (const m of ['Something else broke (code 7)', 'Device was lost', '', reasonZh('model.json is not valid JSON')]) expect(reasonZh(m)).toBe(m);
  });

  it('the words say reasons in the page\'s language', () => {
    const m = "'x.bin' is 1234 bytes: not a whole number of 3073-byte CIFAR-10 or 3074-byte CIFAR-100 records (truncated?)";
    expect(WORDS.en.reason(m)).toBe(m);
    expect(WORDS.en.stepFailed('Reading files', m)).toBe(`Reading files failed: ${m}`);
    expect(WORDS.zh.reason(m)).toBe(reasonZh(m));
    expect(WORDS.zh.stepFailed('正在读取文件', m)).toBe(`正在读取文件失败：${reasonZh(m)}`);
    const cifar = 'The file is 6148 bytes, not a whole number of 3073-byte CIFAR-10 records. It looks like CIFAR-100 (3074-byte records).';
    for (const note of [WORDS.zh.noteUsingShapes(cifar), WORDS.zh.noteAutoBackend(cifar), WORDS.zh.noteDefaultModel(cifar, 'vgg16')]) {
      expect(note).toContain(reasonZh(cifar));
      expect(note).not.toMatch(/[。.]{2}/);
    }
    expect(WORDS.zh.noteDeviceLost('The WebGPU device was lost: destroyed', null)).toContain('WebGPU 设备已丢失：destroyed');
  });
});
