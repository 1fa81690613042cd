/**
 * The one module that defines the URL format: a table of fields, each a valibot schema from the
 * raw string to its typed value, drives both parsing and serializing (after TensorFlow
 * Playground's state.ts). Defaults stay out of the URL. A bad value falls back to the default
 * with a notice; decoding never throws and never evaluates anything it reads.
 *
 * Besides the config, a link carries:
 * - `<name>_hide=1` for any field (its control) or `<panel>Panel` (a whole panel, e.g.
 *   `comparePanel_hide=1`): hides it (a teacher's cut-down link);
 * - `policy=…`: a finished search's per-layer pruned counts, packed (see `packPolicy`), so the
 *   link shows the pruned result without searching;
 * - `rec=…`: that run's recorded figures (rewards, stage accuracies; see state/recorded.ts), shown
 *   as the sender's beside a "Run it here"; only with a policy;
 * - `v=2`, the format version, first, on every link that carries anything.
 *
 * Version 1 links (no `v`) were made before the k-σ scope existed, when the rule pruned every
 * dense layer (the heal's fcK always applies it): one that sets an experiment field (any field
 * but the `view` ones) or a policy, and no `kScope`, is read with `kScope=all`, what it meant
 * then, and a notice says so (LEGACY below).
 */
import * as v from 'valibot';
import { BACKEND_ORDER } from '../core/backend-names.ts';
import { MODEL_KEYS } from '../core/models/catalog.ts';
import { COMPARE_METHODS, type CompareMethod } from '../core/pipeline/methods.ts';
import { CHOICES, DATASETS, DEFAULT_CONFIG, LESSON_STEPS, MAX_SPARSITY, PANELS, isDataUrl, isModelUrl, type ChoiceKey, type LabConfig, type ModelUrl } from './config.ts';
import { packRecorded, unpackRecorded, type RecordedRun } from './recorded.ts';
import { pushVarint, reader, seal, unseal } from './link-bytes.ts';

/** Bumped when the meaning of a key changes; written first as `v=` on every non-empty link. */
export const URL_VERSION = 2;

const MAX_RAW_LENGTH = 200;
const MAX_URL_LENGTH = 2000;
const MAX_POLICY_LENGTH = 2000;

type Schema<T> = v.GenericSchema<string, T>;

interface Field<K extends keyof LabConfig> {
  key: K;
  schema: Schema<LabConfig[K]>;
  /** What a valid value looks like, for the notice. */
  expected: string;
  /** Longest raw value read (longer ones fall back with a notice); MAX_RAW_LENGTH unless set. */
  maxLength?: number;
  /** Shapes only how the lab is shown, not what it computes: a link setting only these is no experiment (see LEGACY). */
  view?: true;
  encode(value: LabConfig[K]): string;
}

const oneOf = <T extends string>(allowed: readonly T[]): Schema<T> => v.picklist(allowed as T[]) as unknown as Schema<T>;

/** A decimal number in [lo, hi] (no hex, no exponent tricks beyond JS's Number, no NaN/Infinity). */
function num(lo: number, hi: number, integer = false): Schema<number> {
  return v.pipe(
    v.string(),
    v.regex(/^-?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i),
    v.transform(Number),
    v.number(),
    v.finite(),
    v.minValue(lo),
    v.maxValue(hi),
    v.check((x) => !integer || Number.isInteger(x)),
  );
}
const range = (lo: number, hi: number, integer = false) => `${integer ? 'an integer' : 'a number'} in [${lo}, ${hi}]`;

interface Range { min: number; max: number; integer?: boolean }
const SEED: Range = { min: 0, max: 2 ** 32 - 1, integer: true };

/**
 * The numeric settings' ranges, in one place: the URL accepts these, the inputs offer them as
 * min/max, and the Lab refuses anything else (Lab.setNumber).
 */
export const RANGES = {
  seed: SEED, dataSeed: SEED, searchSeed: SEED,
  sparsity: { min: 0, max: MAX_SPARSITY }, alpha: { min: 0.01, max: MAX_SPARSITY },
  episodes: { min: 1, max: 5000, integer: true }, warmup: { min: 0, max: 5000, integer: true },
  rewardImages: { min: 10, max: 50000, integer: true }, rewardRecal: { min: 0, max: 50000, integer: true },
  k: { min: 0.01, max: 10 }, fcK: { min: 0.01, max: 10 }, recalImages: { min: 0, max: 50000, integer: true },
  ftEpochs: { min: 0, max: 200 }, ftLr: { min: 1e-6, max: 1 }, ftBatch: { min: 1, max: 1024, integer: true },
  lesson: { min: -1, max: LESSON_STEPS - 1, integer: true },
  threads: { min: 0, max: 8, integer: true },
} as const satisfies { [K in keyof LabConfig]?: LabConfig[K] extends number | null ? Range : never };
export type NumericKey = keyof typeof RANGES;

