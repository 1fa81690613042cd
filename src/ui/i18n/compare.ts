/** The words of compare (see index.ts). One section of the catalog; pure data and formatting. */
import { int } from '../format.ts';
import { noteText, type CompareNote } from '../../core/pipeline/compare-note.ts';
import type { PublishedId } from '../../core/pipeline/published.ts';
import { COMPARE_METHODS } from '../../core/pipeline/methods.ts';
import { ZH_PHASES } from './method.ts';
import { zh as statusZh } from './status.ts';

function zhNote(n: CompareNote): string {
  switch (n.kind) {
    case 'every-layer': return `每一层都剪去 ${(100 * n.target).toFixed(1)} %`;
    case 'pooled': return `所有层的权重合在一起排序，剪去 ${(100 * n.target).toFixed(1)} %`;
    case 'filter-ratio': return `滤波器剪除比例 p = ${n.p.toFixed(3)}`;
    case 'ksigma-all': return `所有层使用 k = ${n.k}`;
    case 'policy': return `搜索得到的策略，α = ${(100 * n.alpha).toFixed(0)} %`;
    case 'policy-ksigma': return `搜索得到的策略 + ${n.scope === 'hidden' ? '隐藏全连接层（保留分类层）' : '所有全连接层'}使用 k = ${n.k}`;
    default: return '';
  }
}

// Core's one error a comparison row can carry by design (compare.ts NO_POLICY_ERROR); others stay as the worker says them.
const ZH_ERRORS: Record<string, string> = {
  'Run a DDPG search first: the RL rows use its best policy': '请先运行 DDPG 搜索：强化学习（RL）各行使用搜索得到的最佳策略',
};

