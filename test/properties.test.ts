/**
 * @file Property tests (fast-check) for the np layer: broadcasting binary ops, reductions with
 * axis sets and keepdims, reshape/transpose round trips, matmul, joining, and broadcast errors.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { np, NDArray } from "../src/index.js";

const RUNS = { numRuns: 60 };

// ---- small independent helpers ----

const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);
function indices(shape: number[]): number[][] {
  let out: number[][] = [[]];
  for (const d of shape) out = out.flatMap((p) => Array.from({ length: d }, (_, i) => [...p, i]));
  return out;
}
const offset = (shape: number[], idx: number[]) => idx.reduce((o, v, i) => o * shape[i] + v, 0);

/** Deterministic small-integer data (exact in float32) from a seed. */
function values(n: number, seed: number, lo = -4, hi = 4): number[] {
  let s = seed | 0;
  return Array.from({ length: n }, () => {
    s = (Math.imul(s, 1103515245) + 12345) | 0;
    return lo + ((s >>> 8) % (hi - lo + 1));
  });
}
function arrayOf(shape: number[], seed: number, lo?: number, hi?: number): [NDArray, number[]] {
  const v = values(size(shape), seed, lo, hi);
  return [np.array(Float32Array.from(v), { shape }), v];
}
const flat = (x: NDArray) => Array.from(x.data() as ArrayLike<number>);

/** NumPy's broadcasting rule, written out: align right, sizes must agree or be 1. */
function broadcastRule(a: number[], b: number[]): number[] | null {
  const n = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = a[a.length - n + i] ?? 1, y = b[b.length - n + i] ?? 1;
    if (x !== y && x !== 1 && y !== 1) return null;
    out.push(Math.max(x, y));
  }
  return out;
}
/** Element of `shape`-shaped data read at an index of the broadcast shape. */
function readBroadcast(data: number[], shape: number[], outIdx: number[]): number {
  const idx = shape.map((d, i) => (d === 1 ? 0 : outIdx[outIdx.length - shape.length + i]));
  return data[offset(shape, idx)];
}

// ---- arbitraries ----

const shapeArb = (maxRank = 4, maxDim = 4) => fc.array(fc.integer({ min: 1, max: maxDim }), { minLength: 0, maxLength: maxRank });
/** Two shapes that broadcast: drop leading dims of a full shape and set some dims to 1. */
const broadcastPairArb = shapeArb().chain((full) =>
  fc.tuple(
    fc.constant(full),
    fc.integer({ min: 0, max: full.length }),
    fc.integer({ min: 0, max: full.length }),
    fc.array(fc.boolean(), { minLength: full.length, maxLength: full.length }),
    fc.array(fc.boolean(), { minLength: full.length, maxLength: full.length }),
  ).map(([f, da, db, ma, mb]) => [f.slice(da).map((d, i) => (ma[i + da] ? 1 : d)), f.slice(db).map((d, i) => (mb[i + db] ? 1 : d))] as [number[], number[]]),
);
const seedArb = fc.integer({ min: 1, max: 1 << 30 });
/** A shape and a (random, distinct, possibly negative) subset of its axes. */
const axesArb = fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 4 }).chain((shape) =>
  fc.tuple(fc.constant(shape), fc.subarray([...shape.keys()]), fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }), fc.boolean()).map(
    ([s, axes, negate, keepdims]) => ({ shape: s, axes: axes.map((a, i) => (negate[i] ? a - s.length : a)), keepdims }),
  ),
);

// ---- broadcasting binary ops ----

const BINARY: [string, (x: NDArray, y: NDArray) => NDArray, (a: number, b: number) => number][] = [
  ["add", np.add, (a, b) => a + b],
  ["subtract", np.subtract, (a, b) => a - b],
  ["multiply", np.multiply, (a, b) => a * b],
  ["maximum", np.maximum, Math.max],
  ["minimum", np.minimum, Math.min],
  ["less", np.less, (a, b) => (a < b ? 1 : 0)],
  ["equal", np.equal, (a, b) => (a === b ? 1 : 0)],
  ["divide", np.divide, (a, b) => Math.fround(a / b)],
];

