import * as tf from '@tensorflow/tfjs';
import { Rng, deriveSeed } from '../rng.ts';

/**
 * Seeded He initialization: conv and dense kernels ~ U(±√(6/fan_in)) (PyTorch's
 * kaiming_uniform_ with a=0, ReLU gain), biases ~ U(±1/√fan_in) (PyTorch's default); BN γ=1,
 * β=0, moving mean 0, variance 1. He scaling keeps activations alive through the depth of an
 * untrained net in BN inference mode; PyTorch's default kernel bound (1/√fan_in) shrinks them
 * ~3× a layer, so a random VGG would answer one class for every image and pruning would show
 * no effect on its predictions. Each tensor gets its own stream,
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
    const fresh = weights.map((w, i) => {
      const bound = i === 0 ? Math.sqrt(6 / fanIn) : 1 / Math.sqrt(fanIn);
      const rng = new Rng(deriveSeed(seed, layer.name, i));
      const values = new Float32Array(w.size);
      for (let j = 0; j < values.length; j++) values[j] = rng.uniform(-bound, bound);
      return tf.tensor(values, w.shape);
    });
    layer.setWeights(fresh);
    tf.dispose(fresh);
  }
}
