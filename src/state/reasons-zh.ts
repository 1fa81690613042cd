/**
 * Error reasons in Chinese. The worker and the core throw English messages (they are shared with
 * the scripts and the tests, and do not know the page's language); the state says them to a
 * Chinese page through this table (words.ts). A reason no entry matches is quoted as it is, so no
 * message loses its information; the parts a message names (files, URLs, numbers, layers, a
 * nested reason from the browser or a library) are carried over verbatim.
 * Pure: no DOM, no Svelte.
 */
import type { ReasonEntry } from './reasons-zh-kit.ts';
import { DATA_REASONS } from './reasons-zh-data.ts';
import { MODEL_REASONS } from './reasons-zh-model.ts';
import { URL_REASONS } from './reasons-zh-url.ts';

/** What a user's actions can make the worker say beyond data and models: resuming, the device, the worker itself. */
const RUN_REASONS: readonly ReasonEntry[] = [
  {
    en: /^No saved search to resume for this experiment$/,
    zh: () => '这个实验没有可以继续的已保存搜索',
  },
  {
    en: /^No saved fine-tuning to resume for this experiment$/,
    zh: () => '这个实验没有可以继续的已保存微调',
  },
  {
    en: /^Pick one model\.json \(got ([\s\S]*)\)$/,
    zh: (names) => `请只选一个 model.json（收到的是 ${names}）`,
  },
  {
    en: /^Pick model\.json together with its weight files \(\.bin\)$/,
    zh: () => '请把 model.json 和它的权重文件（.bin）一起选择',
  },
  {
    en: /^No model loaded$/,
    zh: () => '尚未加载模型',
  },
  {
    en: /^The WebGPU device was lost \(([\s\S]*)\)$/,
    zh: (inner) => `WebGPU 设备已丢失（${inner}）`,
  },
  {
    // The worker's notice of the same loss (src/worker/handlers/model.ts), which the device-lost note quotes.
    en: /^The WebGPU device was lost: ([\s\S]*)$/,
    zh: (inner) => `WebGPU 设备已丢失：${inner}`,
  },
  {
    en: /^The lab's worker stopped: ([\s\S]*)$/,
    zh: (inner) => `实验室的计算线程已停止：${inner === 'script error' ? '脚本出错' : inner}`,
  },
];

/** Every entry, in the order they are tried (the first match wins). */
export const REASONS: readonly ReasonEntry[] = [...DATA_REASONS, ...MODEL_REASONS, ...RUN_REASONS];

/** The index of the entry that says `message`, or -1 when none does. */
export function reasonEntry(message: string): number {
  return REASONS.findIndex((r) => r.en.test(message));
}

/** `message` in Chinese when the table knows it, else `message` unchanged. */
export function reasonZh(message: string): string {
  for (const r of [...REASONS, ...URL_REASONS]) {
    const m = r.en.exec(message);
    if (m) return r.zh(...m.slice(1).map((p) => p ?? ''));
  }
  return message;
}