test("binary ops: result shape follows NumPy broadcasting and values match a scalar reference", () => {
  fc.assert(
    fc.property(broadcastPairArb, seedArb, fc.integer({ min: 0, max: BINARY.length - 1 }), ([sa, sb], seed, k) => {
      const [name, f, ref] = BINARY[k];
      const [x, xv] = arrayOf(sa, seed);
      const [y, yv] = arrayOf(sb, seed + 7, 1, 5); // positive: safe divisor
      const out = f(x, y);
      const want = broadcastRule(sa, sb)!;
      assert.deepEqual(out.shape, want, `${name} [${sa}] [${sb}]`);
      const got = flat(out);
      indices(want).forEach((idx, j) => {
        assert.equal(got[j], ref(readBroadcast(xv, sa, idx), readBroadcast(yv, sb, idx)), `${name} [${sa}] [${sb}] at [${idx}]`);
      });
    }),
    RUNS,
  );
});

test("binary ops: operands swapped give the transposed broadcast (commutative ops agree)", () => {
  fc.assert(
    fc.property(broadcastPairArb, seedArb, ([sa, sb], seed) => {
      const [x] = arrayOf(sa, seed), [y] = arrayOf(sb, seed + 1);
      assert.deepEqual(flat(np.add(x, y)), flat(np.add(y, x)));
      assert.deepEqual(flat(np.multiply(x, y)), flat(np.multiply(y, x)));
    }),
    RUNS,
  );
});

test("broadcasting mismatches throw an error naming both shapes", () => {
  const mismatchArb = fc.tuple(shapeArb(3, 4), fc.integer({ min: 2, max: 4 }), fc.integer({ min: 2, max: 4 })).filter(([, a, b]) => a !== b);
  fc.assert(
    fc.property(mismatchArb, ([prefix, a, b]) => {
      const sa = [...prefix, a], sb = [b];
      const x = np.zeros(sa), y = np.zeros(sb);
      for (const f of [np.add, np.multiply, np.less, np.maximum]) {
        assert.throws(
          () => f(x, y),
          (e: Error) => e.message.includes(`[${sa.join(",")}]`) && e.message.includes(`[${sb.join(",")}]`),
        );
      }
    }),
    { numRuns: 30 },
  );
});

// ---- reductions ----

function naiveReduce(v: number[], shape: number[], axes: number[], keepdims: boolean, op: (a: number, b: number) => number): { shape: number[]; data: number[] } {
  const norm = axes.map((a) => (a < 0 ? a + shape.length : a));
  const outShape = shape.flatMap((d, i) => (norm.includes(i) ? (keepdims ? [1] : []) : [d]));
  const acc = new Map<number, number>();
  for (const idx of indices(shape)) {
    const o = idx.flatMap((v2, i) => (norm.includes(i) ? (keepdims ? [0] : []) : [v2]));
    const k = offset(outShape, o);
    const x = v[offset(shape, idx)];
    acc.set(k, acc.has(k) ? op(acc.get(k)!, x) : x);
  }
  return { shape: outShape, data: [...Array(size(outShape)).keys()].map((k) => acc.get(k)!) };
}

const REDUCTIONS: [string, (x: NDArray, o: { axis: number[]; keepdims: boolean }) => NDArray, (a: number, b: number) => number][] = [
  ["sum", np.sum, (a, b) => a + b],
  ["max", np.max, Math.max],
  ["min", np.min, Math.min],
  ["prod", np.prod, (a, b) => a * b],
];

test("reductions over random axis sets with keepdims match a naive reference", () => {
  fc.assert(
    fc.property(axesArb, seedArb, fc.integer({ min: 0, max: REDUCTIONS.length - 1 }), ({ shape, axes, keepdims }, seed, k) => {
      const [name, f, op] = REDUCTIONS[k];
      const [x, v] = arrayOf(shape, seed, -2, 2);
      const out = f(x, { axis: axes, keepdims });
      const want = naiveReduce(v, shape, axes, keepdims, op);
      const what = `${name} shape [${shape}] axes [${axes}] keepdims ${keepdims}`;
      assert.deepEqual(out.shape, want.shape, what);
      assert.deepEqual(flat(out), want.data.map(Math.fround), what);
    }),
    RUNS,
  );
});

test("mean over random axis sets equals sum / count", () => {
  fc.assert(
    fc.property(axesArb, seedArb, ({ shape, axes, keepdims }, seed) => {
      const [x, v] = arrayOf(shape, seed);
      const want = naiveReduce(v, shape, axes, keepdims, (a, b) => a + b);
      const count = size(axes.map((a) => shape[a < 0 ? a + shape.length : a]));
      const out = np.mean(x, { axis: axes, keepdims });
      assert.deepEqual(out.shape, want.shape);
      flat(out).forEach((g, i) => assert.ok(Math.abs(g - want.data[i] / count) <= 1e-6 * (1 + Math.abs(g)), `mean at ${i}: ${g} vs ${want.data[i] / count}`));
    }),
    RUNS,
  );
});

