import * as tf from '@tensorflow/tfjs';

/**
 * He et al.'s CIFAR "option A" shortcut (METHOD §5): x[:, ::stride, ::stride, :] with
 * `padChannels` zero channels added on each side of the channel axis. It has no parameters,
 * so it is a custom layer rather than a fixed 1×1 convolution (which would add weights to
 * countParams). Registered for (de)serialization under the class name 'OptionAShortcut'.
 */
export class OptionAShortcut extends tf.layers.Layer {
  static className = 'OptionAShortcut';
  readonly stride: number;
  readonly padChannels: number;

  constructor(config: { stride: number; padChannels: number; name?: string }) {
    super({ name: config.name });
    this.stride = config.stride;
    this.padChannels = config.padChannels;
  }

  /** [b, h, w, c] → [b, ceil(h/s), ceil(w/s), c + 2·pad]. */
  computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const s = inputShape as tf.Shape;
    const h = s[1] == null ? null : Math.ceil((s[1] as number) / this.stride);
    const w = s[2] == null ? null : Math.ceil((s[2] as number) / this.stride);
    return [s[0], h, w, (s[3] as number) + 2 * this.padChannels];
  }

  call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
      const [, h, w, c] = x.shape;
      const sub = this.stride === 1 ? x : tf.stridedSlice(x, [0, 0, 0, 0], [x.shape[0], h, w, c], [1, this.stride, this.stride, 1]);
      return this.padChannels > 0 ? tf.pad(sub, [[0, 0], [0, 0], [0, 0], [this.padChannels, this.padChannels]]) : sub;
    });
  }

  getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), stride: this.stride, padChannels: this.padChannels };
  }
}
tf.serialization.registerClass(OptionAShortcut);
