/** @file einsum, tensordot, inner, outer, vdot, trace, diagonal: values vs explicit loops, dtypes, derivatives, vmap, errors. */
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { NDArray, np, grad, jvp, vjp, vmap } from "../src/index.js";

type DT = "float32" | "float64";
const prod = (s: number[]) => s.reduce((a, b) => a * b, 1);

/** Deterministic, well-spread test data of a shape. */
function data(shape: number[], seed = 1): number[] {
  return Array.from({ length: prod(shape) }, (_, i) => Math.round(Math.sin(seed * 7.3 + i * 1.7) * 40) / 8);
}
const arr = (shape: number[], seed = 1, dtype: DT = "float64") => np.array(data(shape, seed), { dtype, shape });

function close(actual: NDArray, expected: number[], shape: number[], tol = 1e-12): void {
  assert.deepEqual(actual.shape, shape, `shape: got [${actual.shape}], expected [${shape}]`);
  const a = Array.from(actual.data() as ArrayLike<number>);
  assert.equal(a.length, expected.length);
  a.forEach((v, i) => {
    if (!(Math.abs(v - expected[i]) <= tol * (1 + Math.abs(expected[i])))) assert.fail(`element ${i}: got ${v}, expected ${expected[i]} ([${a}] vs [${expected}])`);
  });
}

/**
 * Reference einsum over explicit letter subscripts (no ellipsis, explicit output): loop over every
 * assignment of every index and accumulate the product into the output element.
 */
function refEinsum(spec: string, shapes: number[][], datas: number[][]): { shape: number[]; out: number[] } {
  const [lhs, rhs] = spec.split("->");
  const terms = lhs.split(",");
  const size = new Map<string, number>();
  terms.forEach((t, k) => [...t].forEach((c, i) => size.set(c, shapes[k][i])));
  const letters = [...size.keys()];
  const outShape = [...rhs].map((c) => size.get(c)!);
  const out = new Array<number>(prod(outShape)).fill(0);
  const idx = new Map<string, number>();
  const flatIndex = (t: string, shape: number[]) => [...t].reduce((acc, c, i) => acc * shape[i] + idx.get(c)!, 0);
  const loop = (d: number): void => {
    if (d === letters.length) {
      let p = 1;
      terms.forEach((t, k) => (p *= datas[k][flatIndex(t, shapes[k])]));
      out[flatIndex(rhs, outShape)] += p;
      return;
    }
    for (let v = 0; v < size.get(letters[d])!; v++) {
      idx.set(letters[d], v);
      loop(d + 1);
    }
  };
  loop(0);
  return { shape: outShape, out };
}

function checkEinsum(spec: string, shapes: number[][], dtype: DT = "float64", implicitAs?: string): void {
  const datas = shapes.map((s, k) => data(s, k + 1));
  const ops = shapes.map((s, k) => np.array(datas[k], { dtype, shape: s }));
  const { shape, out } = refEinsum(implicitAs ?? spec, shapes, datas);
  const r = np.einsum(spec, ...ops);
  assert.equal(r.dtype, dtype);
  close(r, out, shape, dtype === "float32" ? 1e-5 : 1e-12);
}

const CASES: [string, number[][]][] = [
  ["ij,jk->ik", [[2, 3], [3, 4]]],
  ["ij,jk->ki", [[2, 3], [3, 4]]],
  ["i,i->", [[5], [5]]],
  ["i,j->ij", [[2], [3]]],
  ["ij->ji", [[2, 3]]],
  ["ij->", [[2, 3]]],
  ["ij->j", [[2, 3]]],
  ["ii->i", [[3, 3]]],
  ["ii->", [[3, 3]]],
  ["iij->j", [[2, 2, 3]]],
  ["iii->i", [[2, 2, 2]]],
  ["iji->ij", [[2, 3, 2]]],
  ["bij,bjk->bik", [[2, 2, 3], [2, 3, 2]]],
  ["bij,bjk->kib", [[2, 2, 3], [2, 3, 2]]],
  ["ij,ij->ij", [[2, 3], [2, 3]]],
  ["ij,ij->", [[2, 3], [2, 3]]],
  ["ij,kl->ijkl", [[2, 2], [3, 1]]],
  ["ijk,->kji", [[2, 1, 3], []]],
  [",->", [[], []]],
  ["i,->", [[4], []]],
  ["ij,jk,kl->il", [[2, 3], [3, 2], [2, 4]]],
  ["ij,jk,ki->", [[2, 3], [3, 4], [4, 2]]],
  ["ab,bc,cd,da->", [[2, 3], [3, 2], [2, 2], [2, 2]]],
  ["i,i,i->i", [[3], [3], [3]]],
  ["ij,j,i->", [[2, 3], [3], [2]]],
  ["abc,cd->bd", [[2, 3, 2], [2, 4]]],
  ["ijk,jil->kl", [[2, 3, 2], [3, 2, 2]]],
  ["ii,jj->ij", [[2, 2], [3, 3]]],
  ["Ab,bA->A", [[2, 3], [3, 2]]],
  ["ij,jk->", [[2, 0], [0, 3]]],
  ["ij,jk->ik", [[2, 0], [0, 3]]],
];

