/**
 * @file Table-driven primitive tests generated from test/cases.ts: for every case and dtype,
 * implementation vs an independent reference, abstract evaluation vs implementation, vmap vs a
 * loop, and evaluation of the staged jaxpr vs eager.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { cases, uncoveredPrimitives, OpCase } from "./cases.js";
import { ConcreteArray, NDArray } from "../src/core/array.js";
import { DType, castScalar, isFloat, typedArrayCtor } from "../src/core/dtype.js";
import { jit, makeJaxpr, vmap } from "../src/index.js";
import { evalClosedJaxpr } from "../src/transforms/api.js";
import * as L from "../src/lax/index.js";
import { seededRandom } from "../src/numeric/check.js";
import { TOL } from "./util.js";
import { CONV_CASES, naiveConv } from "./conv_reference.js";
import { RW_CASES, naiveReduceWindow, naiveSelectGather, naiveSelectScatter } from "./reduce_window_reference.js";

// ---------------------------------------------------------------------------------------------
// A tiny independent tensor type for the references: float64 numbers in row-major order.

class T {
  constructor(readonly shape: number[], readonly data: number[]) {
    assert.equal(data.length, size(shape), `T: ${data.length} values for shape [${shape}]`);
  }
  static fill(shape: number[], v: number): T {
    return new T(shape, new Array(size(shape)).fill(v));
  }
  offset(idx: number[]): number {
    let o = 0;
    for (let i = 0; i < this.shape.length; i++) o = o * this.shape[i] + idx[i];
    return o;
  }
  get(idx: number[]): number {
    return this.data[this.offset(idx)];
  }
  set(idx: number[], v: number): void {
    this.data[this.offset(idx)] = v;
  }
}
const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

/** Every multi-index of `shape`, in row-major order. */
function indices(shape: number[]): number[][] {
  let out: number[][] = [[]];
  for (const d of shape) {
    const next: number[][] = [];
    for (const prefix of out) for (let i = 0; i < d; i++) next.push([...prefix, i]);
    out = next;
  }
  return out;
}

const toT = (x: NDArray): T => new T(x.shape, Array.from(x.data() as ArrayLike<number>));
function fromT(t: T, dtype: DType): NDArray {
  const Ctor = typedArrayCtor(dtype);
  return ConcreteArray.fromTyped(new Ctor(t.data.map((v) => castScalar(v, dtype))), t.shape, dtype);
}

// ---------------------------------------------------------------------------------------------
// Naive reference implementations (plain loops over multi-indices).

