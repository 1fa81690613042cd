/** The model zoo's keys and labels, without importing tfjs (the UI and URL codec use these). */

/** Keys of the built-in model zoo; these appear in URLs (`?model=`), so never rename one. */
export type ModelKey = 'vgg-s' | 'vgg16' | 'resnet20' | 'resnet56';

export interface ModelInfo {
  key: ModelKey;
  label: string;
  /** One line for the model picker. */
  summary: string;
}

/** The zoo, in the order the picker lists it. */
export const MODEL_CATALOG: readonly ModelInfo[] = [
  { key: 'vgg-s', label: 'VGG-S (demo)', summary: '6 conv (32,32 | 64,64 | 128,128) + FC 2048→256→C; fast for class demos' },
  { key: 'vgg16', label: 'VGG16 (CIFAR)', summary: "13 conv + FC 512→512→C, the paper's main model" },
  { key: 'resnet20', label: 'ResNet-20', summary: '19 conv, option-A shortcuts, GAP + FC 64→C' },
  { key: 'resnet56', label: 'ResNet-56', summary: '55 conv, option-A shortcuts, GAP + FC 64→C' },
];

/** Every zoo key, for URL validation. */
export const MODEL_KEYS: readonly ModelKey[] = MODEL_CATALOG.map((m) => m.key);

/** Layer types an imported model may use (the lab can run, introspect and mask around them; Conv2D and Dense are pruned). */
export const SUPPORTED_LAYERS: readonly string[] = [
  'InputLayer', 'Conv2D', 'Dense', 'BatchNormalization', 'ReLU', 'Activation', 'MaxPooling2D', 'AveragePooling2D',
  'GlobalAveragePooling2D', 'GlobalMaxPooling2D', 'Flatten', 'Dropout', 'Add', 'ZeroPadding2D', 'Softmax', 'OptionAShortcut',
];