test("einsum: explicit subscripts match a loop reference (float64)", () => {
  for (const [spec, shapes] of CASES) checkEinsum(spec, shapes);
});

test("einsum: float32 stays float32 and matches the reference", () => {
  for (const [spec, shapes] of CASES.slice(0, 12)) checkEinsum(spec, shapes, "float32");
});

test("einsum: implicit output = indices used once, in char-code order", () => {
  checkEinsum("ij,jk", [[2, 3], [3, 4]], "float64", "ij,jk->ik");
  checkEinsum("ji,jk", [[3, 2], [3, 4]], "float64", "ji,jk->ik");
  checkEinsum("ba", [[2, 3]], "float64", "ba->ab");
  checkEinsum("ii", [[3, 3]], "float64", "ii->");
  checkEinsum("i,j", [[2], [3]], "float64", "i,j->ij");
  checkEinsum("bA", [[2, 3]], "float64", "bA->Ab");
  checkEinsum("ij,ij", [[2, 3], [2, 3]], "float64", "ij,ij->");
});

test("einsum: ellipsis batches and broadcasts", () => {
  const a = arr([2, 3, 4], 1), b = arr([2, 4, 5], 2);
  close(np.einsum("...ij,...jk->...ik", a, b), Array.from(np.matmul(a, b).data()), [2, 3, 5]);
  close(np.einsum("...ij,...jk", a, b), Array.from(np.matmul(a, b).data()), [2, 3, 5]);
  // size-1 and missing ellipsis dims broadcast (as matmul)
  const c = arr([3, 1, 2, 3], 3), d = arr([4, 3, 2], 4);
  close(np.einsum("...ij,...jk->...ik", c, d), Array.from(np.matmul(c, d).data()), [3, 4, 2, 2]);
  // ellipsis in the middle, and in front of the output
  const e = arr([2, 3, 4], 5);
  const { out } = refEinsum("iaj->jai", [[2, 3, 4]], [data([2, 3, 4], 5)]);
  close(np.einsum("i...j->j...i", e), out, [4, 3, 2]);
  close(np.einsum("i...j", e), Array.from(np.einsum("iaj->aij", e).data()), [3, 2, 4]);
  // ellipsis with diagonal: batched trace
  const f = arr([4, 3, 3], 6);
  const ref = refEinsum("bii->b", [[4, 3, 3]], [data([4, 3, 3], 6)]);
  close(np.einsum("...ii->...", f), ref.out, [4]);
  // '...' covering zero axes
  close(np.einsum("...i,...i->...", arr([3], 1), arr([3], 2)), refEinsum("i,i->", [[3], [3]], [data([3], 1), data([3], 2)]).out, []);
});

test("einsum: random subscripts and small shapes match the loop reference (fast-check)", () => {
  const letters = ["a", "b", "c", "d"];
  const term = fc.array(fc.constantFrom(...letters), { maxLength: 3 });
  fc.assert(
    fc.property(
      fc.array(term, { minLength: 1, maxLength: 3 }),
      fc.shuffledSubarray(letters),
      fc.tuple(...letters.map(() => fc.integer({ min: 1, max: 3 }))),
      (terms, outPick, sizes) => {
        const used = new Set(terms.flat());
        const out = outPick.filter((c) => used.has(c));
        const spec = `${terms.map((t) => t.join("")).join(",")}->${out.join("")}`;
        const shapes = terms.map((t) => t.map((c) => sizes[letters.indexOf(c)]));
        checkEinsum(spec, shapes);
      },
    ),
    { numRuns: 120 },
  );
});

