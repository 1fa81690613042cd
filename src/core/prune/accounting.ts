/**
 * Parameter and MAC accounting from masks (METHOD §4 "Parameters" and "FLOPs").
 *
 * Counting is by masks, never by values: a weight that happens to be 0.0 but is not masked
 * still counts as remaining, and a masked weight counts as removed whatever its value.
 *
 * Three parameter conventions (METHOD §4):
 * (i)   weights:   conv + dense kernels only (the lab's reading of the paper's headline);
 * (ii)  trainable: every trainable tensor (kernels, biases, BN γ/β; BN moving stats excluded);
 * (iii) thop:      kernels + conv/dense biases, no BN (HRank / ABCPruner tables).
 * MACs use the CODE convention: conv Cin·Cout·k²·Hout·Wout, dense in·out + out.
 */
import { countKept } from './masks.ts';

/** Role of a trainable tensor. */
export type ParamRole = 'conv-kernel' | 'dense-kernel' | 'conv-bias' | 'dense-bias' | 'bn-gamma' | 'bn-beta';

/** One trainable tensor of the model (BN moving statistics are not trainable and not listed). */
export interface ParamGroup {
  name: string;
  role: ParamRole;
  size: number;
}

/** MAC cost description of one conv or dense kernel. */
export interface KernelCost {
  /** Same name as the kernel's `ParamGroup`. */
  name: string;
  kind: 'conv' | 'dense';
  /** Number of weights in the kernel. */
  size: number;
  /** MACs each weight costs: Hout·Wout for conv, 1 for dense. */
  macsPerWeight: number;
  /** MACs independent of the mask: dense `out` (bias adds, CODE convention), conv 0. */
  extraMacs: number;
}

/** Totals of one counting convention. */
export interface ConventionCount {
  total: number;
  removed: number;
  remaining: number;
  /** 100·removed/total (0 when total = 0). */
  removedPercent: number;
}

/** MAC totals: dense (unpruned) and effective (unstructured, by kept weights). */
export interface MacCount {
  /** Σ size·macsPerWeight + extraMacs. */
  total: number;
  /** Σ kept·macsPerWeight + extraMacs (dense bias adds stay). */
  effective: number;
  /** total − effective. */
  removed: number;
  /** 100·removed/total (0 when total = 0). */
  removedPercent: number;
}

/** Per-kernel row for tables. */
export interface KernelRow {
  name: string;
  kind: 'conv' | 'dense';
  size: number;
  kept: number;
  /** Fraction pruned, (size − kept)/size, in [0, 1] (0 for an empty kernel). */
  sparsity: number;
  macs: number;
  effectiveMacs: number;
}

/** Result of `accountParams`. */
export interface ParamAccounting {
  weights: ConventionCount;
  trainable: ConventionCount;
  thop: ConventionCount;
  macs: MacCount;
  /** One row per kernel, in the order of the `kernels` argument. */
  kernels: KernelRow[];
}

/** Masks keyed by parameter name. */
export type MaskSet = Map<string, Uint8Array> | Record<string, Uint8Array>;

const KERNEL_ROLES: ReadonlySet<ParamRole> = new Set(['conv-kernel', 'dense-kernel']);
const THOP_ROLES: ReadonlySet<ParamRole> = new Set(['conv-kernel', 'dense-kernel', 'conv-bias', 'dense-bias']);

function convention(groups: ParamGroup[], removedOf: (g: ParamGroup) => number, roles?: ReadonlySet<ParamRole>): ConventionCount {
  let total = 0;
  let removed = 0;
  for (const g of groups) {
    if (roles !== undefined && !roles.has(g.role)) continue;
    total += g.size;
    removed += removedOf(g);
  }
  return { total, removed, remaining: total - removed, removedPercent: total > 0 ? (100 * removed) / total : 0 };
}

function toMap(masks: MaskSet): Map<string, Uint8Array> {
  return masks instanceof Map ? masks : new Map(Object.entries(masks));
}

