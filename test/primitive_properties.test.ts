/**
 * @file Property-based tests (fast-check) for every primitive in test/cases.ts: the fixed samples of
 * test/primitives.test.ts and test/grad_primitives.test.ts, redone on random inputs. For every case
 * and accepted dtype:
 *   - elementwise cases match their float64 scalar `ref`;
 *   - abstract evaluation (makeJaxpr's outAvals) agrees with the eager result's shape and dtype;
 *   - vmap over a random batch size (1..4) along axis 0, some arguments randomly unmapped, equals a loop;
 *   - differentiable cases (float64): ⟨t, vjp(c)⟩ = ⟨jvp(t), c⟩ for random tangents t and cotangents c;
 * and elementwise cases also on random shapes (rank 0..3, dims 0..4, zero-size included).
 *
 * Set FC_SEED to replay a run; fast-check prints the seed and the (shrunk) counterexample on failure.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { OpCase, cases, coveredElsewhere } from "./cases.js";
import { ConcreteArray, NDArray } from "../src/core/array.js";
import { DType, castScalar, typedArrayCtor } from "../src/core/dtype.js";
import { primitives } from "../src/primitives/registry.js";
import { jvp, makeJaxpr, vjp, vmap } from "../src/index.js";
import { TOL } from "./util.js";

if (process.env.FC_SEED) fc.configureGlobal({ seed: Number(process.env.FC_SEED) });

/** Runs per property (kept small: there are ~1000 properties). Shape rules do not depend on values, so few runs for aval. */
const RUNS = { ref: 20, aval: 10, vmap: 12, adjoint: 15, shapes: 25 };

/**
 * Known bugs in src/ (by case label and check): the property stays, marked todo, until the fix lands.
 * Each entry names the minimal reproduction.
 */
type Check = "ref" | "aval" | "vmap" | "adjoint" | "shapes";
const knownBugs: Record<string, Partial<Record<Check, string>>> = {};
const opts = (label: string, check: Check) => (knownBugs[label]?.[check] ? { todo: knownBugs[label][check] } : {});

// ---------------------------------------------------------------------------------------------
// Helpers.

const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);
const flat = (x: NDArray): number[] => Array.from(x.data() as ArrayLike<number>);

function mk(values: number[], shape: readonly number[], dtype: DType): NDArray {
  const Ctor = typedArrayCtor(dtype);
  return ConcreteArray.fromTyped(new Ctor(values.map((v) => castScalar(v, dtype))), [...shape], dtype);
}


/** got ≈ want elementwise (want cast to the dtype first); NaN matches NaN. */
function assertClose(got: number[], want: number[], dtype: DType, what: string, [rtol, atol] = TOL[dtype]): void {
  assert.equal(got.length, want.length, `${what}: ${got.length} elements, expected ${want.length}`);
  for (let i = 0; i < want.length; i++) {
    const g = got[i], w = castScalar(want[i], dtype);
    if (Object.is(g, w) || (Number.isNaN(g) && Number.isNaN(w))) continue;
    if (Math.abs(g - w) <= atol + rtol * Math.abs(w)) continue;
    assert.fail(`${what}: element ${i} is ${g}, expected ${w} (dtype ${dtype}, |Δ| = ${Math.abs(g - w)})`);
  }
}

/** Output dtype of an elementwise case with a uniform input dtype. */
function expectedElementwiseDtype(c: OpCase, input: DType): DType {
  if (["eq", "ne", "lt", "le", "gt", "ge"].includes(c.prim)) return "bool";
  if (c.prim === "convert_element_type") {
    const to: [string, DType][] = [["f64", "float64"], ["f32", "float32"], ["bool", "bool"], ["u32", "uint32"], ["i32", "int32"]];
    return to.find(([k]) => c.label.includes(k))![1];
  }
  return input;
}

