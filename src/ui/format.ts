/** Number formatting for labels. Pure. */

/** 14991946 → "14,991,946". */
export function int(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** 313459712 → "313.46M", 38700 → "38.7K". */
export function compact(n: number): string {
  if (Math.abs(n) >= 1e9) return `${(n / 1e9).toFixed(2)}G`;
  if (Math.abs(n) >= 1e6) return `${(n / 1e6).toFixed(2)}M`;
  if (Math.abs(n) >= 1e3) return `${(n / 1e3).toFixed(1)}K`;
  return String(Math.round(n));
}

/** Seconds as '42 s', '12 min' or '1.5 h'. */
export function duration(s: number, unit: { s: string; min: string; h: string } = { s: 's', min: 'min', h: 'h' }): string {
  if (s < 90) return `${Math.round(s)} ${unit.s}`;
  if (s < 5400) return `${Math.round(s / 60)} ${unit.min}`;
  return `${(s / 3600).toFixed(1)} ${unit.h}`;
}

/** A 0..1 fraction as a percentage with `digits` decimals: 0.8333 → "83.33%". */
export function pct(fraction: number, digits = 2): string {
  return `${(fraction * 100).toFixed(digits)}%`;
}
