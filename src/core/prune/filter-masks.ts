/**
 * Filter-level masks and their propagation (METHOD §3 "Masking filter j of conv l").
 *
 * Removing filter j of conv l zeroes K_l[:,:,:,j], bias_l[j] and the BN γ_j, β_j right after it
 * (so the channel outputs exactly 0; moving statistics stay), and whatever reads that channel:
 * K_{l+1}[:,:,j,:] of the next conv, or, through a flatten (NHWC: feature f belongs to channel
 * f mod C) or a global pooling, the rows of the first dense layer. Which convs may lose filters
 * and what each one feeds is a `FilterGroup`, found from the model graph in
 * `models/filter-graph.ts` (so the ResNet rule — only the first conv of each block — follows
 * from the graph: every other conv reaches an `add`).
 */

/** A kernel that reads a prunable conv's output channels. */
export type FilterConsumer =
  | { kind: 'conv'; kernel: string; shape: readonly number[] }
  /** Dense kernel `[in, out]` after a flatten or global pooling of a C-channel map: row f reads channel f mod C. */
  | { kind: 'dense'; kernel: string; shape: readonly number[]; channels: number };

/** A conv layer whose filters may be removed, with everything a removal touches. */
export interface FilterGroup {
  /** Conv layer name (e.g. 'conv3', 's2b1_conv1'). */
  layer: string;
  /** Its kernel's parameter name and shape `[kh, kw, Cin, Cout]`. */
  kernel: string;
  shape: readonly number[];
  /** Per-output-channel parameters zeroed with the filter: conv bias, BN γ and β (length Cout each). */
  channelParams: string[];
  consumers: FilterConsumer[];
  /** Layer whose output is the post-ReLU map that activation criteria read. */
  activation: string;
}

/** Output channels of a group. */
export const filterCount = (g: FilterGroup): number => g.shape[3];

function checkKeep(g: FilterGroup, keep: Uint8Array | undefined): void {
  if (keep && keep.length !== filterCount(g)) throw new RangeError(`${g.layer}: keep mask has ${keep.length} channels, expected ${filterCount(g)}`);
  if (keep && !keep.some((v) => v !== 0)) throw new RangeError(`${g.layer}: every filter removed; at least one must stay`);
}

/**
 * Parameter masks for removing filters.
 *
 * @param groups the prunable convs.
 * @param keep per conv layer name, a channel mask (1 keep, 0 remove); a layer without one keeps
 *   all its filters. Not mutated.
 * @returns masks keyed by parameter name (kernels, biases, BN γ/β), only for parameters that lose
 *   something; a kernel touched twice (own filters and a producer's channels) gets both.
 */
export function filterParamMasks(groups: readonly FilterGroup[], keep: ReadonlyMap<string, Uint8Array>): Map<string, Uint8Array> {
  const masks = new Map<string, Uint8Array>();
  const maskOf = (name: string, size: number): Uint8Array => {
    let m = masks.get(name);
    if (!m) {
      m = new Uint8Array(size).fill(1);
      masks.set(name, m);
    } else if (m.length !== size) throw new RangeError(`${name}: size ${size} disagrees with an earlier ${m.length}`);
    return m;
  };
  for (const g of groups) {
    const k = keep.get(g.layer);
    checkKeep(g, k);
    if (!k || k.every((v) => v !== 0)) continue;
    const cout = filterCount(g);
    const size = g.shape.reduce((a, b) => a * b, 1);
    const own = maskOf(g.kernel, size);
    for (let i = 0; i < size; i += cout) for (let j = 0; j < cout; j++) if (k[j] === 0) own[i + j] = 0;
    for (const p of g.channelParams) {
      const m = maskOf(p, cout);
      for (let j = 0; j < cout; j++) if (k[j] === 0) m[j] = 0;
    }
    for (const c of g.consumers) {
      if (c.kind === 'conv') {
        const [kh, kw, cin, cnext] = c.shape;
        if (cin !== cout) throw new RangeError(`${c.kernel} reads ${cin} channels, ${g.layer} makes ${cout}`);
        const m = maskOf(c.kernel, kh * kw * cin * cnext);
        for (let pos = 0; pos < kh * kw; pos++) {
          for (let i = 0; i < cin; i++) {
            if (k[i] !== 0) continue;
            m.fill(0, (pos * cin + i) * cnext, (pos * cin + i + 1) * cnext);
          }
        }
      } else {
        const [rows, units] = c.shape;
        if (c.channels !== cout || rows % cout !== 0) throw new RangeError(`${c.kernel}: ${rows} rows cannot be ${cout}-channel features`);
        const m = maskOf(c.kernel, rows * units);
        for (let f = 0; f < rows; f++) if (k[f % cout] === 0) m.fill(0, f * units, (f + 1) * units);
      }
    }
  }
  return masks;
}

/**
 * Kept weights per kernel when conv `layer` keeps `kept.get(layer)` of its filters, computed
 * without building masks (each kernel keeps kh·kw·Cin′·Cout′, a dense consumer rows·Cin′/C·out):
 * what the ratio bisection evaluates many times.
 *
 * @returns removed kernel weights per kernel parameter name (only kernels that lose some).
 */
export function filterRemovedWeights(groups: readonly FilterGroup[], kept: ReadonlyMap<string, number>): Map<string, number> {
  const inFrac = new Map<string, number>();
  const outFrac = new Map<string, number>();
  const sizes = new Map<string, number>();
  for (const g of groups) {
    const k = kept.get(g.layer) ?? filterCount(g);
    sizes.set(g.kernel, g.shape.reduce((a, b) => a * b, 1));
    outFrac.set(g.kernel, k / filterCount(g));
    for (const c of g.consumers) {
      sizes.set(c.kernel, c.shape.reduce((a, b) => a * b, 1));
      inFrac.set(c.kernel, k / filterCount(g));
    }
  }
  const removed = new Map<string, number>();
  for (const [name, size] of sizes) {
    // size·fractions is an exact integer (kh·kw·Cin′·Cout′); round away float error.
    const r = size - Math.round(size * (inFrac.get(name) ?? 1) * (outFrac.get(name) ?? 1));
    if (r > 0) removed.set(name, r);
  }
  return removed;
}
