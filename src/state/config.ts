/**
 * The lab's configuration: type, defaults, and the option registries the UI and the URL codec
 * share. Pure data; no DOM.
 */
import type { BackendName } from '../core/backend-names.ts';
import type { ModelKey } from '../core/models/catalog.ts';
import type { CompareMethod } from '../core/pipeline/methods.ts';
import type { DatasetKey } from '../worker/protocol.ts';
import { KSIGMA_SCOPES, KSIGMA_SCOPE_DEFAULT } from '../core/prune/ksigma-scope.ts';

/**
 * The fixed-choice settings' options, in one place (as RANGES is for the numbers): the URL
 * accepts these values, and the selects and radios list them with these labels (both languages).
 */
export const CHOICES = {
  weights: [{ value: 'trained', label: { en: 'Trained (shipped model)', zh: '已训练（随附的模型）' } }, { value: 'random', label: { en: 'Random (seeded initialization)', zh: '随机（按种子初始化）' } }],
  method: [
    { value: 'uniform', label: { en: 'Uniform magnitude (same sparsity per layer)', zh: '均匀幅值剪枝（每层稀疏比相同）' } },
    { value: 'global', label: { en: 'Global magnitude (one threshold across layers)', zh: '全局幅值剪枝（所有层共用一个阈值）' } },
  ],
  budget: [{ value: 'params', label: { en: 'conv weights', zh: '卷积层权重' } }, { value: 'flops', label: { en: 'conv MACs (FLOPs)', zh: '卷积层乘加运算量（MACs，FLOPs）' } }],
  budgetMode: [{ value: 'exact', label: { en: 'exact (Σ = α)', zh: '精确（Σ = α）' } }, { value: 'amc', label: { en: 'AMC (at least α)', zh: 'AMC（至少 α）' } }],
  reward: [{ value: 'acc', label: { en: 'top-1', zh: 'top-1 准确率' } }, { value: 'acc-flops', label: { en: '−(1 − top-1)·ln(MACs)', zh: '−(1 − top-1)·ln(MACs)' } }],
  ftAugment: [{ value: 'crop-flip', label: { en: 'crop + flip (METHOD §4)', zh: '随机裁剪 + 翻转（METHOD §4）' } }, { value: 'none', label: { en: 'none', zh: '无' } }],
  // Labels in both languages (core/prune/ksigma-scope.ts defines the scopes).
  kScope: KSIGMA_SCOPES,
  // A lab addition (METHOD §8; core/rl/search.ts SearchConfig.earlyStop): off in the paper preset.
  earlyStop: [
    { value: 'off', label: { en: 'off: every candidate scores every reward image (the paper)', zh: '关闭：每个候选策略都在全部奖励图像上评分（论文做法）' } },
    { value: 'on', label: { en: 'on: stop a candidate’s scoring once it cannot beat the best (lab addition)', zh: '开启：候选策略已不可能超过最佳时停止评分（本实验室新增）' } },
  ],
  // Each language by its own name, whichever language the page is in.
  lang: [{ value: 'en', label: { en: 'English', zh: 'English' } }, { value: 'zh', label: { en: '中文', zh: '中文' } }],
} as const;
export type ChoiceKey = keyof typeof CHOICES;
export type ChoiceValue<K extends ChoiceKey> = (typeof CHOICES)[K][number]['value'];

