/**
 * The agent's tiled product (gemmNT) and the layers built on it against plain float64 triple
 * loops written here, on shapes that hit every remainder of the 4 × 2 tiles (rows 1–9, columns
 * 1–5, depth 1–11) and with accumulation on and off. Same float64 products, summed in another
 * order: they agree to rounding (tolerance 1e-12 absolute on values of order 1–10).
 */
import { describe, expect, it } from 'vitest';
import { backward, forward, gemmNT, linear, zerosLike } from '../../../src/core/rl/mlp.ts';
import { Rng } from '../../../src/core/rng.ts';

const TOL = 1e-12;
const rand = (rng: Rng, n: number) => Float64Array.from({ length: n }, () => rng.uniform(-1, 1));
const maxAbs = (a: Float64Array, b: Float64Array) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);

describe('gemmNT', () => {
  it('equals the triple loop on every tile remainder, with and without accumulation', () => {
    const rng = new Rng(7);
    let cases = 0;
    for (const n of [1, 3, 4, 5, 8, 9]) for (const m of [1, 2, 3, 5]) for (const k of [1, 2, 7, 11]) for (const acc of [false, true]) {
      const A = rand(rng, n * k);
      const B = rand(rng, m * k);
      const C0 = rand(rng, n * m);
      const want = new Float64Array(n * m);
      for (let r = 0; r < n; r++) for (let o = 0; o < m; o++) {
        let s = acc ? C0[r * m + o] : 0;
        for (let i = 0; i < k; i++) s += A[r * k + i] * B[o * k + i];
        want[r * m + o] = s;
      }
      const got = C0.slice();
      gemmNT(A, B, n, k, m, got, acc);
      expect(maxAbs(got, want), `n ${n} m ${m} k ${k} acc ${acc}`).toBeLessThan(TOL);
      cases += 1;
    }
    expect(cases).toBe(192);
  });
});

describe('linear layer on gemmNT', () => {
  it('forward, dW, db and dX equal their definitions for 1, 4 and 6 rows', () => {
    const rng = new Rng(3);
    for (const n of [1, 4, 6]) {
      const l = linear(7, 5, rng);
      const X = rand(rng, n * 7);
      const dY = rand(rng, n * 5);
      const Y = forward(l, X, n);
      const g = zerosLike(l);
      const dX = backward(l, X, dY, n, g)!;
      const wantY = new Float64Array(n * 5);
      const wantDx = new Float64Array(n * 7);
      const wantDw = new Float64Array(35);
      const wantDb = new Float64Array(5);
      for (let r = 0; r < n; r++) for (let o = 0; o < 5; o++) {
        wantY[r * 5 + o] = l.b[o];
        wantDb[o] += dY[r * 5 + o];
        for (let i = 0; i < 7; i++) {
          wantY[r * 5 + o] += X[r * 7 + i] * l.W[i * 5 + o];
          wantDx[r * 7 + i] += dY[r * 5 + o] * l.W[i * 5 + o];
          wantDw[i * 5 + o] += X[r * 7 + i] * dY[r * 5 + o];
        }
      }
      expect(maxAbs(Y, wantY)).toBeLessThan(TOL);
      expect(maxAbs(dX, wantDx)).toBeLessThan(TOL);
      expect(maxAbs(g.W, wantDw)).toBeLessThan(TOL);
      expect(maxAbs(g.b, wantDb)).toBeLessThan(TOL);
    }
  });
});