test("argmax/argmin along a random axis return the first extremum", () => {
  const arb = fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 3 }).chain((shape) =>
    fc.tuple(fc.constant(shape), fc.integer({ min: -shape.length, max: shape.length - 1 })),
  );
  fc.assert(
    fc.property(arb, seedArb, ([shape, axis], seed) => {
      const [x, v] = arrayOf(shape, seed, -2, 2); // many ties
      const ax = axis < 0 ? axis + shape.length : axis;
      const outShape = shape.filter((_, i) => i !== ax);
      for (const [f, better] of [[np.argmax, (a: number, b: number) => a > b], [np.argmin, (a: number, b: number) => a < b]] as const) {
        const out = f(x, axis);
        assert.deepEqual(out.shape, outShape);
        assert.equal(out.dtype, "int32");
        const got = flat(out);
        indices(outShape).forEach((o, j) => {
          const at = (k: number) => v[offset(shape, [...o.slice(0, ax), k, ...o.slice(ax)])];
          let best = 0;
          for (let k = 1; k < shape[ax]; k++) if (better(at(k), at(best))) best = k;
          assert.equal(got[j], best);
        });
      }
    }),
    RUNS,
  );
});

// ---- reshape / transpose ----

const permArb = fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 0, maxLength: 4 }).chain((shape) =>
  fc.tuple(fc.constant(shape), fc.shuffledSubarray([...shape.keys()], { minLength: shape.length, maxLength: shape.length })),
);

test("transpose by a permutation then by its inverse is the identity; values move as the naive rule says", () => {
  fc.assert(
    fc.property(permArb, seedArb, ([shape, perm], seed) => {
      const [x, v] = arrayOf(shape, seed);
      const t = np.transpose(x, perm);
      assert.deepEqual(t.shape, perm.map((p) => shape[p]));
      const got = flat(t);
      indices(t.shape).forEach((o, j) => {
        const src = new Array<number>(shape.length);
        perm.forEach((p, k) => (src[p] = o[k]));
        assert.equal(got[j], v[offset(shape, src)]);
      });
      const inv = perm.map((_, i) => perm.indexOf(i));
      const back = np.transpose(t, inv);
      assert.deepEqual(back.shape, shape);
      assert.deepEqual(flat(back), v);
      if (shape.length >= 2) assert.deepEqual(flat(x.T.T), v);
    }),
    RUNS,
  );
});

test("reshape to a random factorisation and back is the identity (with -1 inference)", () => {
  const arb = fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 0, maxLength: 4 }).chain((shape) =>
    fc.tuple(fc.constant(shape), fc.shuffledSubarray(factorise(size(shape)), { minLength: 0 }), fc.boolean()),
  );
  fc.assert(
    fc.property(arb, seedArb, ([shape, factors, useNeg], seed) => {
      const [x, v] = arrayOf(shape, seed);
      const rest = size(shape) / size(factors);
      const target = [...factors, rest];
      const spec = useNeg ? [...factors, -1] : target;
      const r = np.reshape(x, spec);
      assert.deepEqual(r.shape, target);
      assert.deepEqual(flat(r), v);
      assert.deepEqual(np.reshape(r, shape).shape, shape);
      assert.deepEqual(flat(np.reshape(r, shape)), v);
      assert.deepEqual(np.ravel(x).shape, [size(shape)]);
    }),
    RUNS,
  );
});
function factorise(n: number): number[] {
  const out: number[] = [];
  for (let p = 2; n > 1; ) {
    if (n % p === 0) {
      out.push(p);
      n /= p;
    } else p++;
  }
  return out;
}

// ---- matmul ----

