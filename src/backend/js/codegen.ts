/**
 * @file Kernel IR → JavaScript source. The reference semantics of every scalar op live here:
 * float64 ops are IEEE double; every float32-typed value is rounded to float32 (`Math.fround`) as
 * soon as it is computed, as in XLA and eager mode (so `+ − × ÷ sqrt` are the correctly rounded
 * float32 ops and a transcendental is `fround(Math.f(x))`); int32/uint32 wrap (a float → int cast saturates, as XLA's convert). Reduction
 * accumulators of float32 sums and products stay float64 and are rounded when stored.
 */
import { DType, isFloat } from "../../core/dtype.js";
import { Expr, exprIds, Kernel, UnaryOp } from "../../lower/kernel.js";

/** Helpers the generated code may call (passed in as `H`). */
export const helpers = {
  /** Integer power by squaring with wrapping 32-bit products (negative exponents: 0 unless |base| = 1). */
  ipow(a: number, b: number): number {
    if (b < 0) return a === 1 ? 1 : a === -1 ? (b % 2 ? -1 : 1) : 0;
    let r = 1;
    while (b > 0) {
      if (b & 1) r = Math.imul(r, a);
      a = Math.imul(a, a);
      b >>>= 1;
    }
    return r;
  },
  /** IEEE-754/C `pow`: 1 for pow(1, y) and pow(−1, ±inf), where JavaScript's `Math.pow` gives NaN. */
  fpow(a: number, b: number): number {
    return a === 1 || (a === -1 && (b === Infinity || b === -Infinity)) ? 1 : Math.pow(a, b);
  },
  /** Float → int32 as XLA's convert: truncate and saturate, NaN → 0 (wasm's i32.trunc_sat_f64_s). */
  satI32(x: number): number {
    return x !== x ? 0 : x <= -2147483648 ? -2147483648 : x >= 2147483647 ? 2147483647 : Math.trunc(x);
  },
  /** Float → uint32 as XLA's convert: truncate and saturate to [0, 2³² − 1], NaN → 0 (i32.trunc_sat_f64_u). */
  satU32(x: number): number {
    return x !== x || x <= 0 ? 0 : x >= 4294967295 ? 4294967295 : Math.trunc(x);
  },
  /** Round half to even, as NumPy/JAX `round`. */
  rint(x: number): number {
    const r = Math.round(x);
    return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
  },
  /** erf to ~1 ulp: Taylor series near 0, continued fraction (via erfc) in the tails. */
  erf(x: number): number {
    if (Number.isNaN(x)) return NaN;
    if (x === 0) return x; // erf(±0) = ±0 (the series below would turn −0 into +0)
    const ax = Math.abs(x);
    if (ax < 2.5) {
      // erf x = 2/√π Σ (-1)^n x^(2n+1) / (n! (2n+1))
      let term = x, sum = x;
      const x2 = x * x;
      for (let n = 1; n < 80; n++) {
        term *= -x2 / n;
        const add = term / (2 * n + 1);
        sum += add;
        if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
      }
      return (2 / Math.sqrt(Math.PI)) * sum;
    }
    if (ax > 6) return Math.sign(x);
    // erfc x = exp(-x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + …)))))
    let f = ax;
    for (let n = 60; n >= 1; n--) f = ax + n / 2 / f;
    const erfc = Math.exp(-ax * ax) / Math.sqrt(Math.PI) / f;
    return Math.sign(x) * (1 - erfc);
  },
};

/** A number as a JS literal; negative ones parenthesised (`a-(-5)`, never `a--5`). */
function lit(v: number): string {
  if (Number.isNaN(v)) return "NaN";
  if (v === Infinity) return "Infinity";
  if (v === -Infinity) return "(-Infinity)";
  if (Object.is(v, -0)) return "(-0)";
  return v < 0 ? `(${v})` : String(v);
}

/** Wrap a JS number expression into the dtype's value set. */
function wrap(code: string, d: DType): string {
  switch (d) {
    case "int32": return `((${code})|0)`;
    case "uint32": return `((${code})>>>0)`;
    case "bool": return `((${code})?1:0)`;
    default: return code;
  }
}

