/**
 * Singular values and numerical rank in float64 (METHOD §3, HRank): tfjs has no SVD, and HRank's
 * feature maps are at most 32×32, so a one-sided Jacobi SVD (Hestenes) in plain JS is enough.
 *
 * One-sided Jacobi orthogonalizes the columns of A by plane rotations; when no pair of columns
 * is left non-orthogonal, the column norms are the singular values. It is simple, needs no
 * bidiagonalization, and is accurate to a few ulps of σ_max for small matrices.
 */

/** float32 machine epsilon, 2^-23: `torch.matrix_rank`'s tolerance factor for float32 maps. */
export const FLOAT32_EPS = 1.1920928955078125e-7;

/** Rotation threshold: columns with |γ| ≤ this·√(αβ) count as orthogonal. */
const ORTHO_EPS = 1e-15;
const MAX_SWEEPS = 80;

/**
 * Singular values of an m×n matrix, in descending order.
 *
 * @param a the matrix, COLUMN-major (element (i, j) at `a[j·m + i]`), length m·n. Overwritten
 *   (its columns end up orthogonal): pass a scratch copy.
 * @param m rows, n columns. Works for any shape; callers with n > m may pass the transpose
 *   (same singular values, fewer rotations).
 * @returns a new Float64Array of length n (the last n − m are 0 when n > m).
 */
export function singularValuesInPlace(a: Float64Array, m: number, n: number): Float64Array {
  if (a.length !== m * n) throw new RangeError(`singularValues: length ${a.length} != ${m}·${n}`);
  const norms = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let i = 0, o = j * m; i < m; i++) s += a[o + i] * a[o + i];
    norms[j] = s;
  }
  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    let rotated = false;
    for (let p = 0; p < n - 1; p++) {
      const op = p * m;
      for (let q = p + 1; q < n; q++) {
        const alpha = norms[p];
        const beta = norms[q];
        if (alpha === 0 || beta === 0) continue;
        const oq = q * m;
        let gamma = 0;
        for (let i = 0; i < m; i++) gamma += a[op + i] * a[oq + i];
        if (Math.abs(gamma) <= ORTHO_EPS * Math.sqrt(alpha * beta)) continue;
        rotated = true;
        // Rotation that zeroes the (p, q) entry of AᵀA (Golub & Van Loan §8.6.3).
        const zeta = (beta - alpha) / (2 * gamma);
        const t = (zeta >= 0 ? 1 : -1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = c * t;
        let np = 0;
        let nq = 0;
        for (let i = 0; i < m; i++) {
          const x = a[op + i];
          const y = a[oq + i];
          const xp = c * x - s * y;
          const yq = s * x + c * y;
          a[op + i] = xp;
          a[oq + i] = yq;
          np += xp * xp;
          nq += yq * yq;
        }
        // Recomputed rather than updated by formula, so rounding cannot accumulate over sweeps.
        norms[p] = np;
        norms[q] = nq;
      }
    }
    if (!rotated) break;
  }
  const sv = Float64Array.from(norms, Math.sqrt);
  return sv.sort().reverse();
}

/**
 * Eigenvalues of a symmetric n×n matrix: Householder reduction to tridiagonal form, then the
 * implicit QL algorithm (eigenvalues only; Numerical Recipes' tred2 + tqli). About (4/3)n³
 * flops — for HRank's 32×32 Gram matrices some 40× cheaper than the Jacobi SVD.
 *
 * @param a row-major n×n, symmetric (only the lower triangle is read); overwritten.
 * @returns a new Float64Array of the n eigenvalues, unsorted. Throws if QL fails to converge.
 */
