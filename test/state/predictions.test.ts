/**
 * The grid of verdicts (PredictionsState) on a fake worker: each stage's column is asked once per
 * score it follows, a heal adds its own column beside the masks' one, a new pruning drops it, and
 * no score means no grid.
 */
import { describe, expect, it } from 'vitest';
import { GRID_IMAGES, PredictionsState } from '../../src/state/predictions.svelte.ts';
import type { PrunedStage } from '../../src/state/host.ts';
import type { EvalResult } from '../../src/core/pipeline/evaluate.ts';
import type { PruneReport } from '../../src/core/pipeline/prune-spec.ts';
import { FakeClient } from './fakes.ts';

const score = (top1: number) => ({ top1, correct: 1, count: 2000, perClass: [], ms: 1 }) as EvalResult;
const report = (sparsity: number) => ({ spec: { conv: { method: 'uniform', sparsity }, dense: null } }) as unknown as PruneReport;

describe('PredictionsState', () => {
  it('follows the scores: dense, pruned, healed beside pruned, a new pruning, none', async () => {
    let current = 1; // the class the worker's net predicts for every image now
    const client = new FakeClient({
      predictions: (p) => {
        const q = p as { count: number; dense: boolean };
        return { images: new Uint8Array(q.count * 48), width: 4, height: 4, channels: 3, labels: Array(q.count).fill(0), predicted: Array(q.count).fill(q.dense ? 0 : current) };
      },
    });
    const prune = { dense: null as EvalResult | null, pruned: null as EvalResult | null, prunedStage: 'pruned' as PrunedStage, report: null as PruneReport | null };
    const grid = new PredictionsState({ client: client.port, data: { key: 'shapes10', splitRef: () => ({ dataset: 'shapes10', split: 'test', seed: 1234 }) }, prune, modelGeneration: 0 } as never);
    const columns = () => Object.fromEntries(Object.entries(grid.view?.predicted ?? {}).map(([s, p]) => [s, p[0]]));

    await grid.refresh();
    expect(grid.view).toBeNull();
    prune.dense = score(0.98);
    await grid.refresh();
    await grid.refresh(); // nothing changed: not asked again
    expect([columns(), client.of('predictions')]).toEqual([{ dense: 0 }, [{ dataset: 'shapes10', split: 'test', seed: 1234, count: GRID_IMAGES, dense: true }]]);
    [prune.report, prune.pruned] = [report(0.8), score(0.1)];
    await grid.refresh();
    expect(columns()).toEqual({ dense: 0, pruned: 1 });
    current = 2; // healed
    [prune.pruned, prune.prunedStage] = [score(0.96), 'fine-tuned'];
    await grid.refresh();
    expect(columns()).toEqual({ dense: 0, pruned: 1, healed: 2 });
    current = 3; // a new pruning
    [prune.report, prune.pruned, prune.prunedStage] = [report(0.5), score(0.5), 'pruned'];
    await grid.refresh();
    expect(columns()).toEqual({ dense: 0, pruned: 3 });
    expect(client.of('predictions')).toHaveLength(4);
    [prune.dense, prune.pruned] = [null, null];
    await grid.refresh();
    expect(grid.view).toBeNull();
  });
});
