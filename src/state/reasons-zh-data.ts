/**
 * The Chinese of the data errors: downloads and size limits (src/core/data/load.ts, archive.ts,
 * paced-stream.ts, the fetches of src/core/models/import.ts), archives, CIFAR binary files,
 * parquet files, the splits, and the worker's data store. Each pattern is the English message
 * exactly as its throw site builds it; the captured parts (file names, URLs, numbers, the browser's
 * or a library's own reason) go into the Chinese unchanged.
 */
import { httpHint, lead, size, subject, type ReasonEntry } from './reasons-zh-kit.ts';

const CIFAR = '(CIFAR-10|CIFAR-100)';

/** Downloads (datasets and model files) and the size limits of any input. */
const DOWNLOADS: ReasonEntry[] = [
  {
    en: /^'([\s\S]*)' is not a valid URL$/,
    zh: (url) => `'${url}' 不是有效的网址`,
  },
  {
    en: /^Only http\(s\) URLs can be loaded, not ([\s\S]*)$/,
    zh: (protocol) => `只能加载 http(s) 网址，不能加载 ${protocol}`,
  },
  {
    // The browser's own reason follows, when it gave one.
    en: /^Could not fetch (\S+): the network failed or the server does not allow cross-origin requests \(CORS\)\.(?: ([\s\S]*))?$/,
    zh: (url, inner) => `无法获取 ${url}：网络出错，或者服务器不允许跨域请求（CORS）${inner ? `。${inner}` : ''}`,
  },
  {
    en: /^Could not fetch ([\s\S]+?): HTTP (\d+)$/,
    zh: (url, status) => `无法获取 ${url}：HTTP ${status}${httpHint(status) ? `（${httpHint(status)}）` : ''}`,
  },
  {
    en: /^Could not fetch ([\s\S]+?): ([\s\S]*) \(offline, or the server does not allow cross-origin requests\)$/,
    zh: (url, inner) => `无法获取 ${url}：${inner}（可能没有联网，或者服务器不允许跨域请求）`,
  },
  {
    en: /^Could not load ([\s\S]+?): HTTP (\d+)$/,
    zh: (url, status) => `无法加载 ${url}：HTTP ${status}${httpHint(status) ? `（${httpHint(status)}）` : ''}`,
  },
  {
    en: /^HTTP (\d+)(?: ([\s\S]*?))? for (\S+)$/,
    zh: (status, text, url) => `${url} 返回 HTTP ${status}${text ? ` ${text}` : ''}${httpHint(status) ? `（${httpHint(status)}）` : ''}`,
  },
  {
    en: /^Empty response from ([\s\S]+)$/,
    zh: (url) => `${url} 返回了空响应`,
  },
  {
    en: /^([\s\S]+) sent nothing for ([\d.]+) s; the download was stopped$/,
    zh: (what, s) => `${what} 已经 ${s} 秒没有发来任何数据，下载已停止`,
  },
  {
    en: /^([\s\S]+) sends ([\d.]+) bytes\/s, under the (\d+) bytes\/s this lab waits for; the download was stopped$/,
    zh: (what, rate, min) => `${what} 的速度只有每秒 ${rate} 字节，低于本实验室要求的每秒 ${min} 字节，下载已停止`,
  },
  {
    // A picked file, a download's declared size, a model file: each names itself.
    en: /^([\s\S]+) is ([\d.]+ (?:bytes|KiB|MiB|GiB)), over the ([\s\S]+) limit$/,
    zh: (what, got, limit) => `${lead(what)}大小为 ${size(got)}，超过了 ${lead(size(limit))}的上限`,
  },
  {
    en: /^([\s\S]+) is larger than the ([\s\S]+) limit$/,
    zh: (what, limit) => `${lead(what)}超过了 ${lead(size(limit))}的上限`,
  },
];