function nReduce(x: T, axes: number[], op: (a: number, b: number) => number): T {
  const kept = x.shape.map((_, i) => i).filter((i) => !axes.includes(i));
  const out = new T(kept.map((i) => x.shape[i]), new Array(size(kept.map((i) => x.shape[i]))).fill(undefined));
  for (const idx of indices(x.shape)) {
    const o = kept.map((i) => idx[i]);
    const prev = out.get(o);
    out.set(o, prev === undefined ? x.get(idx) : op(prev, x.get(idx)));
  }
  return out;
}
function nArg(x: T, axis: number, better: (a: number, b: number) => boolean): T {
  const outShape = x.shape.filter((_, i) => i !== axis);
  const out = T.fill(outShape, 0);
  for (const o of indices(outShape)) {
    let best = 0;
    const at = (k: number) => x.get([...o.slice(0, axis), k, ...o.slice(axis)]);
    for (let k = 1; k < x.shape[axis]; k++) if (better(at(k), at(best))) best = k;
    out.set(o, best);
  }
  return out;
}
const nReshape = (x: T, shape: number[]) => new T(shape, [...x.data]);
function nBroadcast(x: T, shape: number[], dims: number[]): T {
  const out = T.fill(shape, 0);
  for (const o of indices(shape)) out.set(o, x.get(dims.map((d, i) => (x.shape[i] === 1 ? 0 : o[d]))));
  return out;
}
function nTranspose(x: T, perm: number[]): T {
  const out = T.fill(perm.map((p) => x.shape[p]), 0);
  for (const o of indices(out.shape)) {
    const src = new Array<number>(perm.length);
    perm.forEach((p, k) => (src[p] = o[k]));
    out.set(o, x.get(src));
  }
  return out;
}
function nSlice(x: T, start: number[], stop: number[], step = start.map(() => 1)): T {
  const shape = start.map((s, i) => Math.max(0, Math.ceil((stop[i] - s) / step[i])));
  const out = T.fill(shape, 0);
  for (const o of indices(shape)) out.set(o, x.get(o.map((j, i) => start[i] + j * step[i])));
  return out;
}
/** Pad by placing each input element at lo + i·(interior+1) and dropping what falls outside. */
function nPad(x: T, config: [number, number, number][], value: number): T {
  const shape = x.shape.map((d, i) => config[i][0] + config[i][1] + d + Math.max(0, d - 1) * config[i][2]);
  const out = T.fill(shape, value);
  for (const idx of indices(x.shape)) {
    const pos = idx.map((j, i) => config[i][0] + j * (config[i][2] + 1));
    if (pos.every((p, i) => p >= 0 && p < shape[i])) out.set(pos, x.get(idx));
  }
  return out;
}
function nConcat(xs: T[], axis: number): T {
  const shape = [...xs[0].shape];
  shape[axis] = xs.reduce((s, x) => s + x.shape[axis], 0);
  const out = T.fill(shape, 0);
  let off = 0;
  for (const x of xs) {
    for (const idx of indices(x.shape)) out.set(idx.map((j, i) => (i === axis ? j + off : j)), x.get(idx));
    off += x.shape[axis];
  }
  return out;
}
function nRev(x: T, axes: number[]): T {
  const out = T.fill(x.shape, 0);
  for (const idx of indices(x.shape)) out.set(idx.map((j, i) => (axes.includes(i) ? x.shape[i] - 1 - j : j)), x.get(idx));
  return out;
}
function nDotGeneral(x: T, y: T, [xc, yc]: number[][], [xb, yb]: number[][]): T {
  const xf = x.shape.map((_, i) => i).filter((i) => !xc.includes(i) && !xb.includes(i));
  const yf = y.shape.map((_, i) => i).filter((i) => !yc.includes(i) && !yb.includes(i));
  const shape = [...xb.map((a) => x.shape[a]), ...xf.map((a) => x.shape[a]), ...yf.map((a) => y.shape[a])];
  const out = T.fill(shape, 0);
  const cshape = xc.map((a) => x.shape[a]);
  for (const o of indices(shape)) {
    const bi = o.slice(0, xb.length), xi = o.slice(xb.length, xb.length + xf.length), yi = o.slice(xb.length + xf.length);
    let acc = 0;
    for (const c of indices(cshape)) {
      const xIdx = new Array<number>(x.shape.length), yIdx = new Array<number>(y.shape.length);
      xb.forEach((a, k) => (xIdx[a] = bi[k]));
      yb.forEach((a, k) => (yIdx[a] = bi[k]));
      xf.forEach((a, k) => (xIdx[a] = xi[k]));
      yf.forEach((a, k) => (yIdx[a] = yi[k]));
      xc.forEach((a, k) => (xIdx[a] = c[k]));
      yc.forEach((a, k) => (yIdx[a] = c[k]));
      acc += x.get(xIdx) * y.get(yIdx);
    }
    out.set(o, acc);
  }
  return out;
}
const clamp = (v: number, n: number) => Math.min(Math.max(v, 0), n - 1);
function nGather(x: T, idx: T, axis: number): T {
  const shape = [...x.shape.slice(0, axis), ...idx.shape, ...x.shape.slice(axis + 1)];
  const out = T.fill(shape, 0);
  const k = idx.shape.length;
  for (const o of indices(shape)) {
    const row = clamp(idx.get(o.slice(axis, axis + k)), x.shape[axis]);
    out.set(o, x.get([...o.slice(0, axis), row, ...o.slice(axis + k)]));
  }
  return out;
}
function nScatterAdd(u: T, idx: T, axis: number, shape: number[]): T {
  const out = T.fill(shape, 0);
  const k = idx.shape.length;
  for (const o of indices(u.shape)) {
    const row = clamp(idx.get(o.slice(axis, axis + k)), shape[axis]);
    const dst = [...o.slice(0, axis), row, ...o.slice(axis + k)];
    out.set(dst, out.get(dst) + u.get(o));
  }
  return out;
}
/** Sort each row along the last axis (stably): values, or the permutation that sorts. */
function nSort(x: T, want: "values" | "perm"): T {
  const n = x.shape[x.shape.length - 1];
  const out: number[] = [];
  for (let off = 0; off < x.data.length; off += n) {
    const row = x.data.slice(off, off + n).map((v, i) => [v, i]);
    row.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    out.push(...row.map(([v, i]) => (want === "values" ? v : i)));
  }
  return new T(x.shape, out);
}
function nCumsum(x: T, axis: number, reverse: boolean): T {
  const out = T.fill(x.shape, 0);
  for (const idx of indices(x.shape)) {
    let acc = 0;
    const n = x.shape[axis];
    const range = reverse ? [...Array(n - idx[axis]).keys()].map((j) => idx[axis] + j) : [...Array(idx[axis] + 1).keys()];
    for (const j of range) acc += x.get(idx.map((v, i) => (i === axis ? j : v)));
    out.set(idx, acc);
  }
  return out;
}
const sumOp = (a: number, b: number) => a + b;
const maxOp = (a: number, b: number) => Math.max(a, b);
const minOp = (a: number, b: number) => Math.min(a, b);
const prodOp = (a: number, b: number) => a * b;