export interface LabConfig {
  /** Forced backend, or null for automatic choice. */
  backend: BackendName | null;
  /**
   * XNNPACK's thread pool on WASM, read when the backend starts: 0 = every logical core (the
   * lab's default; tfjs alone takes half), n = a pool of n (1 for the one-thread comparison).
   */
  threads: number;
  /** A zoo model, or the http(s) URL of a tfjs LayersModel's model.json to import. */
  model: ModelKey | ModelUrl;
  /** A dataset key ('shapes10', 'cifar10', 'cifar100') or an http(s) URL to load CIFAR from. */
  data: string;
  /** 'trained': the shipped weights for this model and dataset when there are some; 'random': seeded init. */
  weights: ChoiceValue<'weights'>;
  /** Seed of the weight initialization (random weights). */
  seed: number;
  /** Seed of the built-in dataset's generation (its fixed splits). */
  dataSeed: number;
  /** Conv pruning method. */
  method: ChoiceValue<'method'>;
  /** Conv sparsity, 0..1. */
  sparsity: number;
  /** k of the k-σ rule on dense layers; null = dense layers untouched. */
  k: number | null;
  /**
   * Which dense layers the k-σ rule prunes, wherever it is applied (the Prune panel's k, the
   * heal's fcK, the comparison's combination): 'hidden' keeps the classifier dense (METHOD §2).
   */
  kScope: ChoiceValue<'kScope'>;
  /** Layer shown in the histogram ('' = the first prunable layer). */
  layer: string;
  // ── DDPG search and the combination pipeline (METHOD §1, §2, §4) ──
  /** Target α of the search: fraction of conv weights (or conv MACs) to remove. */
  alpha: number;
  episodes: number;
  /** Episodes e ≤ warmup take uniform random actions and train nothing. */
  warmup: number;
  /** Reward-split images each episode scores. */
  rewardImages: number;
  /** What α counts. */
  budget: ChoiceValue<'budget'>;
  /** 'exact': Σ pruned = round(α·W); 'amc': at least the target. */
  budgetMode: ChoiceValue<'budgetMode'>;
  /** Reward: top-1, or AMC's accuracy-FLOPs reward. */
  reward: ChoiceValue<'reward'>;
  /**
   * Score each episode after BN recalibration on this many training images (EagleEye's
   * sub-net evaluation, METHOD §8.1); 0 = inference-mode BN as the paper (METHOD §1.6).
   */
  rewardRecal: number;
  /** Stop scoring a candidate once it cannot beat the best so far (a lab addition, METHOD §8). */
  earlyStop: ChoiceValue<'earlyStop'>;
  searchSeed: number;
  /** k of the k-σ rule the pipeline applies to the dense layers after the search. */
  fcK: number;
  /** BN recalibration images after pruning (METHOD §8.1); 0 = none, as the paper. */
  recalImages: number;
  ftEpochs: number;
  ftLr: number;
  ftBatch: number;
  /** Fine-tuning augmentation: METHOD §4's crop + flip, or none (a one-epoch heal converges faster without). */
  ftAugment: ChoiceValue<'ftAugment'>;
  // ── the comparison view and the page ──
  /** Methods the comparison runs. */
  methods: CompareMethod[];
  /** Panel to scroll to and focus on load ('' = none). */
  panel: PanelKey | '';
  /** Lesson mode's step (0 = Model … 5 = Compare), or −1 when lesson mode is off. */
  lesson: number;
  /** Language of the lesson texts; '' follows the browser. */
  lang: '' | ChoiceValue<'lang'>;
  /** Presenter view: large type, the story as one column of steps, one click each (a projector in class). */
  present: boolean;
}

/**
 * The page's panels, by the key a link uses (`panel=…`, `<key>Panel_hide=1`): the one list of
 * them. `column` places a panel on the page; `id` is its DOM id and test id. The components are
 * in ui/panels/registry.ts, keyed the same way.
 */
export const PANELS = [
  { key: 'model', label: 'Model', column: 'left', id: 'model-panel' },
  { key: 'data', label: 'Data', column: 'left', id: 'data-panel' },
  { key: 'prune', label: 'Prune', column: 'left', id: 'prune-panel' },
  { key: 'eval', label: 'Evaluate', column: 'left', id: 'eval-panel' },
  { key: 'network', label: 'Network', column: 'right', id: 'network-panel' },
  { key: 'search', label: 'Search', column: 'right', id: 'search-panel' },
  { key: 'heal', label: 'Heal', column: 'right', id: 'heal-panel' },
  { key: 'results', label: 'Results', column: 'right', id: 'results-panel' },
  { key: 'histogram', label: 'Histogram', column: 'right', id: 'histogram-panel' },
  { key: 'layers', label: 'Layers', column: 'right', id: 'layer-table' },
  { key: 'compare', label: 'Compare', column: 'right', id: 'compare-panel' },
  { key: 'export', label: 'Export', column: 'right', id: 'export-panel' },
] as const;
export type PanelKey = (typeof PANELS)[number]['key'];

/** Lesson mode's steps: Model → Baseline → Search → FC 3σ → Fine-tune → Compare. */
export const LESSON_STEPS = 6;

/** The settings a preset sets; each preset sets all of them. */
export type PresetSettings = Pick<LabConfig, 'model' | 'alpha' | 'episodes' | 'warmup' | 'rewardImages' | 'rewardRecal' | 'earlyStop' | 'kScope' | 'fcK' | 'recalImages' | 'ftEpochs' | 'ftLr'> & {
  /** The dataset it is made for: switched to when available (Shapes-10 always is), else asked for. */
  data: DatasetKey;
};