/** Primitives whose derivative jumps where inputs tie: sampled with distinct values for the adjoint check. */
const TIE_SENSITIVE = new Set(["max", "min", "select", "sort", "argmax", "argmin", "reduce_max", "reduce_min"]);
/** Comparisons: ties are the interesting inputs, so float samples draw from a small pool too. */
const COMPARISONS = new Set(["eq", "ne", "lt", "le", "gt", "ge"]);

/** The case's argument positions: free (random, of the case's dtype, with its shapes in order) or fixed. */
interface Layout {
  nargs: number;
  /** Free argument positions, in order; their shapes are c.shapes. */
  free: number[];
  /** Fixed arguments (e.g. indices), by position. */
  fixed: Map<number, NDArray>;
}
function layout(c: OpCase): Layout {
  const nargs = c.shapes.length + Object.keys(c.fixed ?? {}).length;
  const fixed = new Map<number, NDArray>();
  const free: number[] = [];
  for (let i = 0; i < nargs; i++) {
    const gen = c.fixed?.[i];
    if (gen) fixed.set(i, gen());
    else free.push(i);
  }
  return { nargs, free, fixed };
}

/** Arguments in position order: free values (one flat list per free input) with the fixed inputs spliced in. */
function assemble(c: OpCase, lay: Layout, dtype: DType, free: number[][], rotate = 0): NDArray[] {
  let k = 0;
  return Array.from({ length: lay.nargs }, (_, i) => {
    const fx = lay.fixed.get(i);
    if (fx) return rotate === 0 ? fx : rotated(fx, rotate);
    const shape = c.shapes[k];
    return mk(free[k++], shape, dtype);
  });
}
/** A fixed input with its values rotated: a different, still valid, index set. */
function rotated(x: NDArray, r: number): NDArray {
  const v = flat(x);
  return mk(v.map((_, j) => v[(j + r) % v.length]), x.shape, x.dtype);
}

// ---------------------------------------------------------------------------------------------
// Arbitraries.

/**
 * A float in [lo, hi] on a grid of 2^30 steps (both ends included, fast-check's integer bias
 * favours the ends): several times cheaper to generate than fc.double, which draws 64-bit BigInts.
 */
const GRID = 2 ** 30;
const uniformArb = (lo: number, hi: number) => fc.integer({ min: 0, max: GRID }).map((k) => (k === GRID ? hi : lo + ((hi - lo) * k) / GRID));

/** One scalar of the dtype: floats in the domain (rounded to float32 if need be), small ints, 0/1 bools. */
function scalarArb(dtype: DType, [lo, hi]: [number, number], ties = false): fc.Arbitrary<number> {
  switch (dtype) {
    case "bool": return fc.boolean().map((v) => (v ? 1 : 0));
    case "int32": return fc.integer({ min: -4, max: 4 });
    case "uint32": return fc.integer({ min: 0, max: 6 });
    default: {
      let a = uniformArb(lo, hi);
      if (ties) a = fc.oneof(a, fc.constantFrom(lo, (lo + hi) / 2, hi));
      return dtype === "float32" ? a.map(Math.fround) : a;
    }
  }
}

/** Values for inputs of the given shapes. */
function valuesArb(shapes: number[][], dtype: DType, domain: [number, number], ties = false): fc.Arbitrary<number[][]> {
  const s = scalarArb(dtype, domain, ties);
  return fc.tuple(...shapes.map((shape) => fc.array(s, { minLength: size(shape), maxLength: size(shape) })));
}

/**
 * Float values in the domain, pairwise (across all inputs) at least half a bin apart: the domain is
 * cut into one bin per element, a random permutation assigns bins, and each value sits in the middle
 * half of its bin. No ties, so no kinks of max/min/sort/select/argmax.
 */