/** Every unary op but the predicates and `not`: a missing op is a compile error. */
const FLOAT_UNARY: Record<Exclude<UnaryOp, "isnan" | "isinf" | "isfinite" | "not">, (a: string) => string> = {
  neg: (a) => `(-${a})`,
  abs: (a) => `Math.abs(${a})`,
  sign: (a) => `(${a}>0?1:${a}<0?-1:${a})`,
  floor: (a) => `Math.floor(${a})`,
  ceil: (a) => `Math.ceil(${a})`,
  round: (a) => `H.rint(${a})`,
  trunc: (a) => `Math.trunc(${a})`,
  exp: (a) => `Math.exp(${a})`,
  exp2: (a) => `Math.pow(2,${a})`,
  expm1: (a) => `Math.expm1(${a})`,
  log: (a) => `Math.log(${a})`,
  log2: (a) => `Math.log2(${a})`,
  log1p: (a) => `Math.log1p(${a})`,
  sqrt: (a) => `Math.sqrt(${a})`,
  cbrt: (a) => `Math.cbrt(${a})`,
  erf: (a) => `H.erf(${a})`,
  sin: (a) => `Math.sin(${a})`,
  cos: (a) => `Math.cos(${a})`,
  tan: (a) => `Math.tan(${a})`,
  asin: (a) => `Math.asin(${a})`,
  acos: (a) => `Math.acos(${a})`,
  atan: (a) => `Math.atan(${a})`,
  sinh: (a) => `Math.sinh(${a})`,
  cosh: (a) => `Math.cosh(${a})`,
  tanh: (a) => `Math.tanh(${a})`,
  asinh: (a) => `Math.asinh(${a})`,
  acosh: (a) => `Math.acosh(${a})`,
  atanh: (a) => `Math.atanh(${a})`,
};

function unary(op: UnaryOp, a: string, argDtype: DType, d: DType): string {
  switch (op) {
    case "isnan": return `(${a}!==${a}?1:0)`;
    case "isinf": return `(${a}===Infinity||${a}===-Infinity?1:0)`;
    case "isfinite": return `(Number.isFinite(${a})?1:0)`;
    case "not": return argDtype === "bool" ? `(${a}?0:1)` : wrap(`~${a}`, d);
  }
  const f = FLOAT_UNARY[op as keyof typeof FLOAT_UNARY];
  return isFloat(d) ? f(a) : wrap(f(a), d);
}

function binary(op: string, a: string, b: string, argDtype: DType, d: DType): string {
  const fl = isFloat(argDtype);
  switch (op) {
    case "add": return fl ? `(${a}+${b})` : wrap(`${a}+${b}`, d);
    case "sub": return fl ? `(${a}-${b})` : wrap(`${a}-${b}`, d);
    case "mul": return fl ? `(${a}*${b})` : wrap(`Math.imul(${a},${b})`, d);
    case "div": return fl ? `(${a}/${b})` : wrap(`(${b}===0?0:Math.trunc(${a}/${b}))`, d);
    case "rem": return fl ? `(${a}%${b})` : wrap(`(${b}===0?0:${a}%${b})`, d);
    case "pow": return fl ? `H.fpow(${a},${b})` : wrap(`H.ipow(${a},${b})`, d);
    case "max": return `Math.max(${a},${b})`;
    case "min": return `Math.min(${a},${b})`;
    case "atan2": return `Math.atan2(${a},${b})`;
    case "and": return wrap(`${a}&${b}`, d);
    case "or": return wrap(`${a}|${b}`, d);
    case "xor": return wrap(`${a}^${b}`, d);
    // shifts by amounts outside [0, 32) give 0 (left, logical right) or the sign (arithmetic right), as XLA
    case "shl": return wrap(`((${b}>>>0)<32?${a}<<${b}:0)`, d);
    case "shr_u": return wrap(`((${b}>>>0)<32?${a}>>>${b}:0)`, d);
    case "shr_s": return wrap(`(${a}>>((${b}>>>0)<32?${b}:31))`, d);
    case "eq": return `(${a}===${b}?1:0)`;
    case "ne": return `(${a}!==${b}?1:0)`;
    case "lt": return `(${a}<${b}?1:0)`;
    case "le": return `(${a}<=${b}?1:0)`;
    case "gt": return `(${a}>${b}?1:0)`;
    case "ge": return `(${a}>=${b}?1:0)`;
  }
  throw new Error(`js backend: unknown binary op ${op}`);
}

function castCode(a: string, from: DType, to: DType): string {
  if (from === to) return a;
  switch (to) {
    case "float64": return a;
    case "float32": return `Math.fround(${a})`;
    case "bool": return `(${a}!==0?1:0)`;
    // float → int saturates (XLA's convert); int ↔ uint reinterprets the 32 bits
    case "int32": return isFloat(from) ? `H.satI32(${a})` : `(${a}|0)`;
    case "uint32": return isFloat(from) ? `H.satU32(${a})` : `(${a}>>>0)`;
    case "complex64": case "complex128": throw new Error(`js backend: internal: a kernel of complex dtype ${to} (complex is eliminated before kernels)`);
  }
}