/** .tar.gz and .tar archives. */
const ARCHIVES: ReasonEntry[] = [
  {
    en: /^Could not read the archive: not a valid gzip file, or the download broke off \(([\s\S]*)\)$/,
    zh: (inner) => `无法读取归档文件：它不是有效的 gzip 文件，或者下载中途断开了（${inner}）`,
  },
  {
    en: /^The archive does not contain a tar file \(no valid tar header\)$/,
    zh: () => '归档文件里没有 tar 文件（找不到有效的 tar 文件头）',
  },
  {
    // An entry with no name is 'the start' in English.
    en: /^The tar archive is damaged: the header after '([\s\S]*)' is not valid \(offset (\d+)\)$/,
    zh: (name, at) => `tar 归档文件已损坏：${name === 'the start' ? '开头处' : `'${name}' 之后`}的文件头无效（偏移量 ${at}）`,
  },
  {
    en: /^The tar archive is damaged: entry '([\s\S]*)' has a size field '([\s\S]*)' that is not a number$/,
    zh: (name, field) => `tar 归档文件已损坏：条目 '${name}' 的大小字段 '${field}' 不是数字`,
  },
  {
    en: /^The tar archive is truncated: entry '([\s\S]*)' declares (\d+) bytes, (\d+) remain$/,
    zh: (name, declared, left) => `tar 归档文件不完整：条目 '${name}' 声明有 ${declared} 字节，但只剩 ${left} 字节`,
  },
];

/** CIFAR binary batch files, and what a set of files or inputs holds. */
const CIFAR_FILES: ReasonEntry[] = [
  {
    en: new RegExp(`^([\\s\\S]+) is (\\d+) bytes, not a whole number of (\\d+)-byte ${CIFAR} records\\.(?: It looks like ${CIFAR} \\((\\d+)-byte records\\)\\.| It may be truncated or not a CIFAR binary file\\.)$`),
    zh: (what, n, record, label, other, otherRecord) => `${lead(what)}有 ${n} 字节，不是整数条 ${record} 字节的 ${label} 记录。${other ? `它看起来是 ${other}（每条记录 ${otherRecord} 字节）` : '文件可能不完整，或者不是 CIFAR 二进制文件'}`,
  },
  {
    en: new RegExp(`^([\\s\\S]+): record (\\d+) has label (\\d+), but ${CIFAR} has (\\d+) classes — is this really \\4\\?$`),
    zh: (what, j, label, name, classes) => `${subject(what)}：第 ${j} 条记录的标签是 ${label}，但 ${name} 只有 ${classes} 个类别——这真的是 ${name} 吗？`,
  },
  {
    en: /^([\s\S]+): record (\d+) has coarse label (\d+), but CIFAR-100 has (\d+) superclasses$/,
    zh: (what, j, label, n) => `${subject(what)}：第 ${j} 条记录的粗类标签是 ${label}，但 CIFAR-100 只有 ${n} 个超类`,
  },
  {
    en: /^No CIFAR batch files found \(expected data_batch_N\.bin \/ test_batch\.bin, or train\.bin \/ test\.bin\)(?:; got ([\s\S]*))?$/,
    zh: (got) => `没有找到 CIFAR 批次文件（应为 data_batch_N.bin / test_batch.bin，或 train.bin / test.bin）${got ? `；收到的是 ${got}` : ''}`,
  },
  {
    en: /^'([\s\S]*)' is (\d+) bytes: not a whole number of 3073-byte CIFAR-10 or 3074-byte CIFAR-100 records \(truncated\?\)$/,
    zh: (name, n) => `'${name}' 有 ${n} 字节：既不是整数条 3073 字节的 CIFAR-10 记录，也不是整数条 3074 字节的 CIFAR-100 记录（文件不完整？）`,
  },
  {
    en: /^Cannot tell whether ([\s\S]+) is CIFAR-10 or CIFAR-100; choose the dataset type$/,
    zh: (names) => `无法判断 ${names} 是 CIFAR-10 还是 CIFAR-100，请选择数据集类型`,
  },
  {
    en: /^The files mix CIFAR-10 and CIFAR-100 batches$/,
    zh: () => '这些文件混合了 CIFAR-10 和 CIFAR-100 的批次',
  },
  {
    en: /^The inputs mix CIFAR-10 and CIFAR-100$/,
    zh: () => '所选的输入混合了 CIFAR-10 和 CIFAR-100',
  },
  {
    en: new RegExp(`^'([\\s\\S]*)' is ${CIFAR}, not ${CIFAR}$`),
    zh: (name, is, not) => `'${name}' 是 ${is}，不是 ${not}`,
  },
];

