/** @file Products built on dot_general: einsum, tensordot, inner, outer, vdot, and the diagonal/trace they share. */
import { fmtShape, normAxis } from "../core/aval.js";
import { NDArray } from "../core/array.js";
import * as L from "../lax/index.js";
import { ArrayLike, asArray, resultDType } from "./core.js";
import { show } from "./signature.js";
import { promotePair } from "./linalg.js";

// ---- diagonal and trace ----

/**
 * The diagonal of the (axis1, axis2) plane, as a new last axis (axes 1 and 2 removed): a transpose,
 * a slice to the square block the diagonal lives in, a reshape to one axis, and a slice with stride n + 1.
 */
function takeDiagonal(x: NDArray, axis1: number, axis2: number, offset: number): NDArray {
  const rest = [...Array(x.ndim).keys()].filter((i) => i !== axis1 && i !== axis2);
  const lead = rest.map((i) => x.shape[i]);
  const n = x.shape[axis1], m = x.shape[axis2];
  const r0 = Math.min(n, Math.max(0, -offset)), c0 = Math.min(m, Math.max(0, offset));
  const len = Math.max(0, Math.min(n - r0, m - c0));
  const zeros = lead.map(() => 0);
  const square = L.slice(L.transpose(x, [...rest, axis1, axis2]), [...zeros, r0, c0], [...lead, r0 + len, c0 + len]);
  const flat = L.reshape(square, [...lead, len * len]);
  return L.slice(flat, [...zeros, 0], [...lead, len * len], [...lead.map(() => 1), len + 1]);
}

function diagonalAxes(op: string, x: NDArray, axis1: number, axis2: number): [number, number] {
  if (x.ndim < 2) throw new RangeError(`${op}: needs an array of rank ≥ 2, got shape ${fmtShape(x.shape)}`);
  const a1 = normAxis(axis1, x.ndim, op), a2 = normAxis(axis2, x.ndim, op);
  if (a1 === a2) throw new RangeError(`${op}: axis1 and axis2 must differ, both are ${a1} (shape ${fmtShape(x.shape)})`);
  return [a1, a2];
}

/**
 * The diagonal with the given `offset` (> 0 above, < 0 below the main one) of the plane `axis1`×`axis2`;
 * those axes are removed and the diagonal becomes the last axis.
 * @example np.diagonal([[1, 2], [3, 4]]) // [1, 4]
 */
export function diagonal(x: ArrayLike, offset = 0, axis1 = 0, axis2 = 1): NDArray {
  const a = asArray(x);
  const [a1, a2] = diagonalAxes("diagonal", a, axis1, axis2);
  if (!Number.isInteger(offset)) throw new TypeError(`diagonal: offset must be an integer, got ${offset}`);
  return takeDiagonal(a, a1, a2, offset);
}

/**
 * The sum along a diagonal (bool sums as int32).
 * @example np.trace([[1, 2], [3, 4]]) // 5
 */
export function trace(x: ArrayLike, offset = 0, axis1 = 0, axis2 = 1): NDArray {
  const a = asArray(x);
  const [a1, a2] = diagonalAxes("trace", a, axis1, axis2);
  if (!Number.isInteger(offset)) throw new TypeError(`trace: offset must be an integer, got ${offset}`);
  const d = takeDiagonal(L.convert(a, a.dtype === "bool" ? "int32" : a.dtype), a1, a2, offset);
  return L.reduceSum(d, [d.ndim - 1]);
}

// ---- tensordot, inner, outer, vdot ----

/**
 * Sum products over paired axes: `axes = n` pairs the last n axes of `a` with the first n of `b`;
 * `[axesA, axesB]` names them. The result has a's free axes, then b's.
 * @example np.tensordot(np.ones([2, 3, 4]), np.ones([3, 4, 5])).shape // [2, 5]
 */
