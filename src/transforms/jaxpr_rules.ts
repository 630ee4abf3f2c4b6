/**
 * @file Jaxpr → jaxpr transformations shared by the higher-order primitives (jit, cond, scan,
 * while_loop, checkpoint): the JVP, batched and transposed versions of a jaxpr, memoised per jaxpr.
 * Each returns a jaxpr whose leading inputs are the constants its tracing captured (`consts`), which
 * the caller passes as extra operands (they may be tracers of an outer transformation).
 */
import { ShapedArray } from "../core/aval.js";
import { NDArray } from "../core/array.js";
import { UndefPrimal } from "../core/primitive.js";
import { Jaxpr, evalJaxpr } from "../ir/jaxpr.js";
import { isZeroTangent, zeroTangent, zerosLike } from "../lax/index.js";
import { jvpFlat } from "./jvp.js";
import { makeJaxprFlat } from "./stage.js";
import { backwardPass } from "./transpose.js";
import { vmapFlat } from "./vmap.js";

/** A jaxpr and the constants its tracing captured (bound as its leading inputs). */
export interface Traced {
  jaxpr: Jaxpr;
  consts: NDArray[];
}

/** Memoise a jaxpr → jaxpr transformation per jaxpr object and key. */
export function memo<T>(fn: (jaxpr: Jaxpr, key: string) => T): (jaxpr: Jaxpr, key: string) => T {
  const cache = new WeakMap<Jaxpr, Map<string, T>>();
  return (jaxpr, key) => {
    let m = cache.get(jaxpr);
    if (!m) cache.set(jaxpr, (m = new Map()));
    let hit = m.get(key);
    if (hit === undefined) m.set(key, (hit = fn(jaxpr, key)));
    return hit;
  };
}

export const avalsIn = (j: Jaxpr): ShapedArray[] => j.inBinders.map((v) => v.aval);
export const avalsOut = (j: Jaxpr): ShapedArray[] => j.outs.map((o) => o.aval);
export const flags = (bs: boolean[]): string => bs.map((b) => (b ? "1" : "0")).join("");
const unflag = (s: string): boolean[] => [...s].map((c) => c === "1");

const jvpMemo = memo((jaxpr, key): Traced & { outZero: boolean[] } => {
  const [zk, ik] = key.split("|");
  const zero = unflag(zk), inst = unflag(ik);
  const avals = avalsIn(jaxpr);
  const n = avals.length;
  const outZero: boolean[] = [];
  const closed = makeJaxprFlat((...pt) => {
    let k = n;
    const tangents = avals.map((a, i) => (zero[i] ? zeroTangent(a) : pt[k++]));
    const [po, to] = jvpFlat((...xs) => evalJaxpr(jaxpr, xs), pt.slice(0, n), tangents);
    to.forEach((t, i) => (outZero[i] = isZeroTangent(t) && !inst[i]));
    return [...po, ...to.filter((_, i) => !outZero[i])];
  }, [...avals, ...avals.filter((_, i) => !zero[i])]);
  return { jaxpr: closed.jaxpr, consts: closed.consts, outZero };
});

/**
 * The jaxpr of (primals, nonzero tangents) ↦ (outputs, nonzero output tangents). Zero tangents
 * (`zeroIn`) stay symbolic: they are not inputs, so rules can skip them (0·NaN must not leak in);
 * output tangents that are zero are reported in `outZero` unless `instantiate` asks for them.
 */
export function jvpJaxpr(jaxpr: Jaxpr, zeroIn: boolean[], instantiate: boolean[] = jaxpr.outs.map(() => false)) {
  return jvpMemo(jaxpr, `${flags(zeroIn)}|${flags(instantiate)}`);
}

const vmapMemo = memo((jaxpr, key): Traced => {
  const [sizeKey, fk] = key.split("|");
  const size = Number(sizeKey);
  const dims = unflag(fk).map((f) => (f ? 0 : null));
  const avals = avalsIn(jaxpr).map((a, i) => (dims[i] === 0 ? new ShapedArray([size, ...a.shape], a.dtype) : a));
  const closed = makeJaxprFlat((...xs) => vmapFlat((...ys) => evalJaxpr(jaxpr, ys), dims, xs, size), avals);
  return { jaxpr: closed.jaxpr, consts: closed.consts };
});

/** The jaxpr mapped over axis 0 of the inputs marked batched; all outputs batched at axis 0. */
export function vmapJaxpr(jaxpr: Jaxpr, size: number, batched: boolean[]): Traced {
  return vmapMemo(jaxpr, `${size}|${flags(batched)}`);
}

const transposeMemo = memo((jaxpr, key): Traced => {
  const undef = unflag(key);
  const avals = avalsIn(jaxpr);
  const resAvals = avals.filter((_, i) => !undef[i]);
  const closed = makeJaxprFlat((...rc) => {
    const res = rc.slice(0, resAvals.length);
    const cts = rc.slice(resAvals.length);
    let r = 0;
    const args = avals.map((a, i) => (undef[i] ? new UndefPrimal(a) : res[r++]));
    const ctsIn = backwardPass(jaxpr, args, cts);
    return avals.flatMap((a, i) => (undef[i] ? [ctsIn[i] ?? zerosLike(a)] : []));
  }, [...resAvals, ...avalsOut(jaxpr)]);
  return { jaxpr: closed.jaxpr, consts: closed.consts };
});

/** The transposed jaxpr: (non-linear inputs, output cotangents) ↦ cotangents of the linear (`undef`) inputs. */
export function transposeJaxpr(jaxpr: Jaxpr, undef: boolean[]): Traced {
  return transposeMemo(jaxpr, flags(undef));
}
