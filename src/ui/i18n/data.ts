/**
 * The words of the Data panel (see index.ts): the dataset picker, loading CIFAR from files or a
 * URL, and the datasets kept in the browser. One section of the catalog; pure data and
 * formatting. The datasets' own labels are in DATASETS and DATA_PRESETS (state/config.ts).
 */

export const en = {
  dataTitle: 'Data',
  dataDataset: 'Dataset',
  dataNotLoaded: ' (not loaded)',
  dataSummary: (variant: string, train: string, test: string, coarse: boolean, fromCache: boolean) =>
    `${variant}: ${train} training and ${test} test images${coarse ? ', fine and coarse labels' : ''} — ${fromCache ? 'from the cache' : 'loaded'}. Evaluation uses the official test set.`,
  dataDropAria: 'Drop CIFAR files here',
  // "Drop CIFAR files here — <code>.bin</code> batches (+ names <code>.txt</code>), the official
  // <code>.tar.gz</code>, or Hugging Face <code>.parquet</code> — or <label>choose files</label>."
  dataDropA: 'Drop CIFAR files here —',
  dataDropB: 'batches (+ names',
  dataDropC: '), the official',
  dataDropD: ', or Hugging Face',
  dataDropE: '— or ',
  dataChooseFiles: 'choose files',
  dataDropEnd: '.',
  dataUrlPlaceholder: 'https://… (CORS-enabled)',
  dataUrlAria: 'Dataset URL',
  dataLoad: 'Load',
  dataTreatAs: 'Treat input as',
  dataDetect: 'detect',
  dataKept: 'Kept in this browser',
  dataCachedLine: (variant: string, images: string, size: string) => `${variant}, ${images} images, ${size}`,
  dataUse: 'Use',
  dataDelete: 'Delete',
  dataDeleteAria: (label: string) => `Delete ${label} from the cache`,
};

export const zh: typeof en = {
  dataTitle: '数据',
  dataDataset: '数据集',
  dataNotLoaded: '（未加载）',
  dataSummary: (variant, train, test, coarse, fromCache) =>
    `${variant}：${train} 张训练图像和 ${test} 张测试图像${coarse ? '，带细分类和粗分类标签' : ''} — ${fromCache ? '来自缓存' : '已加载'}。评估使用官方测试集。`,
  dataDropAria: '把 CIFAR 文件拖到这里',
  dataDropA: '把 CIFAR 文件拖到这里 —',
  dataDropB: '批次文件（+ 类名',
  dataDropC: '）、官方的',
  dataDropD: '，或 Hugging Face 的',
  dataDropE: '— 或者',
  dataChooseFiles: '选择文件',
  dataDropEnd: '。',
  dataUrlPlaceholder: 'https://…（需支持 CORS）',
  dataUrlAria: '数据集 URL',
  dataLoad: '加载',
  dataTreatAs: '把输入当作',
  dataDetect: '自动识别',
  dataKept: '保存在此浏览器中',
  dataCachedLine: (variant, images, size) => `${variant}，${images} 张图像，${size}`,
  dataUse: '使用',
  dataDelete: '删除',
  dataDeleteAria: (label) => `从缓存中删除 ${label}`,
};
