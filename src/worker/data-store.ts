/// <reference lib="webworker" />
/**
 * The worker's datasets: Shapes-10 splits generated on demand, CIFAR bundles loaded from files or
 * URLs (and cached in IndexedDB), and the seeded train/reward/calibration splits of each.
 * A failed load leaves everything loaded before in place.
 */
import type { ImageDataset } from '../core/data/dataset.ts';
import { generateShapes10 } from '../core/data/shapes10.ts';
import { loadCifar, type DataSource } from '../core/data/load.ts';
import { DatasetCache, filesKey, type CachedEntry } from '../core/data/cache.ts';
import { splitTrain, DEFAULT_SPLITS } from '../core/data/splits.ts';
import type { CifarBundle } from '../core/data/cifar-files.ts';
import type { CifarVariant } from '../core/data/cifar-binary.ts';
import type { DecodedImage } from '../core/data/parquet.ts';
import type { DatasetRef, LoadedData, Progress } from './protocol.ts';

/** Largest input accepted (compressed or decompressed): the CIFAR-100 binary tar is ~185 MB. */
export const MAX_INPUT_BYTES = 400 * 2 ** 20;
const MAX_GENERATED = 6;

let canvas: OffscreenCanvas | null = null;

/**
 * Decodes a PNG exactly (no colour conversion, no premultiplication) through one reused
 * OffscreenCanvas (drawing and reading back are synchronous, so concurrent decodes cannot mix).
 */
async function decodePng(bytes: Uint8Array): Promise<DecodedImage> {
  const bitmap = await createImageBitmap(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'image/png' }), { premultiplyAlpha: 'none', colorSpaceConversion: 'none' });
  try {
    if (!canvas || canvas.width !== bitmap.width || canvas.height !== bitmap.height) canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const g = canvas.getContext('2d', { willReadFrequently: true })!;
    g.clearRect(0, 0, bitmap.width, bitmap.height);
    g.drawImage(bitmap, 0, 0);
    return { width: bitmap.width, height: bitmap.height, rgba: g.getImageData(0, 0, bitmap.width, bitmap.height).data };
  } finally {
    bitmap.close();
  }
}

function normalizeUrl(url: string): string {
  try {
    return new URL(url).href;
  } catch {
    return url; // loadCifar reports the bad URL
  }
}

export class DataStore {
  /** `onStorageError` hears why a load could not be cached (null: no IndexedDB at all). */
  constructor(private readonly onStorageError: (err: unknown) => void = () => undefined) {}

  private readonly generated = new Map<string, ImageDataset>();
  private readonly bundles = new Map<CifarVariant, CifarBundle>();
  private cachePromise: Promise<DatasetCache | null> | null = null;

  /** The IndexedDB cache, or null where IndexedDB is unavailable (private mode, tests). */
  private cache(): Promise<DatasetCache | null> {
    this.cachePromise ??= DatasetCache.open().catch(() => null);
    return this.cachePromise;
  }

  /** The images a request names; generates or splits on first use. */
  async dataset(ref: DatasetRef, progress?: (p: Progress) => void): Promise<ImageDataset> {
    const key = `${ref.dataset}:${ref.split}:${ref.seed}:${ref.rewardSize ?? ''}`;
    const hit = this.generated.get(key);
    if (hit) return hit;
    let ds: ImageDataset;
    if (ref.dataset === 'shapes10') {
      if (ref.split !== 'train' && ref.split !== 'validation' && ref.split !== 'test') throw new Error(`Shapes-10 has no '${ref.split}' split`);
      ds = generateShapes10(ref.split, { seed: ref.seed, onProgress: (done, total) => progress?.({ stage: `generating Shapes-10 ${ref.split}`, done, total }) });
    } else {
      const bundle = this.bundles.get(ref.dataset);
      const label = ref.dataset === 'cifar10' ? 'CIFAR-10' : 'CIFAR-100';
      if (!bundle) throw new Error(`${label} is not loaded: load it from a file or URL first`);
      if (ref.split === 'test') {
        if (!bundle.test) throw new Error(`The loaded ${label} has no test set`);
        return bundle.test; // the official test set, as loaded
      }
      if (!bundle.train) throw new Error(`The loaded ${label} has no training set`);
      const sizes = { ...DEFAULT_SPLITS, reward: ref.rewardSize ?? Math.min(DEFAULT_SPLITS.reward, Math.floor(bundle.train.count / 2)) };
      sizes.calibration = Math.min(sizes.calibration, bundle.train.count - sizes.reward);
      const splits = splitTrain(bundle.train, ref.seed, sizes);
      ds = ref.split === 'train' ? splits.train : ref.split === 'calibration' ? splits.calibration : splits.reward;
    }
    this.generated.set(key, ds);
    if (this.generated.size > MAX_GENERATED) this.generated.delete(this.generated.keys().next().value!);
    return ds;
  }

