/**
 * In-memory image datasets. Images stay uint8 (NHWC, [count, 32, 32, 3]); float tensors are
 * made per batch only (see batch.ts).
 */
export interface ImageDataset {
  /** Short key, e.g. 'shapes10' or 'cifar10'. */
  name: string;
  /** Which split this is, e.g. 'train', 'validation', 'test'. */
  split: string;
  /** Pixel bytes, NHWC: image i, row y, column x, channel c at ((i*H + y)*W + x)*C + c. */
  images: Uint8Array;
  /** Label of each image, 0..numClasses-1. */
  labels: Uint8Array;
  count: number;
  height: number;
  width: number;
  channels: number;
  classNames: string[];
  /** CIFAR-100 only: the coarse (20-superclass) label of each image, beside the fine `labels`. */
  coarseLabels?: Uint8Array;
  coarseClassNames?: string[];
}

/** Per-channel normalization constants (METHOD §4, as AMC and HRank use for CIFAR). */
export const CIFAR_MEAN: readonly [number, number, number] = [0.4914, 0.4822, 0.4465];
export const CIFAR_STD: readonly [number, number, number] = [0.2023, 0.1994, 0.201];
