/** @file Helpers for primitive files: the impl and lower rules of a primitive that is one kernel. */
import { ShapedArray } from "../core/aval.js";
import { Primitive } from "../core/primitive.js";
import { Kernel } from "../lower/kernel.js";
import { LowerRule, loweredImpl } from "../lower/lowering.js";

type KernelBuilder<P> = (avals: ShapedArray[], params: P, outAval: ShapedArray) => Kernel;

/** The impl and lower rules of a single-output primitive that is one kernel. */
export function kernelRules<P>(
  _name: string,
  _abstractEval: (avals: ShapedArray[], params: P) => ShapedArray[],
  build: KernelBuilder<P>,
): { impl: Primitive<P>["impl"]; lower: LowerRule<P> } {
  return { impl: loweredImpl, lower: (avals, params, outs) => ({ kind: "kernel", kernel: build(avals, params, outs[0]) }) };
}
