/** The words of status (see index.ts). One section of the catalog; pure data and formatting. */
import { ZH_PHASES } from './method.ts';
import { duration } from '../format.ts';

// The worker's progress stages (src/worker/handlers, data-store): English as the worker says them.
const ZH_STAGES: Record<string, string> = {
  ...ZH_PHASES,
  'scoring filters on the calibration images': '在校准图像上为滤波器评分',
  sweep: '稀疏比扫描', sensitivity: '逐层敏感度', searching: '搜索中',
  'evaluating the dense net': '评估未剪枝的网络', evaluating: '评估中', 'masks applied': '掩码已应用',
  'scoring the dense net': '评估未剪枝的网络', downloading: '下载中', 'reading files': '读取文件', 'decoding PNG images': '解码 PNG 图像',
};
const ZH_SPLITS: Record<string, string> = { train: '训练集', test: '测试集', reward: '奖励集', calibration: '校准集', val: '验证集', validation: '验证集' };

// The backend's own lines (core/backend.ts: details and skip reasons), English as the core says them.
const ZH_BACKEND: [RegExp, string][] = [
  [/^adapter: (.*)$/, '适配器：$1'],
  [/^renderer: (.*)$/, '渲染器：$1'],
  [/^software adapter \(CPU emulation\): correct but slow; \?backend=wasm is faster here$/, '软件适配器（用 CPU 模拟 GPU）：结果正确但很慢；在这台机器上 ?backend=wasm 更快'],
  [/^SIMD on$/, 'SIMD 开启'], [/^SIMD off$/, 'SIMD 关闭'],
  [/^threads on: threaded build, pool of (\d+) on (\d+) logical cores$/, '多线程开启：多线程版本，线程池 $1 个线程，共 $2 个逻辑核心'],
  [/^threads off \(page not cross-origin isolated\)$/, '多线程关闭（页面没有跨源隔离）'],
  [/^threads off$/, '多线程关闭'],
  [/^WebGPU API not available \(browser support or flag missing\)$/, '没有 WebGPU API（浏览器不支持或未开启相应选项）'],
  [/^no WebGPU adapter \(GPU blocked or unsupported\)$/, '没有 WebGPU 适配器（GPU 被屏蔽或不受支持）'],
  [/^OffscreenCanvas not available in this worker$/, '此 worker 中没有 OffscreenCanvas'],
  [/^WebGL2 not available$/, '没有 WebGL2'],
  [/^software renderer \((.*)\): it emulates the GPU on the CPU, where WASM runs the same work many times faster$/, '软件渲染器（$1）：它在 CPU 上模拟 GPU，而 WASM 做同样的工作要快很多倍'],
  [/^WebAssembly not available$/, '没有 WebAssembly'],
];
const zhBackend = (line: string) => { for (const [re, to] of ZH_BACKEND) if (re.test(line)) return line.replace(re, to); return line; };

/** A stage in Chinese: a known one, or a pattern of one ("<method>: <phase>", "<label> done", "generating Shapes-10 <split>"). */
function zhStage(stage: string): string {
  if (ZH_STAGES[stage]) return ZH_STAGES[stage];
  const shapes = /^generating Shapes-10 (\w+)$/.exec(stage);
  if (shapes) return `生成 Shapes-10 ${ZH_SPLITS[shapes[1]] ?? shapes[1]}`;
  const done = /^(.+) done$/.exec(stage);
  if (done) return `${done[1]} 完成`;
  const phase = /^([^:]+): (.+)$/.exec(stage);
  if (phase && ZH_STAGES[phase[2]]) return `${phase[1]}：${ZH_STAGES[phase[2]]}`;
  return stage;
}

export const en = {
  // The status bar.
  statusCancel: 'Cancel',
  statusStage: (stage: string) => stage,
  // Time left, in seconds, minutes or hours (ui/format.ts).
  duration: (s: number) => duration(s),
  statusBackendLine: (line: string) => line,
  // Notices: `reason` is the worker's crash message (from src/state).
  statusCrashed: (reason: string) => `${reason}. Nothing more can run in this page. Saved searches and fine-tunings are kept: after a restart the lab offers to resume them.`,
  statusRestart: 'Restart the lab',
  statusDismiss: 'Dismiss',
  // The share link.
  statusCopyLink: 'Copy link',
  statusCopyLinkTitle: 'Copy a link that reproduces this experiment',
  statusCopiedPolicy: 'Link copied, with the search\'s policy.',
  statusCopiedRecorded: 'Link copied, with the search\'s policy and this run\'s recorded figures.',
  statusCopied: 'Link copied.',
  statusCopyBelow: 'Copy the link below.',
  statusLinkAria: 'Link to this experiment',
  // The backend badge. (A span's leading space is dropped by Svelte: the page shows "wasm(forced by URL)".)
  statusForced: '(forced by URL)',
  statusRunningOn: (backend: string) => `· running on ${backend} for training`,
  statusWhy: 'why this backend',
  statusIsolated: (how: string) => `cross-origin isolated: ${how}`,
  statusIsolation: {
    server: 'yes, by the host\'s headers',
    'service-worker': 'yes, by the lab\'s service worker (the host sends no headers)',
    none: 'no: WASM runs without threads',
  },
  statusYes: 'yes',
  statusNo: 'no',
  statusSkipped: 'skipped',
  statusSkippedSep: ': ',
  statusForceBefore: 'Force one with ',
  statusForceAfter: '.',
  statusStarting: 'starting backend…',
};

export const zh: typeof en = {
  statusCancel: '取消',
  statusStage: zhStage,
  duration: (s) => duration(s, { s: '秒', min: '分钟', h: '小时' }),
  statusBackendLine: zhBackend,
  statusCrashed: (reason) => `${reason}。此页面无法再运行任何计算。已保存的搜索和微调都会保留：重启后，实验室会提示继续。`,
  statusRestart: '重启实验室',
  statusDismiss: '关闭',
  statusCopyLink: '复制链接',
  statusCopyLinkTitle: '复制一个能重现本次实验的链接',
  statusCopiedPolicy: '链接已复制，包含搜索得到的策略。',
  statusCopiedRecorded: '链接已复制，包含搜索得到的策略和本次运行记录的结果。',
  statusCopied: '链接已复制。',
  statusCopyBelow: '请复制下面的链接。',
  statusLinkAria: '本次实验的链接',
  statusForced: '（由网址参数强制指定）',
  statusRunningOn: (backend) => `· 训练时使用 ${backend}`,
  statusWhy: '为什么用这个后端',
  statusIsolated: (how) => `跨源隔离：${how}`,
  statusIsolation: {
    server: '是，由网站服务器的响应头开启',
    'service-worker': '是，由实验室的 service worker 开启（服务器没有发送相应的响应头）',
    none: '否，WASM 以单线程运行',
  },
  statusYes: '是',
  statusNo: '否',
  statusSkipped: '跳过',
  statusSkippedSep: '：',
  statusForceBefore: '在网址后加上 ',
  statusForceAfter: ' 可以强制使用某个后端。',
  statusStarting: '正在启动后端…',
};