export const en = {
  compareTitle: 'Baselines and comparison',
  compareIntro: (model: string, images: number) => `Same model, same data, same target: each method prunes the current weights of ${model} to a fraction of its conv + dense weights, as closely as its granularity allows; rows report what the masks actually removed. Activation criteria read ${int(images)} calibration images. RL rows use the search's best policy.`,
  compareTarget: 'Target removed (%)',
  compareTestImages: 'Test images (0 = all)',
  compareCalibration: 'Calibration images',
  compareFtSteps: 'Fine-tune steps per method',
  compareRecalTitle: 'Re-estimate BN statistics after each method\'s pruning (EagleEye, METHOD §8.1; not in the paper); 0 = no "after BN recal" column',
  compareRecal: 'BN recal images per method',
  compareMethods: 'Methods',
  /** The methods' labels on screen, by COMPARE_METHODS key (the exported tables keep core's English labels). */
  compareMethod: {
    uniform: 'Uniform magnitude',
    global: 'Global magnitude',
    l1: 'L1-norm filters (Li17)',
    apoz: 'APoZ (Hu16)',
    entropy: 'Entropy (Luo17)',
    hrank: 'HRank (Lin20)',
    'ksigma-all': 'k-σ on every layer',
    rl: 'RL only (DDPG on conv)',
    combination: 'Combination (RL + k-σ FC)',
  },
  /** A run row's note, worded from its structured form (CompareRow.noteParts). */
  compareNote: (n: CompareNote) => noteText(n),
  /** A run row's Notes cell: its note and the dense net's top-1 (percent, formatted), as the export writes it. */
  compareNoteCell: (note: string, baselinePercent: string) => `${note}; baseline ${baselinePercent} %`,
  /** A row's error, and the panel's: the known ones in the page's language. */
  compareError: (message: string) => message,
  /** The comparison's progress line (worker/handlers/compare.ts: "<key>: <phase>", "<label> done"). */
  compareStage: (stage: string) => stage,
  /** The published rows' method and source on screen, by PublishedRow id (the exports keep core's English). */
  comparePublishedRow: {
    'paper-combination': { method: 'Combination (RL + 3σ), the paper', source: 'paper Table 4' },
    'paper-rl': { method: 'RL weight pruning only, the paper', source: 'paper Table 4' },
    'paper-ksigma': { method: '3σ on every layer, the paper', source: 'paper Table 4' },
    'paper-gal': { method: 'GAL-0.05', source: 'paper Table 4' },
    'paper-l1-reg': { method: 'L1 regularization', source: 'paper Table 4' },
    'paper-entropy': { method: 'Entropy-based', source: 'paper Table 4' },
    'vgg16-l1': { method: 'L1-norm filters (Li17)', source: 'METHOD §6' },
    'vgg16-gal': { method: 'GAL-0.05', source: 'METHOD §6' },
    'vgg16-hrank': { method: 'HRank', source: 'METHOD §6' },
    'vgg16-abc': { method: 'ABCPruner', source: 'METHOD §6' },
    'resnet56-l1': { method: 'L1-norm filters (Li17)', source: 'METHOD §6' },
    'resnet56-gal': { method: 'GAL-0.6', source: 'METHOD §6' },
    'resnet56-hrank': { method: 'HRank', source: 'METHOD §6' },
    'resnet56-abc': { method: 'ABCPruner', source: 'METHOD §6' },
    'resnet56-amc': { method: 'AMC (50 % FLOPs)', source: 'METHOD §6 (distiller AMC README)' },
  } satisfies Record<PublishedId, { method: string; source: string }>,
  /** Table headers on screen, by their English (exported) text. */
  compareColumn: {
    'Method': 'Method',
    'Source': 'Source',
    'Weights removed (%)': 'Weights removed (%)',
    'Params removed, thop (%)': 'Params removed, thop (%)',
    'MACs removed (%)': 'MACs removed (%)',
    'Top-1 before FT (%)': 'Top-1 before FT (%)',
    'Top-1 after BN recal (%)': 'Top-1 after BN recal (%)',
    'Top-1 after FT (%)': 'Top-1 after FT (%)',
    'Δ vs baseline (pts)': 'Δ vs baseline (pts)',
    'Notes': 'Notes',
    'Target (%)': 'Target (%)',
    'Top-1 (%)': 'Top-1 (%)',
    'Layer': 'Layer',
    'Sparsity (%)': 'Sparsity (%)',
  },
  /** The comparison table's Source column on screen. */
  compareRunHere: 'run here',
  comparePublished: (source: string) => `published, not run here (${source})`,
  compareRun: 'Run comparison',
  compareCancel: 'Cancel',
  compareSweepTitle: 'Accuracy vs sparsity',
  compareSweepMethods: 'Sweep methods',
  comparePoints: 'Points',
  compareUpTo: 'up to (%)',
  compareRunSweep: 'Run sweep',
  compareData: 'Data',
  compareWeightsAxis: 'weights removed (%)',
  compareTop1Axis: 'top-1 (%)',
  compareSensTitle: 'Per-layer sensitivity',
  compareSensIntro: 'One layer magnitude-pruned at a time, every other layer dense: a steep fall marks a fragile layer.',
  compareSparsities: 'Sparsities (%)',
  compareRunSens: 'Run sensitivity',
  compareSensAxis: 'sparsity of the one layer (%)',
};

const ZH_METHOD: typeof en.compareMethod = {
  uniform: '均匀幅值剪枝',
  global: '全局幅值剪枝',
  l1: 'L1 范数滤波器剪枝（Li17）',
  apoz: 'APoZ（Hu16）',
  entropy: '基于熵的剪枝（Luo17）',
  hrank: 'HRank（Lin20）',
  'ksigma-all': '所有层使用 k-σ',
  rl: '仅强化学习（卷积层上的 DDPG）',
  combination: '组合（强化学习 + 全连接层 k-σ）',
};

/** A comparison stage in Chinese: the method named by its Chinese label, else as the status bar words it. */
function zhCompareStage(stage: string): string {
  const done = /^(.+) done$/.exec(stage);
  const labelled = done && COMPARE_METHODS.find((x) => x.label === done[1]);
  if (labelled) return `${ZH_METHOD[labelled.key]} 完成`;
  const phase = /^([^:]+): (.+)$/.exec(stage);
  const keyed = phase && COMPARE_METHODS.find((x) => x.key === phase[1]);
  if (phase && keyed) return `${ZH_METHOD[keyed.key]}：${phase[2] === 'pruning' ? '剪枝' : (ZH_PHASES as Record<string, string | undefined>)[phase[2]] ?? phase[2]}`;
  return statusZh.statusStage(stage);
}

