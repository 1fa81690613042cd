/**
 * The words of the Model panel (see index.ts): the model and weights pickers, the seeds, importing
 * a tfjs model, and the notes on the weights in use. One section of the catalog; pure data and
 * formatting. Model names (VGG16, VGG-S, ResNet-20) and dataset labels stay as they are.
 */
import type { SplitName } from '../../worker/protocol.ts';

export const en = {
  modelTitle: 'Model',
  modelPick: 'Model',
  /** Picker option: the model's shipped accuracy on the dataset in use. */
  modelOnDataset: (label: string, acc: string, dataset: string) => `${label} — ${acc} on ${dataset}`,
  /** Picker option: the datasets this model has trained weights for. */
  modelTrainedFor: (label: string, cards: { dataset: string; acc: string }[]) => `${label} — trained for ${cards.map((c) => `${c.dataset}, ${c.acc}`).join('; ')}`,
  modelRandomOnly: (label: string) => `${label} — random weights only`,
  modelImportedOption: (name: string | null) => `Imported from URL${name !== null ? `: ${name}` : ''}`,
  modelBadUrl: 'A model URL must start with http:// or https:// and point at model.json.',
  modelWeights: 'Weights',
  modelSeed: 'Weight seed',
  modelSeedTitle: 'Seeds random weights only',
  modelDataSeed: 'Data seed',
  modelDataSeedTitle: 'Seeds Shapes-10 generation and the CIFAR train/reward/calibration splits',
  modelImport: 'Import your own model (tfjs LayersModel)',
  modelDropAria: 'Drop model.json and its weight files here',
  // "Drop <code>model.json</code> and its <code>.bin</code> files here, or <label>choose files</label>"
  modelDropA: 'Drop',
  modelDropB: 'and its',
  modelDropC: 'files here, or ',
  modelChooseFiles: 'choose files',
  modelUrlAria: 'URL of a model.json',
  modelLoad: 'Load',
  modelSupported: (layers: readonly string[]) => `Supported layers: ${layers.join(', ')}. The input must be 32×32×3 and the output one unit per class of the dataset in use; Conv2D and Dense kernels are what the lab prunes. The model is checked in full before it replaces the current one.`,
  modelSize: (params: string, macs: string, layers: number) => `${params} trainable parameters · ${macs} MACs per image · ${layers} prunable layers`,
  // "<b>Imported model</b> '…' (…): …"
  modelImported: 'Imported model',
  modelImportedRest: (name: string, source: string, layers: number, types: string[]) => ` '${name}' (${source === 'files' ? 'from files' : source}): ${layers} layers — ${types.join(', ')}.`,
  // "<b>Trained weights</b>: … <a>Model card</a>"
  modelTrained: 'Trained weights',
  /** `below`: the target accuracy when the weights fall short of it, else null. */
  modelTrainedRest: (acc: string, dataset: string, images: string, done: number, epochs: number, below: string | null) =>
    `: ${acc} top-1 on the ${dataset} test split (${images} images), as measured by the trainer${done < epochs ? `, after ${done} of ${epochs} planned epochs` : ''}${below !== null ? ` — below its ${below} target (its card says why and how to continue training)` : ''}.`,
  modelCard: 'Model card',
  // "<b>Weights are random</b> (…)…"
  modelRandom: 'Weights are random',
  /** `chosen`: random weights were asked for; `elsewhere`: datasets with trained weights for this model; `chance`: chance accuracy in %. */
  modelRandomRest: (seed: number, chosen: boolean, model: string, elsewhere: string[], chance: string) =>
    ` (seeded initialization, seed ${seed})${chosen ? ', as chosen' : `: no trained ${model} ships for this dataset${elsewhere.length ? ` (there are trained weights for ${elsewhere.join(', ')}: load that dataset to use them)` : ''}`}. Accuracies sit near chance (${chance}%) and only show how pruning perturbs an untrained net.`,
  /** `shapes`: Shapes-10's seed and generation time, null for CIFAR. */
  modelEvalSet: (key: string, split: string, count: string, shapes: { seed: number; seconds: string } | null) =>
    `Evaluation set: ${key} ${split}, ${count} images${shapes ? ` (seed ${shapes.seed}, generated in ${shapes.seconds} s)` : ''}.`,
  modelSplit: { train: 'train', validation: 'validation', test: 'test', reward: 'reward', calibration: 'calibration' } as Record<SplitName, string>,
  // The core's names and notes (core/models/catalog.ts, shipped-models.json), English as they are there.
  modelName: (label: string) => label,
  modelSummary: (key: string, summary: string) => summary,
  modelDataName: (label: string) => label,
};

