/// <reference lib="webworker" />
/**
 * The lab worker: owns every tensor. Receives typed requests (protocol.ts), runs the handler of
 * each (worker/handlers/, one module per capability) one at a time, and replies with results,
 * progress and notices. The main thread never runs tfjs ops. The benchmark's and the tests'
 * requests (tools-protocol.ts) load their handlers on first use, so the app never loads them.
 */
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { deviceLostWithin } from '../core/backend.ts';
import { WorkerEnv } from './env.ts';
import { modelHandlers } from './handlers/model.ts';
import { dataHandlers } from './handlers/data.ts';
import { healHandlers } from './handlers/heal.ts';
import { compareHandlers } from './handlers/compare.ts';
import { searchHandlers } from './handlers/search.ts';
import type { Context, Handler, Handlers } from './handler.ts';
import { CONTROL_REQUESTS, type LabResponse, type RequestType, type WireRequest } from './protocol.ts';
import { TOOL_TYPES, type FullApi, type ToolType } from './tools-protocol.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const env = new WorkerEnv({
  // Absolute URLs: the wasm module resolves them from its own chunk, not from this file.
  wasmPaths: {
    'tfjs-backend-wasm.wasm': new URL(wasmPlain, scope.location.href).href,
    'tfjs-backend-wasm-simd.wasm': new URL(wasmSimd, scope.location.href).href,
    'tfjs-backend-wasm-threaded-simd.wasm': new URL(wasmThreadedSimd, scope.location.href).href,
  },
  timeoutMs: 30_000,
}, (msg: LabResponse, transfer: Transferable[] = []) => scope.postMessage(msg, transfer));

/** Requests with an id up to this one are cancelled (ids only grow). */
let cancelledUpTo = 0;

const handlers: Handlers<RequestType> = {
  ...modelHandlers(env),
  ...dataHandlers(env),
  ...healHandlers(env),
  ...compareHandlers(env),
  ...searchHandlers(env),
  pause() {
    env.pauseRequested = true;
    return true;
  },
  cancel({ upTo }) {
    cancelledUpTo = Math.max(cancelledUpTo, upTo);
    return true;
  },
};

let tools: Promise<Handlers<ToolType>> | null = null;
const isTool = (type: string): type is ToolType => (TOOL_TYPES as readonly string[]).includes(type);

/** The handler of a request type: the app's, or (loaded now if need be) a tool's. */
async function handlerFor(type: string): Promise<Handler<keyof FullApi> | undefined> {
  if (isTool(type)) return (await (tools ??= import('./tools-handlers.ts').then((m) => m.toolsHandlers(env))))[type] as Handler<keyof FullApi>;
  return Object.hasOwn(handlers, type) ? handlers[type as RequestType] as Handler<keyof FullApi> : undefined;
}

// Requests run one at a time, in order, except the control requests (cancel, pause, the
// loseDevice test hook), which act at once on the running request.
let queue: Promise<void> = Promise.resolve();

scope.onmessage = (event: MessageEvent<WireRequest<FullApi>>) => {
  const req = event.data;
  const ctx: Context<FullApi[keyof FullApi]['progress']> = {
    progress: (progress) => env.post({ id: req.id, kind: 'progress', type: req.type, progress }),
    shouldCancel: () => req.id <= cancelledUpTo,
  };
  const run = async () => {
    try {
      const handler = await handlerFor(req.type);
      if (!handler) throw new Error(`Unknown request '${String(req.type)}'`);
      const result = await handler(req.params as never, ctx);
      env.post({ id: req.id, kind: 'result', type: req.type, result }, result instanceof Float32Array ? [result.buffer] : []);
    } catch (err) {
      // The device-lost notice must reach the page before this error, while the page still
      // knows what was running (it resumes that on WASM).
      if (!env.deviceLost) await deviceLostWithin(500);
      env.post({ id: req.id, kind: 'error', message: err instanceof Error ? err.message : String(err) });
    }
  };
  if (CONTROL_REQUESTS.includes(req.type)) {
    void run();
    return;
  }
  queue = queue.then(run);
};