/** The naive reference of each non-elementwise case, by label (params as in cases.ts). */
const naive: Record<string, (...xs: T[]) => T> = {
  reduce_sum_axis1: (x) => nReduce(x, [1], sumOp),
  reduce_sum_all: (x) => nReduce(x, [0, 1], sumOp),
  reduce_sum_axes02: (x) => nReduce(x, [0, 2], sumOp),
  reduce_max: (x) => nReduce(x, [1], maxOp),
  reduce_max_axes02: (x) => nReduce(x, [0, 2], maxOp),
  reduce_min: (x) => nReduce(x, [0], minOp),
  reduce_min_all: (x) => nReduce(x, [0, 1], minOp),
  reduce_prod: (x) => nReduce(x, [1], prodOp),
  reduce_prod_axes02: (x) => nReduce(x, [0, 2], prodOp),
  argmax: (x) => nArg(x, 1, (a, b) => a > b),
  argmax_3d: (x) => nArg(x, 1, (a, b) => a > b),
  argmin: (x) => nArg(x, 0, (a, b) => a < b),
  argmin_3d: (x) => nArg(x, 2, (a, b) => a < b),
  reshape: (x) => nReshape(x, [3, 4]),
  reshape_to_scalar: (x) => nReshape(x, []),
  reshape_3d: (x) => nReshape(x, [4, 1, 6]),
  broadcast_in_dim: (x) => nBroadcast(x, [2, 3, 4], [1, 2]),
  broadcast_scalar: (x) => nBroadcast(x, [2, 3], []),
  broadcast_middle: (x) => nBroadcast(x, [2, 3, 4], [1]),
  transpose: (x) => nTranspose(x, [2, 0, 1]),
  transpose_4d: (x) => nTranspose(x, [3, 1, 0, 2]),
  slice_strided: (x) => nSlice(x, [1, 0], [5, 6], [2, 3]),
  slice_3d: (x) => nSlice(x, [0, 1, 1], [3, 4, 5], [1, 1, 2]),
  slice_empty: (x) => nSlice(x, [2, 0], [2, 6]),
  pad_interior: (x) => nPad(x, [[1, 2, 1], [0, 1, 0]], 0),
  pad_negative: (x) => nPad(x, [[-1, 1, 0], [2, -1, 0]], 0),
  pad_mixed_value: (x) => nPad(x, [[2, -1, 2], [-1, 0, 1]], 1),
  pad_crop_all: (x) => nPad(x, [[-2, -1, 0], [-1, -3, 0]], 0),
  concatenate: (x, y) => nConcat([x, y], 1),
  concatenate_3: (x, y, z) => nConcat([x, y, z], 0),
  rev: (x) => nRev(x, [0, 1]),
  rev_one_axis: (x) => nRev(x, [1]),
  matmul: (x, y) => nDotGeneral(x, y, [[1], [0]], [[], []]),
  dot_general_batched: (x, y) => nDotGeneral(x, y, [[1], [2]], [[0], [1]]),
  dot_general_two_contract: (x, y) => nDotGeneral(x, y, [[1, 2], [1, 0]], [[], []]),
  dot_general_vectors: (x, y) => nDotGeneral(x, y, [[0], [0]], [[], []]),
  dot_general_outer_batch_last: (x, y) => nDotGeneral(x, y, [[], []], [[1], [0]]),
  gather: (x, i) => nGather(x, i, 0),
  gather_axis1_2d_idx: (x, i) => nGather(x, i, 1),
  gather_clamped_u32: (x, i) => nGather(x, i, 0),
  gather_clamped_negative: (x, i) => nGather(x, i, 0),
  scatter_add: (u, i) => nScatterAdd(u, i, 1, [3, 4]),
  scatter_add_clamped: (u, i) => nScatterAdd(u, i, 1, [2, 3]),
  scatter_add_axis0_2d_idx: (u, i) => nScatterAdd(u, i, 0, [4, 3]),
  sort: (x) => nSort(x, "values"),
  sort_1d: (x) => nSort(x, "values"),
  sort_3d: (x) => nSort(x, "values"),
  sort_permutation: (x) => nSort(x, "perm"),
  cumsum: (x) => nCumsum(x, 1, false),
  cumsum_reverse: (x) => nCumsum(x, 0, true),
  cumsum_3d_middle: (x) => nCumsum(x, 1, false),
  cumsum_reverse_int: (x) => nCumsum(x, 0, true),  // ---- issue 11: conv ----
  ...Object.fromEntries(CONV_CASES.map(({ label, cfg }) => [label, (x: T, y: T) => {
    const r = naiveConv(x.data, y.data, cfg);
    return new T(r.shape, r.data);
  }])),
  // ---- issue 11/12: reduce_window (pooling) ----
  ...Object.fromEntries(RW_CASES.map((c) => [c.label, (a: T, x?: T): T => {
    const r = c.prim === "select_and_gather_add" ? naiveSelectGather(a.data, x!.data, x!.shape, c.p, c.select!)
      : c.prim === "select_and_scatter_add" ? naiveSelectScatter(a.data, x!.data, x!.shape, c.p, c.select!)
      : naiveReduceWindow(a.data, a.shape, c.p, c.prim === "reduce_window_sum" ? "sum" : c.prim === "reduce_window_max" ? "max" : "min");
    return new T(r.shape, r.data);
  }])),
};