/** Naive matmul with NumPy's rules: 1-D operands promoted and the axis removed, batch dims broadcast. */
function naiveMatmul(av: number[], as: number[], bv: number[], bs: number[]): { shape: number[]; data: number[] } {
  const a2 = as.length === 1 ? [1, as[0]] : as, b2 = bs.length === 1 ? [bs[0], 1] : bs;
  const batch = broadcastRule(a2.slice(0, -2), b2.slice(0, -2))!;
  const [m, k] = a2.slice(-2), n = b2[b2.length - 1];
  const shape = [...batch, m, n];
  const data: number[] = [];
  for (const idx of indices(shape)) {
    const bi = idx.slice(0, -2), i = idx[idx.length - 2], j = idx[idx.length - 1];
    let acc = 0;
    for (let t = 0; t < k; t++) {
      acc += readBroadcast(av, a2, [...bi, i, t]) * readBroadcast(bv, b2, [...bi, t, j]);
    }
    data.push(acc);
  }
  const outShape = [...batch, ...(as.length === 1 ? [] : [m]), ...(bs.length === 1 ? [] : [n])];
  return { shape: outShape, data };
}

const matmulArb = fc
  .record({
    batch: broadcastPairArb.filter(([a, b]) => a.length <= 2 && b.length <= 2),
    m: fc.integer({ min: 1, max: 3 }),
    k: fc.integer({ min: 1, max: 4 }),
    n: fc.integer({ min: 1, max: 3 }),
    aVec: fc.boolean(),
    bVec: fc.boolean(),
  })
  .map(({ batch: [ba, bb], m, k, n, aVec, bVec }) => ({
    as: aVec ? [k] : [...ba, m, k],
    bs: bVec ? [k] : [...bb, k, n],
  }));

test("matmul matches a naive triple loop (batch broadcasting, 1-D operands)", () => {
  fc.assert(
    fc.property(matmulArb, seedArb, ({ as, bs }, seed) => {
      const [a, av] = arrayOf(as, seed), [b, bv] = arrayOf(bs, seed + 3);
      const out = np.matmul(a, b);
      const want = naiveMatmul(av, as, bv, bs);
      assert.deepEqual(out.shape, want.shape, `matmul [${as}] · [${bs}]`);
      assert.deepEqual(flat(out), want.data, `matmul [${as}] · [${bs}]`);
    }),
    RUNS,
  );
});

test("matmul with mismatched inner dimensions throws naming both shapes", () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }), (m, k, n) => {
      const a = np.zeros([m, k]), b = np.zeros([k + 1, n]);
      assert.throws(() => np.matmul(a, b), (e: Error) => e.message.includes(`[${m},${k}]`) && e.message.includes(`[${k + 1},${n}]`));
    }),
    { numRuns: 20 },
  );
});

// ---- joining ----

const joinArb = fc
  .tuple(fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 3 }), fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 4 }))
  .chain(([shape, lens]) => fc.tuple(fc.constant(shape), fc.constant(lens), fc.integer({ min: -shape.length, max: shape.length - 1 })));

test("concatenate: shape sums the axis; stack: shape gains an axis", () => {
  fc.assert(
    fc.property(joinArb, ([shape, lens, axis]) => {
      const ax = axis < 0 ? axis + shape.length : axis;
      const parts = lens.map((l) => np.zeros(shape.map((d, i) => (i === ax ? l : d))));
      const want = shape.map((d, i) => (i === ax ? lens.reduce((a, b) => a + b, 0) : d));
      assert.deepEqual(np.concatenate(parts, axis).shape, want);
      const same = lens.map(() => np.ones(shape));
      const stackAxis = axis < 0 ? axis : axis + 1; // any valid axis of the result
      const s = [...shape];
      s.splice(stackAxis < 0 ? stackAxis + shape.length + 1 : stackAxis, 0, lens.length);
      assert.deepEqual(np.stack(same, stackAxis).shape, s);
    }),
    RUNS,
  );
});

test(
  "concatenate: values follow the naive rule",
  () => {
    fc.assert(
      fc.property(joinArb, seedArb, ([shape, lens, axis], seed) => {
        const ax = axis < 0 ? axis + shape.length : axis;
        const parts = lens.map((l, p) => arrayOf(shape.map((d, i) => (i === ax ? l : d)), seed + p));
        const out = np.concatenate(parts.map(([x]) => x), axis);
        const got = flat(out);
        indices(out.shape).forEach((o, j) => {
          let pos = o[ax], p = 0;
          while (pos >= lens[p]) pos -= lens[p++];
          const ps = shape.map((d, i) => (i === ax ? lens[p] : d));
          assert.equal(got[j], parts[p][1][offset(ps, o.map((v, i) => (i === ax ? pos : v)))]);
        });
      }),
      { numRuns: 30 },
    );
  },
);
