/**
 * @file The Primitive type: every rule a primitive needs, all required, so a forgotten rule is a
 * compile error. Primitives are defined by family in src/primitives/.
 */
import { ShapedArray } from "./aval.js";
import { ConcreteArray, NDArray } from "./array.js";
import type { LowerRule } from "../lower/lowering.js";
import type { PartialEvalTrace, PartialEvalTracer } from "../transforms/partial_eval.js";
import type { JaxprEqn, Var } from "../ir/jaxpr.js";

/** A batch dimension: the axis an argument is mapped over, or null when it is not batched. */
export type BDim = number | null;

/** A linear input whose value is unknown during transposition (only its aval is). */
export class UndefPrimal {
  constructor(readonly aval: ShapedArray) {}
}

/** The params type of a primitive that takes none (`Primitive<NoParams>`): binding it needs no params argument. */
export type NoParams = Readonly<Record<string, never>>;
/** The params of a primitive that takes none, shared (and frozen) so that binding it allocates nothing. */
export const NO_PARAMS: NoParams = Object.freeze({});

/** A cotangent, or null for a symbolic zero. */
export type Ct = NDArray | null;

export interface Primitive<P = any> {
  /** Printed in jaxprs, snake_case (`reduce_sum`). */
  readonly name: string;
  /** Shape/dtype rule; also the type checker. Throws a clear error on bad input. */
  abstractEval(avals: ShapedArray[], params: P): ShapedArray[];
  /** Run on concrete arrays (usually `loweredImpl`: lower, compile once, run on the current backend). */
  impl(args: ConcreteArray[], params: P): ConcreteArray[];
  /** Lowering to one kernel or named routine; null for higher-order primitives (jit inlines or traces them). */
  lower: LowerRule<P> | null;
  /** Forward-mode rule, written with bind-level ops so it composes with every transformation. */
  jvp(primals: NDArray[], tangents: NDArray[], params: P): [NDArray[], NDArray[]];
  /** Transpose rule for a primitive linear in its UndefPrimal inputs; null for non-linear primitives. */
  transpose: ((cts: Ct[], args: (NDArray | UndefPrimal)[], params: P) => Ct[]) | null;
  /**
   * Set on a primitive that does something besides computing its outputs (`debug_callback` calls
   * the host): passes never drop, merge or constant-fold it, and they keep calls whose jaxprs contain it.
   */
  readonly effectful?: boolean;
  /** Batching rule (vmap): returns outputs and their batch dims. */
  batch(args: NDArray[], dims: BDim[], params: P, axisSize: number): [NDArray[], BDim[]];
  /**
   * Higher-order primitives only (e.g. jit): partial evaluation that splits the call into a known
   * part run now and an unknown part staged — in a trace (`partialEval`) and inside a jaxpr
   * (`partialEvalEqn`). Other primitives are staged whole when any input is unknown.
   */
  partialEval?(trace: PartialEvalTrace, tracers: PartialEvalTracer[], params: P): NDArray[];
  partialEvalEqn?(eqn: JaxprEqn, unknowns: boolean[]): PartialEqn;
}

/** The two halves of an equation split by partial evaluation inside a jaxpr. */
export interface PartialEqn {
  known: JaxprEqn | null;
  unknown: JaxprEqn | null;
  outUnknowns: boolean[];
  residuals: Var[];
}