/** Null when `value` is a valid `key`, else what a valid one looks like. */
export function numberProblem(key: NumericKey, value: number): string | null {
  const r: Range = RANGES[key];
  const ok = Number.isFinite(value) && value >= r.min && value <= r.max && (!r.integer || Number.isInteger(value));
  return ok ? null : `${key} must be ${range(r.min, r.max, r.integer)}`;
}

/** A numeric field of the URL from its range. */
function numeric<K extends NumericKey>(key: K, encode: (x: number) => string = String): Field<K> {
  const r: Range = RANGES[key];
  return { key, schema: num(r.min, r.max, r.integer) as unknown as Schema<LabConfig[K]>, expected: range(r.min, r.max, r.integer), encode: encode as (x: LabConfig[K]) => string };
}
/** A fixed-choice field of the URL from its options. */
function choice<K extends ChoiceKey>(key: K): Field<K> {
  const values = CHOICES[key].map((o) => o.value);
  return { key, schema: oneOf(values) as unknown as Schema<LabConfig[K]>, expected: list(values), encode: (x) => String(x) } as Field<K>;
}
const fraction = (x: number) => String(Math.round(x * 1e4) / 1e4);
const list = (xs: readonly string[]) => xs.join(', ');

const dataSchema: Schema<string> = v.union([
  oneOf(DATASETS.map((d) => d.key)),
  v.pipe(v.string(), v.check(isDataUrl), v.url(), v.transform((s) => new URL(s).href)),
]);

const methodKeys = COMPARE_METHODS.map((m) => m.key);
const methodsSchema: Schema<CompareMethod[]> = v.pipe(
  v.string(),
  v.transform((s) => s.split(',')),
  v.array(v.picklist(methodKeys)),
  v.minLength(1),
  v.check((xs) => new Set(xs).size === xs.length),
  // Table order, whatever order the link gave.
  v.transform((xs) => methodKeys.filter((k) => xs.includes(k))),
);

const FIELDS: { [K in keyof LabConfig]: Field<K> } = {
  backend: { key: 'backend', schema: oneOf(BACKEND_ORDER), expected: list(BACKEND_ORDER), view: true, encode: (x) => x ?? '' },
  threads: { ...numeric('threads'), view: true },
  model: {
    key: 'model',
    schema: v.union([
      oneOf(MODEL_KEYS),
      v.pipe(v.string(), v.check(isModelUrl), v.url(), v.transform((s) => new URL(s).href as ModelUrl)),
    ]),
    expected: `${list(MODEL_KEYS)}, or the http(s) URL of a tfjs model.json`,
    maxLength: MAX_URL_LENGTH,
    encode: (x) => x,
  },
  data: { key: 'data', schema: dataSchema, expected: `${list(DATASETS.map((d) => d.key))}, or an http(s) URL`, maxLength: MAX_URL_LENGTH, encode: (x) => x },
  weights: choice('weights'),
  seed: numeric('seed'),
  dataSeed: numeric('dataSeed'),
  method: choice('method'),
  sparsity: numeric('sparsity', fraction),
  k: {
    key: 'k',
    schema: v.union([v.pipe(v.literal('off'), v.transform(() => null)), num(RANGES.k.min, RANGES.k.max)]),
    expected: `${range(RANGES.k.min, RANGES.k.max)}, or off`,
    encode: (x) => (x === null ? 'off' : String(x)),
  },
  kScope: choice('kScope'),
  layer: { key: 'layer', schema: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_]{1,64}$/)), expected: 'a layer name (letters, digits, _)', view: true, encode: (x) => x },
  alpha: numeric('alpha', fraction),
  episodes: numeric('episodes'),
  warmup: numeric('warmup'),
  rewardImages: numeric('rewardImages'),
  budget: choice('budget'),
  budgetMode: choice('budgetMode'),
  reward: choice('reward'),
  rewardRecal: numeric('rewardRecal'),
  earlyStop: choice('earlyStop'),
  searchSeed: numeric('searchSeed'),
  fcK: numeric('fcK'),
  recalImages: numeric('recalImages'),
  ftEpochs: numeric('ftEpochs'),
  ftLr: numeric('ftLr'),
  ftBatch: numeric('ftBatch'),
  ftAugment: choice('ftAugment'),
  methods: { key: 'methods', schema: methodsSchema, expected: `a comma list of ${list(methodKeys)}`, encode: (x) => x.join(',') },
  panel: { key: 'panel', schema: oneOf(PANELS.map((p) => p.key)), expected: list(PANELS.map((p) => p.key)), view: true, encode: (x) => x },
  lesson: { ...numeric('lesson'), view: true },
  lang: { ...choice('lang'), view: true },
  present: { key: 'present', schema: v.pipe(oneOf(['1', '0']), v.transform((x) => x === '1')), expected: '1 or 0', view: true, encode: (x) => (x ? '1' : '0') },
};