/** Hugging Face parquet files. */
const PARQUET: ReasonEntry[] = [
  {
    en: /^([\s\S]+) is not a readable parquet file \(([\s\S]*)\)$/,
    zh: (what, inner) => `${lead(what)}不是可读取的 parquet 文件（${inner}）`,
  },
  {
    en: /^([\s\S]+) is damaged: a row group holds column '([\s\S]*)', which its schema lacks$/,
    zh: (what, column) => `${lead(what)}已损坏：某个行组含有列 '${column}'，但文件的列定义里没有它`,
  },
  {
    en: /^([\s\S]+) lacks the expected columns: CIFAR-10 needs img\{bytes\} and label, CIFAR-100 img\{bytes\}, fine_label and coarse_label; found ([\s\S]*)$/,
    zh: (what, found) => `${lead(what)}缺少所需的列：CIFAR-10 需要 img{bytes} 和 label，CIFAR-100 需要 img{bytes}、fine_label 和 coarse_label；实际只有 ${found === 'none' ? '（无）' : found}`,
  },
  {
    en: /^([\s\S]+) is damaged: it declares ([\s\S]*) rows in (\d+) bytes$/,
    zh: (what, rows, n) => `${lead(what)}已损坏：它声明有 ${rows} 行，但文件只有 ${n} 字节`,
  },
  {
    en: /^([\s\S]+) is damaged: rows (\d+)–(\d+) cannot be read \(([\s\S]*)\)$/,
    zh: (what, from, to, inner) => `${lead(what)}已损坏：第 ${from}–${to} 行无法读取（${inner}）`,
  },
  {
    en: /^([\s\S]+): row (\d+) has no image bytes$/,
    zh: (what, row) => `${subject(what)}：第 ${row} 行没有图像数据`,
  },
  {
    en: /^([\s\S]+): the PNG of row (\d+) does not decode \(([\s\S]*)\)$/,
    zh: (what, row, inner) => `${subject(what)}：第 ${row} 行的 PNG 无法解码（${inner}）`,
  },
  {
    en: /^([\s\S]+): row (\d+) has (label|fine_label|coarse_label) ([\s\S]*), outside 0\.\.(\d+)$/,
    zh: (what, row, column, value, max) => `${subject(what)}：第 ${row} 行的 ${column} 是 ${value}，超出了 0..${max} 的范围`,
  },
  {
    en: /^([\s\S]+): row (\d+) is (\d+)×(\d+), expected 32×32$/,
    zh: (what, row, w, h) => `${subject(what)}：第 ${row} 行的图像是 ${w}×${h}，应为 32×32`,
  },
];

/** The splits of a loaded training set, and the data the worker or the state asked for. */
const SPLITS: ReasonEntry[] = [
  {
    en: /^Reward split of (\d+) images does not fit (\d+) training images$/,
    zh: (reward, train) => `${train} 张训练图像不够分出 ${reward} 张图像的奖励集`,
  },
  {
    en: /^Calibration split of (\d+) images does not fit the (\d+) remaining training images$/,
    zh: (calibration, rest) => `剩下的 ${rest} 张训练图像不够分出 ${calibration} 张图像的校准集`,
  },
  {
    en: new RegExp(`^${CIFAR} is not loaded: load it from a file or URL first$`),
    zh: (name) => `${name} 尚未加载：请先从文件或网址加载`,
  },
  {
    en: new RegExp(`^The loaded ${CIFAR} has no test set$`),
    zh: (name) => `已加载的 ${name} 没有测试集`,
  },
  {
    en: new RegExp(`^The loaded ${CIFAR} has no training set$`),
    zh: (name) => `已加载的 ${name} 没有训练集`,
  },
  {
    en: /^That dataset is no longer in the cache$/,
    zh: () => '该数据集已不在缓存中',
  },
  // The state's own reasons for falling back to Shapes-10 (src/state/data.svelte.ts).
  {
    en: /^The cached copy holds no test images$/,
    zh: () => '缓存的副本中没有测试图像',
  },
  {
    en: /^([\s\S]+) holds no test images$/,
    zh: (url) => `${url} 中没有测试图像`,
  },
  {
    en: new RegExp(`^${CIFAR} is not loaded in this browser yet; load it under Data$`),
    zh: (name) => `${name} 尚未在此浏览器中加载，请在“数据”面板中加载`,
  },
];

export const DATA_REASONS: readonly ReasonEntry[] = [...DOWNLOADS, ...ARCHIVES, ...CIFAR_FILES, ...PARQUET, ...SPLITS];
