/**
 * The one module that defines the URL format: a table of typed fields drives both parsing and
 * serializing (after TensorFlow Playground's state.ts). Defaults stay out of the URL. Bad values
 * fall back to the default with a notice; decoding never throws.
 */
import { BACKEND_ORDER, type BackendName } from '../core/backend-names.ts';
import { MODEL_KEYS, type ModelKey } from '../core/models/catalog.ts';
import { DATASETS, DEFAULT_CONFIG, MAX_SPARSITY, isDataUrl, type LabConfig } from './config.ts';

/** Bumped when the meaning of a key changes; written as `v=` only when not the current one. */
export const URL_VERSION = 1;

interface Field<K extends keyof LabConfig> {
  key: K;
  /** Returns the parsed value, or an error message for a bad raw value. */
  parse(raw: string): { value: LabConfig[K] } | { error: string };
  encode(value: LabConfig[K]): string;
}

const MAX_RAW_LENGTH = 200;
const MAX_URL_LENGTH = 2000;

function oneOf<T extends string>(allowed: readonly T[], what: string) {
  return (raw: string) => ((allowed as readonly string[]).includes(raw)
    ? { value: raw as T }
    : { error: `unknown ${what} '${raw}' (expected ${allowed.join(', ')})` });
}

function number(lo: number, hi: number, what: string, integer = false) {
  return (raw: string) => {
    const v = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(v)) return { error: `${what} '${raw}' is not a number` };
    if (v < lo || v > hi) return { error: `${what} ${raw} is outside [${lo}, ${hi}]` };
    if (integer && !Number.isInteger(v)) return { error: `${what} ${raw} is not an integer` };
    return { value: v };
  };
}

const FIELDS: { [K in keyof LabConfig]: Field<K> } = {
  backend: { key: 'backend', parse: oneOf<BackendName>(BACKEND_ORDER, 'backend'), encode: (v) => v ?? '' },
  model: { key: 'model', parse: oneOf<ModelKey>(MODEL_KEYS, 'model'), encode: (v) => v },
  data: {
    key: 'data',
    parse: (raw) => {
      if ((DATASETS.map((d) => d.key) as string[]).includes(raw)) return { value: raw };
      if (isDataUrl(raw)) {
        try {
          return { value: new URL(raw).href };
        } catch {
          return { error: `data URL '${raw}' is not valid` };
        }
      }
      return { error: `unknown dataset '${raw}' (expected ${DATASETS.map((d) => d.key).join(', ')}, or an http(s) URL)` };
    },
    encode: (v) => v,
  },
  weights: { key: 'weights', parse: oneOf<LabConfig['weights']>(['trained', 'random'], 'weights'), encode: (v) => v },
  seed: { key: 'seed', parse: number(0, 2 ** 32 - 1, 'seed', true), encode: String },
  dataSeed: { key: 'dataSeed', parse: number(0, 2 ** 32 - 1, 'data seed', true), encode: String },
  method: { key: 'method', parse: oneOf<LabConfig['method']>(['uniform', 'global'], 'method'), encode: (v) => v },
  sparsity: { key: 'sparsity', parse: number(0, MAX_SPARSITY, 'sparsity'), encode: (v) => String(Math.round(v * 1e4) / 1e4) },
  k: {
    key: 'k',
    parse: (raw) => {
      if (raw === 'off') return { value: null };
      const r = number(0.01, 10, 'k')(raw);
      return 'error' in r ? { error: `${r.error} (or 'off')` } : r;
    },
    encode: (v) => (v === null ? 'off' : String(v)),
  },
  layer: {
    key: 'layer',
    parse: (raw) => (/^[A-Za-z0-9_]{1,64}$/.test(raw) ? { value: raw } : { error: `layer name '${raw}' is not valid` }),
    encode: (v) => v,
  },
  alpha: { key: 'alpha', parse: number(0.01, MAX_SPARSITY, 'α'), encode: (v) => String(Math.round(v * 1e4) / 1e4) },
  episodes: { key: 'episodes', parse: number(1, 5000, 'episodes', true), encode: String },
  warmup: { key: 'warmup', parse: number(0, 5000, 'warm-up', true), encode: String },
  rewardImages: { key: 'rewardImages', parse: number(10, 50000, 'reward images', true), encode: String },
  budget: { key: 'budget', parse: oneOf<LabConfig['budget']>(['params', 'flops'], 'budget'), encode: (v) => v },
  budgetMode: { key: 'budgetMode', parse: oneOf<LabConfig['budgetMode']>(['exact', 'amc'], 'budget mode'), encode: (v) => v },
  reward: { key: 'reward', parse: oneOf<LabConfig['reward']>(['acc', 'acc-flops'], 'reward'), encode: (v) => v },
  searchSeed: { key: 'searchSeed', parse: number(0, 2 ** 32 - 1, 'search seed', true), encode: String },
  fcK: { key: 'fcK', parse: number(0.01, 10, 'FC k'), encode: String },
  ftEpochs: { key: 'ftEpochs', parse: number(0, 200, 'fine-tuning epochs'), encode: String },
  ftLr: { key: 'ftLr', parse: number(1e-6, 1, 'fine-tuning lr'), encode: String },
  ftBatch: { key: 'ftBatch', parse: number(1, 1024, 'fine-tuning batch', true), encode: String },
};

export interface Decoded {
  config: LabConfig;
  /** One message per ignored parameter; shown to the user. */
  notices: string[];
}

/** Parses a query string (`?a=b&…`) into a full config. Never throws. */
export function decodeConfig(search: string): Decoded {
  const params = new URLSearchParams(search);
  const config: LabConfig = { ...DEFAULT_CONFIG };
  const notices: string[] = [];
  for (const [rawKey, rawValue] of params) {
    if (rawKey === 'v') continue;
    const field = (FIELDS as Record<string, Field<keyof LabConfig>>)[rawKey];
    if (!field) {
      notices.push(`Ignored unknown URL parameter '${clip(rawKey)}'.`);
      continue;
    }
    if (rawValue.length > (rawKey === 'data' ? MAX_URL_LENGTH : MAX_RAW_LENGTH)) {
      notices.push(`URL parameter '${rawKey}' is too long; using the default.`);
      continue;
    }
    const r = field.parse(rawValue);
    if ('error' in r) notices.push(`URL: ${clip(r.error)}; using the default (${field.encode(DEFAULT_CONFIG[field.key]) || 'automatic'}).`);
    else (config as unknown as Record<string, unknown>)[field.key] = r.value;
  }
  return { config, notices };
}

/** Serializes the fields that differ from the defaults, in table order. Pure. */
export function encodeConfig(config: LabConfig): string {
  const params = new URLSearchParams();
  for (const field of Object.values(FIELDS) as Field<keyof LabConfig>[]) {
    const value = config[field.key];
    if (value === DEFAULT_CONFIG[field.key]) continue;
    params.set(field.key, field.encode(value as never));
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

function clip(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}