/**
 * What a version 1 link meant where today's defaults differ: fields it could not carry, read as
 * they were then when the link is an experiment (a valid value of a field that is not `view`, or
 * a policy); a link that only picks the language, panel, lesson, layer or backend reads as today's.
 */
const LEGACY: { [K in keyof LabConfig]?: { since: number; value: LabConfig[K]; notice: string } } = {
  kScope: {
    since: 2, value: 'all',
    notice: 'This link was made before the lab kept the classifier dense (it has no v=2): it is read as it was meant, with k-σ on every dense layer, the classifier included (kScope=all). Choose "hidden dense layers" for the lab\'s default.',
  },
};

/** Names a `_hide` key may carry: every config field's control, and every panel as `<key>Panel`. */
export const HIDEABLE: readonly string[] = [...Object.keys(FIELDS), ...PANELS.map((p) => `${p.key}Panel`)];

/** A finished search's result as a link carries it: the conv layers' pruned counts, forward order. */
export interface SharedPolicy {
  prunedCounts: number[];
}

export interface Decoded {
  config: LabConfig;
  /** Controls and panels the link hides. */
  hide: string[];
  /** A finished policy to show without searching, or null. */
  policy: SharedPolicy | null;
  /** The figures the sender's run recorded (`rec=`), or null; never without a policy. */
  recorded: RecordedRun | null;
  /** One message per ignored parameter; shown to the user. */
  notices: string[];
}

/** Parses a query string (`?a=b&…`) into a full config, hidden controls and a policy. Never throws. */
export function decodeUrl(search: string): Decoded {
  const config: LabConfig = { ...DEFAULT_CONFIG, methods: [...DEFAULT_CONFIG.methods] };
  const hide: string[] = [];
  let policy: SharedPolicy | null = null;
  let recorded: RecordedRun | null = null;
  const notices: string[] = [];
  let params: URLSearchParams;
  try {
    params = new URLSearchParams(search);
  } catch {
    return { config, hide, policy, recorded, notices: ['The link could not be read; using the defaults.'] };
  }
  // A link without `v` is version 1; an unreadable `v` is taken as today's, with a notice.
  let version = 1;
  let experiment = false;
  for (const [rawKey, rawValue] of params) {
    if (rawKey === 'v') {
      // An older version is read as it was meant (LEGACY); a newer or unreadable one as today's, with a notice.
      version = /^[1-9]\d{0,3}$/.test(rawValue) ? Number(rawValue) : NaN;
      if (!(version <= URL_VERSION)) notices.push(`This link is format version ${clip(rawValue)}; this lab reads version ${URL_VERSION}, so some settings may differ.`);
      if (Number.isNaN(version)) version = URL_VERSION;
      continue;
    }
    if (rawKey.endsWith('_hide')) {
      const name = rawKey.slice(0, -5);
      if (!HIDEABLE.includes(name)) notices.push(`Ignored '${clip(rawKey)}': there is no control '${clip(name)}' to hide.`);
      else if (rawValue === '1' || rawValue === 'true') { if (!hide.includes(name)) hide.push(name); }
      else if (rawValue !== '0' && rawValue !== 'false') notices.push(`Ignored '${clip(rawKey)}=${clip(rawValue)}' (expected 1 or 0).`);
      continue;
    }
    if (rawKey === 'policy') {
      const r = rawValue.length > MAX_POLICY_LENGTH ? null : unpackPolicy(rawValue);
      if (r) policy = r;
      else notices.push('The link\'s policy is damaged or too long; ignored it (run the search instead).');
      experiment ||= !!r;
      continue;
    }
    if (rawKey === 'rec') {
      recorded = unpackRecorded(rawValue);
      if (!recorded) notices.push('The link\'s recorded results are damaged or too long; ignored them (run it here instead).');
      continue;
    }
    // Own keys only: `?constructor=1` names no field (an inherited property would).
    const field = Object.hasOwn(FIELDS, rawKey) ? (FIELDS as Record<string, Field<keyof LabConfig>>)[rawKey] : undefined;
    if (!field) {
      notices.push(`Ignored unknown URL parameter '${clip(rawKey)}'.`);
      continue;
    }
    if (rawValue.length > (field.maxLength ?? MAX_RAW_LENGTH)) {
      notices.push(`URL parameter '${rawKey}' is too long; using the default.`);
      continue;
    }
    const r = v.safeParse(field.schema, rawValue);
    if (r.success) {
      (config as unknown as Record<string, unknown>)[field.key] = r.output;
      experiment ||= !field.view;
    } else notices.push(`URL: ${field.key} '${clip(rawValue)}' is not valid (expected ${field.expected}); using the default (${field.encode(DEFAULT_CONFIG[field.key] as never) || 'automatic'}).`);
  }
  if (experiment) {
    for (const [key, legacy] of Object.entries(LEGACY) as [keyof LabConfig, { since: number; value: unknown; notice: string }][]) {
      if (version >= legacy.since || params.has(key)) continue;
      (config as unknown as Record<string, unknown>)[key] = legacy.value;
      notices.push(legacy.notice);
    }
  }
  // Figures without the policy they are of would describe a result the lab cannot show.
  if (recorded && !policy) notices.push('The link\'s recorded results come without a usable policy; ignored them.');
  return { config, hide, policy, recorded: policy ? recorded : null, notices };
}

