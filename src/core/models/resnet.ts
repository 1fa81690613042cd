import * as tf from '@tensorflow/tfjs';
import { OptionAShortcut } from './shortcut.ts';

const BN = { epsilon: 1e-5, momentum: 0.9 } as const;

type Sym = tf.SymbolicTensor;

/**
 * 3×3 conv without bias. Stride 2 uses explicit zero padding of 1 then 'valid', which equals
 * PyTorch's padding=1 (tfjs 'same' would pad 0 on top/left and 1 on bottom/right instead).
 */
function conv3x3(x: Sym, filters: number, stride: number, name: string): Sym {
  if (stride === 1) {
    return tf.layers.conv2d({ filters, kernelSize: 3, padding: 'same', useBias: false, name }).apply(x) as Sym;
  }
  const padded = tf.layers.zeroPadding2d({ padding: [[1, 1], [1, 1]], name: `${name}_pad` }).apply(x) as Sym;
  return tf.layers.conv2d({ filters, kernelSize: 3, strides: stride, padding: 'valid', useBias: false, name }).apply(padded) as Sym;
}

function bn(x: Sym, name: string): Sym {
  return tf.layers.batchNormalization({ ...BN, name }).apply(x) as Sym;
}

function relu(x: Sym, name: string): Sym {
  return tf.layers.reLU({ name }).apply(x) as Sym;
}

/**
 * Builds a CIFAR ResNet (He16) with option-A shortcuts: stem conv3×3(16)-BN-ReLU, three stages
 * of `blocksPerStage` BasicBlocks (widths 16/32/64, stride 2 at the first block of stages 2
 * and 3), global average pooling, Dense C. n = 3 → ResNet-20, 9 → ResNet-56.
 * Input [batch, 32, 32, 3] → logits [batch, C]. Block layers are named
 * `s{stage}b{block}_conv1|bn1|conv2|bn2` so weights from the trainer map by name.
 */
export function buildResNet(opts: { blocksPerStage: number; numClasses: number; name: string }): tf.LayersModel {
  const input = tf.input({ shape: [32, 32, 3], name: 'input' });
  let x = relu(bn(conv3x3(input, 16, 1, 'conv1'), 'bn1'), 'relu1');
  let inPlanes = 16;
  [16, 32, 64].forEach((planes, stageIndex) => {
    for (let b = 0; b < opts.blocksPerStage; b++) {
      const stride = stageIndex > 0 && b === 0 ? 2 : 1;
      const p = `s${stageIndex + 1}b${b + 1}`;
      let out = relu(bn(conv3x3(x, planes, stride, `${p}_conv1`), `${p}_bn1`), `${p}_relu1`);
      out = bn(conv3x3(out, planes, 1, `${p}_conv2`), `${p}_bn2`);
      const shortcut = stride !== 1 || inPlanes !== planes
        ? (new OptionAShortcut({ stride, padChannels: (planes - inPlanes) / 2, name: `${p}_shortcut` }).apply(x) as Sym)
        : x;
      x = relu(tf.layers.add({ name: `${p}_add` }).apply([out, shortcut]) as Sym, `${p}_relu2`);
      inPlanes = planes;
    }
  });
  x = tf.layers.globalAveragePooling2d({ name: 'gap' }).apply(x) as Sym;
  const logits = tf.layers.dense({ units: opts.numClasses, name: 'fc' }).apply(x) as Sym;
  return tf.model({ inputs: input, outputs: logits, name: opts.name });
}