test("einsum: dtypes promote as matmul (int32 stays int32, bool → int32, int·float → float)", () => {
  const i = np.array([[1, 2], [3, 4]], { dtype: "int32" });
  const r = np.einsum("ij,jk->ik", i, i);
  assert.equal(r.dtype, "int32");
  assert.deepEqual(r.toArray(), [[7, 10], [15, 22]]);
  const b = np.array([true, false, true]);
  const rb = np.einsum("i,i->", b, b);
  assert.equal(rb.dtype, "int32");
  assert.equal(rb.item(), 2);
  const f = np.einsum("ij,j->i", i, np.array([0.5, 1], { dtype: "float64" }));
  assert.equal(f.dtype, "float64");
  assert.deepEqual(f.toArray(), [2.5, 5.5]);
  assert.equal(np.einsum("i,i->", np.array([1, 2], { dtype: "float32" }), np.array([1, 2], { dtype: "float64" })).dtype, "float64");
});

test("einsum: gradients (grad of a weighted matmul, jvp of a trace, vjp inner-product identity)", () => {
  for (const dtype of ["float32", "float64"] as DT[]) {
    const tol = dtype === "float32" ? 1e-5 : 1e-12;
    const A = arr([2, 3], 1, dtype), B = arr([3, 4], 2, dtype), W = arr([2, 4], 3, dtype);
    // ∂/∂A Σ W ⊙ (A B) = W Bᵀ ; ∂/∂B = Aᵀ W
    const [gA, gB] = grad((a: NDArray, b: NDArray) => np.sum(np.multiply(W, np.einsum("ij,jk->ik", a, b))), { argnums: [0, 1] })(A, B);
    close(gA, Array.from(np.matmul(W, np.transpose(B)).data()), [2, 3], tol);
    close(gB, Array.from(np.matmul(np.transpose(A), W).data()), [3, 4], tol);
    // d tr(X) along dX is tr(dX); ∇ tr = I
    const X = arr([3, 3], 4, dtype), dX = arr([3, 3], 5, dtype);
    const [, t] = jvp((x: NDArray) => np.einsum("ii", x), [X], [dX]);
    close(t, [data([3, 3], 5)[0] + data([3, 3], 5)[4] + data([3, 3], 5)[8]], [], tol);
    close(grad((x: NDArray) => np.einsum("ii->", x))(X), [1, 0, 0, 0, 1, 0, 0, 0, 1], [3, 3], tol);
  }
  // ⟨ct, J dx⟩ = ⟨Jᵀ ct, dx⟩ for a product with a diagonal, an ellipsis and three operands
  const f = (a: NDArray, b: NDArray, c: NDArray) => np.einsum("...iij,jk,...k->...ik", a, b, c);
  const a = arr([2, 3, 3, 2], 1), b = arr([2, 4], 2), c = arr([2, 4], 3);
  const da = arr([2, 3, 3, 2], 4), db = arr([2, 4], 5), dc = arr([2, 4], 6);
  const [y, dy] = jvp(f, [a, b, c], [da, db, dc]);
  const ct = arr(y.shape, 7);
  const [, back] = vjp(f, a, b, c);
  const [ca, cb, cc] = back(ct) as NDArray[];
  const lhs = np.sum(np.multiply(ct, dy)).item();
  const rhs = np.sum(np.multiply(ca, da)).item() + np.sum(np.multiply(cb, db)).item() + np.sum(np.multiply(cc, dc)).item();
  assert.ok(Math.abs(lhs - rhs) <= 1e-10 * (1 + Math.abs(lhs)), `${lhs} vs ${rhs}`);
});

test("einsum: vmap matches a loop over the batch", () => {
  const As = arr([4, 2, 3], 1), B = arr([3, 2], 2), Bs = arr([4, 3, 2], 3);
  const slice = (x: NDArray, i: number) => {
    const n = x.size / x.shape[0];
    return np.array(Array.from(x.data()).slice(i * n, (i + 1) * n), { dtype: "float64", shape: x.shape.slice(1) });
  };
  const loop = (f: (...xs: NDArray[]) => NDArray, ...xs: NDArray[]) => [0, 1, 2, 3].flatMap((i) => Array.from(f(...xs.map((x) => slice(x, i))).data()));
  const one = (a: NDArray) => np.einsum("ij,jk->ki", a, B);
  close(vmap(one)(As), loop(one, As), [4, 2, 2]);
  const two = (a: NDArray, b: NDArray) => np.einsum("ij,jk,ik->i", a, b, np.ones([2, 2], { dtype: "float64" }));
  close(vmap(two)(As, Bs), loop(two, As, Bs), [4, 2]);
  close(vmap(two, { inAxes: [0, null] })(As, B), loop((a) => two(a, B), As), [4, 2]);
  const diag = (x: NDArray) => np.einsum("ii->i", x);
  const Xs = arr([4, 3, 3], 4);
  close(vmap(diag)(Xs), loop(diag, Xs), [4, 3]);
  // mapped along a non-leading axis
  close(vmap(one, { inAxes: 1 })(np.transpose(As, [1, 0, 2])), loop(one, As), [4, 2, 2]);
});

