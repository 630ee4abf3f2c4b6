/**
 * @file The interpreter stack. `bind` is the single point where user code meets the
 * transformations: it finds the innermost (highest-level) trace among the arguments, raises every
 * argument to it, and lets that trace process the primitive.
 */
import { ShapedArray } from "./aval.js";
import { ConcreteArray, NDArray } from "./array.js";
import { NO_PARAMS, NoParams, Primitive } from "./primitive.js";

/** One active transformation: its level in the stack and its per-transformation data. */
export class MainTrace {
  /** The interpreter of this transformation (one per MainTrace). */
  readonly trace: Trace;
  constructor(
    readonly level: number,
    readonly traceType: new (main: MainTrace) => Trace,
    readonly globalData: any,
  ) {
    this.trace = new traceType(this);
  }
}

/** A transformation's interpreter: how to lift values into it and process a primitive. */
export abstract class Trace {
  constructor(readonly main: MainTrace) {}
  /** The transformation's name in messages ("jit", "vmap", "grad/jvp", …). */
  abstract get name(): string;
  /** Box a value from outside any transformation. */
  abstract pure(val: NDArray): Tracer;
  /** Box a tracer of a lower (outer) transformation. */
  lift(val: NDArray): Tracer {
    return this.pure(val);
  }
  abstract processPrimitive(prim: Primitive, tracers: NDArray[], params: any): NDArray[];

  fullRaise(val: NDArray): NDArray {
    if (!(val instanceof Tracer)) return this.pure(val);
    const level = this.main.level;
    const vmain = val._trace.main;
    if (vmain === this.main) return val;
    if (vmain.level < level) return this.lift(val);
    throw new Error(
      `internal: cannot lift a tracer of level ${vmain.level} into level ${level} — a tracer escaped its transformation ` +
        `(e.g. it was stored in an outer variable and used after the transformation returned)`,
    );
  }
}

/** The value a transformation passes through user code in place of an array. */
export abstract class Tracer extends NDArray {
  constructor(readonly _trace: Trace) {
    super();
  }
  /** Drop boxes that carry no information (e.g. an unbatched BatchTracer). */
  fullLower(): NDArray {
    return this;
  }
  /**
   * The value behind this tracer when its transformation knows it (a JVP primal under grad/jvp),
   * else the tracer that hides it (under jit, vmap, makeJaxpr: values are abstract). As JAX's
   * `to_concrete_value`.
   */
  toConcrete(): ConcreteArray | Tracer {
    return this;
  }
  protected concrete(op: string, scalar = false): ConcreteArray {
    const c = this.toConcrete();
    if (c instanceof ConcreteArray) {
      if (scalar) return c;
      // NB: JAX also refuses np.asarray/tolist on any tracer: the numbers would carry no derivative.
      throw new TypeError(
        `${op}: cannot read the data of the traced array ${this.aval.str()} inside ${this._trace.name}: its value is known, ` +
          `but as JS data it would carry no derivative. Compute with array ops and return arrays from the function ` +
          `(a size-1 value can be read with .item() or compared, e.g. for control flow).`,
      );
    }
    const name = c._trace.name;
    throw new TypeError(
      `${op}: abstract tracer value where a concrete value is required: the traced array ${c.aval.str()} has no value ` +
        `while ${name} traces the function, so it cannot be read or drive JS control flow (\`x > 0 ? a : b\`, \`if (x.item())\`). ` +
        `Select with np.where(cond, a, b), branch with lax.cond, loop with lax.whileLoop` +
        (name === "jit" ? ", or pass the value as a static argument (jit's staticArgnums)." : "."),
    );
  }
  /** A description (never a throw): the aval, the transformation and, when known, the value. */
  override toString(): string {
    const c = this.toConcrete();
    const value = c instanceof ConcreteArray ? ` = ${c}` : "";
    return `Traced<${this.aval.str()}>with<${this._trace.name}>${value}`;
  }
}

