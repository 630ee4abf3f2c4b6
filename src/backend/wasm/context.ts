/**
 * @file The state shared while generating one kernel module: the module and kernel function
 * builders, the JavaScript functions imported into the module (the transcendental functions, with
 * exactly the reference backend's semantics) and small internal helper functions built on demand.
 */
import { helpers } from "../js/codegen.js";
import { F64, FuncBuilder, I32, ModuleBuilder, Op, SatOp, V128, ValType, VOID } from "./encoder.js";
import { importMemory } from "./memory.js";
import type { UnaryOp } from "../../lower/kernel.js";

/** Unary kernel ops that wasm computes in the module on every path (never through an import). */
export type InlineUnary = "neg" | "abs" | "sign" | "floor" | "ceil" | "round" | "trunc" | "sqrt" | "exp2" | "not" | "isnan" | "isinf" | "isfinite";
/** Every other unary kernel op may fall back to an imported function: the reference backend's own. */
export type ImportedUnary = Exclude<UnaryOp, InlineUnary>;
/** The functions a kernel module may import: the imported unary ops and the binary ones. */
export type ImportName = ImportedUnary | "pow" | "atan2" | "fmod" | "ipow";

/**
 * Functions a kernel module may import: exactly what the reference backend calls. Typed against the
 * kernel IR's op union, so a new unary op without an import here (or in `InlineUnary`) does not compile.
 */
export const IMPORTS: { readonly [N in ImportName]: { fn: (...xs: number[]) => number; arity: 1 | 2 } } = {
  exp: { fn: Math.exp, arity: 1 },
  expm1: { fn: Math.expm1, arity: 1 },
  log: { fn: Math.log, arity: 1 },
  log2: { fn: Math.log2, arity: 1 },
  log1p: { fn: Math.log1p, arity: 1 },
  cbrt: { fn: Math.cbrt, arity: 1 },
  erf: { fn: helpers.erf, arity: 1 },
  sin: { fn: Math.sin, arity: 1 },
  cos: { fn: Math.cos, arity: 1 },
  tan: { fn: Math.tan, arity: 1 },
  asin: { fn: Math.asin, arity: 1 },
  acos: { fn: Math.acos, arity: 1 },
  atan: { fn: Math.atan, arity: 1 },
  sinh: { fn: Math.sinh, arity: 1 },
  cosh: { fn: Math.cosh, arity: 1 },
  tanh: { fn: Math.tanh, arity: 1 },
  asinh: { fn: Math.asinh, arity: 1 },
  acosh: { fn: Math.acosh, arity: 1 },
  atanh: { fn: Math.atanh, arity: 1 },
  pow: { fn: helpers.fpow, arity: 2 },
  atan2: { fn: Math.atan2, arity: 2 },
  fmod: { fn: (a: number, b: number) => a % b, arity: 2 },
  ipow: { fn: helpers.ipow, arity: 2 },
};

/** Is `name` one of the functions a kernel module may import? */
export function isImport(name: string): name is ImportName {
  return Object.hasOwn(IMPORTS, name);
}

/** The import computing the unary `op` (exp2 as pow(2, x)); an op computed in-module has none. */
export function unaryImport(op: UnaryOp): ImportName {
  if (op === "exp2") return "pow";
  if (!isImport(op)) throw new Error(`wasm: the unary op "${op}" has no imported function`);
  return op;
}

/** The import object for a module importing `names` (plus the memory). */
export function importObject(memory: WebAssembly.Memory, names: readonly string[]): WebAssembly.Imports {
  const m: Record<string, (...xs: number[]) => number> = {};
  for (const n of names) {
    if (!isImport(n)) throw new Error(`wasm: a kernel module imports "${n}", which is not one of ${Object.keys(IMPORTS).join(", ")}`);
    m[n] = IMPORTS[n].fn;
  }
  return { env: { mem: memory }, m };
}

/** An internal helper function: its builder is called once, on first use. */
type HelperBuild = (ctx: GenContext) => FuncBuilder;

/** Builds one module whose export "k" is the kernel function (other functions are helpers). */
export class GenContext {
  readonly mod = new ModuleBuilder();
  /** Imports actually called (a superset of `declared` means: generate again). */
  readonly requested = new Set<ImportName>();
  private readonly importIndex = new Map<ImportName, number>();
  private readonly helperIndex = new Map<string, number>();
  /** v128 constants hoisted into locals of the kernel function, set once per call by `preamble`. */
  private readonly constants = new Map<string, number>();
  readonly preamble: number[] = [];

