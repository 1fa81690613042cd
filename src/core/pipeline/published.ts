/**
 * Published figures shown beside the lab's own rows, marked "published, not run here" (METHOD §6
 * and the paper's Table 4, ../shared/docs/paper-excerpts.txt). Numbers are copied, never computed.
 *
 * MetaPruning and N2N are cited by the paper but it gives no CIFAR-10 VGG16 or ResNet-56 figure
 * for them, so they have no row here rather than an invented one.
 */
export interface PublishedRow {
  /** Names the row for the UI's words (its method and source on screen in the page's language). */
  id: string;
  model: 'vgg16' | 'resnet56';
  method: string;
  /** Where the figure comes from. */
  source: string;
  /** Parameters removed (%), as the source states or as 1 − params/baseline. */
  paramsRemovedPercent: number | null;
  /** FLOPs removed (%), when the source gives FLOPs. */
  flopsRemovedPercent: number | null;
  /** Top-1 after pruning and fine-tuning (%), when given. */
  accuracyPercent: number | null;
  /** Accuracy change in points (negative = loss), when given. */
  deltaPoints: number | null;
}

const pct = (kept: number, base: number) => Math.round(10000 * (1 - kept / base)) / 100;

/** VGG16 baseline 14.98M params / 313.73M FLOPs; ResNet-56 0.85M / 125.49M (METHOD §6). */
export const PUBLISHED = [
  { id: 'paper-combination', model: 'vgg16', method: 'Combination (RL + 3σ), the paper', source: 'paper Table 4', paramsRemovedPercent: 83.33, flopsRemovedPercent: null, accuracyPercent: null, deltaPoints: -1.55 },
  { id: 'paper-rl', model: 'vgg16', method: 'RL weight pruning only, the paper', source: 'paper Table 4', paramsRemovedPercent: 28.08, flopsRemovedPercent: null, accuracyPercent: null, deltaPoints: -0.75 },
  { id: 'paper-ksigma', model: 'vgg16', method: '3σ on every layer, the paper', source: 'paper Table 4', paramsRemovedPercent: 99.05, flopsRemovedPercent: null, accuracyPercent: null, deltaPoints: -6.11 },
  { id: 'paper-gal', model: 'vgg16', method: 'GAL-0.05', source: 'paper Table 4', paramsRemovedPercent: 77.46, flopsRemovedPercent: null, accuracyPercent: null, deltaPoints: -6.86 },
  { id: 'paper-l1-reg', model: 'vgg16', method: 'L1 regularization', source: 'paper Table 4', paramsRemovedPercent: 64.08, flopsRemovedPercent: null, accuracyPercent: null, deltaPoints: -7.13 },
  { id: 'paper-entropy', model: 'vgg16', method: 'Entropy-based', source: 'paper Table 4', paramsRemovedPercent: 43.0, flopsRemovedPercent: null, accuracyPercent: null, deltaPoints: -2.06 },
  { id: 'vgg16-l1', model: 'vgg16', method: 'L1-norm filters (Li17)', source: 'METHOD §6', paramsRemovedPercent: pct(5.4, 14.98), flopsRemovedPercent: pct(206.0, 313.73), accuracyPercent: 93.4, deltaPoints: 0.15 },
  { id: 'vgg16-gal', model: 'vgg16', method: 'GAL-0.05', source: 'METHOD §6', paramsRemovedPercent: pct(3.36, 14.98), flopsRemovedPercent: pct(189.49, 313.73), accuracyPercent: 92.03, deltaPoints: null },
  { id: 'vgg16-hrank', model: 'vgg16', method: 'HRank', source: 'METHOD §6', paramsRemovedPercent: pct(2.64, 14.98), flopsRemovedPercent: pct(108.61, 313.73), accuracyPercent: 92.34, deltaPoints: null },
  { id: 'vgg16-abc', model: 'vgg16', method: 'ABCPruner', source: 'METHOD §6', paramsRemovedPercent: pct(1.67, 14.98), flopsRemovedPercent: pct(82.81, 313.73), accuracyPercent: 93.08, deltaPoints: null },
  { id: 'resnet56-l1', model: 'resnet56', method: 'L1-norm filters (Li17)', source: 'METHOD §6', paramsRemovedPercent: pct(0.73, 0.85), flopsRemovedPercent: pct(90.9, 125.49), accuracyPercent: 93.06, deltaPoints: null },
  { id: 'resnet56-gal', model: 'resnet56', method: 'GAL-0.6', source: 'METHOD §6', paramsRemovedPercent: pct(0.75, 0.85), flopsRemovedPercent: pct(78.3, 125.49), accuracyPercent: 92.98, deltaPoints: null },
  { id: 'resnet56-hrank', model: 'resnet56', method: 'HRank', source: 'METHOD §6', paramsRemovedPercent: pct(0.49, 0.85), flopsRemovedPercent: pct(62.72, 125.49), accuracyPercent: 93.17, deltaPoints: null },
  { id: 'resnet56-abc', model: 'resnet56', method: 'ABCPruner', source: 'METHOD §6', paramsRemovedPercent: pct(0.39, 0.85), flopsRemovedPercent: pct(58.54, 125.49), accuracyPercent: 93.23, deltaPoints: null },
  { id: 'resnet56-amc', model: 'resnet56', method: 'AMC (50 % FLOPs)', source: 'METHOD §6 (distiller AMC README)', paramsRemovedPercent: null, flopsRemovedPercent: 50, accuracyPercent: 91.9, deltaPoints: -0.9 },
] as const satisfies readonly PublishedRow[];

/** One of the rows, its id one of the ids the UI's catalog words (ui/i18n/compare.ts). */
export type PublishedEntry = (typeof PUBLISHED)[number];
export type PublishedId = PublishedEntry['id'];

/** Published rows for a zoo model ([] for models the literature does not report). */
export function publishedFor(model: string): PublishedEntry[] {
  return PUBLISHED.filter((r) => r.model === model);
}
