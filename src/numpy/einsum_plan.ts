/**
 * @file The contraction order of einsum: which pair of operands to contract at each step (greedy,
 * optimal, left to right, or a path the user gives, as opt_einsum's), computed on labels and sizes
 * alone; and its report in NumPy's `einsum_path` format.
 */
import { show } from "./signature.js";

/** Einsum labels: a letter is its char code (≥ 65); ellipsis axis p (of the broadcast ellipsis shape) is −(p + 1). */
export type Label = number;

/** An explicit contraction order as `einsumPath` returns it: `["einsum_path", [0, 1], [0, 1]]` (the tag is optional). */
export type EinsumPathSpec = readonly (string | readonly number[])[];

export type Optimize = boolean | "greedy" | "optimal" | "auto" | EinsumPathSpec;

/** One step: contract items i < j of the current list; the result goes to the front or the end of the list. */
export interface Step {
  i: number;
  j: number;
  front: boolean;
}

export function checkOptimize(op: string, v: unknown): Optimize {
  if (v === true || v === false || v === "greedy" || v === "optimal" || v === "auto") return v;
  if (Array.isArray(v)) return v as EinsumPathSpec;
  throw new TypeError(`${op}: optimize must be true, false, "greedy", "optimal", "auto" or a path such as ["einsum_path", [0, 1]], got ${show(v)}`);
}

/** The labels a pairwise contraction leaves, in the order the contraction produces them. */
export function pairLabels(la: Label[], lb: Label[], keep: Set<Label>): Label[] {
  const ka = la.filter((l) => keep.has(l) || lb.includes(l)), kb = lb.filter((l) => keep.has(l) || la.includes(l));
  const shared = ka.filter((l) => kb.includes(l));
  const batch = shared.filter((l) => keep.has(l));
  return [...batch, ...ka.filter((l) => !shared.includes(l)), ...kb.filter((l) => !shared.includes(l))];
}

/** Labels needed after contracting items i and j of `ls`: the output's and those of every other item. */
export function keepAfter(ls: Label[][], i: number, j: number, out: Set<Label>): Set<Label> {
  const keep = new Set(out);
  ls.forEach((l, k) => {
    if (k !== i && k !== j) for (const x of l) keep.add(x);
  });
  return keep;
}

const sizeOf = (ls: Iterable<Label>, sizes: Map<Label, number>): number => {
  let n = 1;
  for (const l of ls) n *= sizes.get(l)!;
  return n;
};

/**
 * The steps that contract `ls` (one label list per operand, repeated labels already taken as
 * diagonals) down to one item. `"greedy"` (default; also `true` and `"auto"`): at each step the pair
 * sharing a label whose contraction frees the most memory, then the smaller result, outer products
 * last (smallest first), as NumPy's greedy path; `"optimal"`: the fewest multiply-adds over every
 * order (up to 8 operands; beyond, greedy); `false`: left to right; a path: the user's pairs.
 */
export function planContraction(op: string, ls: Label[][], out: Set<Label>, sizes: Map<Label, number>, optimize: Optimize): Step[] {
  if (Array.isArray(optimize)) return explicitSteps(op, optimize as EinsumPathSpec, ls.length);
  const cur = ls.map((l) => [...l]);
  const steps: Step[] = [];
  const path = optimize === "optimal" && cur.length > 2 && cur.length <= 8 ? optimalPath(cur, out, sizes) : null;
  for (let step = 0; cur.length > 1; step++) {
    let bi = 0, bj = 1;
    if (path) [bi, bj] = path[step];
    else if (optimize !== false && cur.length > 2) [bi, bj] = greedyPair(cur, out, sizes);
    const front = optimize === false || cur.length === 2;
    const merged = pairLabels(cur[bi], cur[bj], keepAfter(cur, bi, bj, out));
    cur.splice(bj, 1);
    cur.splice(bi, 1);
    if (front) cur.unshift(merged);
    else cur.push(merged);
    steps.push({ i: bi, j: bj, front });
  }
  return steps;
}

function greedyPair(cur: Label[][], out: Set<Label>, sizes: Map<Label, number>): [number, number] {
  let best: number[] | null = null, bi = 0, bj = 1;
  for (let i = 0; i < cur.length; i++) {
    for (let j = i + 1; j < cur.length; j++) {
      const la = cur[i], lb = cur[j];
      const keep = keepAfter(cur, i, j, out);
      const size = sizeOf(new Set([...la, ...lb].filter((l) => keep.has(l))), sizes);
      const cost = la.some((l) => lb.includes(l)) ? [0, size - sizeOf(la, sizes) - sizeOf(lb, sizes), size] : [1, size, 0];
      if (best === null || cost[0] < best[0] || (cost[0] === best[0] && (cost[1] < best[1] || (cost[1] === best[1] && cost[2] < best[2])))) {
        [best, bi, bj] = [cost, i, j];
      }
    }
  }
  return [bi, bj];
}

/** Depth-first search over every pairwise order for the fewest multiply-adds (a pair costs the product of all its label sizes). */
function optimalPath(ls: Label[][], out: Set<Label>, sizes: Map<Label, number>): [number, number][] {
  let best = Infinity, bestPath: [number, number][] = [];
  const search = (cur: Label[][], cost: number, path: [number, number][]): void => {
    if (cost >= best) return;
    if (cur.length === 1) {
      [best, bestPath] = [cost, path];
      return;
    }
    for (let i = 0; i < cur.length; i++) {
      for (let j = i + 1; j < cur.length; j++) {
        const flops = sizeOf(new Set([...cur[i], ...cur[j]]), sizes);
        const keep = keepAfter(cur, i, j, out);
        const next = cur.filter((_, k) => k !== i && k !== j);
        next.push([...new Set([...cur[i], ...cur[j]])].filter((l) => keep.has(l)));
        search(next, cost + flops, [...path, [i, j]]);
      }
    }
  };
  search(ls, 0, []);
  return bestPath;
}

