import type * as tf from '@tensorflow/tfjs';
import { buildVgg, VGG16_PLAN, VGG_S_PLAN } from './vgg.ts';
import { buildResNet } from './resnet.ts';
import { MODEL_CATALOG, type ModelInfo, type ModelKey } from './catalog.ts';

export { MODEL_CATALOG, MODEL_KEYS, type ModelKey } from './catalog.ts';

export interface ZooEntry extends ModelInfo {
  build(numClasses: number): tf.LayersModel;
}

const BUILDERS: Record<ModelKey, (numClasses: number) => tf.LayersModel> = {
  'vgg-s': (c) => buildVgg({ plan: VGG_S_PLAN, numClasses: c, hidden: 256, head: 'none', name: 'vgg-s' }),
  vgg16: (c) => buildVgg({ plan: VGG16_PLAN, numClasses: c, hidden: 512, head: 'avgpool2', name: 'vgg16' }),
  resnet20: (c) => buildResNet({ blocksPerStage: 3, numClasses: c, name: 'resnet20' }),
  resnet56: (c) => buildResNet({ blocksPerStage: 9, numClasses: c, name: 'resnet56' }),
};

/** The model zoo with builders, in catalog order. */
export const MODEL_ZOO: readonly ZooEntry[] = MODEL_CATALOG.map((info) => ({ ...info, build: BUILDERS[info.key] }));

/** Looks a zoo entry up by key; undefined for an unknown key (callers report it). */
export function findModel(key: string): ZooEntry | undefined {
  return MODEL_ZOO.find((m) => m.key === key);
}
