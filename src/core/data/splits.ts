/**
 * Deterministic splits of a training set (METHOD §1.6, §3): a reward/validation split held out of
 * train for the search, a calibration split for activation criteria, and the rest for
 * fine-tuning. The official test set stays separate and is never seen by the search.
 */
import type { ImageDataset } from './dataset.ts';
import { Rng, deriveSeed } from '../rng.ts';

export interface SplitSizes {
  /** Images held out of train for the search reward (default 5,000; class demos 500). */
  reward: number;
  /** Images from the remaining train part for activation criteria (default 1,280). */
  calibration: number;
}

export const DEFAULT_SPLITS: SplitSizes = { reward: 5000, calibration: 1280 };

export interface TrainSplits {
  /** Fine-tuning images: train minus reward (calibration overlaps it, as in METHOD §3). */
  train: ImageDataset;
  reward: ImageDataset;
  calibration: ImageDataset;
}

/** A new dataset of the images at `indices` (copied), in that order. */
export function subset(ds: ImageDataset, indices: ArrayLike<number>, split: string): ImageDataset {
  const per = ds.height * ds.width * ds.channels;
  const images = new Uint8Array(indices.length * per);
  const labels = new Uint8Array(indices.length);
  const coarse = ds.coarseLabels ? new Uint8Array(indices.length) : undefined;
  for (let j = 0; j < indices.length; j++) {
    const i = indices[j];
    if (!(i >= 0 && i < ds.count)) throw new RangeError(`subset: index ${i} outside [0, ${ds.count})`);
    images.set(ds.images.subarray(i * per, (i + 1) * per), j * per);
    labels[j] = ds.labels[i];
    if (coarse) coarse[j] = ds.coarseLabels![i];
  }
  return { ...ds, split, images, labels, count: indices.length, ...(coarse ? { coarseLabels: coarse } : {}) };
}

/**
 * Splits `train` by a seeded permutation: the first `reward` indices form the reward split, the
 * rest the fine-tuning split, and `calibration` images are drawn (seeded) from the fine-tuning
 * part — the "45k training part" of METHOD §3. Same seed, same splits. Throws when the sizes do
 * not fit.
 */
export function splitTrain(train: ImageDataset, seed: number, sizes: SplitSizes = DEFAULT_SPLITS): TrainSplits {
  const { reward, calibration } = sizes;
  if (!Number.isInteger(reward) || reward < 1 || reward >= train.count) throw new RangeError(`Reward split of ${reward} images does not fit ${train.count} training images`);
  const rest = train.count - reward;
  if (!Number.isInteger(calibration) || calibration < 1 || calibration > rest) throw new RangeError(`Calibration split of ${calibration} images does not fit the ${rest} remaining training images`);
  const order = new Rng(deriveSeed(seed, 'splits', train.name, train.count)).shuffle(Uint32Array.from({ length: train.count }, (_, i) => i));
  const rewardIdx = order.subarray(0, reward).slice().sort();
  const trainIdx = order.subarray(reward).slice().sort();
  const calibPick = new Rng(deriveSeed(seed, 'calibration', train.name)).shuffle(Uint32Array.from(trainIdx)).subarray(0, calibration).slice().sort();
  return {
    train: subset(train, trainIdx, 'train'),
    reward: subset(train, rewardIdx, 'reward'),
    calibration: subset(train, calibPick, 'calibration'),
  };
}
