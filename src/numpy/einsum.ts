/**
 * @file Einstein summation (`einsum`, NumPy's string and sublist forms) as a sequence of pairwise
 * dot_generals in the order einsum_plan.ts chooses, and `einsumPath`, which reports that order.
 */
import { fmtShape } from "../core/aval.js";
import { NDArray } from "../core/array.js";
import * as L from "../lax/index.js";
import { ArrayLike, asArray, resultDType } from "./core.js";
import { show } from "./signature.js";
import { takeDiagonal } from "./products.js";
import { Label, Optimize, Step, checkOptimize, describePath, keepAfter, planContraction } from "./einsum_plan.js";

// ---- einsum ----

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
   * operands; beyond, greedy); `"auto"` (JAX's default name) is greedy; or an explicit path as
   * `einsumPath` returns it (`["einsum_path", [0, 1], [0, 1]]`: opt_einsum's convention).
   */
  optimize?: Optimize;
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
  const { items, output, outSet, steps } = prepare("einsum", first, more);
  for (const { i, j, front } of steps) {
    const [a, la] = items[i], [b, lb] = items[j];
    const keep = keepAfter(items.map(([, ls]) => ls), i, j, outSet);
    items.splice(j, 1);
    items.splice(i, 1);
    const r = contractPair(a, la, b, lb, keep);
    if (front) items.unshift(r);
    else items.push(r);
  }
  const [acc, labels] = items[0];
  return L.transpose(acc, output.map((l) => labels.indexOf(l)));
}

/** `einsumPath`'s result: the contraction order (opt_einsum's convention) and NumPy's printed report. */
export type EinsumPath = [path: (string | [number, number])[], report: string];

/**
 * The order in which `einsum` would contract its operands, as NumPy's / JAX's `einsum_path`: the path
 * `["einsum_path", [i, j], …]` (each step names two operands of the current list; the result goes to
 * its end) and a report of the naive and optimised FLOP counts and each step. The path can be passed
 * back as `einsum(…, { optimize: path })`. Only the operands' shapes are read.
 * @example const [path, report] = np.einsumPath("ij,jk,kl->il", a, b, c); console.log(report)
 */
export function einsumPath(subscripts: string, ...operands: (ArrayLike | EinsumOpts)[]): EinsumPath;
export function einsumPath(operand: ArrayLike, sublist: EinsumSublist, ...rest: (ArrayLike | EinsumSublist | EinsumOpts)[]): EinsumPath;
export function einsumPath(first: unknown, ...more: unknown[]): EinsumPath {
  const { items, output, steps, sizes, subscripts } = prepare("einsumPath", first, more);
  return describePath(steps, items.map(([, ls]) => ls), output, sizes, subscripts);
}

/** Parse einsum's arguments, take repeated labels as diagonals, check sizes and plan the contraction. */
function prepare(op: string, first: unknown, more: unknown[]) {
  const args = [first, ...more];
  const opts: EinsumOpts = args.length > 1 && isOpts(args[args.length - 1]) ? (args.pop() as EinsumOpts) : {};
  args.forEach((a, i) => {
    if (isOpts(a)) throw new TypeError(`${op}: an options object may only come last, got ${show(a)} at argument ${i}`);
  });
  const optimize = checkOptimize(op, opts.optimize ?? "greedy");
  let subscripts: string, operands: ArrayLike[];
  if (typeof first === "string") [subscripts, operands] = [first, args.slice(1) as ArrayLike[]];
  else if (first === undefined || first === null || typeof first === "boolean") {
    throw new TypeError(`${op}: the first argument must be a subscripts string or an operand followed by its sublist, got ${show(first)}`);
  } else [subscripts, operands] = fromSublists(args);
  if (operands.length === 0) throw new RangeError(`${op}: no operands given for subscripts '${subscripts}'`);
  const d0 = resultDType(operands);
  const d = d0 === "bool" ? "int32" : d0;
  const xs = operands.map((x) => L.convert(asArray(x, d), d));
  const { inputs, output, operands: ops } = parseEinsum(subscripts, xs);
  const items = ops.map((x, k) => takeRepeated(x, inputs[k], k));
  // every index must have one size across the operands
  const seen = new Map<Label, [number, number]>();
  items.forEach(([x, ls], k) => ls.forEach((l, i) => {
    const prev = seen.get(l);
    if (prev && prev[0] !== x.shape[i]) {
      throw new RangeError(`${op}: index ${labelName(l)} has size ${prev[0]} in operand ${prev[1]} but ${x.shape[i]} in operand ${k} ('${subscripts}')`);
    }
    if (!prev) seen.set(l, [x.shape[i], k]);
  }));
  const sizes = new Map([...seen].map(([l, [n]]) => [l, n]));
  const outSet = new Set(output);
  if (items.length === 1) items[0] = reduceUnneeded(items[0][0], items[0][1], outSet);
  const steps: Step[] = planContraction(op, items.map(([, ls]) => ls), outSet, sizes, optimize);
  return { items, output, outSet, steps, sizes, subscripts };
}
