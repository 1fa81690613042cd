/**
 * The only module that picks or imports tfjs backends. Order of preference:
 * WebGPU → WebGL → WASM (SIMD; threads when cross-origin isolated) → CPU.
 * Runs in the worker (or in Node for tests); never touches the DOM.
 */
import * as tf from '@tensorflow/tfjs';

import { BACKEND_ORDER, GRADIENT_BACKENDS, type BackendName } from './backend-names.ts';
import { missingTrainingKernels, registerTrainingSupport } from './train/register.ts';

export { BACKEND_ORDER, GRADIENT_BACKENDS, type BackendName };

export interface SkippedBackend { backend: BackendName; reason: string }

export interface BackendInfo {
  /** The active backend (tf.getBackend()). */
  name: BackendName;
  /** True when `?backend=` forced it. */
  forced: boolean;
  /** Faster backends that were not used, each with the reason. */
  skipped: SkippedBackend[];
  /** Human-readable details: adapter/renderer, SIMD, threads. */
  details: string[];
  /** WASM only: threads in use (1 = single-threaded). */
  threads?: number;
  simd?: boolean;
  crossOriginIsolated: boolean;
}

export interface BackendOptions {
  /** Force one backend (from `?backend=`); failure to start it is an error. */
  forced?: BackendName;
  /** URLs of the three tfjs-backend-wasm binaries, keyed by file name (see setWasmPaths). */
  wasmPaths?: Record<string, string>;
  /** Give up on a backend whose setBackend takes longer than this (ms). */
  timeoutMs?: number;
  /** Accept a software WebGL renderer (SwiftShader, llvmpipe); by default it is skipped since WASM is faster. */
  allowSoftwareWebgl?: boolean;
  /** XNNPACK's thread pool on WASM: a count, or every logical core when absent (tfjs alone takes half). */
  wasmThreads?: number;
}

const SOFTWARE_RENDERER = /swiftshader|llvmpipe|softpipe|software|basic render/i;