function distinctArb(shapes: number[][], [lo, hi]: [number, number]): fc.Arbitrary<number[][]> {
  const sizes = shapes.map(size);
  const n = sizes.reduce((a, b) => a + b, 0);
  const width = (hi - lo) / n;
  return fc
    .tuple(
      fc.shuffledSubarray([...Array(n).keys()], { minLength: n, maxLength: n }),
      fc.array(uniformArb(0.25, 0.75), { minLength: n, maxLength: n }),
    )
    .map(([bins, u]) => {
      const all = bins.map((b, i) => lo + (b + u[i]) * width);
      let off = 0;
      return sizes.map((k) => all.slice(off, (off += k)));
    });
}

/** Tangent/cotangent entries: exactly representable in float32, so a float32 output loses nothing. */
const directionArb = (n: number) =>
  fc.array(fc.integer({ min: -(2 ** 24), max: 2 ** 24 }).map((k) => k / 2 ** 24), { minLength: n, maxLength: n });

const shapeArb = fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 0, maxLength: 3 });

// ---------------------------------------------------------------------------------------------

test("the properties cover every registered primitive except those covered elsewhere (custom_*, debug_callback)", () => {
  const named = new Set(cases.map((c) => c.prim));
  const missing = [...primitives.keys()].filter((p) => !coveredElsewhere.has(p) && !named.has(p));
  assert.deepEqual(missing, []);
});

