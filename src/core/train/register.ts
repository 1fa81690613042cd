/**
 * What training needs from tfjs beyond what it ships (METHOD §8.2): the gradients of
 * `gradients.ts` on every backend; the filter gradient as a convolution on cpu; on WASM both
 * convolution gradients, the matmul/reduction wrappers, the max-pool gradient and buffer-sharing
 * Identity/Cast. Idempotent; FineTuner calls it, so any caller of core training gets it.
 */
import * as tf from '@tensorflow/tfjs';
import { registerTrainingGradients } from './gradients.ts';
import { registerConvGradients } from './conv-grads.ts';
import { registerWasmMatMulKernels } from './wasm-matmul.ts';
import { registerWasmPoolGrad } from './wasm-pool.ts';
import { registerWasmSharing } from './wasm-share.ts';

/** Kernels a masked training step of the zoo's nets (and the importable layer types) runs. */
export const TRAINING_KERNELS = ['Conv2DBackpropFilter', 'Conv2DBackpropInput', 'MaxPoolGrad', 'AvgPoolGrad', 'Step'] as const;

export function registerTrainingSupport(): void {
  registerTrainingGradients();
  if (tf.getKernel('Conv2D', 'cpu')) registerConvGradients('cpu', false);
  // The wasm kernels exist once @tensorflow/tfjs-backend-wasm is imported (backend.ts does it).
  if (tf.getKernel('Conv2D', 'wasm')) {
    registerConvGradients('wasm', true);
    registerWasmMatMulKernels();
    registerWasmPoolGrad();
    registerWasmSharing();
  }
}

/** Training kernels `backend` lacks ([] when it can train). */
export function missingTrainingKernels(backend: string): string[] {
  registerTrainingSupport();
  return TRAINING_KERNELS.filter((k) => !tf.getKernel(k, backend));
}