test("einsum: errors name the problem", () => {
  const m = np.ones([2, 3]);
  assert.throws(() => np.einsum("ij,jk->ik", m), /einsum: subscripts 'ij,jk->ik' name 2 operand\(s\) but 1 were given/);
  assert.throws(() => np.einsum("ii->i", m), /einsum: index 'i' is repeated in operand 0 with different sizes 2 and 3/);
  assert.throws(() => np.einsum("ij,jk->ik", m, np.ones([4, 2])), /einsum: index 'j' has size 3 in operand 0 but 4 in operand 1/);
  assert.throws(() => np.einsum("i1->i", m), /einsum: invalid character '1'/);
  assert.throws(() => np.einsum("ij->ik", m), /output index 'k' does not appear in the inputs/);
  assert.throws(() => np.einsum("ij->ii", m), /output index 'i' appears more than once/);
  assert.throws(() => np.einsum("ijk->i", m), /operand 0 has shape \[2,3\] \(rank 2\) but its subscripts 'ijk' name 3 axes/);
  assert.throws(() => np.einsum("...i,...i->...", np.ones([2, 3]), np.ones([4, 3])), /'\.\.\.' dimensions cannot be broadcast/);
  assert.throws(() => np.einsum("...i->i", np.ones([2, 3])), /output has no '\.\.\.'/);
  assert.throws(() => np.einsum("i..j->", m), /invalid character '\.'/);
  assert.throws(() => np.einsum("ij"), /no operands/);
});

test("tensordot: integer and paired axes match einsum", () => {
  const a = arr([2, 3, 4], 1), b = arr([3, 4, 5], 2);
  close(np.tensordot(a, b), Array.from(np.einsum("ijk,jkl->il", a, b).data()), [2, 5]);
  const c = arr([4, 4, 5], 9);
  close(np.tensordot(a, c, 1), refEinsum("ijk,klm->ijlm", [[2, 3, 4], [4, 4, 5]], [data([2, 3, 4], 1), data([4, 4, 5], 9)]).out, [2, 3, 4, 5]);
  close(np.tensordot(a, b, 0), Array.from(np.einsum("ijk,lmn->ijklmn", a, b).data()), [2, 3, 4, 3, 4, 5]);
  close(np.tensordot(a, b, [[1, 2], [0, 1]]), Array.from(np.einsum("ijk,jkl->il", a, b).data()), [2, 5]);
  close(np.tensordot(a, b, [[2, 1], [1, 0]]), Array.from(np.einsum("ijk,jkl->il", a, b).data()), [2, 5]);
  close(np.tensordot(a, arr([2, 6], 3), [0, 0]), Array.from(np.einsum("ijk,il->jkl", a, arr([2, 6], 3)).data()), [3, 4, 6]);
  close(np.tensordot(a, arr([4, 2], 3), [[-1, 0], [0, -1]]), Array.from(np.einsum("ijk,ki->j", a, arr([4, 2], 3)).data()), [3]);
  assert.throws(() => np.tensordot(a, b, [[0], [0]]), /tensordot: shape mismatch: a \[2,3,4\] axis 0 has 2 but b \[3,4,5\] axis 0 has 3/);
  assert.throws(() => np.tensordot(a, b, 4), /tensordot: axes = 4 must be an integer in \[0, 3\]/);
  assert.throws(() => np.tensordot(a, b, [[0, 1], [0]]), /axes lists differ in length/);
});

