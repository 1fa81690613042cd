/** The words of export (see index.ts). One section of the catalog; pure data and formatting. */

export const en = {
  exportTitle: 'Export',
  exportModel: 'Pruned model (model.json + weights.bin)',
  exportPolicy: 'Policy (JSON)',
  exportPytorch: 'PyTorch snippet',
  exportResultsJson: 'Results (JSON)',
  exportLayersCsv: 'Per-layer table (CSV)',
  exportDense: 'Weights, dense float32',
  exportGzip: 'Both files gzipped',
  exportCsr: 'Weights as CSR (estimate)',
  exportZeros: 'Exact zeros',
  /** `percent` is formatted (toFixed). */
  exportZerosOf: (percent: string, params: number) => `${percent}% of ${params.toLocaleString('en-US')}`,
  // The note, in pieces around its <code> names: tf.loadLayersModel, training/models.py, torch.nn.utils.prune.
  exportNoteLoad: 'The model files load with ',
  exportNoteSizes: '; pruned weights are stored as zeros, so the files are as large as the dense model and only gzip or a sparse format (CSR: float32 value + int32 column per kept weight, plus row pointers) makes them smaller. The PyTorch snippet applies the same per-layer counts to ',
  exportNoteTwin: "'s twin with ",
  exportNoteEnd: '.',
};

export const zh: typeof en = {
  exportTitle: '导出',
  exportModel: '剪枝后的模型（model.json + weights.bin）',
  exportPolicy: '策略（JSON）',
  exportPytorch: 'PyTorch 代码片段',
  exportResultsJson: '结果（JSON）',
  exportLayersCsv: '逐层表格（CSV）',
  exportDense: '权重，稠密 float32',
  exportGzip: '两个文件 gzip 压缩后',
  exportCsr: '权重按 CSR 存储（估计）',
  exportZeros: '恰好为零的权重',
  exportZerosOf: (percent, params) => `${percent}%（共 ${params.toLocaleString('en-US')} 个）`,
  exportNoteLoad: '模型文件可以用 ',
  exportNoteSizes: ' 加载；剪掉的权重存为零，所以文件和未剪枝的模型一样大，只有 gzip 或稀疏格式（CSR：每个保留的权重存一个 float32 值和一个 int32 列号，外加行指针）才能让文件变小。PyTorch 代码片段对 ',
  exportNoteTwin: ' 中对应的模型，用 ',
  exportNoteEnd: ' 施加同样的逐层剪枝数量。',
};
