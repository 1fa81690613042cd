/** The words of results (see index.ts). One section of the catalog; pure data and formatting. */
import { int } from '../format.ts';

/** The Prune panel's conv methods in Chinese (others keep their name). */
const ZH_CONV: Record<string, string> = { uniform: '均匀', global: '全局' };

export const en = {
  resultsTitleCombination: 'Combination result',
  resultsTitleHealing: 'Healing result',
  /** The searched (or linked) policy and its budget; `alpha` is formatted (pct). */
  // Episodes count from 1 and rewards are top-1 in %, as in the Search panel.
  resultsPolicy: (episode: number, reward: number, alpha: string, budget: 'params' | 'flops', mode: 'exact' | 'amc', fcK: number) =>
    `${episode < 0 ? 'The link’s policy' : `Best policy of episode ${episode + 1} (reward ${(100 * reward).toFixed(2)} %)`}, α = ${alpha} of conv ${budget === 'params' ? 'weights' : 'MACs'} (${mode} budget), then k-σ with k = ${fcK} on the dense layers.`,
  /** The Prune panel's pruning; `sparsity` is formatted (pct). */
  resultsPrune: (method: string, sparsity: string, k: number | null) =>
    `The Prune panel’s pruning: ${method} magnitude at ${sparsity} of conv weights, k-σ ${k === null ? 'off' : `with k = ${k}`} on the dense layers.`,
  resultsRecal: (n: number) => (n > 0 ? `BN recalibrated on ${int(n)} training images (EagleEye; not in the paper).` : 'No BN recalibration (the paper’s pipeline).'),
  resultsTestSplit: (n: number) => `Accuracies on the test split (${int(n)} images).`,
  resultsWeights: 'conv + FC weights removed',
  resultsTrainable: 'trainable parameters removed',
  resultsThop: 'thop-style removed',
  resultsMacs: 'MACs removed',
  resultsAccBefore: 'accuracy before pruning',
  resultsAfterPruning: 'after pruning',
  resultsAfterRecal: 'after BN recalibration',
  resultsLabAddition: '(lab’s addition)',
  resultsNotRun: 'not run',
  /** A change in points; `value` is formatted. */
  resultsDelta: (sign: string, value: string) => `${sign}${value} pt`,
  resultsFtNote: (epochs: number, steps: number, batch: number, lr: number, wd: number, augment: boolean, backend: string, ms: number) =>
    `Fine-tuned ${+epochs.toFixed(3)} epoch(s) = ${steps} steps of batch ${batch}, SGD momentum 0.9, lr ${lr} with cosine decay (restarted every epoch), L2 ${wd}, ${augment ? 'crop + flip' : 'no augmentation'}, masks fixed, on ${backend}, in ${(ms / 1000).toFixed(1)} s.`,
  resultsPaper: 'Paper (VGG16 / CIFAR-10): 83.33% removed, −1.55 pt. Per-layer sparsities are in the layer table.',
};

export const zh: typeof en = {
  resultsTitleCombination: '组合结果',
  resultsTitleHealing: '恢复结果',
  resultsPolicy: (episode, reward, alpha, budget, mode, fcK) =>
    `${episode < 0 ? '链接中的策略' : `第 ${episode + 1} 回合的最佳策略（奖励 ${(100 * reward).toFixed(2)}%）`}，α = 卷积层${budget === 'params' ? '权重' : ' MACs '}的 ${alpha}（${mode === 'exact' ? '精确' : 'AMC'}预算），然后全连接层使用 k = ${fcK} 的 k-σ 准则。`,
  resultsPrune: (method, sparsity, k) =>
    `“剪枝”面板的剪枝：${ZH_CONV[method] ?? `${method} `}幅值剪枝，去除卷积层权重的 ${sparsity}；全连接层${k === null ? '不使用 k-σ' : `使用 k = ${k} 的 k-σ 准则`}。`,
  resultsRecal: (n) => (n > 0 ? `BN 已用 ${int(n)} 张训练图像重新校准（EagleEye；论文中没有这一步）。` : '未做 BN 重新校准（论文的流程）。'),
  resultsTestSplit: (n) => `准确率在测试集（${int(n)} 张图像）上测得。`,
  resultsWeights: '去除的卷积层 + 全连接层权重',
  resultsTrainable: '去除的可训练参数',
  resultsThop: '按 thop 口径去除的参数',
  resultsMacs: '去除的乘加运算量（MACs）',
  resultsAccBefore: '剪枝前的准确率',
  resultsAfterPruning: '剪枝后',
  resultsAfterRecal: 'BN 重新校准后',
  resultsLabAddition: '（实验室的补充）',
  resultsNotRun: '未运行',
  resultsDelta: (sign, value) => `${sign}${value} 个百分点`,
  resultsFtNote: (epochs, steps, batch, lr, wd, augment, backend, ms) =>
    `微调了 ${+epochs.toFixed(3)} 轮 = ${steps} 步，批大小 ${batch}，动量 0.9 的 SGD，学习率 ${lr}，余弦衰减（每轮重新开始），L2 ${wd}，${augment ? '随机裁剪 + 翻转' : '无数据增强'}，掩码固定，在 ${backend} 上运行，用时 ${(ms / 1000).toFixed(1)} 秒。`,
  resultsPaper: '论文（VGG16 / CIFAR-10）：去除 83.33%，−1.55 个百分点。各层的稀疏比见层表格。',
};
