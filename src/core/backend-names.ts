/** Backend names and order, without importing tfjs (the UI and URL codec use these). */
export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';
/** Order of preference: WebGPU → WebGL → WASM → CPU. */
export const BACKEND_ORDER: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];
/** Where training goes if the active backend lacks a training kernel, in order of preference. */
export const GRADIENT_BACKENDS: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];