// ---------------------------------------------------------------------------------------------
// Inputs, tolerances and comparison.

/** A small seeded PRNG (mulberry32), so every run sees the same inputs. */
function rng(seedText: string): () => number {
  let s = 0;
  for (const ch of seedText) s = (Math.imul(s, 31) + ch.charCodeAt(0)) | 0;
  return seededRandom(s);
}

/** Random values of a dtype: floats uniform in the domain, ints small, bools 0/1. */
function randomT(shape: number[], dtype: DType, domain: [number, number], rand: () => number): T {
  const gen = (): number => {
    switch (dtype) {
      case "bool": return rand() < 0.5 ? 0 : 1;
      case "int32": return Math.floor(rand() * 7) - 3;
      case "uint32": return Math.floor(rand() * 6);
      case "float32": return Math.fround(domain[0] + (domain[1] - domain[0]) * rand());
      case "float64": return domain[0] + (domain[1] - domain[0]) * rand();
      case "complex64": case "complex128": throw new Error("randomT: complex dtypes are tested in test/complex_*.test.ts");
    }
  };
  return new T(shape, Array.from({ length: size(shape) }, gen));
}

function numArgs(c: OpCase): number {
  return c.shapes.length + Object.keys(c.fixed ?? {}).length;
}

/** One example's inputs, with their dtypes: random for free positions, the generator's for fixed ones. */
function exampleInputs(c: OpCase, dtype: DType, rand: () => number, variant = 0): { t: T; dtype: DType }[] {
  const shapes = [...c.shapes];
  return Array.from({ length: numArgs(c) }, (_, i) => {
    const gen = c.fixed?.[i];
    if (gen) {
      const fixed = gen();
      const t = toT(fixed);
      const n = t.data.length;
      // a different (still valid) index set per batch example: rotate the values
      return { t: new T(t.shape, t.data.map((_, j) => t.data[(j + variant) % n])), dtype: fixed.dtype };
    }
    return { t: randomT(shapes.shift()!, dtype, c.domain ?? [-2, 2], rand), dtype };
  });
}


function assertClose(got: T, want: T, dtype: DType, what: string, tol = TOL[dtype]): void {
  assert.deepEqual(got.shape, want.shape, `${what}: shape`);
  const [rtol, atol] = tol;
  for (let i = 0; i < want.data.length; i++) {
    const g = got.data[i], w = castScalar(want.data[i], dtype);
    if (Object.is(g, w) || (Number.isNaN(g) && Number.isNaN(w))) continue;
    if (Math.abs(g - w) <= atol + rtol * Math.abs(w)) continue;
    assert.fail(`${what}: element ${i} is ${g}, expected ${w} (dtype ${dtype}, |Δ| = ${Math.abs(g - w)})`);
  }
}

