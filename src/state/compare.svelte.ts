/**
 * State of the baselines view: the comparison table, the accuracy-vs-sparsity sweep and
 * the per-layer sensitivity, run in the worker on the lab's current model and data. Thin: the
 * worker computes, this class keeps settings and results and drops results of an older model.
 */
import type { CompareMethod, CompareRow, SensitivityPoint, SweepPoint } from '../core/pipeline/compare.ts';
import { CANCELLED_MESSAGE, type CompareContextParams } from '../worker/protocol.ts';
import type { LabHost } from './host.ts';

export type CompareJob = 'compare' | 'sweep' | 'sensitivity';

export class CompareState {
  /** Target fraction of conv + dense weights removed (0..1). */
  target = $state(0.8);
  /** Methods the comparison runs: part of the experiment, so kept in the lab's config (and link). */
  get methods(): CompareMethod[] {
    return this.lab.config.methods;
  }
  set methods(m: CompareMethod[]) {
    this.lab.config.methods = m;
  }
  sweepMethods = $state<CompareMethod[]>(['uniform', 'global', 'l1']);
  /** Number of evenly spaced sweep targets in (0, maxTarget]. */
  sweepPoints = $state(5);
  sweepMax = $state(0.9);
  sensitivitySparsities = $state<number[]>([0.5, 0.8, 0.9, 0.95, 0.99]);
  /** Test images each accuracy uses (0 = the whole test split). */
  evalImages = $state(500);
  calibrationImages = $state(1280);
  /** Fine-tuning steps per method in the comparison (0 = no fine-tuning column). */
  ftSteps = $state(0);
  /** BN recalibration images per method (METHOD §8.1; 0 = no "after BN recal" column). */
  recalImages = $state(1280);
  rows = $state.raw<CompareRow[]>([]);
  sweep = $state.raw<SweepPoint[]>([]);
  sensitivity = $state.raw<SensitivityPoint[]>([]);
  running = $state<CompareJob | null>(null);
  error = $state<string | null>(null);
  /** The model the results belong to. */
  resultsModel = $state<string | null>(null);
  private generation = -1;

  constructor(private readonly lab: LabHost) {}

  /** Evenly spaced sweep targets, e.g. 5 points up to 0.9 → 0.18, 0.36, …, 0.9. */
  get sweepTargets(): number[] {
    const n = Math.max(1, Math.round(this.sweepPoints));
    return Array.from({ length: n }, (_, i) => Math.round((10000 * this.sweepMax * (i + 1)) / n) / 10000);
  }

  private context(): CompareContextParams {
    const c = this.lab.config;
    const best = this.lab.search.best;
    return {
      k: c.fcK, scope: c.kScope, policy: best?.prunedCounts, alpha: best ? c.alpha : undefined,
      calibration: this.lab.data.splitRef('calibration'), calibrationImages: this.calibrationImages,
    };
  }

  private get limit(): number | undefined {
    return this.evalImages > 0 ? this.evalImages : undefined;
  }

  /** Drops results computed for another model (called when a job starts or a model loads). */
  private claim(): number {
    const g = this.lab.modelGeneration;
    if (g !== this.generation) {
      this.rows = [];
      this.sweep = [];
      this.sensitivity = [];
      this.generation = g;
      this.resultsModel = this.lab.config.model;
    }
    return g;
  }

  /** Runs the comparison of `methods` (the config's unless given: the presenter view's short one leaves the experiment as it is). */
  async runComparison(methods: readonly CompareMethod[] = this.methods): Promise<void> {
    await this.job('compare', async (g) => {
      const c = this.lab.config;
      const rows: CompareRow[] = [];
      this.rows = [];
      const result = await this.lab.client.request('compare', {
        ...this.context(), methods: [...methods], target: this.target, evaluation: this.lab.data.splitRef('test'), limit: this.limit,
        recal: this.recalImages > 0 ? { data: this.lab.data.splitRef('train'), images: this.recalImages } : null,
        fineTune: this.ftSteps > 0 ? { data: this.lab.data.splitRef('train'), steps: this.ftSteps, batchSize: c.ftBatch, lr: c.ftLr, seed: c.searchSeed } : null,
      }, (p) => {
        if (p.row && g === this.lab.modelGeneration) {
          rows.push(p.row);
          this.rows = [...rows];
        }
      });
      if (g === this.lab.modelGeneration) this.rows = result;
    });
  }

  async runSweep(): Promise<void> {
    await this.job('sweep', async (g) => {
      const points: SweepPoint[] = [];
      this.sweep = [];
      const result = await this.lab.client.request('sweep', {
        ...this.context(), methods: [...this.sweepMethods], targets: [0, ...this.sweepTargets], evaluation: this.lab.data.splitRef('test'), limit: this.limit,
      }, (p) => {
        if (p.point && g === this.lab.modelGeneration) {
          points.push(p.point);
          this.sweep = [...points];
        }
      });
      if (g === this.lab.modelGeneration) this.sweep = result;
    });
  }

  async runSensitivity(): Promise<void> {
    await this.job('sensitivity', async (g) => {
      const points: SensitivityPoint[] = [];
      this.sensitivity = [];
      const result = await this.lab.client.request('sensitivity', {
        sparsities: [...this.sensitivitySparsities], evaluation: this.lab.data.splitRef('test'), limit: this.limit,
      }, (p) => {
        if (p.sensitivity && g === this.lab.modelGeneration) {
          points.push(p.sensitivity);
          this.sensitivity = [...points];
        }
      });
      if (g === this.lab.modelGeneration) this.sensitivity = result;
    });
  }

  cancel(): void {
    void this.lab.client.cancel();
  }

  private async job(kind: CompareJob, fn: (generation: number) => Promise<void>): Promise<void> {
    if (this.running || this.lab.busy) return;
    const g = this.claim();
    this.running = kind;
    this.error = null;
    try {
      await fn(g);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (message !== CANCELLED_MESSAGE) this.error = message;
    } finally {
      this.running = null;
      // Every job leaves the worker's model restored: put the pruning the panels show back.
      await this.lab.prune.apply();
    }
  }
}
