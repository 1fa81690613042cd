/**
 * Hand-built parameter/MAC descriptions of the METHOD §5 reference architectures, for the
 * accounting tests. Built from the layer list only (no tfjs), so they check the arithmetic of
 * `accountParams` independently of the model code.
 */
import {
  convKernelCost,
  denseKernelCost,
  type KernelCost,
  type ParamGroup,
} from '../../../src/core/prune/accounting.ts';

export interface ArchDescription {
  groups: ParamGroup[];
  kernels: KernelCost[];
}

function addConv(a: ArchDescription, name: string, cin: number, cout: number, map: number, bias: boolean): void {
  const cost = convKernelCost(`${name}/kernel`, 3, 3, cin, cout, map, map);
  a.kernels.push(cost);
  a.groups.push({ name: cost.name, role: 'conv-kernel', size: cost.size });
  if (bias) a.groups.push({ name: `${name}/bias`, role: 'conv-bias', size: cout });
}

function addBn(a: ArchDescription, name: string, channels: number): void {
  a.groups.push({ name: `${name}/gamma`, role: 'bn-gamma', size: channels });
  a.groups.push({ name: `${name}/beta`, role: 'bn-beta', size: channels });
}

function addDense(a: ArchDescription, name: string, inUnits: number, outUnits: number): void {
  const cost = denseKernelCost(`${name}/kernel`, inUnits, outUnits);
  a.kernels.push(cost);
  a.groups.push({ name: cost.name, role: 'dense-kernel', size: cost.size });
  a.groups.push({ name: `${name}/bias`, role: 'dense-bias', size: outUnits });
}

/** Conv widths of the CIFAR VGG16 (METHOD §5); 'M' = 2×2 max-pool. */
export const VGG16_CFG: (number | 'M')[] = [64, 64, 'M', 128, 128, 'M', 256, 256, 256, 'M', 512, 512, 512, 'M', 512, 512, 512];

/**
 * VGG16 for 32×32×3 input. classifier:
 * - 'bn512': Dense512 → BN1d → Dense C (the lab default);
 * - 'linear': Dense C only;
 * - 'fc4096': Dense4096 → Dense4096 → Dense C (no BN).
 */
export function vgg16(numClasses = 10, classifier: 'bn512' | 'linear' | 'fc4096' = 'bn512'): ArchDescription {
  const a: ArchDescription = { groups: [], kernels: [] };
  let cin = 3;
  let map = 32;
  let i = 0;
  for (const c of VGG16_CFG) {
    if (c === 'M') {
      map /= 2;
      continue;
    }
    addConv(a, `conv${i}`, cin, c, map, true);
    addBn(a, `bn${i}`, c);
    cin = c;
    i++;
  }
  // After the last conv block the map is 2×2; AvgPool2 gives a 512-vector.
  if (classifier === 'bn512') {
    addDense(a, 'fc1', 512, 512);
    addBn(a, 'bn_fc1', 512);
    addDense(a, 'fc2', 512, numClasses);
  } else if (classifier === 'linear') {
    addDense(a, 'fc', 512, numClasses);
  } else {
    addDense(a, 'fc1', 512, 4096);
    addDense(a, 'fc2', 4096, 4096);
    addDense(a, 'fc3', 4096, numClasses);
  }
  return a;
}

/** CIFAR ResNet with option-A shortcuts (no shortcut parameters), n blocks per stage (20 → 3, 56 → 9). */
export function resnetA(n: number, numClasses = 10): ArchDescription {
  const a: ArchDescription = { groups: [], kernels: [] };
  addConv(a, 'stem', 3, 16, 32, false);
  addBn(a, 'stem_bn', 16);
  let cin = 16;
  let map = 32;
  [16, 32, 64].forEach((width, s) => {
    for (let b = 0; b < n; b++) {
      if (s > 0 && b === 0) map /= 2; // stride 2 in the first conv of stages 2 and 3
      addConv(a, `s${s}b${b}/conv1`, cin, width, map, false);
      addBn(a, `s${s}b${b}/bn1`, width);
      addConv(a, `s${s}b${b}/conv2`, width, width, map, false);
      addBn(a, `s${s}b${b}/bn2`, width);
      cin = width;
    }
  });
  addDense(a, 'fc', 64, numClasses);
  return a;
}
