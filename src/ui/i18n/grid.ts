/** The words of the grid of verdicts (ui/panels/PredictionGrid.svelte). One section of the catalog (index.ts). */
import type { GridStage } from '../../state/predictions.svelte.ts';

export const en = {
  gridTitle: 'Test images and the verdicts',
  gridIntro: (n: number) => `The first ${n} test images, each with its true class and what the dense, the pruned and (after a heal) the healed net predict: ✓ right, ✗ wrong. Refreshed after every score.`,
  gridStage: { dense: 'dense', pruned: 'pruned', healed: 'healed' } satisfies Record<GridStage, string>,
  gridRight: (right: number, total: number) => `${right} / ${total} right`,
  gridCellAria: (truth: string, verdicts: string) => `true class ${truth}; ${verdicts}`,
  gridVerdict: (stage: string, predicted: string, right: boolean) => `${stage}: ${predicted}, ${right ? 'right' : 'wrong'}`,
};

export const zh: typeof en = {
  gridTitle: '测试图像与预测结果',
  gridIntro: (n) => `测试集的前 ${n} 张图像，每张给出真实类别，以及未剪枝、剪枝后和（恢复之后）恢复后的网络的预测：✓ 正确，✗ 错误。每次评分后刷新。`,
  gridStage: { dense: '未剪枝', pruned: '剪枝后', healed: '恢复后' },
  gridRight: (right, total) => `${total} 张中 ${right} 张正确`,
  gridCellAria: (truth, verdicts) => `真实类别 ${truth}；${verdicts}`,
  gridVerdict: (stage, predicted, right) => `${stage}：${predicted}，${right ? '正确' : '错误'}`,
};
