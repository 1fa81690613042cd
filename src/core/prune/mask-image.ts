/**
 * A dense kernel's mask as a small picture: the [in, out] kernel (row r = input r, column c =
 * output c, index r·out + c) is cut into at most `maxSide` × `maxSide` blocks of whole rows and
 * columns, and each cell holds the fraction of its block's weights that are kept, scaled to
 * 0..255 (rounded). Block edges are floor(i·n / cells), so every weight lands in exactly one block
 * and blocks differ in size by at most one row or column. No mask means a dense layer: every cell
 * 255. Pure: no tfjs, so the worker and the tests share it.
 */

export interface MaskImage {
  layer: string;
  /** The kernel's shape: inputs (rows) × outputs (columns). */
  inputs: number;
  outputs: number;
  /** The picture's size in cells. */
  rows: number;
  cols: number;
  /** rows·cols kept fractions × 255, row-major. */
  cells: Uint8Array;
  /** Kept weights of the whole kernel. */
  kept: number;
}

/** The picture of `mask` (length inputs·outputs; undefined = nothing pruned). */
export function maskImage(layer: string, inputs: number, outputs: number, mask: Uint8Array | undefined, maxSide = 64): MaskImage {
  if (!(Number.isInteger(inputs) && inputs > 0 && Number.isInteger(outputs) && outputs > 0)) throw new RangeError(`maskImage(${layer}): shape ${inputs}×${outputs} is not a positive integer shape`);
  if (mask && mask.length !== inputs * outputs) throw new RangeError(`maskImage(${layer}): mask has ${mask.length} entries, the kernel ${inputs}×${outputs} = ${inputs * outputs}`);
  const side = Math.max(1, Math.floor(maxSide));
  const rows = Math.min(inputs, side);
  const cols = Math.min(outputs, side);
  const keptIn = new Float64Array(rows * cols);
  // Which block each column falls in, computed once (the inner loop runs over every weight).
  const colBlock = new Uint32Array(outputs);
  for (let c = 0; c < outputs; c++) colBlock[c] = Math.floor((c * cols) / outputs);
  let kept = 0;
  for (let r = 0; r < inputs; r++) {
    const base = Math.floor((r * rows) / inputs) * cols;
    for (let c = 0; c < outputs; c++) {
      const on = mask ? (mask[r * outputs + c] ? 1 : 0) : 1;
      keptIn[base + colBlock[c]] += on;
      kept += on;
    }
  }
  const cells = new Uint8Array(rows * cols);
  const span = (i: number, n: number, k: number) => Math.ceil(((i + 1) * n) / k) - Math.ceil((i * n) / k);
  for (let i = 0; i < rows; i++) {
    const h = span(i, inputs, rows);
    for (let j = 0; j < cols; j++) cells[i * cols + j] = Math.round((255 * keptIn[i * cols + j]) / (h * span(j, outputs, cols)));
  }
  return { layer, inputs, outputs, rows, cols, cells, kept };
}
