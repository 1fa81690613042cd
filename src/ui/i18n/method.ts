/**
 * The words for the method's pieces shown across panels: the k-σ scope and its emptied-layer
 * warning, the Heal panel's note, progress and epochs, the stage chart and the search's early
 * stop. One section of the catalog (index.ts); pure data and formatting.
 */
import type { EmptiedLayer } from '../../core/prune/ksigma-scope.ts';
import type { HealPhase } from '../../core/pipeline/combination.ts';
import { int } from '../format.ts';

export const en = {
  scope: 'k-σ scope',
  scopeHelp: 'Which dense layers the k-σ rule prunes. The classifier is the dense layer that outputs the classes; keeping it dense is the lab’s default (METHOD §2).',
  emptied: (l: EmptiedLayer) => `${l.name}${l.classifier ? ' (the classifier)' : ''} keeps ${int(l.kept)} of its ${int(l.params)} weights, fewer than its ${int(l.outputs)} outputs: at least ${int(l.outputs - l.kept)} of them read no input, and fine-tuning with fixed masks cannot bring them back.`,
  emptiedFix: (l: EmptiedLayer): string => (l.classifier ? 'The k-σ scope “hidden dense layers” keeps the classifier dense.' : 'A smaller k keeps more of this layer.'),
  beforeHeal: 'Before healing:',
  scopeLine: (k: number, scope: 'hidden' | 'all', pruned: string[], kept: string[]) => scope === 'hidden'
    ? `k-σ with k = ${k} on the hidden dense layers (${pruned.join(', ') || 'none'}); ${kept.length ? `the classifier ${kept.join(', ')} stays dense.` : 'no one dense layer feeds the output, so none is kept as the classifier.'}`
    : `k-σ with k = ${k} on every dense layer (${pruned.join(', ')}), the classifier included.`,
  moreEpoch: 'One more epoch',
  moreEpochTitle: (n: number) => `Fine-tunes the saved ${n}-epoch run for one more epoch from where it ended (the cosine restarts each epoch, so the result equals a ${n + 1}-epoch run)`,
  showSaved: (n: number) => `Show the saved heal (${n} epoch${n === 1 ? '' : 's'})`,
  epochRow: (e: number) => `after epoch ${+e.toFixed(3)}`,
  epochPhase: (e: number) => `epoch ${e}`,
  stageChart: 'Accuracy at every stage',
  stageDense: 'dense',
  stagePruned: 'pruned',
  stageRecal: 'BN recal',
  stageEpoch: (e: number) => `epoch ${+e.toFixed(3)}`,
  top1: 'test top-1 (%)',
  removed: 'weights removed (%)',
  chartAria: (stages: string) => `Test top-1 and weights removed at each stage: ${stages}`,
  paperScope: 'The paper preset prunes every dense layer with 3σ (its wording for VGG16), the classifier included.',
  healIntro: (wd: string) => `Recalibration re-estimates every BatchNorm layer’s statistics on training images after pruning (EagleEye; the lab’s addition, METHOD §8.1). Fine-tuning is SGD with momentum 0.9, cosine lr restarting every epoch, L2 ${wd} and crop + flip unless turned off, masks fixed (METHOD §4), scored after every epoch; it is checkpointed, so a reload offers to resume it, and a finished run can take one more epoch.`,
  phase: (p: HealPhase): string => p,
  stepsUnit: ' steps',
  imagesUnit: ' images',
  loss: 'loss',
  batchTop1: 'batch top-1',
  imagesPerSecond: 'images/s',
  eta: 'ETA',
  afterFineTuning: (e: number | null) => `after fine-tuning${e === null ? '' : ` (epoch ${+e.toFixed(3)})`}`,
  earlyStop: 'Early stop',
  earlyStopHelp: 'Stops scoring a candidate policy once it cannot beat the best so far even if every reward image left were right; the agent then learns from its top-1 on the images it saw. The best policy is always one scored on every image. A lab addition (METHOD §8), off in the paper preset.',
  earlyStopLine: (stopped: number, episodes: number, skipped: number) => `Early stop (lab addition): ${int(stopped)} of ${int(episodes)} episodes stopped early, ${skipped.toFixed(0)} % of the reward images skipped.`,
  scoredOn: (n: number) => `scored on ${int(n)} images (stopped early)`,
  policyInForce: (k: number | null, scope: string | null) => `The searched policy is in force on the convolutions (k = ${k ?? 'off'} on the dense layers${scope ? `; k-σ scope: ${scope}` : ''}). Changing a control below replaces it.`,
};