/** Races a promise against a timeout; rejects with a clear message on timeout. */
async function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${(ms / 1000).toFixed(0)} s`)), ms);
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

type Probe = { ok: true; details: string[] } | { ok: false; reason: string };

async function probeWebgpu(): Promise<Probe> {
  const gpu = (globalThis.navigator as Navigator & { gpu?: { requestAdapter(): Promise<unknown> } } | undefined)?.gpu;
  if (!gpu) return { ok: false, reason: 'WebGPU API not available (browser support or flag missing)' };
  const adapter = (await gpu.requestAdapter()) as { info?: { vendor?: string; architecture?: string; description?: string; isFallbackAdapter?: boolean } } | null;
  if (!adapter) return { ok: false, reason: 'no WebGPU adapter (GPU blocked or unsupported)' };
  const info = adapter.info ?? {};
  const name = [info.vendor, info.architecture, info.description].filter(Boolean).join(' ') || 'unknown adapter';
  const details = [`adapter: ${name}`];
  if (info.isFallbackAdapter || /swiftshader/i.test(name)) details.push('software adapter (CPU emulation): correct but slow; ?backend=wasm is faster here');
  return { ok: true, details };
}

function probeWebgl(allowSoftware: boolean): Probe {
  if (typeof OffscreenCanvas === 'undefined') return { ok: false, reason: 'OffscreenCanvas not available in this worker' };
  const gl = new OffscreenCanvas(1, 1).getContext('webgl2') as WebGL2RenderingContext | null;
  if (!gl) return { ok: false, reason: 'WebGL2 not available' };
  const ext = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer = String(ext ? gl.getParameter(ext.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER));
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  if (SOFTWARE_RENDERER.test(renderer) && !allowSoftware) {
    return { ok: false, reason: `software renderer (${renderer}): it emulates the GPU on the CPU, where WASM runs the same work many times faster` };
  }
  return { ok: true, details: [`renderer: ${renderer}`] };
}

async function probeWasm(opts: BackendOptions): Promise<Probe> {
  if (typeof WebAssembly === 'undefined') return { ok: false, reason: 'WebAssembly not available' };
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  if (opts.wasmPaths) wasm.setWasmPaths(opts.wasmPaths);
  wasm.setThreadsCount(wasmPoolSize(opts.wasmThreads));
  // Before setBackend, so the wrapped kernels' setup runs with the backend (METHOD §8.2).
  registerTrainingSupport();
  return { ok: true, details: [] };
}

/** Logical cores as the page reports them (1 where unknown). */
function logicalCores(): number {
  return Math.max(1, (globalThis.navigator as Navigator | undefined)?.hardwareConcurrency ?? 1);
}

/** XNNPACK's pool for `threads` (absent: every logical core), at most 8 (the workers tfjs pre-creates). */
export function wasmPoolSize(threads?: number): number {
  return Math.max(1, Math.min(8, threads ?? logicalCores()));
}

/**
 * Runs `fn` (tfjs-wasm's start) while the page reports `cores` logical cores. tfjs-wasm caps its
 * pool at hardwareConcurrency / 2, read once when its module starts, on the guess of two
 * hyper-threads per core; on a 2-core laptop that leaves one core idle during every evaluation.
 * Raising what the module reads, for its start only, lets setThreadsCount ask for every core.
 */
async function withReportedCores<T>(cores: number, fn: () => Promise<T>): Promise<T> {
  const nav = globalThis.navigator as Navigator | undefined;
  if (!nav || cores <= Math.floor(logicalCores() / 2)) return fn();
  Object.defineProperty(nav, 'hardwareConcurrency', { value: cores * 2, configurable: true });
  try {
    return await fn();
  } finally {
    delete (nav as { hardwareConcurrency?: number }).hardwareConcurrency; // back to the prototype's getter
  }
}

/** Starts one backend. Resolves to details on success, throws with a reason otherwise. */
async function start(name: BackendName, opts: BackendOptions): Promise<string[]> {
  let probe: Probe;
  if (name === 'webgpu') {
    probe = await probeWebgpu();
    if (probe.ok) await import('@tensorflow/tfjs-backend-webgpu');
  } else if (name === 'webgl') probe = probeWebgl(!!opts.allowSoftwareWebgl || opts.forced === 'webgl');
  else if (name === 'wasm') probe = await probeWasm(opts);
  else probe = { ok: true, details: [] };
  if (!probe.ok) throw new Error(probe.reason);
  const set = () => withTimeout(tf.setBackend(name), opts.timeoutMs ?? 20_000, `starting ${name}`);
  const ok = name === 'wasm' ? await withReportedCores(wasmPoolSize(opts.wasmThreads), set) : await set();
  if (!ok) throw new Error(`tf.setBackend('${name}') failed`);
  await tf.ready();
  return probe.details;
}

/**
 * Picks and starts the fastest usable backend (or the forced one) and reports why faster ones
 * were skipped. Mutates tfjs's global backend. Throws only if a forced backend cannot start or
 * nothing at all can.
 */
export async function initBackend(opts: BackendOptions = {}): Promise<BackendInfo> {
  const isolated = !!(globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated;
  const skipped: SkippedBackend[] = [];
  const candidates = opts.forced ? [opts.forced] : BACKEND_ORDER;
  for (const name of candidates) {
    try {
      const details = await start(name, opts);
      const info: BackendInfo = { name, forced: !!opts.forced, skipped, details, crossOriginIsolated: isolated };
      if (name === 'wasm') {
        const wasm = await import('@tensorflow/tfjs-backend-wasm');
        info.simd = !!(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'));
        const mt = !!(await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'));
        info.threads = mt ? wasm.getThreadsCount() : 1;
        info.details.push(`SIMD ${info.simd ? 'on' : 'off'}`,
          mt ? `threads on: threaded build, pool of ${info.threads} on ${logicalCores()} logical cores`
            : `threads off${isolated ? '' : ' (page not cross-origin isolated)'}`);
      }
      return info;
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      if (opts.forced) throw new Error(`Backend '${name}' was requested but could not start: ${reason}`);
      skipped.push({ backend: name, reason });
    }
  }
  throw new Error(`No tfjs backend could start: ${skipped.map((s) => `${s.backend}: ${s.reason}`).join('; ')}`);
}

/**
 * Makes sure the active backend can run a training step. Every backend the lab starts can (WASM
 * through the kernels in train/, METHOD §8.2), so this switches only when one lacks a training
 * kernel; it returns a note saying what happened, or null when no switch was needed. Tensors
 * move to the new backend lazily (tfjs copies on first use). Mutates tfjs's global backend.
 */
export async function ensureTrainingBackend(opts: BackendOptions = {}): Promise<string | null> {
  const current = tf.getBackend() as BackendName;
  const missing = missingTrainingKernels(current);
  if (!missing.length) return null;
  const tried: string[] = [];
  for (const name of GRADIENT_BACKENDS) {
    if (name === current) continue;
    try {
      await start(name, { ...opts, allowSoftwareWebgl: true });
      if (missingTrainingKernels(name).length) throw new Error('lacks training kernels too');
      return `${current} has no ${missing.join(', ')} kernel (cannot train); training runs on ${name}`;
    } catch (err) {
      tried.push(`${name}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  throw new Error(`No backend with gradients could start (${tried.join('; ')})`);
}

/** Switches back to an inference backend after training (e.g. WASM). Mutates the global backend. */
export async function restoreBackend(name: BackendName, opts: BackendOptions = {}): Promise<void> {
  if (tf.getBackend() !== name) await start(name, opts);
}

interface GpuDevice { lost: Promise<{ reason?: string; message: string }>; destroy(): void }

/** The active backend's WebGPU device, or null on any other backend. */
function webgpuDevice(): GpuDevice | null {
  if (tf.getBackend() !== 'webgpu') return null;
  return (tf.backend() as unknown as { device?: GpuDevice }).device ?? null;
}

/**
 * Calls `onLost` once if the active backend's WebGPU device is lost (a driver reset, another tab
 * taking the GPU, `device.destroy()`); returns false when the backend has no device to watch.
 * After a loss every tensor on that backend is gone: the caller must stop, not read results.
 */
export function watchDeviceLoss(onLost: (message: string) => void): boolean {
  const device = webgpuDevice();
  if (!device) return false;
  void device.lost.then((info) => onLost(info.message || info.reason || 'WebGPU device lost'));
  return true;
}

/** Test hook: destroys the active WebGPU device (what a driver reset does); false when there is none. */
export function loseDevice(): boolean {
  const device = webgpuDevice();
  device?.destroy();
  return !!device;
}

/**
 * Whether the WebGPU device is lost within `ms`. A failed request checks it first: when a loss
 * makes a readback fail, the error can arrive before the `lost` promise settles.
 */
export async function deviceLostWithin(ms: number): Promise<boolean> {
  const device = webgpuDevice();
  if (!device) return false;
  return Promise.race([device.lost.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms))]);
}