export const zh: typeof en = {
  compareTitle: '基线方法与对比',
  compareIntro: (model, images) => `同一个模型、同一份数据、同一个目标：每种方法都对 ${model} 的当前权重剪枝，在其粒度允许的范围内尽量接近去除卷积层 + 全连接层权重的目标比例；各行报告的是掩码实际去除的量。基于激活值的准则读取 ${int(images)} 张校准图像。强化学习（RL）各行使用搜索得到的最佳策略。`,
  compareTarget: '目标去除比例（%）',
  compareTestImages: '测试图像数（0 = 全部）',
  compareCalibration: '校准图像数',
  compareFtSteps: '每种方法的微调步数',
  compareRecalTitle: '每种方法剪枝后重新估计 BN 统计量（EagleEye，METHOD §8.1；论文中没有）；0 = 不显示“BN 重新校准后”一列',
  compareRecal: '每种方法的 BN 重新校准图像数',
  compareMethods: '方法',
  compareMethod: ZH_METHOD,
  compareNote: zhNote,
  compareNoteCell: (note, baselinePercent) => `${note}；未剪枝基线 ${baselinePercent} %`,
  compareError: (message) => ZH_ERRORS[message] ?? message,
  compareStage: zhCompareStage,
  comparePublishedRow: {
    'paper-combination': { method: '组合（强化学习 + 3σ），论文结果', source: '论文表 4' },
    'paper-rl': { method: '仅强化学习权重剪枝，论文结果', source: '论文表 4' },
    'paper-ksigma': { method: '所有层使用 3σ，论文结果', source: '论文表 4' },
    'paper-gal': { method: 'GAL-0.05', source: '论文表 4' },
    'paper-l1-reg': { method: 'L1 正则化', source: '论文表 4' },
    'paper-entropy': { method: '基于熵的剪枝', source: '论文表 4' },
    'vgg16-l1': { method: 'L1 范数滤波器剪枝（Li17）', source: 'METHOD 文档 §6' },
    'vgg16-gal': { method: 'GAL-0.05', source: 'METHOD 文档 §6' },
    'vgg16-hrank': { method: 'HRank', source: 'METHOD 文档 §6' },
    'vgg16-abc': { method: 'ABCPruner（人工蜂群剪枝）', source: 'METHOD 文档 §6' },
    'resnet56-l1': { method: 'L1 范数滤波器剪枝（Li17）', source: 'METHOD 文档 §6' },
    'resnet56-gal': { method: 'GAL-0.6', source: 'METHOD 文档 §6' },
    'resnet56-hrank': { method: 'HRank', source: 'METHOD 文档 §6' },
    'resnet56-abc': { method: 'ABCPruner（人工蜂群剪枝）', source: 'METHOD 文档 §6' },
    'resnet56-amc': { method: 'AMC（FLOPs 减少 50 %）', source: 'METHOD 文档 §6（distiller 的 AMC README）' },
  },
  compareColumn: {
    'Method': '方法',
    'Source': '来源',
    'Weights removed (%)': '去除的权重（%）',
    'Params removed, thop (%)': '去除的参数，thop 口径（%）',
    'MACs removed (%)': '去除的 MACs（%）',
    'Top-1 before FT (%)': '微调前 top-1（%）',
    'Top-1 after BN recal (%)': 'BN 重新校准后 top-1（%）',
    'Top-1 after FT (%)': '微调后 top-1（%）',
    'Δ vs baseline (pts)': '相对基线的 Δ（百分点）',
    'Notes': '备注',
    'Target (%)': '目标（%）',
    'Top-1 (%)': 'top-1（%）',
    'Layer': '层',
    'Sparsity (%)': '稀疏比（%）',
  },
  compareRunHere: '在此运行',
  comparePublished: (source) => `已发表结果，未在此运行（${source}）`,
  compareRun: '运行对比',
  compareCancel: '取消',
  compareSweepTitle: '准确率随稀疏比的变化',
  compareSweepMethods: '参与扫描的方法',
  comparePoints: '点数',
  compareUpTo: '最高到（%）',
  compareRunSweep: '运行扫描',
  compareData: '数据',
  compareWeightsAxis: '去除的权重（%）',
  compareTop1Axis: 'top-1（%）',
  compareSensTitle: '逐层敏感度',
  compareSensIntro: '每次只对一层做幅值剪枝，其余各层保持不剪：准确率陡降的层就是脆弱的层。',
  compareSparsities: '稀疏比（%）',
  compareRunSens: '运行敏感度分析',
  compareSensAxis: '这一层的稀疏比（%）',
};
