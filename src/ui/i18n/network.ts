/** The words of the network picture (ui/panels/NetworkPanel.svelte) and the quick estimate. One section of the catalog (index.ts). */

const pc = (x: number) => `${(x * 100).toFixed(x > 0 && x < 0.001 ? 2 : 1)}%`;
const n = (x: number) => Math.round(x).toLocaleString('en-US');

export const en = {
  networkTitle: 'The network being pruned',
  networkIntro: 'Each prunable layer in forward order: a conv block filled as far as its weights are kept (its height grows with its channels); a dense layer as its weight matrix, inputs down, outputs across: a cell is coloured once any weight in it is kept, darker the more it keeps. Follows the slider, k, and an applied policy.',
  networkKept: (kept: number) => `${pc(kept)} kept`,
  networkEmptied: 'emptied',
  networkEmptiedNote: (names: string) => `Emptied (red): ${names}: some outputs there read no input any more.`,
  networkChannels: (c: number) => `${n(c)} ch`,
  networkMatrix: (inputs: number, outputs: number) => `${n(inputs)} × ${n(outputs)}`,
  networkLayerAria: (name: string, kept: number, params: number) => `${name}: ${pc(kept)} of ${n(params)} weights kept`,
  networkTotal: (kept: number, total: number) => `Conv and dense weights kept: ${pc(kept)} of ${n(total)}.`,
  networkInput: 'input',
  networkOutput: 'classes',
  networkNone: 'Load a model to see its layers.',
  quickEstimate: (pruned: string, dense: string, images: number) => `Quick estimate: ${pruned} top-1 pruned (dense ${dense}) on the first ${n(images)} test images`,
  quickEstimateNote: 'An estimate on a small fixed sample, while the slider moves; the full test split is scored when it stops (Evaluate panel).',
  evalQuickRow: (pruned: string, images: number) => `≈ ${pruned} (quick estimate, ${n(images)} images)`,
};

export const zh: typeof en = {
  networkTitle: '正在剪枝的网络',
  networkIntro: '按前向顺序列出每个可剪枝的层：卷积块按保留下来的权重比例填充（块的高度随通道数增加）；全连接层画成它的权重矩阵，纵向为输入、横向为输出：一个格子里只要有权重被保留就会着色，保留得越多颜色越深。随滑块、k 和已应用的策略实时更新。',
  networkKept: (kept) => `保留 ${pc(kept)}`,
  networkEmptied: '已清空',
  networkEmptiedNote: (names) => `已清空（红色）：${names}：其中一些输出不再接收任何输入。`,
  networkChannels: (c) => `${n(c)} 通道`,
  networkMatrix: (inputs, outputs) => `${n(inputs)} × ${n(outputs)}`,
  networkLayerAria: (name, kept, params) => `${name}：${n(params)} 个权重中保留 ${pc(kept)}`,
  networkTotal: (kept, total) => `卷积层和全连接层权重保留 ${pc(kept)}（共 ${n(total)} 个）。`,
  networkInput: '输入',
  networkOutput: '类别',
  networkNone: '加载模型后即可看到它的各层。',
  quickEstimate: (pruned, dense, images) => `快速估算：在前 ${n(images)} 张测试图像上，剪枝后 top-1 为 ${pruned}（未剪枝 ${dense}）`,
  quickEstimateNote: '滑块移动时在一个固定的小样本上估算；停下后在完整测试集上评分（见“评估”面板）。',
  evalQuickRow: (pruned, images) => `≈ ${pruned}（快速估算，${n(images)} 张图像）`,
};
