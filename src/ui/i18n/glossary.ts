/**
 * The glossary: what a term on screen means, shown on hover or keyboard focus (ui/Term.svelte).
 * One entry per term, in both languages; the method sections they cite are METHOD.md's.
 * One section of the catalog (index.ts).
 */
export type GlossKey = 'alpha' | 'warmup' | 'episode' | 'reward' | 'sigma' | 'ksigma' | 'bnRecal' | 'macs' | 'thop' | 'fineTune' | 'agentShare';

export const en = {
  glossary: {
    alpha: 'α, the target: the share of the convolution weights (or of their MACs, by the budget) that every episode\'s policy removes in all. The budget wall makes the last layers take what the first ones left (METHOD §1.3).',
    warmup: 'Warm-up: the first episodes choose every sparsity at random, so that the agent has experience to learn from; after them the DDPG actor chooses, with shrinking noise (AMC; METHOD §1.4).',
    episode: 'Episode: one candidate policy. The agent picks a sparsity for each convolution in turn, the net is pruned by it and scored on the reward images; that score is the episode\'s reward.',
    reward: 'Reward: what the agent maximises, the pruned net\'s top-1 on the reward images (held out of the training images; the test split is never used during the search).',
    sigma: 'σ: the spread of the random noise added to the agent\'s chosen sparsities, so that it keeps exploring; it shrinks by a factor of 0.95 every episode after the warm-up (METHOD §1.4).',
    ksigma: 'k-σ rule: in a fully connected layer, every weight within μ ± kσ of the layer\'s own mean μ and standard deviation σ is removed. For a Gaussian, k = 3 removes 99.73 % of it (METHOD §2).',
    bnRecal: 'BN recalibration: after pruning, every BatchNorm layer\'s running mean and variance are estimated again on training images, with no gradient step (EagleEye; the lab\'s addition, METHOD §8.1).',
    macs: 'MACs: multiply-accumulate operations of one image\'s forward pass. A pruned weight saves every MAC it took part in.',
    thop: 'thop-style: parameters counted as the thop library counts them, convolution and linear weights and biases without BatchNorm, the convention of the HRank and ABCPruner tables (METHOD §4).',
    fineTune: 'Fine-tuning: training the pruned net again with its masks fixed: pruned weights stay exactly zero while the kept ones adapt (METHOD §4).',
    agentShare: 'The agent\'s share: of the last 20 episodes\' time, the part the DDPG agent took (choosing and learning); the rest is scoring the candidates.',
  } satisfies Record<GlossKey, string>,
  glossaryHint: 'What this means',
};

export const zh: typeof en = {
  glossary: {
    alpha: 'α，剪枝目标：每个回合的策略总共要去除的卷积层权重（按预算方式，或其乘加运算量）的比例。预算约束让最后几层承担前面各层剩下的份额（METHOD §1.3）。',
    warmup: '预热回合：最初的若干回合随机选择每层的稀疏比，让智能体先积累经验；之后由 DDPG 的 actor 选择，并加上逐渐减小的噪声（AMC；METHOD §1.4）。',
    episode: '回合：一个候选策略。智能体依次为每个卷积层选一个稀疏比，按此剪枝后在奖励图像上评分，这个分数就是该回合的奖励。',
    reward: '奖励：智能体要最大化的量，即剪枝后的网络在奖励图像（从训练图像中留出；搜索期间从不使用测试集）上的 top-1。',
    sigma: 'σ：加在智能体所选稀疏比上的随机噪声的幅度，使它持续探索；预热回合之后每个回合缩小为原来的 0.95 倍（METHOD §1.4）。',
    ksigma: 'k-σ 准则：在全连接层中，凡落在该层自身均值 μ 与标准差 σ 的 μ ± kσ 区间内的权重都被去除。对正态分布，k = 3 去除 99.73%（METHOD §2）。',
    bnRecal: 'BN 重新校准：剪枝后，用训练图像重新估计每个 BatchNorm 层的滑动均值和方差，不做任何梯度更新（EagleEye；实验室的补充，METHOD §8.1）。',
    macs: '乘加运算量（MACs）：一张图像前向传播中的乘加运算次数。剪掉的权重省去它参与的全部乘加运算。',
    thop: 'thop 口径：按 thop 库的方式统计参数，即卷积层和全连接层的权重与偏置、不含 BatchNorm，与 HRank 和 ABCPruner 论文表格的口径相同（METHOD §4）。',
    fineTune: '微调：在掩码固定的情况下重新训练剪枝后的网络：被剪掉的权重始终为零，保留的权重继续调整（METHOD §4）。',
    agentShare: '智能体占用的时间：最近 20 个回合的耗时中 DDPG 智能体（选择与学习）所占的部分；其余是为候选策略评分。',
  },
  glossaryHint: '这是什么意思',
};