/** Output dtype of an elementwise case with a uniform input dtype. */
function expectedElementwiseDtype(c: OpCase, input: DType): DType {
  if (["eq", "ne", "lt", "le", "gt", "ge"].includes(c.prim)) return "bool";
  if (c.prim === "convert_element_type") return c.label.includes("f64") ? "float64" : c.label.includes("f32") ? "float32" : c.label.includes("bool") ? "bool" : c.label.includes("u32") ? "uint32" : "int32";
  return input;
}

/** Stack per-example results along a new axis. */
function stackAt(ts: T[], axis: number): T {
  const shape = [...ts[0].shape];
  shape.splice(axis, 0, ts.length);
  const out = T.fill(shape, 0);
  for (const o of indices(shape)) out.set(o, ts[o[axis]].get(o.filter((_, i) => i !== axis)));
  return out;
}

/** The inAxes choices tried for a case: mapped at 0, at 1, at the end, unmapped for some arguments. */
function inAxesChoices(ndims: number[]): (number | null)[][] {
  const choices: (number | null)[][] = [ndims.map(() => 0), ndims.map((d) => Math.min(1, d)), ndims.map((d) => d)];
  if (ndims.length > 1) {
    choices.push(ndims.map((_, i) => (i === 0 ? 0 : null)));
    choices.push(ndims.map((d, i) => (i === ndims.length - 1 ? d : null)));
    choices.push(ndims.map((_, i) => (i % 2 === 0 ? -1 : 0)));
  }
  const seen = new Set<string>();
  return choices.filter((c) => !seen.has(JSON.stringify(c)) && !!seen.add(JSON.stringify(c)));
}

/**
 * Known bugs in src/ (reported; see the test names): the affected test of the case is marked todo
 * so the suite stays green until the fix lands.
 */
type Check = "ref" | "vmap";
const knownBugs: Record<string, Partial<Record<Check, string>>> = {};
const todo = (label: string, check: Check) => ({ todo: knownBugs[label]?.[check] });

// ---------------------------------------------------------------------------------------------

test("every registered primitive has a case", () => {
  assert.deepEqual(uncoveredPrimitives(), []);
});

test("every case has a reference (elementwise ref or naive implementation), and labels are unique", () => {
  const labels = cases.map((c) => c.label);
  assert.deepEqual(labels.filter((l, i) => labels.indexOf(l) !== i), []);
  const missing = cases.filter((c) => !c.ref && !naive[c.label]).map((c) => c.label);
  assert.deepEqual(missing, []);
});

for (const c of cases) {
  describe(`primitive ${c.label}`, () => {
    for (const dtype of c.dtypes) {
      describe(dtype, () => {
        const rand = rng(`${c.label}/${dtype}`);
        const ins = exampleInputs(c, dtype, rand);
        const arrays = ins.map(({ t, dtype: d }) => fromT(t, d));
        const eager = (): NDArray => c.fn(...arrays);

        test("implementation vs reference", todo(c.label, "ref"), () => {
          const out = eager();
          if (c.ref) {
            assert.equal(out.dtype, expectedElementwiseDtype(c, dtype), "output dtype");
            const want = new T(ins[0].t.shape, ins[0].t.data.map((_, j) => c.ref!(...ins.map(({ t }) => t.data[j]))));
            assertClose(toT(out), want, out.dtype, `${c.label}(${dtype})`);
          } else {
            const want = naive[c.label](...ins.map(({ t }) => t));
            assertClose(toT(out), want, out.dtype, `${c.label}(${dtype})`);
          }
        });

        test("abstract evaluation matches the implementation", () => {
          const out = eager();
          const closed = makeJaxpr(c.fn)(...arrays);
          assert.equal(closed.outAvals.length, 1);
          assert.deepEqual([...closed.outAvals[0].shape], out.shape);
          assert.equal(closed.outAvals[0].dtype, out.dtype);
        });

        test("evaluating the staged jaxpr gives the eager result", () => {
          const closed = makeJaxpr(c.fn)(...arrays);
          const [viaJaxpr] = evalClosedJaxpr(closed, ...arrays);
          const out = eager();
          assert.equal(viaJaxpr.dtype, out.dtype);
          assertClose(toT(viaJaxpr), toT(out), out.dtype, "jaxpr eval", [0, 0]);
        });

        test("jit (fused kernels) matches eager", () => {
          const out = eager();
          const viaJit = jit(c.fn)(...arrays) as NDArray;
          assert.equal(viaJit.dtype, out.dtype);
          assert.deepEqual(viaJit.shape, out.shape);
          assertClose(toT(viaJit), toT(out), out.dtype, "jit", isFloat(out.dtype) ? TOL[out.dtype] : [0, 0]);
        });

        test("vmap matches a loop over the batch", todo(c.label, "vmap"), () => {
          const B = 3;
          const examples = Array.from({ length: B }, (_, b) => exampleInputs(c, dtype, rand, b));
          for (const inAxes of inAxesChoices(ins.map(({ t }) => t.shape.length))) {
            const args = inAxes.map((ax, i) => {
              if (ax === null) return fromT(examples[0][i].t, examples[0][i].dtype);
              const nd = examples[0][i].t.shape.length + 1;
              return fromT(stackAt(examples.map((e) => e[i].t), ax < 0 ? ax + nd : ax), examples[0][i].dtype);
            });
            const perExample = examples.map((e, b) =>
              toT(c.fn(...e.map(({ t, dtype: d }, i) => fromT(inAxes[i] === null ? examples[0][i].t : t, d)))),
            );
            const out = vmap(c.fn, { inAxes })(...args) as NDArray;
            const want = stackAt(perExample, 0);
            const what = `vmap inAxes=${JSON.stringify(inAxes)}`;
            assert.equal(out.dtype, c.fn(...arrays).dtype, `${what}: dtype`);
            assertClose(toT(out), want, out.dtype, what, isFloat(out.dtype) ? TOL[out.dtype] : [0, 0]);
          }
        });
      });
    }
  });
}

