/**
 * The budget wall of the unstructured DDPG search (METHOD §1.3): turns the agent's raw action
 * for layer t into a realized pruned count k_t so that the whole episode meets the target.
 *
 * Layers have W_t weights and a cost c_t per weight (1 for a parameter budget, H_out·W_out for a
 * FLOPs budget). With C = Σ c_t·W_t, the target removes α·C cost units (rounded to whole weights
 * for a parameter budget: K* = round(α·W)). Before layer t, R_t = target − Σ_{i<t} c_i·k_i, and
 *   k_lo = max(⌈a_min·W_t⌉, ⌈(R_t − Σ_{j>t} c_j·⌊a_max·W_j⌋) / c_t⌉)
 *   k_hi = min(⌊a_max·W_t⌋, ⌊(R_t − Σ_{j>t} c_j·⌈a_min·W_j⌉) / c_t⌋)
 * 'exact' clamps round(a_raw·W_t) into [k_lo, k_hi] (Σ c·k = target exactly for parameters; for
 * FLOPs the last layer absorbs the remainder to within half its cost per weight); 'amc' only
 * applies k_lo (at least the target, as AMC's channel version does). Pure arithmetic; no tfjs.
 */

export type BudgetMode = 'exact' | 'amc';

export interface BudgetLayer {
  /** Number of weights W_t. */
  weights: number;
  /** Cost of one weight: 1 (parameters) or H_out·W_out (FLOPs). */
  cost: number;
}

export interface BudgetOptions {
  /** Target fraction α of the total cost to remove. */
  alpha: number;
  mode: BudgetMode;
  /** Per-layer sparsity bounds a_min ≤ a ≤ a_max (METHOD: 0 and 0.99). */
  aMin: number;
  aMax: number;
}

export interface Step {
  /** Pruned weights of this layer. */
  k: number;
  /** Realized sparsity k / W. */
  sparsity: number;
  lo: number;
  hi: number;
}

/** Step-by-step budget accounting for one episode. Create one per episode. */
export class BudgetWall {
  private readonly suffixMax: number[];
  private readonly suffixMin: number[];
  private t = 0;
  private removed = 0;
  /** Cost units to remove in total. */
  readonly targetCost: number;
  readonly totalCost: number;

  constructor(readonly layers: readonly BudgetLayer[], readonly opts: BudgetOptions) {
    const { alpha, aMin, aMax } = opts;
    if (!layers.length) throw new Error('The budget needs at least one layer');
    for (const l of layers) {
      if (!(Number.isInteger(l.weights) && l.weights > 0) || !(l.cost > 0)) throw new Error('Each layer needs a positive weight count and cost');
    }
    if (!(aMin >= 0 && aMax <= 1 && aMin <= aMax)) throw new Error(`Sparsity bounds [${aMin}, ${aMax}] are not within [0, 1]`);
    if (!(alpha >= aMin && alpha <= aMax)) {
      throw new Error(`Target ${(100 * alpha).toFixed(2)}% is infeasible: it must lie within the per-layer bounds [${(100 * aMin).toFixed(2)}%, ${(100 * aMax).toFixed(2)}%]`);
    }
    layers.forEach((l, t) => {
      if (Math.ceil(aMin * l.weights - 1e-9) > Math.floor(aMax * l.weights + 1e-9)) {
        throw new Error(`Layer ${t} (${l.weights} weights) is too small for sparsity bounds [${aMin}, ${aMax}]`);
      }
    });
    const n = layers.length;
    this.suffixMax = new Array(n + 1).fill(0);
    this.suffixMin = new Array(n + 1).fill(0);
    for (let j = n - 1; j >= 0; j--) {
      const l = layers[j];
      this.suffixMax[j] = this.suffixMax[j + 1] + l.cost * Math.floor(aMax * l.weights + 1e-9);
      this.suffixMin[j] = this.suffixMin[j + 1] + l.cost * Math.ceil(aMin * l.weights - 1e-9);
    }
    this.totalCost = layers.reduce((a, l) => a + l.cost * l.weights, 0);
    const unitCost = layers.every((l) => l.cost === 1);
    this.targetCost = unitCost ? Math.round(alpha * this.totalCost) : alpha * this.totalCost;
    if (this.targetCost > this.suffixMax[0] || this.targetCost < this.suffixMin[0]) {
      throw new Error(`Target ${(100 * alpha).toFixed(2)}% cannot be met within the per-layer bounds after rounding`);
    }
  }

  /** Index of the next layer. */
  get index(): number {
    return this.t;
  }

  /** Cost removed so far (Σ c_i·k_i over visited layers). */
  get removedCost(): number {
    return this.removed;
  }

  /** Bounds for the next layer's k. */
  bounds(): { lo: number; hi: number } {
    const t = this.t;
    const l = this.layers[t];
    if (!l) throw new Error('Every layer has been visited');
    const { aMin, aMax } = this.opts;
    const rest = this.targetCost - this.removed;
    const minK = Math.ceil(aMin * l.weights - 1e-9);
    const maxK = Math.floor(aMax * l.weights + 1e-9);
    const lo = Math.max(minK, Math.ceil((rest - this.suffixMax[t + 1]) / l.cost - 1e-9));
    const hi = Math.min(maxK, Math.floor((rest - this.suffixMin[t + 1]) / l.cost + 1e-9));
    return { lo: Math.min(lo, maxK) + 0, hi: Math.max(hi, minK) + 0 }; // + 0 turns −0 into 0
  }

  /**
   * Realizes the raw action (clipped to [0, 1]) for the next layer and advances. In 'exact' mode
   * the last layer takes exactly what remains (rounded to whole weights for a FLOPs budget).
   */
  step(raw: number): Step {
    const l = this.layers[this.t];
    const { lo, hi } = this.bounds();
    const a = Math.min(1, Math.max(0, Number.isFinite(raw) ? raw : 0));
    const minK = Math.ceil(this.opts.aMin * l.weights - 1e-9);
    const maxK = Math.floor(this.opts.aMax * l.weights + 1e-9);
    let k = Math.round(a * l.weights);
    if (this.opts.mode === 'amc') {
      k = Math.min(maxK, Math.max(lo, k));
    } else if (this.t === this.layers.length - 1) {
      k = Math.min(maxK, Math.max(minK, Math.round((this.targetCost - this.removed) / l.cost)));
    } else {
      k = Math.min(hi, Math.max(lo, k));
    }
    this.t += 1;
    this.removed += k * l.cost;
    return { k, sparsity: k / l.weights, lo, hi };
  }
}
