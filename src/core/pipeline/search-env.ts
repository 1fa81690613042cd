/**
 * The search environment (METHOD §1.1, §1.6): masks the session's conv layers with an episode's
 * pruned counts — each layer's |w| order is computed once and reused, so an episode costs one
 * pass over the weights — and scores the masked net on the reward split with batch-norm in
 * inference mode. The model is masked in place (originals stay in the session); nothing is copied.
 */
import type { ImageDataset } from '../data/dataset.ts';
import { recalibrateBatchNorm } from './bn-recal.ts';
import type { LabSession } from './session.ts';
import type { Evaluate, SearchLayer } from '../rl/search.ts';

/** The session's conv layers as the search sees them, in forward order. */
export function searchLayers(session: LabSession): SearchLayer[] {
  return session.layers.filter((l) => l.kind === 'conv').map((l) => ({
    name: l.name, kind: l.kind, inChannels: l.inChannels, outChannels: l.outChannels, stride: l.stride,
    kernelSize: l.kernelSize, params: l.params, macsPerWeight: l.macsPerWeight,
  }));
}

export interface EnvOptions {
  /** The overall target α, recorded in the prune spec. */
  alpha: number;
  batchSize?: number;
  /** Score only the first `limit` images of the reward split. */
  limit?: number;
  /**
   * Score after BN recalibration on the first `images` of `data` (EagleEye's sub-net evaluation,
   * METHOD §8.1); the BN statistics are put back after each episode. Absent: inference-mode BN
   * with the dense net's statistics (METHOD §1.6).
   */
  recal?: { data: ImageDataset; images: number };
  shouldCancel?: () => boolean;
}

/** An `Evaluate` for DdpgSearch: masks convs by counts (dense layers intact) and returns top-1 and MACs. */
export function sessionEvaluate(session: LabSession, reward: ImageDataset, opts: EnvOptions): Evaluate {
  return async (prunedCounts, _sparsities, stop) => {
    const report = session.prune({ conv: { method: 'policy', sparsity: opts.alpha, counts: prunedCounts }, dense: { k: null } });
    // With a stop rule, batches of 50 let it act at every tenth of 500 images (XNNPACK scores 32
    // to 256 images a batch at the same ms per image on VGG-S).
    const batchSize = opts.batchSize ?? (stop ? 50 : 128);
    const score = () => session.evaluate(reward, { batchSize, limit: opts.limit, shouldCancel: opts.shouldCancel, stopWhen: stop });
    let r;
    if (opts.recal) {
      const stats = session.model.nonTrainableWeights.map((w) => [w, w.read().clone()] as const);
      try {
        await recalibrateBatchNorm(session.model, opts.recal.data, { images: opts.recal.images, shouldCancel: opts.shouldCancel });
        r = await score();
      } finally {
        for (const [w, t] of stats) {
          w.write(t);
          t.dispose();
        }
      }
    } else r = await score();
    const total = Math.min(opts.limit ?? reward.count, reward.count);
    return { accuracy: r.top1, macs: report.accounting.macs.effective, ...(r.count < total ? { stoppedAt: r.count } : {}) };
  };
}
