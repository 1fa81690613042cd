/**
 * The run's results as files: JSON with everything the results view shows, a per-layer
 * CSV, and the policy JSON + PyTorch snippet. Pure: built from what the lab already holds.
 */
import type { EvalResult } from '../core/pipeline/evaluate.ts';
import type { PruneReport } from '../core/pipeline/prune-spec.ts';
import { policyExport, pytorchSnippet, type PolicyExport } from '../core/pipeline/policy-file.ts';
import { toCsv, type Table } from '../core/pipeline/table.ts';
import { emptiedDense, scopeOf } from '../core/prune/ksigma-scope.ts';
import type { LabConfig } from './config.ts';
import type { PipelineReport } from './heal.svelte.ts';

export interface ResultsInput {
  config: LabConfig;
  /** 'trained:<name>', 'imported:<name>' or 'random:<seed>'. */
  weights: string;
  dataset: string;
  report: PruneReport;
  dense: EvalResult | null;
  pruned: EvalResult | null;
  pipeline: PipelineReport | null;
}

/** What `resultsInputOf` reads of the Lab. */
export interface ResultsSource {
  readonly config: LabConfig;
  readonly model: { readonly imported: { name: string } | null; readonly summary: { weightsName?: string } | null };
  readonly data: { readonly key: string };
  readonly prune: { readonly report: PruneReport | null; readonly dense: EvalResult | null; readonly pruned: EvalResult | null };
  readonly heal: { readonly report: PipelineReport | null };
}

/** What the results files are built from (null before the first prune report). */
export function resultsInputOf(lab: ResultsSource): ResultsInput | null {
  const report = lab.prune.report;
  if (!report) return null;
  const m = lab.model;
  return {
    config: { ...lab.config, methods: [...lab.config.methods] }, weights: m.imported ? `imported:${m.imported.name}` : m.summary?.weightsName ? `trained:${m.summary.weightsName}` : `random:${lab.config.seed}`,
    dataset: lab.data.key, report, dense: lab.prune.dense, pruned: lab.prune.pruned, pipeline: lab.heal.report,
  };
}

export function resultsPolicy(r: ResultsInput): PolicyExport {
  const c = r.config;
  return policyExport(r.report.layers, { model: c.model, weights: r.weights, budget: { alpha: c.alpha, measure: c.budget, mode: c.budgetMode }, searchSeed: c.searchSeed, kSigmaScope: scopeOf(r.report.spec.dense) });
}

export function resultsJson(r: ResultsInput, link: string): string {
  const a = r.report.accounting;
  const p = r.pipeline;
  const table = layerTable(r.report);
  const out = {
    format: 'pruning-lab-results', version: 1, link,
    model: r.config.model, weights: r.weights, dataset: r.dataset,
    pruning: r.report.spec,
    // Which dense layers k-σ pruned (METHOD §2), and those left with fewer weights than outputs.
    kSigmaScope: scopeOf(r.report.spec.dense),
    emptiedLayers: emptiedDense(r.report.layers),
    removedPercent: { weights: a.weights.removedPercent, trainable: a.trainable.removedPercent, thop: a.thop.removedPercent, macs: a.macs.removedPercent },
    accuracy: {
      testImages: r.pruned?.count ?? r.dense?.count ?? null,
      dense: r.dense?.top1 ?? null,
      pruned: r.pruned?.top1 ?? null,
      ...(p ? { pipeline: { before: p.accBefore, pruned: p.accPruned, bnRecalibrated: p.accRecal, recalImages: p.recalImages, fineTuned: p.accFineTuned, afterEpoch: p.epochs.map((e) => ({ epoch: e.epoch, top1: e.top1 })), testImages: p.testImages } } : {}),
    },
    search: p?.policy ? { episode: p.policy.episode, reward: Number.isFinite(p.policy.reward) ? p.policy.reward : null, budget: p.budget } : null,
    fineTune: p?.fineTune ? { ...p.fineTune, losses: undefined, accuracies: undefined, finalLoss: p.fineTune.losses.at(-1) ?? null } : null,
    layers: table.rows.map((row) => Object.fromEntries(table.header.map((h, i) => [h, row[i]]))),
    policy: resultsPolicy(r),
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}

/** The per-layer table of a prune report (the layer table's columns). */
export function layerTable(report: PruneReport): Table {
  return {
    header: ['layer', 'kind', 'kernel shape', 'weights', 'kept', 'sparsity (%)', 'k (k-σ)', 'MACs', 'classifier'],
    rows: report.layers.map((l) => {
      const macs = report.accounting.kernels.find((k) => k.name === l.name)?.macs ?? 0;
      return [l.name, l.kind, l.kernelShape.join('x'), String(l.params), String(l.kept), (100 * l.sparsity).toFixed(4), l.kSigma ? String(l.kSigma.k) : '', String(macs), l.classifier ? 'yes' : ''];
    }),
  };
}

export function resultsCsv(r: ResultsInput): string {
  return toCsv(layerTable(r.report));
}

export function policyFiles(r: ResultsInput): { json: string; python: string } {
  const p = resultsPolicy(r);
  return { json: `${JSON.stringify(p, null, 2)}\n`, python: pytorchSnippet(p) };
}
