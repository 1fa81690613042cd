/**
 * A pruning policy as a file: every layer's pruned count as JSON, and a PyTorch snippet
 * that re-applies it with `torch.nn.utils.prune`. Pure (no tfjs): the UI builds these itself.
 */
import type { KSigmaScope } from '../prune/ksigma-scope.ts';

export interface PolicyLayer {
  name: string;
  kind: 'conv' | 'dense';
  /** tfjs kernel shape ([kh, kw, Cin, Cout] or [in, out]). */
  shape: number[];
  params: number;
  pruned: number;
  /** k of the k-σ rule when this dense layer was pruned by it. */
  k?: number;
  /** True for the classifier (the dense layer that outputs the classes, found from the graph). */
  classifier?: boolean;
}

export interface PolicyExport {
  format: 'pruning-lab-policy';
  version: 1;
  model: string;
  weights: string;
  budget: { alpha: number; measure: 'params' | 'flops'; mode: 'exact' | 'amc' };
  searchSeed: number;
  /** Which dense layers the k-σ rule pruned (METHOD §2); absent when no dense layer was pruned by it. */
  kSigmaScope?: KSigmaScope;
  layers: PolicyLayer[];
}

/**
 * A PyTorch snippet that applies the policy to the trainer's twin model (training/models.py,
 * same layer names): `l1_unstructured` with the exact pruned count on each layer (ties may pick
 * different weights than the lab's index order), and the k-σ rule on the dense layers it pruned.
 */
/** The trainer's PyTorch module path of a tfjs layer name: ResNet blocks are submodules ('s2b1_conv1' → 's2b1.conv1'). */
export function torchModuleName(name: string): string {
  return name.replace(/^(s\d+b\d+)_/, '$1.');
}

export function pytorchSnippet(p: PolicyExport): string {
  const lines = [
    '# Applies a Pruning Lab policy with torch.nn.utils.prune.',
    `# Model: ${p.model} (weights: ${p.weights}); α = ${p.budget.alpha} of conv ${p.budget.measure === 'params' ? 'weights' : 'MACs'} (${p.budget.mode} budget), search seed ${p.searchSeed}.`,
    '# `model` is the PyTorch twin from training/models.py (same layer names), with the same weights loaded.',
    'import torch',
    'import torch.nn.utils.prune as prune',
    '',
    ...(p.kSigmaScope ? [`# k-σ scope: ${p.kSigmaScope === 'hidden' ? 'hidden (every dense layer but the classifier, which stays dense)' : 'all (every dense layer, the classifier included)'}.`] : []),
    'def apply_policy(model):',
    '    modules = dict(model.named_modules())',
  ];
  for (const l of p.layers) {
    if (l.classifier && l.k === undefined && l.pruned === 0 && p.kSigmaScope === 'hidden') {
      lines.push(`    # ${torchModuleName(l.name)}: the classifier, kept dense (k-σ scope hidden)`);
    } else if (l.k !== undefined) {
      lines.push(`    w = modules[${JSON.stringify(torchModuleName(l.name))}].weight.detach()  # k-σ rule, k = ${l.k}: remove weights inside μ ± kσ`);
      lines.push(`    prune.custom_from_mask(modules[${JSON.stringify(torchModuleName(l.name))}], "weight", ((w.double() - w.double().mean()).abs() >= ${l.k} * w.double().std(unbiased=False)).float())`);
    } else if (l.pruned > 0) {
      lines.push(`    prune.l1_unstructured(modules[${JSON.stringify(torchModuleName(l.name))}], "weight", amount=${l.pruned})  # ${(100 * l.pruned / l.params).toFixed(2)} % of ${l.params}`);
    }
  }
  lines.push('    return model', '');
  return lines.join('\n');
}

/**
 * The policy in force on `rows` (a session's layer rows) as exportable JSON. `kSigmaScope` is
 * written when the k-σ rule was on (null: off), even where it pruned no layer (`hidden` on a
 * model whose one dense layer is the classifier).
 */
export function policyExport(
  rows: readonly { name: string; kind: 'conv' | 'dense'; kernelShape: number[]; params: number; kept: number; classifier?: boolean; kSigma?: { k: number } }[],
  info: Omit<PolicyExport, 'format' | 'version' | 'layers' | 'kSigmaScope'> & { kSigmaScope?: KSigmaScope | null },
): PolicyExport {
  const { kSigmaScope, ...rest } = info;
  return {
    format: 'pruning-lab-policy', version: 1, ...rest, ...(kSigmaScope ? { kSigmaScope } : {}),
    layers: rows.map((r) => ({ name: r.name, kind: r.kind, shape: [...r.kernelShape], params: r.params, pruned: r.params - r.kept, ...(r.kSigma ? { k: r.kSigma.k } : {}), ...(r.classifier ? { classifier: true } : {}) })),
  };
}
