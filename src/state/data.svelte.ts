/**
 * The datasets in use: Shapes-10 until CIFAR is loaded (from files, a URL or this browser's
 * cache), what is loaded and cached, and the splits each purpose reads (METHOD §1.6). The worker
 * parses and keeps the images; this keeps what the panels show and says what a load changed.
 */
import { CANCELLED_MESSAGE, type CachedDataset, type DatasetInfo, type DatasetKey, type DatasetRef, type DataSourceMessage, type LoadedData } from '../worker/protocol.ts';
import { isDataUrl } from './config.ts';
import type { LabCore } from './host.ts';

/** 'cifar10' → 'CIFAR-10'. */
export function variantLabel(variant: 'cifar10' | 'cifar100'): string {
  return variant === 'cifar10' ? 'CIFAR-10' : 'CIFAR-100';
}

export type Purpose = 'reward' | 'train' | 'calibration' | 'test';

export class DataState {
  /** The dataset in use: Shapes-10 until CIFAR is loaded (config.data may name a URL). */
  key = $state<DatasetKey>('shapes10');
  /** The test split the model is scored on (null while it loads). */
  info = $state.raw<DatasetInfo | null>(null);
  /** CIFAR loaded in this session, by variant. */
  loaded = $state.raw<Partial<Record<'cifar10' | 'cifar100', LoadedData>>>({});
  /** Datasets kept in IndexedDB. */
  cached = $state.raw<CachedDataset[]>([]);

  constructor(private readonly lab: LabCore) {}

  /** The test split of the data in use. */
  get testRef(): DatasetRef {
    return { dataset: this.key, split: 'test', seed: this.lab.config.dataSeed };
  }

  /**
   * The split of the data in use for a purpose. Shapes-10 stands its validation split in for
   * reward and its train split for calibration; CIFAR's reward split is held out of train
   * (METHOD §1.6), and its size shapes the train split too.
   */
  splitRef(purpose: Purpose): DatasetRef {
    const seed = this.lab.config.dataSeed;
    if (purpose === 'test') return this.testRef;
    if (this.key === 'shapes10') return { dataset: 'shapes10', split: purpose === 'reward' ? 'validation' : 'train', seed };
    return { dataset: this.key, split: purpose, seed, rewardSize: this.lab.config.rewardImages };
  }

  /**
   * Makes config.data available at start: a URL is loaded (from the cache when it was loaded
   * before), a CIFAR key takes the newest cached copy. When that fails the lab uses Shapes-10
   * and says so.
   */
  async resolveConfigured(): Promise<void> {
    const want = this.lab.config.data;
    if (want === 'shapes10') return;
    const ok = await this.lab.run(this.lab.words.busyLoadingData, async () => {
      try {
        if (isDataUrl(want)) {
          const r = await this.lab.client.request('loadData', { source: { kind: 'url', url: want } });
          await this.refreshCached();
          if (!this.adopt(r, want)) throw new Error(`${want} holds no test images`);
        } else {
          const entry = this.cached.find((e) => e.variant === want && e.counts.test > 0);
          if (!entry) throw new Error(`${variantLabel(want as 'cifar10' | 'cifar100')} is not loaded in this browser yet; load it under Data`);
          if (!this.adopt(await this.lab.client.request('loadCached', { key: entry.key }), want)) throw new Error('The cached copy holds no test images');
        }
        return true;
      } catch (err) {
        if (err instanceof Error && err.message === CANCELLED_MESSAGE) throw err;
        this.lab.notify(this.lab.words.noteUsingShapes(err instanceof Error ? err.message : String(err)));
        return false;
      }
    });
    if (!ok) {
      this.lab.config.data = 'shapes10';
      this.key = 'shapes10';
    }
  }

  /**
   * Records a load. The lab evaluates on the test set, so it switches to the data only when a
   * test set is there; a train-only load is kept in the worker (a later test load joins it) and
   * said so. Returns whether the lab switched.
   */
  private adopt(result: LoadedData, configValue: string): boolean {
    const name = variantLabel(result.variant);
    this.loaded = { ...this.loaded, [result.variant]: result };
    if (result.counts.test === 0) {
      this.lab.notify(this.lab.words.noteNoTestSet(result.counts.train, name));
      return false;
    }
    this.key = result.variant;
    this.lab.config.data = configValue;
    if (result.fromCache) this.lab.notify(this.lab.words.noteFromCache(name));
    return true;
  }

  /**
   * Loads CIFAR from picked/dropped files or a URL; true when the lab switched to it (the model
   * must then be rebuilt for its classes). A URL stays in the config (so the link reloads it),
   * files are named by their variant. On failure the error is shown and the previous data stays.
   */
  load(source: DataSourceMessage, expect?: 'cifar10' | 'cifar100'): Promise<boolean> {
    return this.finish(source.kind === 'url' ? this.lab.words.busyDownloadingData : this.lab.words.busyReadingFiles, () => this.lab.client.request('loadData', { source, expect }));
  }

  /** Loads a cached dataset; true when the lab switched to it. */
  loadCached(key: string): Promise<boolean> {
    return this.finish(this.lab.words.busyLoadingFromCache, () => this.lab.client.request('loadCached', { key }));
  }

  private async finish(label: string, load: () => Promise<LoadedData>): Promise<boolean> {
    const r = await this.lab.run(label, load);
    if (!r) return false;
    await this.refreshCached();
    return this.adopt(r, isDataUrl(r.key) ? r.key : r.variant);
  }

  async deleteCached(key: string): Promise<void> {
    await this.lab.run(this.lab.words.busyDeletingCached, async () => {
      this.cached = await this.lab.client.request('deleteCached', { key });
    });
  }

  /**
   * Switches to an available dataset ('shapes10' or a loaded CIFAR variant); true when it did
   * (the model must be rebuilt). A variant only in the cache is loaded from there.
   */
  async use(key: DatasetKey): Promise<boolean> {
    if (key !== 'shapes10' && !this.loaded[key]?.counts.test) {
      const entry = this.cached.find((e) => e.variant === key && e.counts.test > 0);
      if (entry) return this.loadCached(entry.key);
      this.lab.notify(this.lab.words.noteNotLoaded(variantLabel(key)));
      return false;
    }
    this.key = key;
    this.lab.config.data = key === 'shapes10' ? 'shapes10' : (isDataUrl(this.loaded[key]!.key) ? this.loaded[key]!.key : key);
    return true;
  }

  async refreshCached(): Promise<void> {
    try {
      this.cached = await this.lab.client.request('listCached', {});
    } catch {
      this.cached = [];
    }
  }

  /** Reads the test split's description for a newly built model; false when a newer model load came first. */
  async refreshInfo(generation: number): Promise<boolean> {
    this.info = null;
    const info = await this.lab.client.request('loadDataset', this.testRef);
    if (generation !== this.lab.modelGeneration) return false;
    this.info = info;
    return true;
  }
}