export const ZH_PHASES: Record<HealPhase, string> = {
  'scoring the pruned net': '评估剪枝后的网络',
  'recalibrating BN': 'BN 重新校准',
  'scoring after BN recalibration': '评估 BN 重新校准后的网络',
  'fine-tuning': '微调',
  'scoring after an epoch': '评估本轮微调后的网络',
  'scoring after fine-tuning': '评估微调后的网络',
};

export const zh: typeof en = {
  scope: 'k-σ 作用范围',
  scopeHelp: 'k-σ 准则剪哪些全连接层。分类层是输出各类别的那个全连接层；实验室默认保持它不剪（METHOD §2）。',
  emptied: (l) => `${l.name}${l.classifier ? '（分类层）' : ''}的 ${int(l.params)} 个权重只剩 ${int(l.kept)} 个，少于它的 ${int(l.outputs)} 个输出：至少有 ${int(l.outputs - l.kept)} 个输出不再连接任何输入，固定掩码的微调也无法恢复。`,
  emptiedFix: (l) => (l.classifier ? 'k-σ 作用范围选“隐藏全连接层”即可保持分类层不剪。' : '较小的 k 能保留这一层更多的权重。'),
  beforeHeal: '微调之前：',
  scopeLine: (k, scope, pruned, kept) => scope === 'hidden'
    ? `隐藏全连接层（${pruned.join('、') || '无'}）使用 k = ${k} 的 k-σ 准则；${kept.length ? `分类层 ${kept.join('、')} 保持不剪。` : '没有单独一个全连接层直接给出输出，因此没有作为分类层保持不剪的层。'}`
    : `所有全连接层（${pruned.join('、')}）使用 k = ${k} 的 k-σ 准则，包括分类层。`,
  moreEpoch: '再微调一轮',
  moreEpochTitle: (n) => `从已保存的 ${n} 轮微调结束处再微调一轮（余弦学习率每轮重新开始，结果与直接微调 ${n + 1} 轮相同）`,
  showSaved: (n) => `显示已保存的微调结果（${n} 轮）`,
  epochRow: (e) => `第 ${+e.toFixed(3)} 轮微调后`,
  epochPhase: (e) => `第 ${e} 轮`,
  stageChart: '各阶段的准确率',
  stageDense: '未剪枝',
  stagePruned: '剪枝后',
  stageRecal: 'BN 重新校准后',
  stageEpoch: (e) => `第 ${+e.toFixed(3)} 轮`,
  top1: '测试集 top-1（%）',
  removed: '去除的权重（%）',
  chartAria: (stages) => `各阶段的测试集 top-1 与去除的权重：${stages}`,
  paperScope: '论文预设对所有全连接层（包括分类层）使用 3σ 准则（论文对 VGG16 的表述）。',
  healIntro: (wd) => `剪枝后，BN 重新校准用训练图像重新估计每个 BatchNorm 层的统计量（EagleEye；实验室的补充，METHOD §8.1）。微调使用动量 0.9 的 SGD，余弦学习率每轮重新开始，L2 ${wd}，默认随机裁剪 + 翻转，掩码固定（METHOD §4），每轮结束后在测试集上评分；微调会保存检查点，重新加载页面后可以继续，已完成的微调还可以再微调一轮。`,
  phase: (p) => ZH_PHASES[p],
  stepsUnit: ' 步',
  imagesUnit: ' 张图像',
  loss: '损失',
  batchTop1: '批次 top-1',
  imagesPerSecond: '张图像/秒',
  eta: '预计剩余',
  afterFineTuning: (e) => `微调后${e === null ? '' : `（第 ${+e.toFixed(3)} 轮）`}`,
  earlyStop: '提前停止',
  earlyStopHelp: '候选策略即使剩下的奖励图像全部判对也不可能超过目前最佳时，就停止为它评分；智能体用它在已评图像上的 top-1 学习。最佳策略总是在全部图像上评过分的。本实验室新增（METHOD §8），论文预设中关闭。',
  earlyStopLine: (stopped, episodes, skipped) => `提前停止（本实验室新增）：${int(episodes)} 个回合中有 ${int(stopped)} 个提前停止，跳过了 ${skipped.toFixed(0)}% 的奖励图像评分。`,
  scoredOn: (n) => `只评了 ${int(n)} 张图像（提前停止）`,
  policyInForce: (k, scope) => `卷积层正在使用搜索得到的策略（全连接层 k = ${k ?? '关闭'}${scope ? `；k-σ 作用范围：${scope}` : ''}）。改动下面的任一控件会替换它。`,
};
