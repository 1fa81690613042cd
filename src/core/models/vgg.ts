import * as tf from '@tensorflow/tfjs';

/** A VGG-style feature plan: numbers are 3×3 conv widths, 'M' is a 2×2 max-pool. */
export type VggPlan = (number | 'M')[];

/** VGG16 for CIFAR (METHOD §5, the HRank/GAL variant): 13 convs, 4 pools, then AvgPool2. */
export const VGG16_PLAN: VggPlan = [64, 64, 'M', 128, 128, 'M', 256, 256, 256, 'M', 512, 512, 512, 'M', 512, 512, 512];

/**
 * VGG-S, the lab's small demo net: 6 convs of widths 32,32 | 64,64 | 128,128 with a pool after
 * each pair (32→16→8→4), then flatten (4·4·128 = 2,048) → Dense 256 → BN → ReLU → Dense C.
 * ≈ 0.81M weights and ≈ 39M MACs, ~8× cheaper than VGG16. The flatten keeps spatial positions,
 * so its first dense layer is large (524,288 weights) — the FC-heavy case the k-σ rule targets.
 */
export const VGG_S_PLAN: VggPlan = [32, 32, 'M', 64, 64, 'M', 128, 128, 'M'];

export interface VggOptions {
  plan: VggPlan;
  numClasses: number;
  /** Hidden width of the classifier's first dense layer. */
  hidden: number;
  /** 'avgpool2' = VGG16's AvgPool2 before flatten (2×2 → 1×1); 'none' = flatten the map as is. */
  head: 'avgpool2' | 'none';
  name: string;
}

const BN = { epsilon: 1e-5, momentum: 0.9 } as const;

/**
 * Builds a CIFAR VGG as a tf.LayersModel: input [batch, 32, 32, 3] → logits [batch, C].
 * Every conv is 3×3, pad 1 ('same' at stride 1 equals PyTorch's padding=1), with bias, then
 * BN and ReLU. Layer names are stable ('conv1'…, 'bn1'…, 'fc1', 'bn_fc1', 'fc2') so weight files
 * from the offline trainer map onto them by name. Weights are left at tfjs defaults; use
 * `initWeights` for seeded initialization.
 */
export function buildVgg(opts: VggOptions): tf.LayersModel {
  const input = tf.input({ shape: [32, 32, 3], name: 'input' });
  let x: tf.SymbolicTensor = input;
  let conv = 0;
  let pool = 0;
  for (const item of opts.plan) {
    if (item === 'M') {
      pool += 1;
      x = tf.layers.maxPooling2d({ poolSize: 2, strides: 2, name: `pool${pool}` }).apply(x) as tf.SymbolicTensor;
      continue;
    }
    conv += 1;
    x = tf.layers.conv2d({ filters: item, kernelSize: 3, padding: 'same', useBias: true, name: `conv${conv}` }).apply(x) as tf.SymbolicTensor;
    x = tf.layers.batchNormalization({ ...BN, name: `bn${conv}` }).apply(x) as tf.SymbolicTensor;
    x = tf.layers.reLU({ name: `relu${conv}` }).apply(x) as tf.SymbolicTensor;
  }
  if (opts.head === 'avgpool2') {
    x = tf.layers.averagePooling2d({ poolSize: 2, strides: 2, name: 'avgpool' }).apply(x) as tf.SymbolicTensor;
  }
  x = tf.layers.flatten({ name: 'flatten' }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.dense({ units: opts.hidden, name: 'fc1' }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.batchNormalization({ ...BN, name: 'bn_fc1' }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.reLU({ name: 'relu_fc1' }).apply(x) as tf.SymbolicTensor;
  const logits = tf.layers.dense({ units: opts.numClasses, name: 'fc2' }).apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: logits, name: opts.name });
}
