/** @file Independent float64 reference values for the tests (not shared with the library). */

/** erf by its Maclaurin series (fine for the |x| ≤ 3 the tests use). */
export function erfRef(x: number): number {
  // Maclaurin series, summed in float64 with many terms (|x| ≤ 3 in the tests)
  let sum = 0;
  let term = x;
  for (let n = 0; n < 200; n++) {
    sum += term / (2 * n + 1);
    term *= (-x * x) / (n + 1);
    if (Math.abs(term) < 1e-300) break;
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
}
