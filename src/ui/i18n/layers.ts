/**
 * The words of the layer table, the weight-histogram panel and its chart (see index.ts). One
 * section of the catalog; pure data and formatting.
 */

export const en = {
  layersTitle: 'Prunable layers',
  layersHeadLayer: 'layer',
  layersHeadKind: 'kind',
  layersHeadKernel: 'kernel',
  layersHeadOutput: 'output',
  layersHeadParams: 'params',
  layersHeadSparsity: 'sparsity',
  /** A prunable layer's kind, as the table and the histogram's picker show it. */
  layersKind: { conv: 'conv', dense: 'dense' } as Record<'conv' | 'dense', string>,
  layersHistTitle: 'Weight histogram',
  layersLayer: 'Layer',
  layersStats: (mean: string, std: string, min: string, max: string, kept: string, count: string) =>
    `μ = ${mean}, σ = ${std} (population), range [${min}, ${max}] · kept ${kept} of ${count}`,
  layersKSigma: (k: number, removed: string, gaussian: string) => `k-σ rule, k = ${k}: removed ${removed}% (a Gaussian layer would lose ${gaussian}%)`,
  layersNone: 'No layer loaded yet.',
  // The histogram chart (WeightHistogram.svelte).
  layersBand: (k: number) => `removed: inside μ ± ${k}σ`,
  layersAllBefore: 'all weights (before pruning)',
  layersAll: 'all weights',
  layersKeptAfter: 'kept after pruning',
  layersAxisValue: (layer: string) => `weight value (${layer})`,
  layersAxisCount: 'count',
  layersHistAria: (layer: string) => `Histogram of the weights of ${layer}`,
};

export const zh: typeof en = {
  layersTitle: '可剪枝的层',
  layersHeadLayer: '层',
  layersHeadKind: '类型',
  layersHeadKernel: '核形状',
  layersHeadOutput: '输出',
  layersHeadParams: '参数量',
  layersHeadSparsity: '稀疏比',
  layersKind: { conv: '卷积层', dense: '全连接层' },
  layersHistTitle: '权重直方图',
  layersLayer: '层',
  layersStats: (mean, std, min, max, kept, count) =>
    `μ = ${mean}，σ = ${std}（总体），范围 [${min}, ${max}] · ${count} 个中保留 ${kept} 个`,
  layersKSigma: (k, removed, gaussian) => `k-σ 准则，k = ${k}：去除了 ${removed}%（服从高斯分布的层会去除 ${gaussian}%）`,
  layersNone: '尚未加载任何层。',
  layersBand: (k) => `去除：μ ± ${k}σ 以内`,
  layersAllBefore: '全部权重（剪枝前）',
  layersAll: '全部权重',
  layersKeptAfter: '剪枝后保留的权重',
  layersAxisValue: (layer) => `权重值（${layer}）`,
  layersAxisCount: '数量',
  layersHistAria: (layer) => `${layer} 的权重直方图`,
};
