/**
 * The grid of verdicts: the first GRID_IMAGES test images, with the dense net's prediction, the
 * pruned net's, and the healed net's once a heal ran (METHOD §4: masks fixed, so "healed" is the
 * pruned net after BN recalibration and/or fine-tuning). The one owner of the grid; it follows the
 * scores PruneState holds: whenever a stage's score changes, that stage's predictions are asked
 * again (24 images: milliseconds), so the grid never shows a verdict of another model or mask.
 */
import type { PredictionSample } from '../worker/protocol.ts';
import type { LabHost } from './host.ts';

export const GRID_IMAGES = 24;
export type GridStage = 'dense' | 'pruned' | 'healed';

export interface GridView {
  images: Uint8Array;
  width: number;
  height: number;
  channels: number;
  labels: number[];
  /** Each stage's predicted class per image; a stage not yet scored is absent. */
  predicted: Partial<Record<GridStage, number[]>>;
}

export class PredictionsState {
  view = $state.raw<GridView | null>(null);
  /** What the grid's verdicts were computed for, per stage: a new key asks again. */
  private keys: Partial<Record<GridStage, string>> = {};

  constructor(private readonly lab: Pick<LabHost, 'client' | 'data' | 'prune' | 'modelGeneration'>) {}

  /**
   * Brings the grid up to date with the scores held: the dense column with the dense score, the
   * pruned (or healed, by `prunedStage`) column with the pruned score; a stage without a score
   * is dropped. Called after every score change (the Eval panel's effect).
   */
  async refresh(): Promise<void> {
    const { prune, data } = this.lab;
    const test = data.splitRef('test');
    const base = JSON.stringify([this.lab.modelGeneration, test]);
    const scored = prune.pruned ? `${base}${JSON.stringify(prune.report?.spec ?? null)}${prune.pruned.top1}` : '';
    const healed = !!prune.pruned && prune.prunedStage !== 'pruned';
    const want: Partial<Record<GridStage, string>> = {};
    if (prune.dense) want.dense = base;
    if (prune.pruned && !healed) want.pruned = scored;
    // A healed score is a column of its own; the masks' column stays as it was measured.
    if (healed) [want.healed, want.pruned] = [scored, this.keys.pruned];
    for (const stage of Object.keys(this.keys) as GridStage[]) if (!want[stage]) delete this.keys[stage];
    for (const stage of Object.keys(want) as GridStage[]) {
      if (!want[stage] || this.keys[stage] === want[stage]) continue;
      this.keys[stage] = want[stage];
      let r: PredictionSample;
      try {
        r = await this.lab.client.request('predictions', { ...test, count: GRID_IMAGES, dense: stage === 'dense' });
      } catch {
        delete this.keys[stage]; // asked again at the next refresh
        continue;
      }
      if (this.keys[stage] !== want[stage]) continue; // a newer refresh asked meanwhile
      const same = this.view && this.view.labels.join() === r.labels.join() && this.view.width === r.width;
      this.view = { images: r.images, width: r.width, height: r.height, channels: r.channels, labels: r.labels, predicted: { ...(same ? this.view!.predicted : {}), [stage]: r.predicted } };
    }
    // Only the stages still wanted stay on screen.
    if (this.view) {
      const predicted = Object.fromEntries(Object.entries(this.view.predicted).filter(([stage]) => this.keys[stage as GridStage]));
      this.view = Object.keys(predicted).length ? { ...this.view, predicted } : null;
    }
  }
}
