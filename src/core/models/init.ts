import * as tf from '@tensorflow/tfjs';
import { Rng, deriveSeed } from '../rng.ts';

/**
 * Seeded initialization matching PyTorch's defaults, so random nets look like an untrained
 * PyTorch net: conv and dense kernels and biases ~ U(±1/√fan_in) (kaiming_uniform with a=√5);
 * BN γ=1, β=0, moving mean 0, variance 1. Each tensor gets its own stream,
 * `deriveSeed(seed, layerName, weightIndex)`, so adding a layer never shifts another's values.
 * Mutates the model's variables; creates no lasting tensors.
 */
export function initWeights(model: tf.LayersModel, seed: number): void {
  for (const layer of model.layers) {
    const cls = layer.getClassName();
    if (cls !== 'Conv2D' && cls !== 'Dense') continue;
    const weights = layer.getWeights();
    const kernel = weights[0];
    const fanIn = kernel.shape.slice(0, -1).reduce((a, b) => a * b, 1);
    const bound = 1 / Math.sqrt(fanIn);
    const fresh = weights.map((w, i) => {
      const rng = new Rng(deriveSeed(seed, layer.name, i));
      const values = new Float32Array(w.size);
      for (let j = 0; j < values.length; j++) values[j] = rng.uniform(-bound, bound);
      return tf.tensor(values, w.shape);
    });
    layer.setWeights(fresh);
    tf.dispose(fresh);
  }
}
