/**
 * The link's notices in Chinese (state/url-codec.ts writes them in English while it decodes,
 * before the page's language is known): each anchored, its keys, values and versions carried over
 * verbatim, and what a valid value looks like (the codec's `expected`) worded too. Also the
 * range a refused number had to be in (numberProblem), which the Lab's "kept" notice quotes.
 * Tried after the error reasons (reasons-zh.ts). Pure.
 */
import type { ReasonEntry } from './reasons-zh-kit.ts';

/** The codec's description of a valid value, in Chinese; lists of names stay as they are. */
export function expectedZh(e: string): string {
  const range = /^(a number|an integer) in (\[[^\]]*\])(, or off)?$/.exec(e);
  if (range) return `${range[2]} 内的${range[1] === 'an integer' ? '整数' : '数'}${range[3] ? '，或 off' : ''}`;
  const model = /^([\w, -]+), or the http\(s\) URL of a tfjs model\.json$/.exec(e);
  if (model) return `${model[1]}，或一个 tfjs model.json 的 http(s) URL`;
  const data = /^([\w, -]+), or an http\(s\) URL$/.exec(e);
  if (data) return `${data[1]}，或一个 http(s) URL`;
  const methods = /^a comma list of ([\w, -]+)$/.exec(e);
  if (methods) return `由 ${methods[1]} 组成、以逗号分隔的列表`;
  if (e === 'a layer name (letters, digits, _)') return '层名（字母、数字、_）';
  if (e === '1 or 0') return '1 或 0';
  return e; // a list of the allowed values: names, as in both languages
}

export const URL_REASONS: readonly ReasonEntry[] = [
  { en: /^The link could not be read; using the defaults\.$/, zh: () => '无法读取这个链接；改用默认设置。' },
  {
    en: /^This link is format version ([\s\S]*); this lab reads version (\d+), so some settings may differ\.$/,
    zh: (v, mine) => `这个链接的格式版本是 ${v}；本实验室读取版本 ${mine}，所以有些设置可能不同。`,
  },
  { en: /^Ignored '([\s\S]*)': there is no control '([\s\S]*)' to hide\.$/, zh: (key, name) => `已忽略 '${key}'：没有名为 '${name}' 的控件可以隐藏。` },
  { en: /^Ignored '([\s\S]*)' \(expected 1 or 0\)\.$/, zh: (kv) => `已忽略 '${kv}'（应为 1 或 0）。` },
  { en: /^The link's policy is damaged or too long; ignored it \(run the search instead\)\.$/, zh: () => '链接中的策略已损坏或过长，已忽略（请改为运行搜索）。' },
  { en: /^The link's recorded results are damaged or too long; ignored them \(run it here instead\)\.$/, zh: () => '链接中记录的结果已损坏或过长，已忽略（请改为在此运行）。' },
  { en: /^The link's recorded results come without a usable policy; ignored them\.$/, zh: () => '链接中记录的结果没有附带可用的策略，已忽略。' },
  { en: /^Ignored unknown URL parameter '([\s\S]*)'\.$/, zh: (key) => `已忽略未知的 URL 参数 '${key}'。` },
  { en: /^URL parameter '([\s\S]*)' is too long; using the default\.$/, zh: (key) => `URL 参数 '${key}' 过长，改用默认值。` },
  {
    en: /^URL: (\w+) '([\s\S]*)' is not valid \(expected ([\s\S]*)\); using the default \(([\s\S]*)\)\.$/,
    zh: (key, value, expected, def) => `URL：${key} 的值 '${value}' 无效（应为${expectedZh(expected)}）；改用默认值（${def === 'automatic' ? '自动' : def}）。`,
  },
  {
    en: /^This link was made before the lab kept the classifier dense \(it has no v=2\)[\s\S]*\(kScope=all\)[\s\S]*$/,
    zh: () => '这个链接是在实验室默认保留分类层之前生成的（没有 v=2）：按它当时的含义读取，即对所有全连接层（包括分类层）使用 k-σ（kScope=all）。选择“隐藏全连接层”即为实验室的默认设置。',
  },
  // numberProblem (url-codec.ts), quoted by the Lab's notice when a typed number is refused.
  { en: /^(\w+) must be (an? (?:number|integer) in \[[^\]]*\])$/, zh: (key, expected) => `${key} 必须是${expectedZh(expected)}` },
];