export function symmetricEigenvaluesInPlace(a: Float64Array, n: number): Float64Array {
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  for (let i = n - 1; i > 0; i--) {
    const l = i - 1;
    let h = 0;
    if (l > 0) {
      let scale = 0;
      for (let k = 0; k <= l; k++) scale += Math.abs(a[i * n + k]);
      if (scale === 0) e[i] = a[i * n + l];
      else {
        for (let k = 0; k <= l; k++) {
          a[i * n + k] /= scale;
          h += a[i * n + k] * a[i * n + k];
        }
        let f = a[i * n + l];
        let g = f >= 0 ? -Math.sqrt(h) : Math.sqrt(h);
        e[i] = scale * g;
        h -= f * g;
        a[i * n + l] = f - g;
        f = 0;
        for (let j = 0; j <= l; j++) {
          g = 0;
          for (let k = 0; k <= j; k++) g += a[j * n + k] * a[i * n + k];
          for (let k = j + 1; k <= l; k++) g += a[k * n + j] * a[i * n + k];
          e[j] = g / h;
          f += e[j] * a[i * n + j];
        }
        const hh = f / (h + h);
        for (let j = 0; j <= l; j++) {
          f = a[i * n + j];
          g = e[j] - hh * f;
          e[j] = g;
          for (let k = 0; k <= j; k++) a[j * n + k] -= f * e[k] + g * a[i * n + k];
        }
      }
    } else e[i] = a[i * n + l];
  }
  for (let i = 0; i < n; i++) d[i] = a[i * n + i];
  // Implicit QL on the tridiagonal (d, e).
  for (let i = 1; i < n; i++) e[i - 1] = e[i];
  if (n > 0) e[n - 1] = 0;
  for (let l = 0; l < n; l++) {
    let iter = 0;
    let m: number;
    do {
      for (m = l; m < n - 1; m++) {
        const dd = Math.abs(d[m]) + Math.abs(d[m + 1]);
        if (Math.abs(e[m]) <= Number.EPSILON * dd) break;
      }
      if (m !== l) {
        if (iter++ === 60) throw new Error('symmetricEigenvalues: QL did not converge');
        let g = (d[l + 1] - d[l]) / (2 * e[l]);
        let r = pythag(g, 1);
        g = d[m] - d[l] + e[l] / (g + (g >= 0 ? r : -r));
        let s = 1;
        let c = 1;
        let p = 0;
        let i: number;
        for (i = m - 1; i >= l; i--) {
          const f = s * e[i];
          const b = c * e[i];
          r = pythag(f, g);
          e[i + 1] = r;
          if (r === 0) {
            d[i + 1] -= p;
            e[m] = 0;
            break;
          }
          s = f / r;
          c = g / r;
          g = d[i + 1] - p;
          r = (d[i] - g) * s + 2 * c * b;
          p = s * r;
          d[i + 1] = g + p;
          g = c * r - b;
        }
        if (r === 0 && i >= l) continue;
        d[l] -= p;
        e[l] = g;
        e[m] = 0;
      }
    } while (m !== l);
  }
  return d;
}

/** √(a² + b²) without overflow; `Math.hypot` is several times slower in V8. */
function pythag(a: number, b: number): number {
  const x = Math.abs(a);
  const y = Math.abs(b);
  if (x > y) return x * Math.sqrt(1 + (y / x) * (y / x));
  return y === 0 ? 0 : y * Math.sqrt(1 + (x / y) * (x / y));
}


/**
 * Numerical rank with `torch.matrix_rank`'s rule: the number of singular values above
 * σ_max·max(m, n)·eps (METHOD §3: eps = float32 epsilon, since HRank's maps are float32).
 *
 * Fast path: the eigenvalues λ = σ² of the smaller Gram matrix (AᵀA or AAᵀ), whose absolute
 * error is at most (m·n + 8k)·ε·λ_max (forming AᵀA: ≤ m·ε·λ_max per entry, so ≤ m·n·ε·λ_max in
 * norm, by Weyl; Householder + QL: a few k·ε·λ_max). Only when some λ lies within that band of
 * the threshold (a rank the Gram matrix cannot decide) does it run the Jacobi SVD, so the result
 * equals the Jacobi rank. The band never reaches 0 (it is < 10 % of the threshold for every
 * shape), so exactly rank-deficient maps, the common case after ReLU, are decided fast.
 *
 * @param a COLUMN-major m×n matrix; overwritten (pass a scratch copy).
 * @param eps tolerance factor, default `FLOAT32_EPS`.
 * @returns an integer in [0, min(m, n)]; 0 for the zero matrix.
 */
export function matrixRankInPlace(a: Float64Array, m: number, n: number, eps = FLOAT32_EPS): number {
  if (a.length !== m * n) throw new RangeError(`matrixRank: length ${a.length} != ${m}·${n}`);
  const k = Math.min(m, n);
  const g = new Float64Array(k * k);
  if (n <= m) {
    for (let p = 0; p < n; p++) {
      for (let q = 0; q <= p; q++) {
        let s = 0;
        for (let i = 0, op = p * m, oq = q * m; i < m; i++) s += a[op + i] * a[oq + i];
        g[p * k + q] = s;
      }
    }
  } else {
    for (let p = 0; p < m; p++) {
      for (let q = 0; q <= p; q++) {
        let s = 0;
        for (let j = 0; j < n; j++) s += a[j * m + p] * a[j * m + q];
        g[p * k + q] = s;
      }
    }
  }
  const lambda = symmetricEigenvaluesInPlace(g, k);
  let lmax = 0;
  for (const l of lambda) if (l > lmax) lmax = l;
  if (lmax === 0) return 0;
  const tol = Math.sqrt(lmax) * Math.max(m, n) * eps;
  const threshold = tol * tol;
  const band = (m * n + 8 * k) * Number.EPSILON * lmax;
  let r = 0;
  for (const l of lambda) {
    if (Math.abs(l - threshold) <= band) return jacobiRank(a, m, n, eps);
    if (l > threshold) r++;
  }
  return r;
}

/** The rank by Jacobi SVD alone (the reference `matrixRankInPlace` defers to). Overwrites `a`. */
export function jacobiRank(a: Float64Array, m: number, n: number, eps = FLOAT32_EPS): number {
  const sv = singularValuesInPlace(a, m, n);
  const tol = sv[0] * Math.max(m, n) * eps;
  let r = 0;
  while (r < sv.length && sv[r] > tol) r++;
  return r;
}