  /**
   * Loads CIFAR from files or a URL — from the cache when this source was loaded before — and
   * makes it current for its variant. Throws (keeping what was loaded) on any bad input.
   */
  async load(source: DataSource, expect: CifarVariant | undefined, progress: (p: Progress) => void, shouldCancel: () => boolean, maxBytes = MAX_INPUT_BYTES, useCache = true): Promise<LoadedData> {
    // URLs are keyed in normalized form (the URL codec normalizes ?data= the same way).
    const key = source.kind === 'url' ? normalizeUrl(source.url) : filesKey(source.files as (File | { name: string; size: number })[]);
    const label = source.kind === 'url' ? source.url : source.files.map((f) => f.name).join(', ');
    const cache = useCache ? await this.cache() : null;
    const cached = await cache?.get(key);
    if (cached && (!expect || cached.variant === expect)) return this.adopt(cached, { key, label, fromCache: true, entry: (await cache!.entry(key)) ?? null });
    const bundle = await loadCifar(source, {
      decodePng, maxBytes, expect, shouldCancel,
      onBytes: (done, total) => progress({ stage: source.kind === 'url' ? 'downloading' : 'reading files', done, total: total ?? 0, unit: 'bytes' }),
      onImages: (done, total) => progress({ stage: 'decoding PNG images', done, total }),
    });
    let entry: CachedEntry | null = null;
    if (useCache && !cache) this.onStorageError(null);
    try {
      entry = (await cache?.put(key, label, bundle)) ?? null;
    } catch (err) {
      entry = null; // quota exceeded or IndexedDB unavailable: the data still works, uncached
      this.onStorageError(err);
    }
    return this.adopt(bundle, { key, label, fromCache: false, entry });
  }

  async loadCached(key: string): Promise<LoadedData> {
    const cache = await this.cache();
    const bundle = await cache?.get(key);
    if (!bundle) throw new Error('That dataset is no longer in the cache');
    return this.adopt(bundle, { key, label: key, fromCache: true, entry: (await cache!.entry(key)) ?? null });
  }

  async listCached(): Promise<CachedEntry[]> {
    return (await (await this.cache())?.list()) ?? [];
  }

  async deleteCached(key: string): Promise<CachedEntry[]> {
    const cache = await this.cache();
    await cache?.delete(key);
    return this.listCached();
  }

  /** The bytes of images [start, start+count) of a dataset (for tests comparing with files). */
  async pixels(ref: DatasetRef, start: number, count: number): Promise<{ images: Uint8Array; labels: Uint8Array; coarseLabels?: Uint8Array; count: number; classNames: string[] }> {
    const ds = await this.dataset(ref);
    const end = Math.min(ds.count, start + count);
    return {
      images: ds.images.slice(start * 3072, end * 3072), labels: ds.labels.slice(start, end),
      coarseLabels: ds.coarseLabels?.slice(start, end), count: ds.count, classNames: ds.classNames,
    };
  }

  /** Makes `loaded` current for its variant; a split it lacks is kept from what was loaded before
   * (load train and test parquet files one after the other). */
  private adopt(loaded: CifarBundle, info: { key: string; label: string; fromCache: boolean; entry: CachedEntry | null }): LoadedData {
    const before = this.bundles.get(loaded.variant);
    const bundle: CifarBundle = { ...loaded, train: loaded.train ?? before?.train, test: loaded.test ?? before?.test };
    this.bundles.set(bundle.variant, bundle);
    for (const k of [...this.generated.keys()]) if (k.startsWith(`${bundle.variant}:`)) this.generated.delete(k);
    const ds = bundle.test ?? bundle.train!;
    return {
      variant: bundle.variant, key: info.key, label: info.label, fromCache: info.fromCache, cachedBytes: info.entry?.bytes ?? null,
      counts: { train: bundle.train?.count ?? 0, test: bundle.test?.count ?? 0 },
      loadedCounts: { train: loaded.train?.count ?? 0, test: loaded.test?.count ?? 0 },
      classNames: ds.classNames, hasCoarse: !!ds.coarseLabels,
    };
  }
}
