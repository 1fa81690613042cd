/**
 * The Chinese of the model errors: importing a user's LayersModel (src/core/models/import.ts) and
 * checking weight files against a model (src/core/models/pretrained.ts). Layer, weight and file
 * names, type names (Conv2D, LSTM), dtypes, shapes and the fields of model.json (modelTopology,
 * weightsManifest) stay as they are; tfjs's own reason for a topology it cannot build is quoted.
 */
import type { ReasonEntry } from './reasons-zh-kit.ts';

export const MODEL_REASONS: readonly ReasonEntry[] = [
  {
    en: /^model\.json is not valid JSON$/,
    zh: () => 'model.json 不是有效的 JSON 文件',
  },
  {
    en: /^This is a tfjs graph model; the lab imports LayersModels \(model\.json with "modelTopology" and layers\)$/,
    zh: () => '这是 tfjs 图模型；实验室只能导入 LayersModel（其 model.json 含有 "modelTopology" 和各层）',
  },
  {
    en: /^model\.json has no modelTopology: not a tfjs LayersModel$/,
    zh: () => 'model.json 中没有 modelTopology：它不是 tfjs LayersModel',
  },
  {
    en: /^model\.json's modelTopology lists no layers$/,
    zh: () => 'model.json 的 modelTopology 中没有列出任何层',
  },
  {
    // The list names each layer as 'name' (Type), five at most, then '…'.
    en: /^Unsupported layers?: ([\s\S]*)\. Supported types: ([\s\S]*)$/,
    zh: (layers, types) => `不支持的层：${layers}。支持的类型：${types}`,
  },
  {
    en: /^The model has no Conv2D or Dense layer: nothing to prune$/,
    zh: () => '该模型没有 Conv2D 或 Dense 层：没有可以剪枝的部分',
  },
  {
    en: /^model\.json has no weightsManifest$/,
    zh: () => 'model.json 中没有 weightsManifest',
  },
  {
    en: /^model\.json's weightsManifest is malformed$/,
    zh: () => 'model.json 的 weightsManifest 格式不正确',
  },
  {
    en: /^Missing weight file '([\s\S]*)' \(model\.json lists it; pick or drop it together with model\.json\)$/,
    zh: (file) => `缺少权重文件 '${file}'（model.json 列出了它；请把它和 model.json 一起选择或拖入）`,
  },
  {
    en: /^Weight files? ([\s\S]+) holds? ([\d,]+) bytes; model\.json describes ([\d,]+)$/,
    zh: (files, got, want) => `权重文件 ${files} 共有 ${got} 字节，而 model.json 描述的是 ${want} 字节`,
  },
  {
    en: /^The model could not be built from model\.json: ([\s\S]*)$/,
    zh: (inner) => `无法根据 model.json 构建模型：${inner}`,
  },
  {
    en: /^The model's input is \[([\s\S]*)\]; the dataset's images are \[([\s\S]*)\]$/,
    zh: (model, data) => `模型的输入是 [${model}]，而数据集的图像是 [${data}]`,
  },
  {
    en: /^The model outputs \[([\s\S]*)\]; the dataset has (\d+) classes$/,
    zh: (out, classes) => `模型的输出是 [${out}]，而数据集有 ${classes} 个类别`,
  },
  {
    en: /^model\.json has a weight entry without a name$/,
    zh: () => 'model.json 中有一个没有名称的权重条目',
  },
  {
    en: /^Weight '([\s\S]*)' has an invalid shape ([\s\S]*)$/,
    zh: (name, shape) => `权重 '${name}' 的形状 ${shape} 无效`,
  },
  {
    en: /^Weight '([\s\S]*)' declares ([\s\S]*) values, more than any weight file can hold$/,
    zh: (name, n) => `权重 '${name}' 声明有 ${n} 个值，超出了任何权重文件能容纳的数量`,
  },
  {
    en: /^Weight '([\s\S]*)' has an unsupported dtype '([\s\S]*)'$/,
    zh: (name, dtype) => `权重 '${name}' 的数据类型 '${dtype}' 不受支持`,
  },
  {
    en: /^Not a tfjs weights manifest \(expected \[\{paths, weights\}\]\)$/,
    zh: () => '这不是 tfjs 权重清单（应为 [{paths, weights}]）',
  },
  {
    en: /^Weight shards hold (\d+) bytes; the manifest needs (\d+)$/,
    zh: (got, need) => `权重分片共有 ${got} 字节，而权重清单需要 ${need} 字节`,
  },
  {
    en: /^The weights file has '([\s\S]*)', which ([\s\S]+) does not have$/,
    zh: (name, model) => `权重文件中有 '${name}'，但 ${model} 没有这个权重`,
  },
  {
    en: /^Weight '([\s\S]*)' has shape \[([\s\S]*)\] in the weight files; the layer needs \[([\s\S]*)\]$/,
    zh: (name, got, need) => `权重 '${name}' 在权重文件中的形状是 [${got}]，而该层需要 [${need}]`,
  },
  {
    en: /^The weights file lacks (\d+) weight\(s\) of ([\s\S]+?): ([\s\S]*)$/,
    zh: (n, model, names) => `权重文件缺少 ${model} 的 ${n} 个权重：${names}`,
  },
  {
    en: /^Weight '([\s\S]*)' holds (NaN|an infinite value) at index (\d+) \(a non-finite weight\)$/,
    zh: (name, what, i) => `权重 '${name}' 在索引 ${i} 处的值是${what === 'NaN' ? ' NaN' : '无穷大'}（权重必须是有限的数）`,
  },
];