for (const c of cases) {
  const lay = layout(c);
  const domain = c.domain ?? [-2, 2];
  const ties = COMPARISONS.has(c.prim);

  describe(`properties of ${c.label}`, () => {
    for (const dtype of c.dtypes) {
      const inputs = valuesArb(c.shapes, dtype, domain, ties);

      if (c.ref) {
        test(`${dtype}: matches the float64 reference on random inputs`, opts(c.label, "ref"), () => {
          fc.assert(
            fc.property(inputs, (free) => {
              const out = c.fn(...assemble(c, lay, dtype, free));
              assert.equal(out.dtype, expectedElementwiseDtype(c, dtype), "output dtype");
              assert.deepEqual(out.shape, c.shapes[0], "output shape");
              const want = free[0].map((_, j) => c.ref!(...free.map((x) => castScalar(x[j], dtype))));
              assertClose(flat(out), want, out.dtype, `${c.label}(${dtype})`);
            }),
            { numRuns: RUNS.ref },
          );
        });
      }

      test(`${dtype}: abstract evaluation agrees with the eager result`, opts(c.label, "aval"), () => {
        fc.assert(
          fc.property(inputs, (free) => {
            const args = assemble(c, lay, dtype, free);
            const out = c.fn(...args);
            const closed = makeJaxpr(c.fn)(...args);
            assert.equal(closed.outAvals.length, 1);
            assert.deepEqual([...closed.outAvals[0].shape], [...out.shape], "shape");
            assert.equal(closed.outAvals[0].dtype, out.dtype, "dtype");
          }),
          { numRuns: RUNS.aval },
        );
      });

      test(`${dtype}: vmap over axis 0 (random batch size, some arguments unmapped) equals a loop`, opts(c.label, "vmap"), () => {
        const batch = fc.integer({ min: 1, max: 4 }).chain((B) =>
          fc.record({
            examples: fc.array(inputs, { minLength: B, maxLength: B }),
            rotations: fc.array(fc.nat({ max: 7 }), { minLength: B, maxLength: B }),
            mapped: fc.array(fc.boolean(), { minLength: lay.nargs, maxLength: lay.nargs }),
          }),
        );
        fc.assert(
          fc.property(batch, ({ examples, rotations, mapped }) => {
            const B = examples.length;
            if (!mapped.some((m) => m)) mapped = mapped.map((_, i) => i === 0);
            const per = examples.map((free, b) => assemble(c, lay, dtype, free, rotations[b]));
            const args = mapped.map((m, i) => {
              if (!m) return per[0][i];
              const x = per[0][i];
              return mk(per.flatMap((e) => flat(e[i])), [B, ...x.shape], x.dtype);
            });
            const loop = per.map((e) => c.fn(...e.map((x, i) => (mapped[i] ? x : per[0][i]))));
            const out = vmap(c.fn, { inAxes: mapped.map((m) => (m ? 0 : null)) })(...args) as NDArray;
            const what = `vmap B=${B} inAxes=${JSON.stringify(mapped.map((m) => (m ? 0 : null)))}`;
            assert.deepEqual(out.shape, [B, ...loop[0].shape], `${what}: shape`);
            assert.equal(out.dtype, loop[0].dtype, `${what}: dtype`);
            assertClose(flat(out), loop.flatMap(flat), out.dtype, what);
          }),
          { numRuns: RUNS.vmap },
        );
      });
    }

    if (c.diff && c.dtypes.includes("float64")) {
      test("float64: ⟨t, vjp(c)⟩ = ⟨jvp(t), c⟩ for random t, c", opts(c.label, "adjoint"), () => {
        /** The case as a function of its free (float) inputs only; fixed inputs are constants. */
        const f = (...xs: NDArray[]): NDArray =>
          c.fn(...Array.from({ length: lay.nargs }, (_, i) => lay.fixed.get(i) ?? xs[lay.free.indexOf(i)]));
        const sample = assemble(c, lay, "float64", c.shapes.map((s) => new Array(size(s)).fill((domain[0] + domain[1]) / 2)));
        const probe = c.fn(...sample); // output shape and dtype, for the cotangent
        const primals = TIE_SENSITIVE.has(c.prim) ? distinctArb(c.shapes, domain) : valuesArb(c.shapes, "float64", domain);
        const arb = fc.tuple(primals, fc.tuple(...c.shapes.map((s) => directionArb(size(s)))), directionArb(size(probe.shape)));
        fc.assert(
          fc.property(arb, ([xs, ts, ct]) => {
            const xa = xs.map((v, k) => mk(v, c.shapes[k], "float64"));
            const ta = ts.map((v, k) => mk(v, c.shapes[k], "float64"));
            const [, tOut] = jvp(f, xa, ta) as [NDArray, NDArray];
            const [, back] = vjp(f, ...xa);
            const cts = back(mk(ct, probe.shape, probe.dtype)) as NDArray[];
            assert.equal(cts.length, xa.length);
            let lhs = 0, rhs = 0, scale = 0;
            cts.forEach((g, k) => {
              assert.deepEqual(g.shape, xa[k].shape, `cotangent ${k}: shape`);
              flat(g).forEach((v, j) => ((lhs += ts[k][j] * v), (scale += Math.abs(ts[k][j] * v))));
            });
            assert.deepEqual(tOut.shape, probe.shape, "jvp output shape");
            flat(tOut).forEach((v, j) => ((rhs += v * ct[j]), (scale += Math.abs(v * ct[j]))));
            assert.ok(Math.abs(lhs - rhs) <= 1e-10 * scale, `⟨t, vjp(c)⟩ = ${lhs} but ⟨jvp(t), c⟩ = ${rhs}`);
          }),
          { numRuns: RUNS.adjoint },
        );
      });
    }

    if (c.ref) {
      test("matches the reference on random shapes (rank 0..3, dims 0..4)", opts(c.label, "shapes"), () => {
        const arb = fc
          .tuple(shapeArb, fc.constantFrom(...c.dtypes))
          .chain(([shape, dtype]) => fc.tuple(fc.constant(shape), fc.constant(dtype), valuesArb(c.shapes.map(() => shape), dtype, domain, ties)));
        fc.assert(
          fc.property(arb, ([shape, dtype, free]) => {
            const out = c.fn(...free.map((v) => mk(v, shape, dtype)));
            assert.deepEqual(out.shape, shape, "output shape");
            assert.equal(out.dtype, expectedElementwiseDtype(c, dtype), "output dtype");
            const want = free[0].map((_, j) => c.ref!(...free.map((x) => castScalar(x[j], dtype))));
            assertClose(flat(out), want, out.dtype, `${c.label}(${dtype}) shape [${shape}]`);
          }),
          { numRuns: RUNS.shapes },
        );
      });
    }
  });
}