/** Ops whose result is a float32 value whenever their float32 operands are (no rounding needed). */
const F32_CLOSED = new Set(["neg", "abs", "sign", "floor", "ceil", "round", "trunc", "max", "min", "rem"]);

/** Is the float32-typed node `e` already a float32 value (a load, a cast, or an op closed on float32)? */
export function keepsF32(e: Expr): boolean {
  switch (e.k) {
    case "load": case "cast": return true;
    case "un": return F32_CLOSED.has(e.op) && e.a.dtype === "float32";
    case "bin": return F32_CLOSED.has(e.op) && e.a.dtype === "float32" && e.b.dtype === "float32";
    case "select": return e.t.dtype === "float32" && e.f.dtype === "float32";
    default: return false;
  }
}

/** Generate `function(ins, out, N, R, H)` for a kernel. */
export function generate(k: Kernel): string {
  const outer: string[] = [];
  const inner: string[] = [];
  const memo = new Map<number, { name: string; usesR: boolean }>();
  const ids = exprIds(k.expr);
  let counter = 0;

  const emit = (e: Expr): { code: string; usesR: boolean } => {
    switch (e.k) {
      case "const": return { code: lit(e.dtype === "float32" ? Math.fround(e.value) : e.value), usesR: false };
      case "gidx": return { code: "i", usesR: false };
      case "ridx": return { code: "r", usesR: true };
    }
    const key = ids.get(e)!;
    const hit = memo.get(key);
    if (hit) return { code: hit.name, usesR: hit.usesR };
    let code: string;
    let usesR: boolean;
    switch (e.k) {
      case "load": {
        const ix = emit(e.index);
        code = `in${e.input}[${ix.code}]`;
        usesR = ix.usesR;
        break;
      }
      case "un": {
        const a = emit(e.a);
        code = unary(e.op, a.code, e.a.dtype, e.dtype);
        usesR = a.usesR;
        break;
      }
      case "bin": {
        const a = emit(e.a), b = emit(e.b);
        code = binary(e.op, a.code, b.code, e.a.dtype, e.dtype);
        usesR = a.usesR || b.usesR;
        break;
      }
      case "select": {
        const c = emit(e.c), t = emit(e.t), f = emit(e.f);
        code = `(${c.code}?${t.code}:${f.code})`;
        usesR = c.usesR || t.usesR || f.usesR;
        break;
      }
      case "cast": {
        const a = emit(e.a);
        code = castCode(a.code, e.a.dtype, e.dtype);
        usesR = a.usesR;
        break;
      }
    }
    if (e.dtype === "float32" && !keepsF32(e)) code = `Math.fround(${code})`;
    const name = `t${counter++}`;
    (usesR && k.reduce ? inner : outer).push(`const ${name}=${code};`);
    memo.set(key, { name, usesR });
    return { code: name, usesR };
  };

  const body = emit(k.expr).code;
  const ins = k.inputs.map((_, j) => `const in${j}=ins[${j}];`).join("");
  if (!k.reduce) {
    return `${ins}for(let i=0;i<N;i++){${outer.join("")}out[i]=${body};}`;
  }
  const op = k.reduce.op;
  if (op === "argmax" || op === "argmin") {
    const cmp = op === "argmax" ? ">" : "<";
    return `${ins}for(let i=0;i<N;i++){${outer.join("")}let bi=-1,best=0;for(let r=0;r<R;r++){${inner.join("")}const v=${body};` +
      `if(bi<0||v${cmp}best||(v!==v&&best===best)){best=v;bi=r;}}out[i]=bi<0?0:bi;}`;
  }
  const d = k.expr.dtype;
  const init: Record<string, string> = {
    sum: "0",
    prod: "1",
    max: isFloat(d) ? "-Infinity" : d === "int32" ? "-2147483648" : "0",
    min: isFloat(d) ? "Infinity" : d === "int32" ? "2147483647" : d === "uint32" ? "4294967295" : "1",
  };
  const step: Record<string, string> = {
    sum: isFloat(d) ? `acc+=${body};` : `acc=${wrap(`acc+${body}`, d)};`,
    prod: isFloat(d) ? `acc*=${body};` : `acc=${wrap(`Math.imul(acc,${body})`, d)};`,
    max: `acc=Math.max(acc,${body});`,
    min: `acc=Math.min(acc,${body});`,
  };
  return `${ins}for(let i=0;i<N;i++){${outer.join("")}let acc=${init[op]};for(let r=0;r<R;r++){${inner.join("")}${step[op]}}out[i]=acc;}`;
}
