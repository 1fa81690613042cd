/**
 * The grid of verdicts: the first GRID_IMAGES test images, with the dense net's prediction, the
 * pruned net's, and the healed net's once a heal ran (METHOD §4: masks fixed, so "healed" is the
 * pruned net after BN recalibration and/or fine-tuning). The one owner of the grid; it follows the
 * scores PruneState holds: whenever a stage's score changes, that stage's predictions are asked
 * again (24 images: milliseconds), so the grid never shows a verdict of another model or mask.
 * A heal that changes the weights in the request that applies the masks (the best policy with BN
 * recalibration) brings the masks-only verdicts along: adoptMasked keeps them for the 'pruned'
 * column, as nobody can ask for them afterwards.
 */
import type { PruneSpec } from '../core/pipeline/prune-spec.ts';
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
  /** The masks-only verdicts the last heal measured, keyed as the 'pruned' column of its masks. */
  private masked: { key: string; labels: number[]; predicted: number[] } | null = null;
  private adoptions = 0;

  constructor(private readonly lab: Pick<LabHost, 'client' | 'data' | 'prune' | 'modelGeneration'>) {}

  /**
   * Takes the masks-only verdicts a heal of `spec` measured before healing (null: it brought none),
   * for the current model and test split; the next refresh shows them once the healed score is in.
   */
  adoptMasked(spec: PruneSpec, verdicts: { labels: number[]; predicted: number[] } | null): void {
    this.masked = verdicts && { key: `${this.masksKey(spec)}heal${++this.adoptions}`, ...verdicts };
  }

  /** Names a pruning's masks on this model and test split: every 'pruned' key starts with it. */
  private masksKey(spec: PruneSpec | null): string {
    return `${JSON.stringify([this.lab.modelGeneration, this.lab.data.splitRef('test'), spec])}#`;
  }

  /**
   * Brings the grid up to date with the scores held: the dense column with the dense score, the
   * pruned (or healed, by `prunedStage`) column with the pruned score; a stage without a score
   * is dropped. Called after every score change (the Eval panel's effect).
   */
  async refresh(): Promise<void> {
    const { prune, data } = this.lab;
    const test = data.splitRef('test');
    const base = JSON.stringify([this.lab.modelGeneration, test]);
    const masks = this.masksKey(prune.report?.spec ?? null);
    const scored = prune.pruned ? `${masks}${prune.pruned.top1}` : '';
    const healed = !!prune.pruned && prune.prunedStage !== 'pruned';
    const want: Partial<Record<GridStage, string>> = {};
    if (prune.dense) want.dense = base;
    if (prune.pruned && !healed) want.pruned = scored;
    // A healed score is a column of its own. The masks' column beside it is of these very masks:
    // as the heal measured them from the weights it healed, else as measured before the heal.
    if (healed) {
      want.healed = scored;
      want.pruned = this.masked?.key.startsWith(masks) ? this.masked.key : this.keys.pruned?.startsWith(masks) ? this.keys.pruned : undefined;
    }
    for (const stage of Object.keys(this.keys) as GridStage[]) if (!want[stage]) delete this.keys[stage];
    for (const stage of Object.keys(want) as GridStage[]) {
      if (!want[stage] || this.keys[stage] === want[stage]) continue;
      this.keys[stage] = want[stage];
      let r: PredictionSample;
      const adopted = stage === 'pruned' && this.masked?.key === want.pruned ? this.masked : null;
      if (adopted) {
        // No request: the heal's verdicts, drawn on the images another column brought.
        const { labels, predicted } = adopted;
        if (!this.view || this.view.labels.join() !== labels.join()) {
          delete this.keys[stage];
          continue;
        }
        r = { ...this.view, labels, predicted };
      } else {
        try {
          r = await this.lab.client.request('predictions', { ...test, count: GRID_IMAGES, dense: stage === 'dense' });
        } catch {
          delete this.keys[stage]; // asked again at the next refresh
          continue;
        }
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
