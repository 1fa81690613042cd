/** Backend names and order, without importing tfjs (the UI and URL codec use these). */
export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';
/** Order of preference: WebGPU → WebGL → WASM → CPU. */
export const BACKEND_ORDER: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];
/** Backends that implement every gradient the lab's training needs (WASM lacks Conv2DBackpropFilter). */
export const GRADIENT_BACKENDS: readonly BackendName[] = ['webgpu', 'webgl', 'cpu'];
