/** The words of prune (see index.ts). One section of the catalog; pure data and formatting. */

export const en = {
  pruneTitle: 'Prune',
  pruneConvLegend: 'Convolutions: magnitude pruning',
  pruneSparsity: 'Sparsity',
  pruneSparsityAria: 'Convolution sparsity in percent',
  pruneDenseLegend: 'Fully connected layers: k-σ rule',
  pruneKLabel: 'Remove weights inside μ ± kσ, k =',
  pruneKOff: 'off',
  pruneCustomK: (min: number, max: number) => `or type any k in [${min}, ${max}]:`,
  pruneKAria: 'k of the k-sigma rule',
  pruneNote: 'For Gaussian weights k = 1 / 2 / 3 removes 68.27 / 95.45 / 99.73 %; uniformly distributed weights (like a random init) all lie within ±1.73σ, so k ≥ 2 removes all of them. The histogram shows the measured fraction per layer.',
  pruneFullyPruned: (names: string[]) => `${names.join(', ')} ${names.length > 1 ? 'are' : 'is'} fully pruned: every weight removed, so the net's output no longer depends on its input there.`,
};

export const zh: typeof en = {
  pruneTitle: '剪枝',
  pruneConvLegend: '卷积层：幅值剪枝',
  pruneSparsity: '稀疏比',
  pruneSparsityAria: '卷积层稀疏比（百分比）',
  pruneDenseLegend: '全连接层：k-σ 准则',
  pruneKLabel: '去除 μ ± kσ 范围内的权重，k =',
  pruneKOff: '关闭',
  pruneCustomK: (min, max) => `或输入 [${min}, ${max}] 内的任意 k：`,
  pruneKAria: 'k-σ 准则的 k',
  pruneNote: '对于高斯分布的权重，k = 1 / 2 / 3 分别去除 68.27 / 95.45 / 99.73% 的权重；均匀分布的权重（比如随机初始化的权重）全部落在 ±1.73σ 以内，所以 k ≥ 2 会把它们全部去除。直方图显示每一层实际去除的比例。',
  pruneFullyPruned: (names) => `${names.join('、')} 已被完全剪枝：所有权重都被去除，网络的输出在这里不再依赖输入。`,
};