test("inner, outer, vdot: values, shapes and dtypes", () => {
  assert.equal(np.inner([1, 2, 3], [0, 1, 0]).item(), 2);
  const a = arr([2, 3], 1), b = arr([4, 3], 2);
  close(np.inner(a, b), Array.from(np.einsum("ij,kj->ik", a, b).data()), [2, 4]);
  close(np.inner(a, 2), data([2, 3], 1).map((v) => 2 * v), [2, 3]);
  assert.deepEqual(np.outer([1, 2], [1, 10, 100]).toArray(), [[1, 10, 100], [2, 20, 200]]);
  close(np.outer(arr([2, 2], 1), arr([3], 2)), refEinsum("i,j->ij", [[4], [3]], [data([2, 2], 1), data([3], 2)]).out, [4, 3]);
  assert.equal(np.vdot([[1, 2], [3, 4]], [[1, 1], [1, 1]]).item(), 10);
  close(np.vdot(arr([2, 3], 1), arr([3, 2], 2)), refEinsum("i,i->", [[6], [6]], [data([2, 3], 1), data([3, 2], 2)]).out, []);
  assert.equal(np.vdot(np.array([1, 2], { dtype: "int32" }), np.array([3, 4], { dtype: "int32" })).dtype, "int32");
  assert.throws(() => np.inner(a, arr([3, 2], 1)), /inner: last dimensions differ: a \[2,3\] · b \[3,2\] \(3 ≠ 2\)/);
  assert.throws(() => np.vdot(a, arr([5], 1)), /vdot: operands have different sizes/);
  // derivatives: ∂ vdot(a, b)/∂a = b
  close(grad((x: NDArray) => np.vdot(x, b))(arr([4, 3], 3)), data([4, 3], 2), [4, 3]);
});

test("diagonal and trace: offsets, axes, batched planes, gradients", () => {
  const m = np.arange(12, undefined, 1, { dtype: "float64" }).reshape([3, 4]);
  assert.deepEqual(np.diagonal(m).toArray(), [0, 5, 10]);
  assert.deepEqual(np.diagonal(m, 1).toArray(), [1, 6, 11]);
  assert.deepEqual(np.diagonal(m, 2).toArray(), [2, 7]);
  assert.deepEqual(np.diagonal(m, -1).toArray(), [4, 9]);
  assert.deepEqual(np.diagonal(m, -3).shape, [0]);
  assert.deepEqual(np.diagonal(m, 7).shape, [0]);
  assert.equal(np.trace(m).item(), 15);
  assert.equal(np.trace(m, 1).item(), 18);
  assert.equal(np.trace(m, -1).item(), 13);
  assert.equal(np.trace(m, 9).item(), 0);
  // plane axes (1, 2) and (2, 0): the diagonal goes last
  const t = arr([2, 3, 3], 1);
  const td = data([2, 3, 3], 1);
  close(np.diagonal(t, 0, 1, 2), [0, 1].flatMap((b) => [0, 1, 2].map((i) => td[b * 9 + i * 3 + i])), [2, 3]);
  close(np.diagonal(t, 0, 2, 0), [0, 1, 2].flatMap((j) => [0, 1].map((i) => td[i * 9 + j * 3 + i])), [3, 2]);
  close(np.trace(t, 0, 1, 2), [0, 1].map((b) => td[b * 9] + td[b * 9 + 4] + td[b * 9 + 8]), [2]);
  assert.equal(np.trace(np.array([[true, false], [false, true]])).dtype, "int32");
  assert.equal(np.trace(np.eye(3, undefined, { dtype: "int32" })).item(), 3);
  // ∇ tr(X, offset 1) = the shifted identity; jvp of diagonal is the diagonal of the tangent
  close(grad((x: NDArray) => np.trace(x, 1))(np.zeros([3, 4], { dtype: "float64" })), [0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1], [3, 4]);
  const [, dd] = jvp((x: NDArray) => np.diagonal(x, -1), [m], [np.multiply(m, 2)]);
  close(dd, [8, 18], [2]);
  close(vmap((x: NDArray) => np.trace(x))(t), [0, 1].map((b) => td[b * 9] + td[b * 9 + 4] + td[b * 9 + 8]), [2]);
  assert.throws(() => np.diagonal([1, 2, 3]), /diagonal: needs an array of rank ≥ 2, got shape \[3\]/);
  assert.throws(() => np.trace(m, 0, 1, -1), /trace: axis1 and axis2 must differ, both are 1/);
  assert.throws(() => np.diagonal(m, 0, 0, 2), /diagonal: axis 2 is out of bounds/);
});