/** Evaluation: primitives run on concrete arrays. */
export class EvalTrace extends Trace {
  get name(): string {
    return "eval";
  }
  pure(val: NDArray): Tracer {
    return val as unknown as Tracer; // concrete arrays stand for themselves at level 0
  }
  processPrimitive(prim: Primitive, args: NDArray[], params: any): NDArray[] {
    return prim.impl(args as ConcreteArray[], params);
  }
}

const traceStack: MainTrace[] = [new MainTrace(0, EvalTrace, null)];
let dynamicTrace: MainTrace | null = null;

/** Run `fn` with a new transformation pushed on the stack. */
export function newMain<T>(traceType: new (main: MainTrace) => Trace, globalData: any, fn: (main: MainTrace) => T): T {
  const main = new MainTrace(traceStack.length, traceType, globalData);
  traceStack.push(main);
  try {
    return fn(main);
  } finally {
    traceStack.pop();
  }
}

/** Run `fn` with `main` as the dynamic trace: every op, even on constants, is processed by it (staging). */
export function withDynamic<T>(main: MainTrace, fn: () => T): T {
  const prev = dynamicTrace;
  dynamicTrace = main;
  try {
    return fn();
  } finally {
    dynamicTrace = prev;
  }
}

/** A clear error for a tracer used after the transformation that made it has returned. */
function escapedTracer(t: Tracer): Error {
  return new Error(
    `a tracer escaped its transformation: ${t} was used after the transformation that created it returned ` +
      `(e.g. it was stored in an outer variable). Return values from the transformed function instead.`,
  );
}

function findTopTrace(args: NDArray[]): Trace {
  let top = traceStack[0];
  for (const x of args) {
    if (!(x instanceof Tracer)) continue;
    const main = x._trace.main;
    if (traceStack[main.level] !== main) throw escapedTracer(x);
    if (main.level > top.level) top = main;
  }
  if (dynamicTrace && dynamicTrace.level > top.level) top = dynamicTrace;
  return top.trace;
}

export function fullLower(x: NDArray): NDArray {
  return x instanceof Tracer ? x.fullLower() : x;
}

/**
 * Apply a primitive to arguments at whatever transformation level they live. Generic over the
 * primitive's params type, so a wrong or missing params object is a compile error; a primitive of
 * `NoParams` is bound without one.
 */
export function bind(prim: Primitive<NoParams>, args: NDArray[]): NDArray[];
export function bind<P>(prim: Primitive<P>, args: NDArray[], params: NoInfer<P>): NDArray[];
export function bind(prim: Primitive, args: NDArray[], params: unknown = NO_PARAMS): NDArray[] {
  if (traceStack.length === 1 && dynamicTrace === null) {
    for (const a of args) if (a instanceof Tracer) throw escapedTracer(a);
    return prim.impl(args as ConcreteArray[], params);
  }
  const trace = findTopTrace(args);
  const tracers = new Array<NDArray>(args.length);
  for (let i = 0; i < args.length; i++) tracers[i] = trace.fullRaise(args[i]);
  return lowerAll(trace.processPrimitive(prim, tracers, params));
}

/** `outs` with every tracer that carries no information dropped to its value (a copy only if one changes). */
function lowerAll(outs: NDArray[]): NDArray[] {
  let res = outs;
  for (let i = 0; i < outs.length; i++) {
    const o = outs[i];
    const l = o instanceof Tracer ? o.fullLower() : o;
    if (l !== o) {
      if (res === outs) res = outs.slice();
      res[i] = l;
    }
  }
  return res;
}

/** `bind` for single-output primitives. */
export function bind1(prim: Primitive<NoParams>, args: NDArray[]): NDArray;
export function bind1<P>(prim: Primitive<P>, args: NDArray[], params: NoInfer<P>): NDArray;
export function bind1(prim: Primitive, args: NDArray[], params: unknown = NO_PARAMS): NDArray {
  return bind(prim, args, params)[0];
}

/** The abstract value of anything array-like. */
export function getAval(x: NDArray): ShapedArray {
  return x.aval;
}
