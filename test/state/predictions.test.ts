/**
 * The grid of verdicts (PredictionsState) on a fake worker: each stage's column is asked once per
 * score it follows, a heal adds its own column beside the masks' one, a new pruning drops it, and
 * no score means no grid; a heal's own masks-only verdicts (adoptMasked) are the masks' column.
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

  it('a heal that recalibrates in the request that applies its masks brings their verdicts: shown as the pruned column, dropped by a new pruning', async () => {
    let current = 1;
    const client = new FakeClient({
      predictions: (p) => {
        const q = p as { count: number; dense: boolean };
        return { images: new Uint8Array(q.count * 48), width: 4, height: 4, channels: 3, labels: Array(q.count).fill(0), predicted: Array(q.count).fill(q.dense ? 0 : current) };
      },
    });
    const prune = { dense: score(0.98), pruned: score(0.1), prunedStage: 'pruned' as PrunedStage, report: report(0.8) };
    const grid = new PredictionsState({ client: client.port, data: { key: 'shapes10', splitRef: () => ({ dataset: 'shapes10', split: 'test', seed: 1234 }) }, prune, modelGeneration: 0 } as never);
    await grid.refresh();
    expect(Object.keys(grid.view!.predicted)).toEqual(['dense', 'pruned']);
    // "Apply best policy" with BN recalibration: other masks, healed in the same request; the worker's
    // masks-only verdicts come with the reply, before the healed score is in.
    const policy = { conv: { method: 'policy', sparsity: 0.8, counts: [3, 30] }, dense: { k: 3, scope: 'hidden' } } as unknown as PruneReport['spec'];
    const masked = Array.from({ length: GRID_IMAGES }, (_, i) => i % 10);
    grid.adoptMasked(policy, { labels: Array(GRID_IMAGES).fill(0), predicted: masked });
    current = 2; // the recalibrated net
    [prune.report, prune.pruned, prune.prunedStage] = [{ spec: policy } as PruneReport, score(0.7), 'recal'];
    await grid.refresh();
    expect(grid.view!.predicted).toEqual({ dense: Array(GRID_IMAGES).fill(0), pruned: masked, healed: Array(GRID_IMAGES).fill(2) });
    // Dense, the first pruning, the healed net: the masks-only verdicts were not asked of the (recalibrated) worker.
    expect(client.of('predictions').map((q) => (q as { dense: boolean }).dense)).toEqual([true, false, false]);
    current = 3; // a new pruning: its own masks-only column, asked again
    [prune.report, prune.pruned, prune.prunedStage] = [report(0.5), score(0.5), 'pruned'];
    await grid.refresh();
    expect(grid.view!.predicted).toEqual({ dense: Array(GRID_IMAGES).fill(0), pruned: Array(GRID_IMAGES).fill(3) });
    // Healed again without verdicts of its masks: no masks' column rather than another pruning's.
    current = 4;
    [prune.report, prune.pruned, prune.prunedStage] = [{ spec: policy } as PruneReport, score(0.6), 'fine-tuned'];
    grid.adoptMasked(policy, null);
    await grid.refresh();
    expect(Object.keys(grid.view!.predicted)).toEqual(['dense', 'healed']);
  });
});