export function tensordot(a: ArrayLike, b: ArrayLike, axes: number | [number | number[], number | number[]] = 2): NDArray {
  const [x, y] = promotePair(a, b);
  let xa: number[], ya: number[];
  if (typeof axes === "number") {
    if (!Number.isInteger(axes) || axes < 0 || axes > x.ndim || axes > y.ndim) {
      throw new RangeError(`tensordot: axes = ${axes} must be an integer in [0, ${Math.min(x.ndim, y.ndim)}] for shapes ${fmtShape(x.shape)} and ${fmtShape(y.shape)}`);
    }
    xa = [...Array(axes).keys()].map((i) => x.ndim - axes + i);
    ya = [...Array(axes).keys()];
  } else {
    if (!Array.isArray(axes) || axes.length !== 2) throw new TypeError(`tensordot: axes must be a number or a pair [axesA, axesB], got ${JSON.stringify(axes)}`);
    const list = (v: number | number[]) => (typeof v === "number" ? [v] : [...v]);
    xa = list(axes[0]).map((i) => normAxis(i, x.ndim, "tensordot"));
    ya = list(axes[1]).map((i) => normAxis(i, y.ndim, "tensordot"));
    if (xa.length !== ya.length) throw new RangeError(`tensordot: axes lists differ in length: ${fmtShape(xa)} vs ${fmtShape(ya)}`);
    if (new Set(xa).size !== xa.length || new Set(ya).size !== ya.length) throw new RangeError(`tensordot: repeated axis in ${JSON.stringify(axes)}`);
  }
  xa.forEach((ax, k) => {
    if (x.shape[ax] !== y.shape[ya[k]]) {
      throw new RangeError(`tensordot: shape mismatch: a ${fmtShape(x.shape)} axis ${ax} has ${x.shape[ax]} but b ${fmtShape(y.shape)} axis ${ya[k]} has ${y.shape[ya[k]]}`);
    }
  });
  return L.dotGeneral(x, y, { contract: [xa, ya], batch: [[], []] });
}

/**
 * Sum of products over the last axes (scalars multiply). Result shape: a.shape[:-1] + b.shape[:-1].
 * @example np.inner([1, 2, 3], [0, 1, 0]) // 2
 */
export function inner(a: ArrayLike, b: ArrayLike): NDArray {
  const [x, y] = promotePair(a, b);
  if (x.ndim === 0 || y.ndim === 0) {
    const shape = x.ndim === 0 ? y.shape : x.shape;
    return L.mul(L.broadcastTo(x, shape), L.broadcastTo(y, shape));
  }
  const n = x.shape[x.ndim - 1], m = y.shape[y.ndim - 1];
  if (n !== m) throw new RangeError(`inner: last dimensions differ: a ${fmtShape(x.shape)} · b ${fmtShape(y.shape)} (${n} ≠ ${m})`);
  return L.dotGeneral(x, y, { contract: [[x.ndim - 1], [y.ndim - 1]], batch: [[], []] });
}

/**
 * Outer product of the flattened operands: shape [a.size, b.size].
 * @example np.outer([1, 2], [1, 10, 100]) // [[1, 10, 100], [2, 20, 200]]
 */
export function outer(a: ArrayLike, b: ArrayLike): NDArray {
  const [x, y] = promotePair(a, b);
  return L.dotGeneral(L.reshape(x, [x.size]), L.reshape(y, [y.size]), { contract: [[], []], batch: [[], []] });
}

/**
 * Dot product of the flattened operands (equal sizes required); a complex first operand is
 * conjugated, as NumPy: vdot(a, b) = Σ conj(a)·b.
 * @example np.vdot([[1, 2], [3, 4]], [[1, 1], [1, 1]]) // 10
 */
export function vdot(a: ArrayLike, b: ArrayLike): NDArray {
  const [x0, y] = promotePair(a, b);
  const x = x0.dtype === "complex64" || x0.dtype === "complex128" ? L.conj(x0) : x0;
  if (x.size !== y.size) throw new RangeError(`vdot: operands have different sizes: ${fmtShape(x.shape)} (${x.size}) vs ${fmtShape(y.shape)} (${y.size})`);
  return L.dotGeneral(L.reshape(x, [x.size]), L.reshape(y, [y.size]), { contract: [[0], [0]], batch: [[], []] });
}

// ---- einsum ----

/** Einsum labels: a letter is its char code (≥ 65); ellipsis axis p (of the broadcast ellipsis shape) is −(p + 1). */
type Label = number;
const labelName = (l: Label) => (l >= 0 ? `'${String.fromCharCode(l)}'` : `'...'[${-l - 1}]`);

interface Term {
  letters: Label[];
  /** Position of '...' among the letters, or −1. */
  ellipsis: number;
}

