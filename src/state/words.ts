/**
 * The words the lab's state says on its own (busy steps, notices, the failed/cancelled line), in
 * English and Chinese with the same keys. They are chosen in the page's language when said (a
 * notice already on screen keeps its language). Reasons that come from the worker are English; the
 * Chinese words say them through `reason` (reasons-zh.ts), which quotes one it does not know (or
 * the browser's own) as it is. The UI's catalog test covers this section too (src/ui/i18n/index.ts).
 */
import type { Lang } from './lang.ts';
import { reasonZh } from './reasons-zh.ts';

const n = (x: number) => x.toLocaleString('en-US');
/** A reason in Chinese, without a full stop of its own when a sentence of ours follows it. */
const clause = (reason: string) => reasonZh(reason).replace(/[。.]+$/, '');

export const en = {
  busyLoadingData: 'Loading data',
  busyDeletingCached: 'Deleting from the cache',
  busyResumingFineTune: 'Resuming the fine-tuning',
  busyHealing: 'Applying the policy and healing',
  busyApplyingBest: 'Applying the best policy',
  busyLoadingTheData: 'Loading the data',
  busyExporting: 'Exporting the pruned model',
  busyStartingBackend: 'Starting the compute backend',
  busyImporting: 'Importing the model',
  busyLoadingModel: 'Loading the model and data',
  busyDownloadingData: 'Downloading data',
  busyReadingFiles: 'Reading files',
  busyLoadingFromCache: 'Loading from the cache',
  busyPruning: 'Pruning',
  busyReadingLayer: 'Reading the layer',
  busyEvaluating: 'Evaluating',
  busyQuickScore: (n: number) => `Quick estimate on ${n} test images`,
  busyResumingSearch: 'Resuming the search',
  busySearching: 'Searching',
  stepCancelled: (label: string) => `${label}: cancelled.`,
  /** A reason from the worker or the core, in this language. */
  reason: (message: string) => message,
  stepFailed: (label: string, reason: string) => `${label} failed: ${reason}`,
  noteUsingShapes: (reason: string) => `${reason}. Using the built-in Shapes-10 instead.`,
  noteNoTestSet: (train: number, name: string) => `Loaded ${n(train)} ${name} training images, but no test set: the lab evaluates on the test set, so load it too (e.g. the '${name} test' preset).`,
  noteFromCache: (name: string) => `Loaded ${name} from this browser's cache (no download).`,
  noteNotLoaded: (name: string) => `${name} (with its test set) is not loaded yet: pick files or a URL below.`,
  noteDeviceLost: (reason: string, resume: 'search' | 'heal' | null) => `The WebGPU device was lost (${reason}). The lab restarted on WASM${resume === 'search' ? ' and resumes the search' : resume === 'heal' ? ' and resumes the fine-tuning' : ''} from the last checkpoint.`,
  noteImported: (name: string, model: string) => `Imported '${name}' from files: a link cannot carry local files, so a reload or a shared link opens ${model} again (host model.json and use ?model=<url> to share it).`,
  noteKept: (problem: string, kept: string) => `${problem}; kept ${kept}.`,
  noteAutoBackend: (reason: string) => `${reason}. Using the automatic choice instead.`,
  noteDefaultModel: (reason: string, model: string) => `${reason}. Using ${model} instead.`,
  noteNoLayer: (layer: string, model: string, shown: string) => `Layer '${layer}' is not in ${model}; showing ${shown}.`,
  noteBadPolicy: (layers: number, model: string, convs: number) => `The link's policy has ${layers} layers that do not fit ${model} (${convs} conv layers); ignored it.`,
};

export type Words = typeof en;

export const zh: Words = {
  busyLoadingData: '正在加载数据',
  busyDeletingCached: '正在从缓存中删除',
  busyResumingFineTune: '正在继续微调',
  busyHealing: '正在应用策略并恢复',
  busyApplyingBest: '正在应用最佳策略',
  busyLoadingTheData: '正在加载数据',
  busyExporting: '正在导出剪枝后的模型',
  busyStartingBackend: '正在启动计算后端',
  busyImporting: '正在导入模型',
  busyLoadingModel: '正在加载模型和数据',
  busyDownloadingData: '正在下载数据',
  busyReadingFiles: '正在读取文件',
  busyLoadingFromCache: '正在从缓存加载',
  busyPruning: '正在剪枝',
  busyReadingLayer: '正在读取该层',
  busyEvaluating: '正在评估',
  busyQuickScore: (n) => `正在用 ${n} 张测试图像快速估算`,
  busyResumingSearch: '正在继续搜索',
  busySearching: '正在搜索',
  stepCancelled: (label) => `${label}：已取消。`,
  reason: reasonZh,
  stepFailed: (label, reason) => `${label}失败：${reasonZh(reason)}`,
  noteUsingShapes: (reason) => `${clause(reason)}。改用内置的 Shapes-10。`,
  noteNoTestSet: (train, name) => `已加载 ${n(train)} 张 ${name} 训练图像，但没有测试集：实验室在测试集上评估，请同时加载测试集（例如预设“${name} test”）。`,
  noteFromCache: (name) => `已从本浏览器的缓存加载 ${name}（无需下载）。`,
  noteNotLoaded: (name) => `${name}（含测试集）尚未加载：请在下方选择文件或填写网址。`,
  noteDeviceLost: (reason, resume) => `WebGPU 设备丢失（${reasonZh(reason)}）。实验室已在 WASM 上重新启动${resume === 'search' ? '，从最近的检查点继续搜索' : resume === 'heal' ? '，从最近的检查点继续微调' : '，从最近的检查点开始'}。`,
  noteImported: (name, model) => `已从文件导入“${name}”：链接无法携带本地文件，因此重新加载或分享的链接会再次打开 ${model}（把 model.json 放到网上，用 ?model=<网址> 分享）。`,
  noteKept: (problem, kept) => `${clause(problem)}；保留 ${kept}。`,
  noteAutoBackend: (reason) => `${clause(reason)}。改用自动选择的后端。`,
  noteDefaultModel: (reason, model) => `${clause(reason)}。改用 ${model}。`,
  noteNoLayer: (layer, model, shown) => `${model} 中没有层“${layer}”；显示 ${shown}。`,
  noteBadPolicy: (layers, model, convs) => `链接中的策略有 ${layers} 层，与 ${model}（${convs} 个卷积层）不符；已忽略。`,
};

export const WORDS: Record<Lang, Words> = { en, zh };
