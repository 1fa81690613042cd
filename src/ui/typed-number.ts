/**
 * The number typed in a number input, divided by `scale` (a percent field gives a fraction), or
 * NaN when the field is empty: Number('') is 0, which would pass as a real value. Lab.setNumber
 * then accepts it or refuses it with a notice.
 */
export function typedNumber(input: HTMLInputElement, scale = 1): number {
  return input.value.trim() === '' ? NaN : Number(input.value) / scale;
}