function parseTerm(term: string, subscripts: string): Term {
  const letters: Label[] = [];
  let ellipsis = -1;
  for (let i = 0; i < term.length; ) {
    if (term.startsWith("...", i)) {
      if (ellipsis >= 0) throw new SyntaxError(`einsum: more than one '...' in term '${term}' of subscripts '${subscripts}'`);
      ellipsis = letters.length;
      i += 3;
      continue;
    }
    const c = term[i];
    if (!/^[a-zA-Z]$/.test(c)) {
      throw new SyntaxError(`einsum: invalid character '${c}' in subscripts '${subscripts}'; expected letters a–z, A–Z, '...', ',' and '->'`);
    }
    letters.push(c.charCodeAt(0));
    i++;
  }
  return { letters, ellipsis };
}

/** Parse subscripts into one label list per operand and the output labels; squeezes broadcast ellipsis axes. */
function parseEinsum(subscripts: string, xs: NDArray[]): { inputs: Label[][]; output: Label[]; operands: NDArray[] } {
  const s = subscripts.replace(/\s+/g, "");
  const parts = s.split("->");
  if (parts.length > 2) throw new SyntaxError(`einsum: subscripts '${subscripts}' contain more than one '->'`);
  const terms = parts[0].split(",").map((t) => parseTerm(t, subscripts));
  if (terms.length !== xs.length) {
    throw new RangeError(`einsum: subscripts '${subscripts}' name ${terms.length} operand(s) but ${xs.length} were given`);
  }
  // ranks and the ellipsis shapes, broadcast NumPy-style (aligned on the right)
  const ellShapes = terms.map((t, k) => {
    const x = xs[k];
    const nEll = x.ndim - t.letters.length;
    if (t.ellipsis < 0 ? nEll !== 0 : nEll < 0) {
      throw new RangeError(`einsum: operand ${k} has shape ${fmtShape(x.shape)} (rank ${x.ndim}) but its subscripts '${parts[0].split(",")[k]}' name ${t.letters.length} ax${t.letters.length === 1 ? "is" : "es"}`);
    }
    return t.ellipsis < 0 ? [] : x.shape.slice(t.ellipsis, t.ellipsis + nEll);
  });
  const nEll = Math.max(0, ...ellShapes.map((e) => e.length));
  const ellShape = new Array<number>(nEll).fill(1);
  ellShapes.forEach((e) => e.forEach((d, i) => {
    const p = nEll - e.length + i;
    if (d !== 1 && ellShape[p] !== 1 && ellShape[p] !== d) {
      throw new RangeError(`einsum: the '...' dimensions cannot be broadcast together: ${ellShapes.map(fmtShape).join(", ")}`);
    }
    if (d !== 1) ellShape[p] = d;
  }));
  const operands: NDArray[] = [];
  const inputs = terms.map((t, k) => {
    const e = ellShapes[k];
    const ell = e.map((_, i) => -(nEll - e.length + i + 1));
    const labels = t.ellipsis < 0 ? t.letters : [...t.letters.slice(0, t.ellipsis), ...ell, ...t.letters.slice(t.ellipsis)];
    // an ellipsis axis of size 1 that broadcasts against a larger one is dropped: the label is then simply absent
    const drop = labels.map((l, i) => l < 0 && xs[k].shape[i] === 1 && ellShape[-l - 1] !== 1);
    operands.push(drop.some(Boolean) ? L.reshape(xs[k], xs[k].shape.filter((_, i) => !drop[i])) : xs[k]);
    return labels.filter((_, i) => !drop[i]);
  });
  const ellLabels = ellShape.map((_, p) => -(p + 1));
  let output: Label[];
  if (parts.length === 2) {
    const t = parseTerm(parts[1], subscripts);
    output = t.ellipsis < 0 ? t.letters : [...t.letters.slice(0, t.ellipsis), ...ellLabels, ...t.letters.slice(t.ellipsis)];
    if (t.ellipsis < 0 && ellShape.some((d) => d !== 1)) {
      throw new RangeError(`einsum: the inputs of '${subscripts}' have '...' dimensions ${fmtShape(ellShape)} but the output has no '...' to hold them`);
    }
    const seen = new Set<Label>();
    for (const l of t.letters) {
      if (seen.has(l)) throw new SyntaxError(`einsum: output index ${labelName(l)} appears more than once in '${subscripts}'`);
      seen.add(l);
      if (!terms.some((u) => u.letters.includes(l))) throw new SyntaxError(`einsum: output index ${labelName(l)} does not appear in the inputs of '${subscripts}'`);
    }
  } else {
    // implicit output: broadcast dims first, then the letters used exactly once, in char-code order
    const count = new Map<Label, number>();
    for (const t of terms) for (const l of t.letters) count.set(l, (count.get(l) ?? 0) + 1);
    output = [...ellLabels, ...[...count.keys()].filter((l) => count.get(l) === 1).sort((a, b) => a - b)];
  }
  return { inputs, output, operands };
}

