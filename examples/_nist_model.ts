/**
 * @file The model of a NIST StRD nonlinear-regression file, compiled from the text of its header into a
 * function of (x, b) built from `np` operations — so that any StRD file can be fitted without writing code.
 */
import { type NDArray, np } from "../src/index.js";

/** A compiled StRD model: ŷ = model(x, b) (b a float64 1-D array of the parameters), and how y enters. */
export interface NistModel {
  /** The right-hand side as written in the file, e.g. `b1*(1-exp[-b2*x])`. */
  text: string;
  /** The parameter names used, b1 … bp (their count must match the parameter block). */
  params: number;
  /** The left-hand side: `y` or `log[y]` (then the fit is to log y, as NIST's Nelson). */
  lhs: "y" | "log";
  model: (x: NDArray, b: NDArray) => NDArray;
}

type Node =
  | { k: "num"; v: number }
  | { k: "x" }
  | { k: "b"; i: number }
  | { k: "neg"; a: Node }
  | { k: "bin"; op: "+" | "-" | "*" | "/" | "**"; a: Node; b: Node }
  | { k: "call"; f: string; a: Node };

const FUNCS: Record<string, (a: NDArray) => NDArray> = {
  exp: np.exp, log: np.log, ln: np.log, sqrt: np.sqrt, sin: np.sin, cos: np.cos, tan: np.tan,
  arctan: np.arctan, atan: np.arctan,
};

/**
 * Parse a NIST model expression: numbers, `x`, `b1`…`bK`, `pi`, `+ - * / **` (Fortran precedence: `**`
 * binds tighter than unary minus and is right-associative), `( )` and `[ ]` as parentheses, and the
 * functions exp, log/ln, sqrt, sin, cos, tan, arctan.
 */
function parse(src: string): Node {
  const toks = src.match(/\d*\.?\d+(?:[eEdD][-+]?\d+)?|\*\*|[A-Za-z_]\w*|[-+*/()[\]]/g) ?? [];
  if (toks.join("") !== src.replace(/\s+/g, "")) throw new SyntaxError(`cannot read the model "${src}": unexpected characters`);
  let i = 0;
  const peek = () => toks[i];
  const eat = (t?: string) => {
    const s = toks[i++];
    if (s === undefined || (t !== undefined && s !== t)) throw new SyntaxError(`cannot read the model "${src}": expected ${t ?? "more"} at token ${i}, got ${s ?? "the end"}`);
    return s;
  };
  const close: Record<string, string> = { "(": ")", "[": "]" };
  const atom = (): Node => {
    const t = eat();
    if (t in close) { const e = sum(); eat(close[t]); return e; }
    if (/^\d|^\./.test(t)) return { k: "num", v: Number(t.replace(/[dD]/, "e")) };
    if (t === "x") return { k: "x" };
    if (t === "pi") return { k: "num", v: Math.PI };
    const b = /^b(\d+)$/.exec(t);
    if (b) return { k: "b", i: Number(b[1]) - 1 };
    if (t in FUNCS && peek() in close) { const o = eat(); const a = sum(); eat(close[o]); return { k: "call", f: t, a }; }
    throw new SyntaxError(`cannot read the model "${src}": unknown name "${t}"`);
  };
  const power = (): Node => {
    const a = atom();
    if (peek() !== "**") return a;
    eat();
    return { k: "bin", op: "**", a, b: unary() }; // right-associative; the exponent may be signed
  };
  const unary = (): Node => {
    if (peek() === "-") { eat(); return { k: "neg", a: unary() }; }
    if (peek() === "+") { eat(); return unary(); }
    return power();
  };
  const product = (): Node => {
    let a = unary();
    while (peek() === "*" || peek() === "/") { const op = eat() as "*" | "/"; a = { k: "bin", op, a, b: unary() }; }
    return a;
  };
  const sum = (): Node => {
    let a = product();
    while (peek() === "+" || peek() === "-") { const op = eat() as "+" | "-"; a = { k: "bin", op, a, b: product() }; }
    return a;
  };
  const e = sum();
  if (i !== toks.length) throw new SyntaxError(`cannot read the model "${src}": unexpected "${toks[i]}"`);
  return e;
}

const maxParam = (n: Node): number =>
  n.k === "b" ? n.i + 1 : n.k === "neg" || n.k === "call" ? maxParam(n.a) : n.k === "bin" ? Math.max(maxParam(n.a), maxParam(n.b)) : 0;

function evaluate(n: Node, x: NDArray, b: NDArray): NDArray | number {
  switch (n.k) {
    case "num": return n.v;
    case "x": return x;
    case "b": return b.get(n.i);
    case "neg": { const a = evaluate(n.a, x, b); return typeof a === "number" ? -a : np.negative(a); }
    case "call": return FUNCS[n.f](np.asarray(evaluate(n.a, x, b), { dtype: "float64" }));
    case "bin": {
      const l = evaluate(n.a, x, b), r = evaluate(n.b, x, b);
      if (typeof l === "number" && typeof r === "number") return { "+": l + r, "-": l - r, "*": l * r, "/": l / r, "**": l ** r }[n.op];
      const f = { "+": np.add, "-": np.subtract, "*": np.multiply, "/": np.divide, "**": np.power }[n.op];
      return f(l, r);
    }
  }
}

/**
 * Compile the model of a StRD header (`fit.parseNistStrd(text).model`, e.g.
 * `"2 Parameters (b1 and b2) y = b1*(1-exp[-b2*x]) + e"`): the part between `y =` (or `log[y] =`) and the
 * error term `+ e`. `p` is the number of parameters in the file's parameter block.
 * @example
 * const m = compileNistModel("y = b1*(1-exp[-b2*x]) + e", 2);
 * m.model(np.array([1, 2]), np.array([2, 0.5])); // 2·(1 − e^(−0.5·x))
 */
export function compileNistModel(header: string, p: number): NistModel {
  const m = /(?:^|\s)(log\[y\]|ln\[y\]|y)\s*=\s*(.+?)\s*\+\s*e\s*$/.exec(header.trim());
  if (!m) throw new SyntaxError(`cannot find "y = … + e" in the model "${header}"`);
  const text = m[2];
  const ast = parse(text);
  const used = maxParam(ast);
  if (used !== p) throw new RangeError(`the model "${text}" uses b1…b${used} but the file has ${p} parameters`);
  return {
    text, params: used, lhs: m[1] === "y" ? "y" : "log",
    model: (x, b) => np.broadcastTo(np.asarray(evaluate(ast, x, b), { dtype: "float64" }), x.shape),
  };
}