/**
 * Counts removed parameters (three conventions) and MACs from masks.
 *
 * Masks are keyed by parameter name; a kernel without a mask is dense. Masks for biases or BN
 * γ/β (filter pruning, METHOD §3 "Masking filter j") are also accepted and counted in the
 * conventions that include those tensors; MACs depend on kernel masks only.
 *
 * Validation (throws RangeError): duplicate group names; a mask whose name is not a group or
 * whose length differs from the group size; a kernel cost whose name is not a conv/dense kernel
 * group of the same size and matching kind; a kernel group without a kernel cost; negative or
 * non-integer sizes.
 *
 * @param groups every trainable tensor of the model. Not mutated.
 * @param kernels MAC description of every conv/dense kernel. Not mutated.
 * @param masks per-parameter masks (1 keep, 0 pruned). Not mutated.
 * @returns fresh totals and per-kernel rows.
 */
export function accountParams(groups: ParamGroup[], kernels: KernelCost[], masks: MaskSet): ParamAccounting {
  const byName = new Map<string, ParamGroup>();
  for (const g of groups) {
    if (!Number.isInteger(g.size) || g.size < 0) throw new RangeError(`group ${g.name}: bad size ${g.size}`);
    if (byName.has(g.name)) throw new RangeError(`duplicate parameter group name: ${g.name}`);
    byName.set(g.name, g);
  }
  const maskMap = toMap(masks);
  const removedByName = new Map<string, number>();
  const keptByName = new Map<string, number>();
  for (const [name, mask] of maskMap) {
    const g = byName.get(name);
    if (g === undefined) throw new RangeError(`mask for unknown parameter: ${name}`);
    if (mask.length !== g.size) throw new RangeError(`mask ${name}: length ${mask.length} != size ${g.size}`);
    const kept = countKept(mask);
    keptByName.set(name, kept);
    removedByName.set(name, g.size - kept);
  }

  const costNames = new Set<string>();
  for (const k of kernels) {
    const g = byName.get(k.name);
    const role = k.kind === 'conv' ? 'conv-kernel' : 'dense-kernel';
    if (g === undefined || g.role !== role) throw new RangeError(`kernel cost ${k.name}: no ${role} group of that name`);
    if (g.size !== k.size) throw new RangeError(`kernel cost ${k.name}: size ${k.size} != group size ${g.size}`);
    if (costNames.has(k.name)) throw new RangeError(`duplicate kernel cost: ${k.name}`);
    costNames.add(k.name);
  }
  for (const g of groups) {
    if (KERNEL_ROLES.has(g.role) && !costNames.has(g.name)) throw new RangeError(`kernel ${g.name} has no KernelCost`);
  }

  const removedOf = (g: ParamGroup): number => removedByName.get(g.name) ?? 0;
  const rows: KernelRow[] = kernels.map((k) => {
    const kept = keptByName.get(k.name) ?? k.size;
    return {
      name: k.name,
      kind: k.kind,
      size: k.size,
      kept,
      sparsity: k.size > 0 ? (k.size - kept) / k.size : 0,
      macs: k.size * k.macsPerWeight + k.extraMacs,
      effectiveMacs: kept * k.macsPerWeight + k.extraMacs,
    };
  });
  const macTotal = rows.reduce((s, r) => s + r.macs, 0);
  const macEffective = rows.reduce((s, r) => s + r.effectiveMacs, 0);
  return {
    weights: convention(groups, removedOf, KERNEL_ROLES),
    trainable: convention(groups, removedOf),
    thop: convention(groups, removedOf, THOP_ROLES),
    macs: {
      total: macTotal,
      effective: macEffective,
      removed: macTotal - macEffective,
      removedPercent: macTotal > 0 ? (100 * (macTotal - macEffective)) / macTotal : 0,
    },
    kernels: rows,
  };
}

/**
 * Cost of a conv kernel `[kh,kw,Cin,Cout]` whose output map is hOut×wOut (CODE convention:
 * Cin·Cout·kh·kw·Hout·Wout MACs, no bias adds). Pure.
 */
export function convKernelCost(name: string, kh: number, kw: number, cin: number, cout: number, hOut: number, wOut: number): KernelCost {
  return { name, kind: 'conv', size: kh * kw * cin * cout, macsPerWeight: hOut * wOut, extraMacs: 0 };
}

/** Cost of a dense kernel `[in,out]` (CODE convention: in·out + out MACs). Pure. */
export function denseKernelCost(name: string, inUnits: number, outUnits: number): KernelCost {
  return { name, kind: 'dense', size: inUnits * outUnits, macsPerWeight: 1, extraMacs: outUnits };
}
