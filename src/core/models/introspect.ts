import type * as tf from '@tensorflow/tfjs';
import type { KernelCost, ParamGroup, ParamRole } from '../prune/accounting.ts';

/** One prunable layer (a conv or dense kernel) as every later feature sees it. */
export interface PrunableLayer {
  /** Layer name in the LayersModel (e.g. 'conv3', 's2b1_conv1', 'fc1'). */
  name: string;
  /** Position among prunable layers, in forward (topological) order. */
  index: number;
  kind: 'conv' | 'dense';
  /** Conv: [kh, kw, Cin, Cout]; dense: [in, out]. */
  kernelShape: number[];
  inChannels: number;
  outChannels: number;
  /** Conv kernel size (kh; all zoo kernels are square); 1 for dense. */
  kernelSize: number;
  /** Conv stride (1 for dense). */
  stride: number;
  /** Output shape without batch: conv [H, W, C], dense [units]. */
  outputShape: number[];
  /** Kernel weights (what unstructured pruning masks). */
  params: number;
  /** Bias parameters of this layer (0 without bias). */
  biasParams: number;
  /** MACs, CODE convention (METHOD §4): conv Cin·Cout·k²·Hout·Wout, dense in·out + out. */
  macs: number;
  /** MACs one kernel weight costs: Hout·Wout for conv, 1 for dense. */
  macsPerWeight: number;
  /**
   * True for the dense layer that outputs the classes (found from the graph by `classifierLayer`,
   * never by name): the layer the k-σ scope `hidden` keeps dense (METHOD §2).
   */
  classifier: boolean;
}

/**
 * Layers a model output may pass through after its classifier and still be "the classes": they
 * map each logit to one value (an activation, a softmax, dropout) or reshape.
 */
const AFTER_CLASSIFIER = new Set(['Activation', 'Softmax', 'ReLU', 'Dropout', 'Flatten', 'Reshape', 'BatchNormalization']);

/**
 * The name of the model's classifier: the Dense layer the (single) output is computed from,
 * walking back from the output through the layers of AFTER_CLASSIFIER only. Null when the output
 * does not come from one Dense layer that way (several outputs, a conv head, an `add` after it).
 * Reads the graph, not the names, so an imported model's classifier is found whatever it is called.
 */
export function classifierLayer(model: tf.LayersModel): string | null {
  if (model.outputLayers.length !== 1) return null;
  let layer: tf.layers.Layer = model.outputLayers[0];
  for (;;) {
    const cls = layer.getClassName();
    if (cls === 'Dense') return layer.name;
    if (!AFTER_CLASSIFIER.has(cls)) return null;
    const inbound = layer.inboundNodes.flatMap((n) => n.inboundLayers);
    if (inbound.length !== 1) return null;
    layer = inbound[0];
  }
}

/**
 * Lists the prunable layers of a model (Conv2D and Dense kernels) in forward order.
 * This is the one function later features use to find what they may prune. Reads shapes only.
 */
export function prunableLayers(model: tf.LayersModel): PrunableLayer[] {
  const out: PrunableLayer[] = [];
  const classifier = classifierLayer(model);
  for (const layer of model.layers) {
    const cls = layer.getClassName();
    if (cls !== 'Conv2D' && cls !== 'Dense') continue;
    const weights = layer.weights;
    const kernelShape = weights[0].shape as number[];
    const biasParams = weights.length > 1 ? (weights[1].shape as number[]).reduce((a, b) => a * b, 1) : 0;
    const params = kernelShape.reduce((a, b) => a * b, 1);
    const outShape = (layer.outputShape as (number | null)[]).slice(1) as number[];
    if (cls === 'Conv2D') {
      const cfg = layer.getConfig() as { strides?: number | number[] };
      const strides = Array.isArray(cfg.strides) ? cfg.strides[0] : (cfg.strides ?? 1);
      const macsPerWeight = outShape[0] * outShape[1];
      out.push({
        name: layer.name, index: out.length, kind: 'conv', kernelShape,
        inChannels: kernelShape[2], outChannels: kernelShape[3], kernelSize: kernelShape[0], stride: strides,
        outputShape: outShape, params, biasParams, macs: params * macsPerWeight, macsPerWeight, classifier: false,
      });
    } else {
      out.push({
        name: layer.name, index: out.length, kind: 'dense', kernelShape,
        inChannels: kernelShape[0], outChannels: kernelShape[1], kernelSize: 1, stride: 1,
        outputShape: outShape, params, biasParams, macs: params + kernelShape[1], macsPerWeight: 1, classifier: layer.name === classifier,
      });
    }
  }
  return out;
}

/** Name of a layer's kernel in `paramGroups` / accounting ('conv1' → 'conv1/kernel'). */
export function kernelParamName(layerName: string): string {
  return `${layerName}/kernel`;
}

/** Accounting costs of the prunable kernels (see prune/accounting.ts). Pure. */
export function kernelCosts(layers: readonly PrunableLayer[]): KernelCost[] {
  return layers.map((l) => ({
    name: kernelParamName(l.name), kind: l.kind, size: l.params, macsPerWeight: l.macsPerWeight,
    extraMacs: l.kind === 'dense' ? l.outChannels : 0,
  }));
}

/**
 * Every trainable tensor of the model with its role, for the three parameter conventions of
 * METHOD §4. BN moving statistics are not trainable and are not listed. Throws on a trainable
 * tensor of a layer type the lab does not know (so counts are never silently wrong).
 */
export function paramGroups(model: tf.LayersModel): ParamGroup[] {
  const groups: ParamGroup[] = [];
  for (const layer of model.layers) {
    const cls = layer.getClassName();
    for (const w of layer.trainableWeights) {
      const size = (w.shape as number[]).reduce((a, b) => a * b, 1);
      const short = w.originalName.split('/').pop() ?? w.originalName;
      let role: ParamRole;
      if (cls === 'Conv2D') role = short === 'kernel' ? 'conv-kernel' : 'conv-bias';
      else if (cls === 'Dense') role = short === 'kernel' ? 'dense-kernel' : 'dense-bias';
      else if (cls === 'BatchNormalization') role = short === 'gamma' ? 'bn-gamma' : 'bn-beta';
      else throw new Error(`paramGroups: trainable weight '${w.originalName}' of unsupported layer type ${cls}`);
      groups.push({ name: `${layer.name}/${short}`, role, size });
    }
  }
  return groups;
}

/** The model's kernel variable of a prunable layer (the tensor masks are applied to). */
export function kernelOf(model: tf.LayersModel, layerName: string): tf.LayerVariable {
  const layer = model.getLayer(layerName);
  return layer.weights[0];
}

/**
 * The variable of a trainable parameter named as in `paramGroups` ('bn3/gamma' → layer 'bn3',
 * weight 'gamma'). Throws for an unknown name.
 */
export function paramVariable(model: tf.LayersModel, paramName: string): tf.LayerVariable {
  const cut = paramName.lastIndexOf('/');
  const layer = model.getLayer(paramName.slice(0, cut));
  const short = paramName.slice(cut + 1);
  const v = layer.weights.find((w) => (w.originalName.split('/').pop() ?? w.originalName) === short);
  if (!v) throw new Error(`No parameter '${paramName}'`);
  return v;
}
