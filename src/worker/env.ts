/**
 * What the worker's handlers share: the model session (with its weights as loaded), the data
 * store, the checkpoint stores, the backend options, pause and device-loss flags, and the notice
 * channel. One instance per worker (lab.worker.ts makes it); handlers take it as an argument.
 */
import * as tf from '@tensorflow/tfjs';
import { ensureTrainingBackend, restoreBackend, type BackendName, type BackendOptions } from '../core/backend.ts';
import { LabSession } from '../core/pipeline/session.ts';
import { HealCheckpointStore } from '../core/pipeline/heal-checkpoints.ts';
import { CheckpointStore } from '../core/rl/checkpoints.ts';
import type { ImageDataset } from '../core/data/dataset.ts';
import { StorageNotices } from './storage-notices.ts';
import { DataStore } from './data-store.ts';
import type { DatasetRef, LabResponse, Progress, RecalParams } from './protocol.ts';

export class WorkerEnv {
  session: LabSession | null = null;
  inferenceBackend: BackendName | null = null;
  /** Set by `pause`; the running search or fine-tuning stops after its current episode or step. */
  pauseRequested = false;
  /** Set when the WebGPU device is lost: nothing computed since may be saved or reported. */
  deviceLost: string | null = null;
  readonly storage: StorageNotices;
  readonly store: DataStore;
  /** The loaded weights of the current model, all of them (BN statistics too), as loaded. */
  private pretrained: tf.Tensor[] = [];
  private searchStore: Promise<CheckpointStore | null> | null = null;
  private healStore: Promise<HealCheckpointStore | null> | null = null;

  constructor(readonly backendOptions: BackendOptions, readonly post: (msg: LabResponse, transfer?: Transferable[]) => void) {
    this.storage = new StorageNotices((message) => this.notice(message));
    this.store = new DataStore((err) => this.storage.report('data', err));
  }

  notice(message: string, extra: { backend?: BackendName; deviceLost?: true } = {}): void {
    this.post({ id: 0, kind: 'notice', message, ...extra });
  }

  dataset(ref: DatasetRef, progress?: (p: Progress) => void): Promise<ImageDataset> {
    return this.store.dataset(ref, progress);
  }

  /** The IndexedDB checkpoint stores, or null where IndexedDB is unavailable (the work still runs, unsaved). */
  searchCheckpoints(): Promise<CheckpointStore | null> {
    return (this.searchStore ??= CheckpointStore.open().catch(() => null));
  }

  healCheckpoints(): Promise<HealCheckpointStore | null> {
    return (this.healStore ??= HealCheckpointStore.open().catch(() => null));
  }

  /** Stops a search or fine-tuning whose device is gone, before it saves what it computed on it. */
  throwIfDeviceLost(): void {
    if (this.deviceLost) throw new Error(`The WebGPU device was lost (${this.deviceLost})`);
  }

  requireSession(): LabSession {
    if (!this.session) throw new Error('No model loaded');
    return this.session;
  }

  /** Makes `next` the lab's model, keeping a copy of its weights as loaded. */
  adopt(next: LabSession): void {
    this.session?.dispose();
    tf.dispose(this.pretrained);
    this.session = next;
    this.pretrained = next.model.getWeights().map((w) => w.clone());
  }

  /**
   * The session with the loaded weights put back, undoing an earlier healing: healing, the
   * search and the comparison start from the trained net, never from one already recalibrated
   * or fine-tuned under other masks.
   */
  async fromPretrained(): Promise<LabSession> {
    const s = this.requireSession();
    s.model.setWeights(this.pretrained);
    await s.adoptTrainedWeights();
    return s;
  }

  /**
   * Runs `fn` on a backend that can train. Every backend the lab starts can (wasm through
   * core/train), so this switches only for one that lacks a kernel, and announces both switches.
   */
  async withTrainingBackend<T>(fn: () => Promise<T>): Promise<T> {
    const note = await ensureTrainingBackend(this.backendOptions);
    if (note) this.notice(note, { backend: tf.getBackend() as BackendName });
    try {
      return await fn();
    } finally {
      if (this.inferenceBackend && this.inferenceBackend !== tf.getBackend()) {
        await restoreBackend(this.inferenceBackend, this.backendOptions);
        this.notice(`Back on ${this.inferenceBackend} for inference`, { backend: this.inferenceBackend });
      }
    }
  }

  /** The recalibration settings with their dataset loaded. */
  async recalSettings(p: RecalParams | null, progress: (p: Progress) => void) {
    return p ? { data: await this.dataset(p.data, progress), images: p.images, batchSize: p.batchSize } : null;
  }
}
