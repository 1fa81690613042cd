/**
 * The UI's words for the k-σ scope, the emptied-layer warning, the heal's epochs and the stage
 * chart, in English and Chinese: one catalog per language with the same keys (the type makes a
 * missing key a compile error). The language is the lesson's (lessonLang: the link's choice, else
 * the browser's). Pure data and formatting.
 */
import type { EmptiedLayer } from '../core/prune/ksigma-scope.ts';
import { lessonLang, type Lang } from './lesson-text.ts';
import { int } from './format.ts';

/** The page's language: the config's choice, else the browser's. */
export function uiLang(choice: '' | Lang): Lang {
  return lessonLang(choice, typeof navigator === 'undefined' ? [] : navigator.languages ?? [navigator.language]);
}

const en = {
  scope: 'k-σ scope',
  scopeHelp: 'Which dense layers the k-σ rule prunes. The classifier is the dense layer that outputs the classes; keeping it dense is the lab’s default (METHOD §2).',
  emptied: (l: EmptiedLayer) => `${l.name}${l.classifier ? ' (the classifier)' : ''} keeps ${int(l.kept)} of its ${int(l.params)} weights, fewer than its ${int(l.outputs)} outputs: at least ${int(l.outputs - l.kept)} of them read no input, and fine-tuning with fixed masks cannot bring them back.`,
  emptiedFix: (l: EmptiedLayer): string => (l.classifier ? 'The k-σ scope “hidden dense layers” keeps the classifier dense.' : 'A smaller k keeps more of this layer.'),
  beforeHeal: 'Before healing:',
  scopeLine: (k: number, scope: 'hidden' | 'all', pruned: string[], kept: string[]) => scope === 'hidden'
    ? `k-σ with k = ${k} on the hidden dense layers (${pruned.join(', ') || 'none'}); the classifier ${kept.join(', ')} stays dense.`
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
};

export type Messages = typeof en;

const zh: Messages = {
  scope: 'k-σ 作用范围',
  scopeHelp: 'k-σ 准则剪哪些全连接层。分类层是输出各类别的那个全连接层；实验室默认保持它不剪（METHOD §2）。',
  emptied: (l) => `${l.name}${l.classifier ? '（分类层）' : ''}的 ${int(l.params)} 个权重只剩 ${int(l.kept)} 个，少于它的 ${int(l.outputs)} 个输出：至少有 ${int(l.outputs - l.kept)} 个输出不再连接任何输入，固定掩码的微调也无法恢复。`,
  emptiedFix: (l) => (l.classifier ? 'k-σ 作用范围选“隐藏全连接层”即可保持分类层不剪。' : '较小的 k 能保留这一层更多的权重。'),
  beforeHeal: '微调之前：',
  scopeLine: (k, scope, pruned, kept) => scope === 'hidden'
    ? `隐藏全连接层（${pruned.join('、') || '无'}）使用 k = ${k} 的 k-σ 准则；分类层 ${kept.join('、')} 保持不剪。`
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
};

/** Both catalogs, by language. */
export const MESSAGES: Record<Lang, Messages> = { en, zh };
