/**
 * Lesson mode: six steps, each with the panels it shows and a short explanation in
 * English and Chinese. Pure data.
 */
import type { PanelKey } from '../state/config.ts';
import type { Lang } from '../state/lang.ts';

export interface LessonStep {
  key: string;
  panels: PanelKey[];
  /** The histogram's layer kind the step's text is about (the k-σ step shows a dense layer's band). */
  layer?: 'dense';
  title: Record<Lang, string>;
  body: Record<Lang, string>;
}

export const LESSON: readonly LessonStep[] = [
  {
    key: 'model',
    panels: ['model', 'data', 'layers'],
    title: { en: 'Model', zh: '模型' },
    body: {
      en: 'Pick a network and a dataset. The layer table lists every convolution and fully connected layer with its weights and multiply-accumulates (MACs): these are what pruning removes. VGG16 holds most of its weights in the last convolutions; the small VGG-S runs fast enough for a class.',
      zh: '选择网络和数据集。层表列出每个卷积层和全连接层的权重数和乘加运算量（MACs），这正是剪枝要去掉的部分。VGG16 的大部分权重集中在最后几个卷积层；小网络 VGG-S 运行很快，适合课堂演示。',
    },
  },
  {
    key: 'baseline',
    panels: ['eval', 'prune', 'network', 'histogram'],
    title: { en: 'Baseline', zh: '基线' },
    body: {
      en: 'Measure the dense network first: its test accuracy is the baseline every pruned result is compared with. Then try magnitude pruning by hand — move the sparsity slider and watch the accuracy: a few layers are fragile, most are not, and one sparsity for every layer is rarely the best choice.',
      zh: '先测量未剪枝网络：它在测试集上的准确率就是基线，所有剪枝结果都与它比较。然后手动试一试幅值剪枝——拖动稀疏度滑块，观察准确率：少数层很敏感，多数层不敏感，所有层使用同一个稀疏度往往不是最好的选择。',
    },
  },
  {
    key: 'search',
    panels: ['search'],
    title: { en: 'Search', zh: '搜索' },
    body: {
      en: 'A reinforcement-learning agent (DDPG, as in AMC) chooses a sparsity for each convolution in turn. A budget wall makes every episode remove exactly α of the convolution weights, so the agent can only decide where to prune, not how much. The reward is the accuracy on images held out of the training data; the first episodes explore at random, then the agent learns from them. The best policy found is kept.',
      zh: '强化学习智能体（深度确定性策略梯度 DDPG，同 AMC）依次为每个卷积层选择稀疏比。预算约束保证每一回合恰好剪掉 α 比例的卷积权重，因此智能体只能决定“剪哪里”，不能决定“剪多少”。奖励是模型在训练集中留出图像上的准确率；前若干回合随机探索，之后智能体从经验中学习，并保留找到的最佳策略。',
    },
  },
  {
    key: 'ksigma',
    panels: ['search', 'heal', 'network', 'histogram', 'results'],
    layer: 'dense',
    title: { en: 'FC 3σ', zh: '全连接层 3σ' },
    body: {
      en: 'Fully connected weights are roughly normal. The 3σ rule removes every weight inside μ ± 3σ of its layer — for a Gaussian that is 99.73 % of them. The histogram shows the band; the measured removed fraction shows how Gaussian the layer really is. "Apply best policy + k-σ" combines it with the searched convolution policy. By default the lab keeps the classifier (the last dense layer, which outputs the classes) dense: on the Shapes-10 VGG-S, 3σ would leave it 2 of its 2,560 weights, fewer than its 10 outputs, and no fine-tuning brings them back. Set the k-σ scope to "every dense layer" to see that collapse; the paper preset does so.',
      zh: '全连接层的权重近似服从正态分布。3σ 准则去掉每层落在 μ ± 3σ 区间内的权重——对正态分布而言占 99.73%。直方图显示该区间；实际去除比例说明这一层有多接近正态分布。“应用最佳策略 + k-σ”把它与搜索得到的卷积层策略组合起来。实验室默认保持分类层（最后一个输出各类别的全连接层）不剪：在 Shapes-10 的 VGG-S 上，3σ 会让它的 2,560 个权重只剩 2 个，少于 10 个输出，任何微调都无法恢复。把 k-σ 作用范围设为“所有全连接层”即可看到这种崩溃；论文预设就是这样设置的。',
    },
  },
  {
    key: 'finetune',
    panels: ['search', 'heal', 'results', 'eval'],
    title: { en: 'Fine-tune', zh: '微调' },
    body: {
      en: 'Pruning costs accuracy; a short retraining with the masks held fixed wins much of it back. Pruned weights stay exactly zero while the remaining ones adapt. Before it, the lab can re-estimate the BatchNorm statistics on training images (not in the paper): no gradients, seconds, and often much of the loss back. The results table and its chart show the accuracy before pruning, after pruning, after recalibration and after every epoch of fine-tuning, and how many parameters and MACs were removed; "One more epoch" continues a finished fine-tuning.',
      zh: '剪枝会损失准确率；在固定掩码的情况下短暂重新训练（微调）可以找回大部分。被剪掉的权重始终为零，其余权重进行调整。微调之前，实验室还可以用训练图像重新估计 BatchNorm 的统计量（论文中没有这一步）：不需要梯度，几秒钟即可完成，常常能找回大部分损失。结果表及其图表给出剪枝前、剪枝后、重新校准后以及每一轮微调后的准确率，以及去掉的参数量和乘加运算量；“再微调一轮”在已完成的微调基础上继续训练。',
    },
  },
  {
    key: 'compare',
    panels: ['compare', 'export'],
    title: { en: 'Compare', zh: '对比' },
    body: {
      en: 'Put the combination beside the classic criteria — uniform and global magnitude, L1-norm filters, APoZ, entropy, HRank — at the same target, and beside the paper\'s published figures. Then export the pruned model, the policy and the results, or copy a link that reproduces this experiment.',
      zh: '在相同剪枝目标下，把组合剪枝与经典准则——均匀与全局幅值剪枝、L1 范数滤波器、APoZ、熵、HRank——以及论文公布的结果进行对比。最后导出剪枝后的模型、策略和结果，或复制一个能复现本实验的链接。',
    },
  },
];