/** A user's path (opt_einsum's convention: results go to the end of the list) as steps. */
function explicitSteps(op: string, spec: EinsumPathSpec, n: number): Step[] {
  const pairs = spec[0] === "einsum_path" ? spec.slice(1) : spec;
  const steps: Step[] = [];
  let len = n;
  pairs.forEach((p, s) => {
    if (!Array.isArray(p) || p.length !== 2 || !p.every((v) => Number.isInteger(v))) {
      throw new TypeError(`${op}: path step ${s} must be a pair of operand positions such as [0, 1], got ${show(p)}`);
    }
    const [a, b] = [Math.min(p[0], p[1]), Math.max(p[0], p[1])];
    if (a < 0 || b >= len || a === b) throw new RangeError(`${op}: path step ${s} ${show(p)} must name two different operands among the ${len} left`);
    steps.push({ i: a, j: b, front: false });
    len--;
  });
  if (len !== 1 && n > 0) throw new RangeError(`${op}: the path contracts ${n} operands to ${len}, not to one; it needs ${n - 1} pairwise steps`);
  return steps;
}

/**
 * The steps in opt_einsum's convention (each result appended at the end), as NumPy's
 * `einsum_path` returns them, and the report it prints.
 */
export function describePath(steps: Step[], ls: Label[][], output: Label[], sizes: Map<Label, number>, subscripts: string): [(string | [number, number])[], string] {
  const out = new Set(output);
  // letters for the ellipsis labels: the first unused ones, as NumPy expands '...'
  const used = new Set<number>();
  for (const l of [...ls.flat(), ...output]) if (l >= 0) used.add(l);
  const free = [..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"].map((c) => c.charCodeAt(0)).filter((c) => !used.has(c));
  const name = (l: Label) => String.fromCharCode(l >= 0 ? l : free[-l - 1] ?? 63);
  const term = (l: Label[]) => l.map(name).join("");
  const flops = (labels: Set<Label>, inner: boolean, terms: number) => sizeOf(labels, sizes) * (Math.max(1, terms - 1) + (inner ? 1 : 0));
  const all = new Set(ls.flat());
  const naive = flops(all, [...all].some((l) => !out.has(l)), ls.length);
  let cur = ls.map((l) => [...l]);
  let ids = ls.map((_, k) => k), opt = ls.map((_, k) => k), next = ls.length;
  const path: (string | [number, number])[] = ["einsum_path"];
  const rows: [number, string, string][] = [];
  let optimized = 0, scaling = 0, largest = steps.length === 0 ? sizeOf(output, sizes) : 0;
  for (const { i, j, front } of steps) {
    const la = cur[i], lb = cur[j];
    const keep = keepAfter(cur, i, j, out);
    const union = new Set([...la, ...lb]);
    const last = cur.length === 2;
    // shown as NumPy shows it: an intermediate's labels by (size, letter), the last one as the output
    const order = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    const merged = last ? output : pairLabels(la, lb, keep).sort((x, y) => sizes.get(x)! - sizes.get(y)! || order.indexOf(name(x)) - order.indexOf(name(y)));
    optimized += flops(union, [...union].some((l) => !keep.has(l)), 2);
    scaling = Math.max(scaling, union.size);
    largest = Math.max(largest, sizeOf(merged, sizes));
    const [pi, pj] = [opt.indexOf(ids[i]), opt.indexOf(ids[j])].sort((a, b) => a - b);
    path.push([pi, pj]);
    opt = opt.filter((id) => id !== ids[i] && id !== ids[j]).concat(next);
    const rest = cur.filter((_, k) => k !== i && k !== j);
    const restIds = ids.filter((_, k) => k !== i && k !== j);
    cur = front ? [merged, ...rest] : [...rest, merged];
    ids = front ? [next, ...restIds] : [...restIds, next];
    next++;
    rows.push([union.size, `${term(lb)},${term(la)}->${term(merged)}`, `${[...rest, merged].map(term).join(",")}->${term(output)}`]);
  }
  // + 1, as NumPy counts it
  optimized += 1;
  if (steps.length === 0) scaling = all.size;
  const exp = (v: number) => v.toExponential(3).replace(/e([+-])(\d)$/, "e$10$2");
  const line = "-".repeat(74);
  const report = [
    `  Complete contraction:  ${subscripts.replace(/\s+/g, "")}`,
    `         Naive scaling:  ${all.size}`,
    `     Optimized scaling:  ${scaling}`,
    `      Naive FLOP count:  ${exp(naive)}`,
    `  Optimized FLOP count:  ${exp(optimized)}`,
    `   Theoretical speedup:  ${(naive / Math.max(optimized, 1)).toFixed(3)}`,
    `  Largest intermediate:  ${exp(largest)} elements`,
    line,
    `${"scaling".padEnd(25)}${"current".padEnd(39)}remaining`,
    line,
    ...rows.map(([s, c, r]) => `${String(s).padStart(4)}${c.padStart(28)}${r.padStart(41)}`),
  ].join("\n");
  return [path, report];
}
