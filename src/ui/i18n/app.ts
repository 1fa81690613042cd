/** The page's frame: header, language switch, lesson bar. One section of the catalog (index.ts). */

export const en = {
  appTitle: 'Pruning Lab',
  appIntro: 'Prune a CNN in your browser: a DDPG agent searches per-layer sparsities for the convolutions, the k-σ rule prunes the fully connected layers, fine-tuning keeps the masks fixed.',
  lessonStart: 'Lesson mode',
  language: 'Language',
  lesson: 'Lesson', lessonExit: 'Exit lesson', lessonBack: 'Back', lessonNext: 'Next', lessonStep: 'Step', lessonSteps: 'Lesson steps',
};

export const zh: typeof en = {
  appTitle: '剪枝实验室',
  appIntro: '在浏览器里剪枝一个卷积神经网络：DDPG 智能体为各卷积层搜索稀疏比，k-σ 准则剪全连接层，微调时掩码保持固定。',
  lessonStart: '课程模式',
  language: '语言',
  lesson: '课程', lessonExit: '退出课程', lessonBack: '上一步', lessonNext: '下一步', lessonStep: '步骤', lessonSteps: '课程步骤',
};
