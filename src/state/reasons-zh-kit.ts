/**
 * What the Chinese reason tables share: the shape of an entry and the few words the English
 * messages put around their variable parts (a subject such as 'The file', a size such as
 * '1000 bytes'). Names, URLs and numbers pass through untouched.
 */

/** One message the core or worker throws: its English form, anchored with the variable parts captured, and its Chinese. */
export interface ReasonEntry {
  en: RegExp;
  /** The captured parts in order ('' for an optional part that is absent). */
  zh: (...parts: string[]) => string;
}

// The lab's own subjects; anything else (a quoted file name, a URL, 'CIFAR-10') is a name.
const SUBJECTS: Record<string, string> = {
  'The file': '该文件',
  'The parquet file': '该 parquet 文件',
  'The data': '数据',
  'The decompressed archive': '解压后的归档文件',
};

const ENDS_CJK = /[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]$/;

/** A message's subject in Chinese: the lab's words translated, a name or URL as it is. */
export function subject(s: string): string {
  return SUBJECTS[s] ?? s;
}

/** The subject (or a size) followed by Chinese: a name, URL or unit gets a space after it, as the lab's Chinese spaces Latin text. */
export function lead(s: string): string {
  const t = subject(s);
  return ENDS_CJK.test(t) ? t : `${t} `;
}

/** formatBytes' sizes: '1000 bytes' → '1000 字节'; KiB, MiB and GiB are units both languages read. */
export function size(s: string): string {
  return s.replace(/^([\d.,]+) bytes$/, '$1 字节');
}

/** The HTTP statuses a download most often meets, said in words after the code (which stays). */
export function httpHint(status: string): string {
  const hint: Record<string, string> = { 401: '需要登录', 403: '服务器拒绝访问', 404: '服务器上没有这个文件', 410: '文件已被移除', 429: '请求太频繁，请稍后再试' };
  return hint[status] ?? (status.startsWith('5') ? '服务器出错' : '');
}