/** Replace each index repeated within one operand by its diagonal (the label moves to the end). */
function takeRepeated(x: NDArray, labels: Label[], k: number): [NDArray, Label[]] {
  for (;;) {
    const i = labels.findIndex((l, p) => labels.indexOf(l) !== p);
    if (i < 0) return [x, labels];
    const first = labels.indexOf(labels[i]);
    if (x.shape[first] !== x.shape[i]) {
      throw new RangeError(`einsum: index ${labelName(labels[i])} is repeated in operand ${k} with different sizes ${x.shape[first]} and ${x.shape[i]} (shape ${fmtShape(x.shape)})`);
    }
    const l = labels[i];
    x = takeDiagonal(x, first, i, 0);
    labels = [...labels.filter((_, p) => p !== first && p !== i), l];
  }
}

/** Sum out the axes whose labels are not in `keep`. */
function reduceUnneeded(x: NDArray, labels: Label[], keep: Set<Label>): [NDArray, Label[]] {
  const axes = labels.map((l, i) => (keep.has(l) ? -1 : i)).filter((i) => i >= 0);
  return [L.reduceSum(x, axes), labels.filter((l) => keep.has(l))];
}

/**
 * Contract one pair with a single dot_general: shared labels still needed later (`keep`) become batch
 * axes, the other shared labels are contracted; labels of one side not needed later are summed first.
 */
function contractPair(a: NDArray, la: Label[], b: NDArray, lb: Label[], keep: Set<Label>): [NDArray, Label[]] {
  [a, la] = reduceUnneeded(a, la, new Set([...keep, ...lb]));
  [b, lb] = reduceUnneeded(b, lb, new Set([...keep, ...la]));
  const shared = la.filter((l) => lb.includes(l));
  const batch = shared.filter((l) => keep.has(l));
  const contract = shared.filter((l) => !keep.has(l));
  const out = L.dotGeneral(a, b, {
    contract: [contract.map((l) => la.indexOf(l)), contract.map((l) => lb.indexOf(l))],
    batch: [batch.map((l) => la.indexOf(l)), batch.map((l) => lb.indexOf(l))],
  });
  return [out, [...batch, ...la.filter((l) => !shared.includes(l)), ...lb.filter((l) => !shared.includes(l))]];
}

/** Options of `einsum`. */
export interface EinsumOpts {
  /**
   * Contraction order for three or more operands: `"greedy"` (default; also `true`) contracts, at
   * each step, the pair sharing an index whose contraction frees the most memory (result size minus
   * operand sizes; outer products last, smallest first), as NumPy's "greedy" path; `false` contracts
   * left to right; `"optimal"` searches every pairwise order for the fewest multiply-adds (up to 8
   * operands; beyond, greedy); `"auto"` (JAX's default name) is greedy.
   */
  optimize?: boolean | "greedy" | "optimal" | "auto";
}

/** One sublist of einsum's sublist form: axis labels 0–51 (a–z, A–Z) and at most one `"..."`. */
export type EinsumSublist = readonly (number | "...")[];

const isOpts = (v: unknown): v is EinsumOpts => typeof v === "object" && v !== null && Object.getPrototypeOf(v) === Object.prototype;

