/**
 * Owns the lab worker. `request(type, params)` returns a Promise of the typed result; progress
 * and notices are exposed as reactive state for the UI. Imports no tfjs.
 */
import type { LabApi, LabResponse, Progress } from './protocol.ts';
import type { ToolsApi } from './tools-protocol.ts';
import type { BackendName } from '../core/backend-names.ts';

type Api = LabApi & ToolsApi;
type ResultOf<K extends keyof Api> = { id: number; kind: 'result'; type: K; result: Api[K]['result'] };
type ProgressOf<K extends keyof Api> = { id: number; kind: 'progress'; type: K; progress: Api[K]['progress'] };

/**
 * The worker names the request each result and progress answers; checking that name is what
 * types the payload (the wire itself carries untyped structured clones).
 */
function isResultOf<K extends keyof Api>(msg: LabResponse, type: K): msg is ResultOf<K> {
  return msg.kind === 'result' && msg.type === type;
}
function isProgressOf<K extends keyof Api>(msg: LabResponse, type: K): msg is ProgressOf<K> {
  return msg.kind === 'progress' && msg.type === type;
}

/** A request in flight: settles its own promise from the replies that name it. */
interface Pending {
  receive(msg: LabResponse): void;
  reject(err: Error): void;
}

export class LabClient {
  /** Progress of the running long request, or null. */
  progress = $state.raw<Progress | null>(null);
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
  request<K extends keyof LabApi>(type: K, params: LabApi[K]['params'], onProgress?: (p: LabApi[K]['progress']) => void): Promise<LabApi[K]['result']> {
    return this.send(type, params, onProgress);
  }

  /** A benchmark or test request (tools-protocol.ts); the worker loads their handlers on first use. */
  tool<K extends keyof ToolsApi>(type: K, params: ToolsApi[K]['params'], onProgress?: (p: ToolsApi[K]['progress']) => void): Promise<ToolsApi[K]['result']> {
    return this.send(type, params, onProgress);
  }

  private send<K extends keyof Api>(type: K, params: Api[K]['params'], onProgress?: (p: Api[K]['progress']) => void): Promise<Api[K]['result']> {
    if (this.crashed) return Promise.reject(new Error(this.crashed));
    const id = this.nextId++;
    this.pending += 1;
    return new Promise<Api[K]['result']>((resolve, reject) => {
      this.waiting.set(id, {
        reject,
        receive: (msg) => {
          if (isProgressOf(msg, type)) onProgress?.(msg.progress);
          else if (isResultOf(msg, type)) resolve(msg.result);
          else if (msg.kind === 'error') reject(new Error(msg.message));
          else reject(new Error(`The worker answered '${type}' with a reply for another request`));
        },
      });
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
      p.receive(msg);
      return;
    }
    this.waiting.delete(msg.id);
    this.pending = Math.max(0, this.pending - 1);
    if (this.pending === 0 || msg.id === this.progressId) this.progress = null;
    p.receive(msg);
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