  constructor(readonly declared: readonly ImportName[], readonly kernel: FuncBuilder) {
    importMemory(this.mod);
    for (const n of declared) {
      const params: ValType[] = IMPORTS[n].arity === 1 ? [F64] : [F64, F64];
      this.importIndex.set(n, this.mod.importFunction("m", n, params, [F64]));
    }
    this.mod.exportFunction("k", this.mod.addFunction(kernel));
  }

  /** Call the imported JS function `name` (operands already on the stack). */
  callImport(fb: FuncBuilder, name: ImportName): void {
    this.requested.add(name);
    fb.call(this.importIndex.get(name) ?? 0); // a missing import makes the caller generate again
  }

  /** Call the internal helper `name`, building it on first use. */
  callHelper(fb: FuncBuilder, name: string, build: HelperBuild): void {
    let i = this.helperIndex.get(name);
    if (i === undefined) {
      const body = build(this);
      i = this.mod.addFunction(body);
      this.helperIndex.set(name, i);
    }
    fb.call(i);
  }

  /** A local of the kernel function holding the 16-byte constant `bytes` (set in the preamble). */
  v128Const(bytes: Uint8Array): number {
    const key = bytes.join(",");
    let l = this.constants.get(key);
    if (l === undefined) {
      l = this.kernel.local(V128);
      const saved = this.kernel.code;
      this.kernel.code = this.preamble;
      this.kernel.v128Const(bytes).set(l);
      this.kernel.code = saved;
      this.constants.set(key, l);
    }
    return l;
  }

  /** Is every requested import declared? */
  complete(): boolean {
    for (const n of this.requested) if (!this.importIndex.has(n)) return false;
    return true;
  }
}

/**
 * ToInt32 of a float64 (JavaScript's `x | 0`): truncate, then reduce modulo 2^32; NaN and ±∞ give 0.
 * Stack: f64 → i32.
 */
export function emitToInt32(ctx: GenContext, fb: FuncBuilder): void {
  ctx.callHelper(fb, "toi32", () => {
    const f = new FuncBuilder([F64], [I32]);
    const t = f.local(F64);
    // fast path: |x| < 2^31
    f.get(0).op(Op.f64_abs).f64(2147483648).op(Op.f64_lt).block(Op.if, I32);
    f.get(0).sat(SatOp.i32_trunc_sat_f64_s);
    f.op(Op.else);
    // non-finite → 0 (trunc_sat maps NaN to 0; ±∞ would saturate, so test explicitly)
    f.get(0).op(Op.f64_abs).f64(Infinity).op(Op.f64_lt).block(Op.if, I32);
    f.get(0).op(Op.f64_trunc).tee(t);
    f.get(t).f64(4294967296).op(Op.f64_div).op(Op.f64_floor).f64(4294967296).op(Op.f64_mul).op(Op.f64_sub);
    f.sat(SatOp.i32_trunc_sat_f64_u);
    f.op(Op.else).i32(0).op(Op.end);
    f.op(Op.end);
    return f;
  });
}

/**
 * Integer power by squaring with wrapping products, as the reference `ipow`.
 * `signed`: a negative exponent gives 1 for base 1, ±1 for base −1, else 0. Stack: i32 i32 → i32.
 */
export function emitIpow(ctx: GenContext, fb: FuncBuilder, signed: boolean): void {
  ctx.callHelper(fb, signed ? "ipow_s" : "ipow_u", () => {
    const f = new FuncBuilder([I32, I32], [I32]);
    const [a, b] = [0, 1];
    const r = f.local(I32);
    if (signed) {
      f.get(b).i32(0).op(Op.i32_lt_s).block(Op.if, VOID);
      // a === 1 ? 1 : a === -1 ? (b odd ? -1 : 1) : 0
      f.i32(1);
      f.i32(-1).i32(1).get(b).i32(1).op(Op.i32_and).op(Op.select);
      f.i32(0).get(a).i32(-1).op(Op.i32_eq).op(Op.select);
      f.get(a).i32(1).op(Op.i32_eq).op(Op.select);
      f.op(Op.return).op(Op.end);
    }
    f.i32(1).set(r);
    f.block(Op.block).get(b).op(Op.i32_eqz).brIf(0);
    f.block(Op.loop);
    f.get(r).get(a).op(Op.i32_mul).get(r).get(b).i32(1).op(Op.i32_and).op(Op.select).set(r);
    f.get(a).get(a).op(Op.i32_mul).set(a);
    f.get(b).i32(1).op(Op.i32_shr_u).tee(b).brIf(0);
    f.op(Op.end).op(Op.end);
    f.get(r);
    return f;
  });
}