/** NumPy's sublist form `(a, [0, 1], b, [1, 2], [0, 2])` → `["ab,bc->ac", [a, b]]`. */
function fromSublists(args: unknown[]): [string, ArrayLike[]] {
  const term = (sub: unknown, what: string): string => {
    if (!Array.isArray(sub)) throw new TypeError(`einsum: ${what} must be a list of axis labels (integers 0–51 or "..."), got ${show(sub)}`);
    return sub.map((v) => {
      if (v === "...") return "...";
      if (!Number.isInteger(v) || v < 0 || v >= 52) throw new RangeError(`einsum: ${what} has the label ${show(v)}; expected integers 0–51 or "..."`);
      return String.fromCharCode(v < 26 ? 97 + v : 65 + v - 26);
    }).join("");
  };
  const operands: ArrayLike[] = [], terms: string[] = [];
  for (let i = 0; i + 1 < args.length; i += 2) {
    operands.push(args[i] as ArrayLike);
    terms.push(term(args[i + 1], `the sublist of operand ${i / 2}`));
  }
  const out = args.length % 2 === 1 ? `->${term(args[args.length - 1], "the output sublist")}` : "";
  return [terms.join(",") + out, operands];
}

/** Labels left after contracting items i and j of `ls`: those in `out` or in any other item. */
function labelsAfter(ls: Label[][], i: number, j: number, out: Set<Label>): Label[] {
  const keep = new Set(out);
  ls.forEach((l, k) => {
    if (k !== i && k !== j) for (const x of l) keep.add(x);
  });
  return [...new Set([...ls[i], ...ls[j]])].filter((l) => keep.has(l));
}

/**
 * The pairwise order with the fewest multiply-adds (each pair costs the product of the sizes of all
 * its labels), by depth-first search over every order with pruning; results go to the end of the list.
 */
function optimalPath(ls: Label[][], out: Set<Label>, sizes: Map<Label, [number, number]>): [number, number][] {
  let best = Infinity, bestPath: [number, number][] = [];
  const search = (cur: Label[][], cost: number, path: [number, number][]): void => {
    if (cost >= best) return;
    if (cur.length === 1) {
      [best, bestPath] = [cost, path];
      return;
    }
    for (let i = 0; i < cur.length; i++) {
      for (let j = i + 1; j < cur.length; j++) {
        let flops = 1;
        for (const l of new Set([...cur[i], ...cur[j]])) flops *= sizes.get(l)![0];
        const next = cur.filter((_, k) => k !== i && k !== j);
        next.push(labelsAfter(cur, i, j, out));
        search(next, cost + flops, [...path, [i, j]]);
      }
    }
  };
  search(ls, 0, []);
  return bestPath;
}

/** Size of the result of contracting `la` with `lb`, keeping only the labels in `keep`. */
function pairSize(la: Label[], lb: Label[], keep: Set<Label>, sizes: Map<Label, [number, number]>): number {
  let n = 1;
  for (const l of new Set([...la, ...lb])) if (keep.has(l)) n *= sizes.get(l)![0];
  return n;
}

/**
 * Einstein summation. Explicit (`"ij,jk->ik"`) or implicit (`"ij,jk"`: indices used once, sorted)
 * output; `...` broadcasts; an index repeated in one operand takes its diagonal (`"ii->i"`, `"ii"` = trace).
 * Also NumPy's sublist form: `einsum(a, [0, 1], b, [1, 2], [0, 2])` is `einsum("ab,bc->ac", a, b)`
 * (labels 0–25 are a–z, 26–51 are A–Z, `"..."` is the ellipsis; the output sublist is optional).
 * An options object may come last: `{ optimize }` chooses the contraction order (see `EinsumOpts`).
 * Each pair is contracted by one dot_general, then the result is transposed to the requested order.
 * Dtypes promote as in `matmul`.
 * NB: JAX's default order comes from opt_einsum ("auto", optimal for few operands); ours is the
 * greedy one by default, which finds the same order for chains such as `"ij,jk,kl"`.
 * @example np.einsum("ij,jk->ik", np.ones([2, 3]), np.ones([3, 4])).shape // [2, 4]
 * @example np.einsum(np.ones([2, 3]), [0, 1], np.ones([3]), [1], [0]) // [3, 3]
 * @example np.einsum("ij,jk,kl->il", a, b, c, { optimize: false }) // left to right
 */
