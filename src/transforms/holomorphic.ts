/**
 * @file `holomorphic: true` support for grad/jacfwd/jacrev: the dtype checks (as JAX's errors) and our
 * check that f is holomorphic at the point — its JVP is complex-linear, J(i·t) = i·J(t), for one
 * generic tangent t (JAX does not check; docs/complex.md). A real-linear J(t) = a·t + b·conj(t) has
 * J(i·t) − i·J(t) = −2i·b·conj(t), which vanishes exactly when the Cauchy–Riemann part b is 0.
 */
import { ConcreteArray, NDArray } from "../core/array.js";
import { isComplex, isFloat, realDType } from "../core/dtype.js";
import * as L from "../lax/index.js";
import { jvpFlat } from "./jvp.js";

/** Derivative options shared by grad, jacfwd and jacrev. */
export interface HolomorphicOptions {
  /** f is holomorphic (complex inputs and outputs): the result is the complex derivative f′(z). */
  holomorphic?: boolean;
  /** With `holomorphic`, verify J(i·t) = i·J(t) at the point (default true; one extra JVP pair). */
  checkHolomorphic?: boolean;
}

/** JAX's input-dtype rule: holomorphic needs complex inputs; otherwise float inputs (grad also takes complex). */
export function checkInputs(op: string, xs: NDArray[], holomorphic: boolean, complexOk: boolean): void {
  xs.forEach((x, i) => {
    const d = x.dtype;
    if (holomorphic) {
      if (!isComplex(d)) throw new TypeError(`${op} with holomorphic: true requires inputs with complex dtype, but got ${d} (leaf ${i})`);
    } else if (isComplex(d) && !complexOk) {
      throw new TypeError(
        `${op} requires real-valued inputs (a float dtype), but got ${d} (leaf ${i}). For holomorphic differentiation, pass { holomorphic: true }. ` +
          `For differentiation of non-holomorphic functions involving complex inputs, use jvp directly`,
      );
    } else if (!isFloat(d) && !isComplex(d)) {
      const want = op === "grad" ? `grad requires float inputs — cast with .astype("float32")` : "float inputs are required";
      throw new TypeError(`${op}: differentiating with respect to an input of dtype ${d} (leaf ${i}); ${want}`);
    }
  });
}

/** JAX's output-dtype rule: holomorphic needs complex outputs; otherwise real (float) outputs. */
export function checkOutputs(op: string, outs: NDArray[], holomorphic: boolean, via: "jvp" | "vjp"): void {
  for (const o of outs) {
    if (holomorphic && !isComplex(o.dtype)) throw new TypeError(`${op} with holomorphic: true requires outputs with complex dtype, but got ${o.dtype}`);
    if (!holomorphic && isComplex(o.dtype)) {
      throw new TypeError(
        `${op} requires real-valued outputs (a float dtype), but got ${o.dtype}. For holomorphic differentiation, pass { holomorphic: true }. ` +
          `For differentiation of non-holomorphic functions involving complex outputs, use ${via} directly`,
      );
    }
  }
}

/** A generic complex tangent of `x`'s shape and dtype: unit numbers of irrational, distinct phases. */
function genericTangent(x: NDArray, offset: number): NDArray {
  const n = x.size, data = new Float64Array(2 * n);
  for (let k = 0; k < n; k++) {
    const phi = 0.7390851 + 1.6180339 * (k + offset);
    data[2 * k] = Math.cos(phi);
    data[2 * k + 1] = Math.sin(phi);
  }
  return L.convert(ConcreteArray.fromTyped(data, x.shape, "complex128"), x.dtype);
}

/**
 * Throw a clear error unless f's JVP at `xs` is complex-linear (f holomorphic there). Runs only on
 * concrete values: under jit or vmap the values are abstract and the check is skipped.
 */
export function checkHolomorphicAt(op: string, f: (...xs: NDArray[]) => NDArray[], xs: NDArray[]): void {
  let offset = 0;
  const ts = xs.map((x) => {
    const t = genericTangent(x, offset);
    offset += x.size;
    return t;
  });
  const i = (t: NDArray) => L.mul(t, L.complex(L.zerosLike(L.real(t)), L.fullLike(L.real(t), 1)));
  const [, jt] = jvpFlat(f, xs, ts);
  const [, jit] = jvpFlat(f, xs, ts.map(i));
  jt.forEach((a, k) => {
    const b = jit[k];
    const diff = L.reduceMax(L.abs(L.sub(b, i(a))), a.shape.map((_, d) => d));
    const scale = L.add(L.reduceMax(L.abs(a), a.shape.map((_, d) => d)), L.reduceMax(L.abs(b), b.shape.map((_, d) => d)));
    if (!(diff instanceof ConcreteArray) || !(scale instanceof ConcreteArray)) return; // abstract: cannot check
    const tol = realDType(a.dtype) === "float32" ? 1e-3 : 1e-8;
    const d = diff.item() as number, s = scale.item() as number;
    if (d > tol * s + 1e-300 || Number.isNaN(d)) {
      throw new TypeError(
        `${op}: f is not holomorphic at this point: its derivative is not complex-linear (J(i·t) ≠ i·J(t) for a tangent t; ` +
          `|J(i·t) − i·J(t)| = ${d.toPrecision(3)} vs scale ${s.toPrecision(3)}${jt.length > 1 ? `, output ${k}` : ""}). ` +
          `Functions of conj(z), |z|, real(z) or imag(z) are not holomorphic: use grad without holomorphic on a real-valued function, ` +
          `or vjp/jvp. Pass { checkHolomorphic: false } to skip this check`,
      );
    }
  });
}