/** Search presets: the paper's (METHOD §1) and the class demo, both at α = 80 %. */
export const SEARCH_PRESETS: readonly { key: string; label: Record<ChoiceValue<'lang'>, string>; settings: PresetSettings }[] = [
  // The paper's pipeline: no BN recalibration (METHOD §1.6), 3σ on every dense layer (its VGG16 wording, METHOD §2).
  {
    key: 'paper',
    label: {
      en: 'Paper — VGG16 / CIFAR-10, α = 80%, 400 episodes (100 warm-up), 5,000 reward images, 3σ on every dense layer (the paper’s wording), no BN recalibration',
      zh: '论文 — VGG16 / CIFAR-10，α = 80%，400 回合（100 回合预热），5,000 张奖励图像，所有全连接层 3σ（按论文原文），不做 BN 重新校准',
    },
    settings: { model: 'vgg16', data: 'cifar10', alpha: 0.8, episodes: 400, warmup: 100, rewardImages: 5000, rewardRecal: 0, earlyStop: 'off', kScope: 'all', fcK: 3, recalImages: 0, ftEpochs: 1, ftLr: 0.01 },
  },
  // The class demo heals with BN recalibration (§8.1) and keeps the classifier dense (§2's scope).
  // Its lr is 0.02, not METHOD §4's 0.01 (meant for 40 epochs): one epoch on its own searched
  // policy heals further with it (README, Healing: heal.vggs_shapes10 against _lr001).
  {
    key: 'demo',
    label: {
      en: 'Class demo — VGG-S / Shapes-10, α = 80%, 120 episodes (30 warm-up), 500 reward images, 3σ on the hidden dense layer (classifier kept), BN recalibration, 1 epoch at lr 0.02',
      zh: '课堂演示 — VGG-S / Shapes-10，α = 80%，120 回合（30 回合预热），500 张奖励图像，隐藏全连接层 3σ（保留分类层），BN 重新校准，以学习率 0.02 微调 1 轮',
    },
    settings: { model: 'vgg-s', data: 'shapes10', alpha: 0.8, episodes: 120, warmup: 30, rewardImages: 500, rewardRecal: 0, earlyStop: 'on', kScope: 'hidden', fcK: 3, recalImages: 1280, ftEpochs: 1, ftLr: 0.02 },
  },
];

export const DEFAULT_CONFIG: Readonly<LabConfig> = {
  backend: null,
  threads: 0,
  model: 'vgg-s',
  data: 'shapes10',
  weights: 'trained',
  seed: 1,
  dataSeed: 1234,
  method: 'uniform',
  sparsity: 0,
  k: null,
  kScope: KSIGMA_SCOPE_DEFAULT,
  layer: '',
  alpha: 0.8,
  episodes: 120,
  warmup: 30,
  rewardImages: 500,
  budget: 'params',
  budgetMode: 'exact',
  reward: 'acc',
  rewardRecal: 0,
  earlyStop: 'off',
  searchSeed: 1,
  fcK: 3,
  recalImages: 1280,
  ftEpochs: 1,
  ftLr: 0.01,
  ftBatch: 128,
  ftAugment: 'crop-flip',
  methods: ['uniform', 'global', 'l1', 'apoz', 'entropy', 'hrank', 'ksigma-all', 'rl', 'combination'],
  panel: '',
  lesson: -1,
  lang: '',
  present: false,
};

/** The datasets, with their labels in both languages. */
export const DATASETS: readonly { key: DatasetKey; label: Record<ChoiceValue<'lang'>, string>; classes: number }[] = [
  { key: 'shapes10', label: { en: 'Shapes-10 (built-in, synthetic)', zh: 'Shapes-10（内置，合成）' }, classes: 10 },
  { key: 'cifar10', label: { en: 'CIFAR-10', zh: 'CIFAR-10' }, classes: 10 },
  { key: 'cifar100', label: { en: 'CIFAR-100', zh: 'CIFAR-100' }, classes: 100 },
];

/** Ready-made download URLs (Hugging Face parquet files; any CORS-enabled URL works too), labelled in both languages. */
export const DATA_PRESETS: readonly { label: Record<ChoiceValue<'lang'>, string>; url: string }[] = [
  { label: { en: 'CIFAR-10 test (HF parquet, 10,000 images)', zh: 'CIFAR-10 测试集（HF parquet，10,000 张图像）' }, url: 'https://huggingface.co/datasets/uoft-cs/cifar10/resolve/main/plain_text/test-00000-of-00001.parquet' },
  { label: { en: 'CIFAR-10 train (HF parquet, 50,000 images)', zh: 'CIFAR-10 训练集（HF parquet，50,000 张图像）' }, url: 'https://huggingface.co/datasets/uoft-cs/cifar10/resolve/main/plain_text/train-00000-of-00001.parquet' },
  { label: { en: 'CIFAR-100 test (HF parquet, 10,000 images)', zh: 'CIFAR-100 测试集（HF parquet，10,000 张图像）' }, url: 'https://huggingface.co/datasets/uoft-cs/cifar100/resolve/main/cifar100/test-00000-of-00001.parquet' },
  { label: { en: 'CIFAR-100 train (HF parquet, 50,000 images)', zh: 'CIFAR-100 训练集（HF parquet，50,000 张图像）' }, url: 'https://huggingface.co/datasets/uoft-cs/cifar100/resolve/main/cifar100/train-00000-of-00001.parquet' },
];

export type ModelUrl = `http://${string}` | `https://${string}`;

/** True for a `model` value that names a model.json URL rather than a zoo model. */
export function isModelUrl(value: string): value is ModelUrl {
  return isDataUrl(value);
}

/** True for an http(s) URL (a `data` value that names a download rather than a dataset key). */
export function isDataUrl(value: string): boolean {
  return /^https?:\/\//i.test(value);
}

/** Largest conv sparsity the slider offers (a fully pruned layer kills the net). */
export const MAX_SPARSITY = 0.99;
export const K_CHOICES: readonly (number | null)[] = [null, 1, 2, 3];