// ---------------------------------------------------------------------------------------------
// Invalid applications: the shape/dtype rule rejects them, eagerly as well as when staged.

const fz = (shape: number[]) => L.full(shape, 0, "float32");
const iz = (shape: number[]) => L.full(shape, 0, "int32");
const invalid: [string, () => NDArray, string?][] = [
  ["add: operand shapes differ", () => L.add(fz([2]), fz([3]))],
  ["add: operand dtypes differ", () => L.add(fz([2]), iz([2]))],
  ["sin: int input", () => L.sin(iz([2]))],
  ["and: float input", () => L.and(fz([2]), fz([2]))],
  ["select: non-bool predicate", () => L.select(fz([2]), fz([2]), fz([2]))],
  ["reduce_sum: axis out of bounds", () => L.reduceSum(fz([2]), [1])],
  ["argmax: empty axis", () => L.argmax(fz([0]), 0)],
  ["reshape: size differs", () => L.reshape(fz([6]), [4, 2])],
  ["broadcast_in_dim: incompatible", () => L.broadcastInDim(fz([3]), [2, 4], [1])],
  ["transpose: not a permutation", () => L.transpose(fz([2, 3]), [0, 0])],
  ["slice: out of bounds", () => L.slice(fz([4]), [1], [5])],
  ["pad: negative size", () => L.padConfig(fz([2]), [[-2, -1, 0]], 0)],
  ["concatenate: shapes differ", () => L.concatenate([fz([2, 3]), fz([3, 2])], 0)],
  ["rev: axis out of bounds", () => L.rev(fz([2]), [1])],
  ["dot_general: contracted sizes differ", () => L.dotGeneral(fz([2, 3]), fz([4, 2]), { contract: [[1], [0]], batch: [[], []] })],
  ["gather: float indices", () => L.gather(fz([3]), fz([2]), 0)],
  ["scatter_add: updates do not match", () => L.scatterAdd(fz([2]), iz([2]), 0, [5, 5])],
  ["sort: 0-d input", () => L.sort(fz([]))[0]],
  ["cumsum: axis out of bounds", () => L.cumsum(fz([2]), 3)],
  ["cumsum: bool input", () => L.cumsum(L.full([2], 1, "bool"), 0)],
];

describe("invalid applications are rejected with an error naming the primitive", () => {
  for (const [name, apply, bug] of invalid) {
    const prim = name.split(":")[0];
    const named = (e: Error) => e.message.startsWith(`${prim}:`);
    test(`${name} (staged)`, () => {
      assert.throws(() => makeJaxpr(apply)(), named);
    });
    test(`${name} (eager)`, { todo: bug }, () => {
      assert.throws(apply, named);
    });
  }
});
