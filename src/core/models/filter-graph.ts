import type * as tf from '@tensorflow/tfjs';
import type { FilterConsumer, FilterGroup } from '../prune/filter-masks.ts';

type Layer = tf.layers.Layer;

/** Layers a channel passes through unchanged (channel j in → channel j out). */
const CHANNELWISE = new Set(['ReLU', 'Activation', 'MaxPooling2D', 'AveragePooling2D', 'ZeroPadding2D', 'Dropout', 'BatchNormalization']);

const shapeOf = (l: Layer, i = 0): number[] => l.weights[i].shape as number[];
const outbound = (l: Layer): Layer[] => l.outboundNodes.map((n) => n.outboundLayer);

/**
 * The convs whose filters may be removed (METHOD §3), found by following each Conv2D's output
 * through the graph: BN, ReLU, pooling and padding pass channels through; a Conv2D, or a Dense
 * after Flatten / GlobalAveragePooling2D, consumes them; anything else (an `add`, a shortcut, a
 * concatenation, the model output) ties the channel to another path, and the conv is left out.
 * In the CIFAR ResNets this leaves exactly the first conv of each block, as Li17 prunes.
 *
 * @returns groups in forward order; the model is only read.
 */
export function filterGroups(model: tf.LayersModel): FilterGroup[] {
  const outputs = new Set(model.outputLayers);
  const groups: FilterGroup[] = [];
  for (const layer of model.layers) {
    if (layer.getClassName() !== 'Conv2D') continue;
    const kernelShape = shapeOf(layer);
    const channelParams: string[] = layer.weights.length > 1 ? [`${layer.name}/bias`] : [];
    const consumers: FilterConsumer[] = [];
    let activation: string | null = null;
    let ok = true;
    // Depth-first walk; `direct` = still on the conv's own chain (its BN counts as channel params).
    const visit = (l: Layer, direct: boolean): void => {
      for (const next of outbound(l)) {
        if (!ok) return;
        const cls = next.getClassName();
        if (outputs.has(next)) ok = false;
        else if (cls === 'Conv2D') consumers.push({ kind: 'conv', kernel: `${next.name}/kernel`, shape: shapeOf(next) });
        else if (cls === 'Flatten' || cls === 'GlobalAveragePooling2D') {
          const dense = outbound(next);
          if (dense.length !== 1 || dense[0].getClassName() !== 'Dense') ok = false;
          else consumers.push({ kind: 'dense', kernel: `${dense[0].name}/kernel`, shape: shapeOf(dense[0]), channels: kernelShape[3] });
        } else if (CHANNELWISE.has(cls)) {
          if (cls === 'BatchNormalization' && direct) channelParams.push(`${next.name}/gamma`, `${next.name}/beta`);
          if ((cls === 'ReLU' || cls === 'Activation') && activation === null) activation = next.name;
          visit(next, direct && cls === 'BatchNormalization');
        } else ok = false;
      }
    };
    visit(layer, true);
    if (ok && activation !== null && consumers.length > 0) {
      groups.push({ layer: layer.name, kernel: `${layer.name}/kernel`, shape: kernelShape, channelParams, consumers, activation });
    }
  }
  return groups;
}
