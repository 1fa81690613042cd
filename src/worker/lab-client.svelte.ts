/**
 * Owns the lab worker. `request(type, params)` returns a Promise of the typed result; progress
 * and notices are exposed as reactive state for the UI. Imports no tfjs.
 */
import type { LabApi, LabResponse, ProgressInfo, RequestType } from './protocol.ts';
import type { BackendName } from '../core/backend-names.ts';

interface Pending {
  resolve(value: unknown): void;
  reject(err: Error): void;
  onProgress?: (p: ProgressInfo) => void;
}

export class LabClient {
  /** Progress of the running long request, or null. */
  progress = $state.raw<ProgressInfo | null>(null);
  /** Id of the request `progress` belongs to. */
  private progressId = 0;
  /** Number of requests in flight. */
  pending = $state(0);
  /** Backend currently executing (changes during training when WASM cannot train). */
  activeBackend = $state<BackendName | null>(null);
  /** Notices from the worker (e.g. backend switches), newest last. */
  notices = $state<string[]>([]);
  /** Why the worker stopped, once it has: the page must be reloaded (saved checkpoints remain). */
  crashed = $state<string | null>(null);
  /** Called once when the worker reports its WebGPU device lost (all its tensors are gone). */
  onDeviceLost: ((message: string) => void) | null = null;

  private readonly worker: Worker;
  private nextId = 1;
  private readonly waiting = new Map<number, Pending>();

  constructor() {
    this.worker = new Worker(new URL('./lab.worker.ts', import.meta.url), { type: 'module', name: 'lab-worker' });
    this.worker.onmessage = (e: MessageEvent<LabResponse>) => this.receive(e.data);
    // An error the worker did not catch leaves its state unknown (a half-applied mask, a lost
    // request): it is stopped, every waiting request fails, and the page offers a reload.
    this.worker.onerror = (e) => {
      const err = new Error(`The lab's worker stopped: ${e.message || 'script error'}`);
      this.worker.terminate();
      for (const p of this.waiting.values()) p.reject(err);
      this.waiting.clear();
      this.pending = 0;
      this.progress = null;
      this.crashed = err.message;
    };
  }

  /** Sends a request; resolves with its result or rejects with the worker's error message. */
  request<K extends RequestType>(type: K, params: LabApi[K]['params'], onProgress?: (p: ProgressInfo) => void): Promise<LabApi[K]['result']> {
    if (this.crashed) return Promise.reject(new Error(this.crashed));
    const id = this.nextId++;
    this.pending += 1;
    return new Promise<LabApi[K]['result']>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (v: unknown) => void, reject, onProgress });
      this.worker.postMessage({ id, type, params });
    });
  }

  private receive(msg: LabResponse): void {
    if (msg.kind === 'notice') {
      this.notices = [...this.notices, msg.message];
      if (msg.backend) this.activeBackend = msg.backend;
      if (msg.deviceLost) this.onDeviceLost?.(msg.message);
      return;
    }
    const p = this.waiting.get(msg.id);
    if (!p) return; // a reply to a request nobody waits for any more
    if (msg.kind === 'progress') {
      this.progress = msg.progress;
      this.progressId = msg.id;
      p.onProgress?.(msg.progress);
      return;
    }
    this.waiting.delete(msg.id);
    this.pending = Math.max(0, this.pending - 1);
    if (this.pending === 0 || msg.id === this.progressId) this.progress = null;
    if (msg.kind === 'result') p.resolve(msg.result);
    else p.reject(new Error(msg.message));
  }

  /** Id of the request sent last (for a later targeted `cancel`). */
  get lastRequestId(): number {
    return this.nextId - 1;
  }

  /**
   * Asks the worker to stop evaluations, trainings and downloads with an id up to `upTo`
   * (default: everything sent so far), running or queued.
   */
  cancel(upTo = this.nextId - 1): Promise<boolean> {
    return this.request('cancel', { upTo });
  }

  terminate(): void {
    this.worker.terminate();
  }
}
