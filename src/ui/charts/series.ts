/**
 * What the charts draw, derived once for every view that shows it (the panels and the presenter):
 * the search's reward curve with its running best, and a heal's stages. Pure functions of the
 * state and the labels, so the two views cannot drift apart.
 */
import type { PipelineReport } from '../../state/heal.svelte.ts';
import type { LabConfig } from '../../state/config.ts';

export interface Point { x: number; y: number }

/**
 * Each episode's reward and the best so far, episodes counted from 1 as the progress line counts
 * them. A top-1 reward is drawn in % like every other accuracy; −(1 − top-1)·ln(MACs) as it is.
 */
export function rewardSeries(log: readonly { episode: number; reward: number }[], reward: LabConfig['reward'], labels: { reward: string; best: string }) {
  const k = reward === 'acc' ? 100 : 1;
  let best = -Infinity;
  return [
    { label: labels.reward, data: log.map((l): Point => ({ x: l.episode + 1, y: k * l.reward })), color: 'rgba(100, 116, 139, 0.7)', points: true },
    { label: labels.best, data: log.map((l): Point => ({ x: l.episode + 1, y: k * (best = Math.max(best, l.reward)) })), color: '#2563eb', step: true },
  ];
}

export interface StageLabels { dense: string; pruned: string; recal: string; epoch: (epoch: number) => string }

/** Dense → pruned → recalibrated → each epoch, with the weights removed at each (0 while dense); a stage not run is left out. */
export function healStages(p: PipelineReport | null, labels: StageLabels): { label: string; top1: number; removed: number }[] {
  if (!p) return [];
  const removed = p.report.accounting.weights.removedPercent;
  return [
    ...(p.accBefore === null ? [] : [{ label: labels.dense, top1: p.accBefore, removed: 0 }]),
    { label: labels.pruned, top1: p.accPruned, removed },
    ...(p.accRecal === null ? [] : [{ label: labels.recal, top1: p.accRecal, removed }]),
    ...p.epochs.map((e) => ({ label: labels.epoch(e.epoch), top1: e.top1, removed })),
  ];
}