const ZH_SUMMARY: Record<string, string> = {
  'vgg-s': '6 个卷积层（32,32 | 64,64 | 128,128）+ 全连接层 2048→256→C；运行快，适合课堂演示',
  vgg16: '13 个卷积层 + 全连接层 512→512→C，论文的主要模型',
  resnet20: '19 个卷积层，A 型捷径连接，全局平均池化 + 全连接层 64→C',
  resnet56: '55 个卷积层，A 型捷径连接，全局平均池化 + 全连接层 64→C',
};

export const zh: typeof en = {
  modelTitle: '模型',
  modelPick: '模型',
  modelOnDataset: (label, acc, dataset) => `${label} — 在 ${dataset} 上准确率 ${acc}`,
  modelTrainedFor: (label, cards) => `${label} — 有已训练的权重：${cards.map((c) => `${c.dataset}（${c.acc}）`).join('；')}`,
  modelRandomOnly: (label) => `${label} — 只有随机权重`,
  modelImportedOption: (name) => `从 URL 导入${name !== null ? `：${name}` : ''}`,
  modelBadUrl: '模型 URL 必须以 http:// 或 https:// 开头，并指向 model.json。',
  modelWeights: '权重',
  modelSeed: '权重种子',
  modelSeedTitle: '种子只用于随机权重',
  modelDataSeed: '数据种子',
  modelDataSeedTitle: '用于生成 Shapes-10，以及划分 CIFAR 的训练集、奖励集和校准集',
  modelImport: '导入你自己的模型（tfjs LayersModel）',
  modelDropAria: '把 model.json 和它的权重文件拖到这里',
  modelDropA: '把',
  modelDropB: '和它的',
  modelDropC: '文件拖到这里，或者',
  modelChooseFiles: '选择文件',
  modelUrlAria: 'model.json 的 URL',
  modelLoad: '加载',
  modelSupported: (layers) => `支持的层：${layers.join('、')}。输入必须是 32×32×3，输出对所用数据集的每个类别各有一个单元；实验室剪枝的是 Conv2D 和 Dense 层的权重（kernel）。模型在替换当前模型之前会被完整检查。`,
  modelSize: (params, macs, layers) => `${params} 个可训练参数 · 每张图像 ${macs} 次乘加运算（MACs） · ${layers} 个可剪枝的层`,
  modelImported: '导入的模型',
  modelImportedRest: (name, source, layers, types) => ` “${name}”（${source === 'files' ? '来自文件' : source}）：${layers} 层 — ${types.join('、')}。`,
  modelTrained: '已训练的权重',
  modelTrainedRest: (acc, dataset, images, done, epochs, below) =>
    `：在 ${dataset} 测试集（${images} 张图像）上 top-1 为 ${acc}，由训练程序测得${done < epochs ? `，计划 ${epochs} 轮中完成了 ${done} 轮` : ''}${below !== null ? ` — 低于目标 ${below}（模型卡片里说明了原因以及如何继续训练）` : ''}。`,
  modelCard: '模型卡片',
  modelRandom: '权重是随机的',
  modelRandomRest: (seed, chosen, model, elsewhere, chance) =>
    `（按种子初始化，种子 ${seed}）${chosen ? '，这是你选的' : `：这个数据集没有随附已训练的 ${model}${elsewhere.length ? `（${elsewhere.join('、')} 有已训练的权重：加载那个数据集即可使用）` : ''}`}。准确率接近随机猜测（${chance}%），只能说明剪枝如何扰动一个未经训练的网络。`,
  modelEvalSet: (key, split, count, shapes) =>
    `评估集：${key} ${split}，${count} 张图像${shapes ? `（种子 ${shapes.seed}，生成用时 ${shapes.seconds} 秒）` : ''}。`,
  modelSplit: { train: '训练集', validation: '验证集', test: '测试集', reward: '奖励集', calibration: '校准集' },
  modelName: (label) => label.replace(/ \(demo\)$/, '（演示）').replace(/ \((\w+)\)$/, '（$1）'),
  modelSummary: (key, summary) => ZH_SUMMARY[key] ?? summary,
  modelDataName: (label) => label.replace(/ \(seed (\d+)\)$/, '（种子 $1）').replace(/ \(JPEG copy\)$/, '（JPEG 副本）'),
};