/** The config part of `decodeUrl` (kept for callers that need only it). */
export function decodeConfig(search: string): { config: LabConfig; notices: string[] } {
  const { config, notices } = decodeUrl(search);
  return { config, notices };
}

/** What a link carries beside the config: the hidden controls, a finished policy and its recorded figures (only with the policy). */
export type LinkExtras = { hide?: readonly string[]; policy?: SharedPolicy | null; rec?: RecordedRun | null };

/** Serializes the version, the fields that differ from the defaults in table order, then hides and policy. Pure. */
export function encodeUrl(config: LabConfig, extras: LinkExtras = {}): string {
  const params = new URLSearchParams({ v: String(URL_VERSION) });
  for (const field of Object.values(FIELDS) as Field<keyof LabConfig>[]) {
    const value = config[field.key];
    const encoded = field.encode(value as never);
    if (encoded === field.encode(DEFAULT_CONFIG[field.key] as never)) continue;
    params.set(field.key, encoded);
  }
  for (const name of extras.hide ?? []) if (HIDEABLE.includes(name)) params.set(`${name}_hide`, '1');
  if (extras.policy) params.set('policy', packPolicy(extras.policy));
  if (extras.policy && extras.rec) params.set('rec', packRecorded(extras.rec));
  // The version alone says nothing: the default experiment's link stays empty.
  return [...params.keys()].length > 1 ? `?${params}` : '';
}

export function encodeConfig(config: LabConfig): string {
  return encodeUrl(config);
}

// ── policy packing ──
// Bytes: version (1), layer count (varint), each pruned count (unsigned LEB128 varint), sealed
// with a 32-bit FNV-1a of everything before it, base64url without padding (link-bytes.ts). VGG16's 13 counts pack into
// under 80 characters (tested) — less than a general-purpose compressor would give for so few numbers.

const POLICY_VERSION = 1;
const MAX_LAYERS = 512;

/** Packs a policy for a link. Counts must be integers in [0, 2^40). */
export function packPolicy(p: SharedPolicy): string {
  if (p.prunedCounts.length > MAX_LAYERS) throw new RangeError(`a policy has at most ${MAX_LAYERS} layers`);
  const bytes: number[] = [POLICY_VERSION];
  pushVarint(bytes, p.prunedCounts.length);
  for (const k of p.prunedCounts) {
    if (!Number.isInteger(k) || k < 0 || k >= 2 ** 40) throw new RangeError(`pruned count ${k} is not an integer in [0, 2^40)`);
    pushVarint(bytes, k);
  }
  return seal(bytes);
}

/** Unpacks a link's policy; null when it is malformed or its checksum fails. Never throws. */
export function unpackPolicy(text: string): SharedPolicy | null {
  const body = unseal(text, MAX_POLICY_LENGTH);
  if (!body || body.length < 2 || body[0] !== POLICY_VERSION) return null;
  const r = reader(body, 1);
  const n = r.varint(MAX_LAYERS);
  if (n === null || n < 1) return null;
  const prunedCounts: number[] = [];
  for (let l = 0; l < n; l++) {
    const k = r.varint(2 ** 40 - 1);
    if (k === null) return null;
    prunedCounts.push(k);
  }
  return r.done ? { prunedCounts } : null;
}

function clip(text: string): string {
  const t = text.length > 80 ? `${text.slice(0, 77)}…` : text;
  // Notices are rendered as text, never HTML; strip control characters all the same.
  return t.replace(/[\u0000-\u001f\u007f]/g, '?');
}