export function einsum(subscripts: string, ...operands: (ArrayLike | EinsumOpts)[]): NDArray;
export function einsum(operand: ArrayLike, sublist: EinsumSublist, ...rest: (ArrayLike | EinsumSublist | EinsumOpts)[]): NDArray;
export function einsum(first: unknown, ...more: unknown[]): NDArray {
  const args = [first, ...more];
  const opts: EinsumOpts = args.length > 1 && isOpts(args[args.length - 1]) ? (args.pop() as EinsumOpts) : {};
  args.forEach((a, i) => {
    if (isOpts(a)) throw new TypeError(`einsum: an options object may only come last, got ${show(a)} at argument ${i}`);
  });
  const optimize = opts.optimize ?? "greedy";
  if (optimize !== true && optimize !== false && optimize !== "greedy" && optimize !== "optimal" && optimize !== "auto") {
    throw new TypeError(`einsum: optimize must be true, false, "greedy", "optimal" or "auto", got ${show(optimize)}`);
  }
  let subscripts: string, operands: ArrayLike[];
  if (typeof first === "string") [subscripts, operands] = [first, args.slice(1) as ArrayLike[]];
  else if (first === undefined || first === null || typeof first === "boolean") {
    throw new TypeError(`einsum: the first argument must be a subscripts string or an operand followed by its sublist, got ${show(first)}`);
  } else [subscripts, operands] = fromSublists(args);
  if (operands.length === 0) throw new RangeError(`einsum: no operands given for subscripts '${subscripts}'`);
  const d0 = resultDType(operands);
  const d = d0 === "bool" ? "int32" : d0;
  const xs = operands.map((x) => L.convert(asArray(x, d), d));
  const { inputs, output, operands: ops } = parseEinsum(subscripts, xs);
  const items = ops.map((x, k) => takeRepeated(x, inputs[k], k));
  // every index must have one size across the operands
  const sizes = new Map<Label, [number, number]>();
  items.forEach(([x, ls], k) => ls.forEach((l, i) => {
    const prev = sizes.get(l);
    if (prev && prev[0] !== x.shape[i]) {
      throw new RangeError(`einsum: index ${labelName(l)} has size ${prev[0]} in operand ${prev[1]} but ${x.shape[i]} in operand ${k} ('${subscripts}')`);
    }
    if (!prev) sizes.set(l, [x.shape[i], k]);
  }));
  const outSet = new Set(output);
  /** Labels needed after contracting items i and j: the output's and those of every other item. */
  const keepFor = (i: number, j: number): Set<Label> => {
    const keep = new Set(outSet);
    items.forEach(([, ls], k) => {
      if (k !== i && k !== j) for (const l of ls) keep.add(l);
    });
    return keep;
  };
  if (items.length === 1) items[0] = reduceUnneeded(items[0][0], items[0][1], outSet);
  const path = optimize === "optimal" && items.length > 2 && items.length <= 8 ? optimalPath(items.map(([, ls]) => ls), outSet, sizes) : null;
  for (let step = 0; items.length > 1; step++) {
    let bi = 0, bj = 1;
    if (path) [bi, bj] = path[step];
    else if (optimize !== false && items.length > 2) {
      // greedy (as NumPy's): among pairs sharing an index, the one whose contraction frees the most
      // memory (result size − operand sizes), then the smaller result; outer products only when no
      // pair shares an index, the smallest result first; ties go to the first pair
      let best: number[] | null = null;
      for (let i = 0; i < items.length; i++) {
        for (let j = i + 1; j < items.length; j++) {
          const [a, la] = items[i], [b, lb] = items[j];
          const size = pairSize(la, lb, keepFor(i, j), sizes);
          const cost = la.some((l) => lb.includes(l)) ? [0, size - a.size - b.size, size] : [1, size, 0];
          if (best === null || cost[0] < best[0] || (cost[0] === best[0] && (cost[1] < best[1] || (cost[1] === best[1] && cost[2] < best[2])))) {
            [best, bi, bj] = [cost, i, j];
          }
        }
      }
    }
    const [a, la] = items[bi], [b, lb] = items[bj];
    const keep = keepFor(bi, bj);
    items.splice(bj, 1);
    items.splice(bi, 1);
    // left to right keeps the result in front; greedy appends it (as NumPy/opt_einsum)
    const r = contractPair(a, la, b, lb, keep);
    if (optimize === false || items.length === 0) items.unshift(r);
    else items.push(r);
  }
  const [acc, labels] = items[0];
  return L.transpose(acc, output.map((l) => labels.indexOf(l)));
}
