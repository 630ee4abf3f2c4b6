/**
 * @file `debug_callback`: the one effectful primitive. It has no outputs; running it calls a host
 * function with the concrete values of its inputs (`debug.print`, `debug.callback`). It runs
 * eagerly, as a host step between the kernels of a compiled `jit` program (every time the program
 * runs, not when it is traced), and the passes keep it (src/ir/effects.ts).
 */
import { ConcreteArray, NDArray } from "../core/array.js";
import { Primitive } from "../core/primitive.js";
import { bind } from "../core/trace.js";
import { getBackend } from "../backend/registry.js";
import * as L from "../lax/index.js";

export interface DebugCallbackParams {
  /** Called with the concrete inputs (arrays the callback owns: it may keep them). */
  callback: (args: ConcreteArray[]) => void;
}

/** Copies of `args` in buffers of their own (a compiled program releases its intermediates after the step). */
function owned(args: ConcreteArray[]): ConcreteArray[] {
  const backend = getBackend();
  return args.map((a) => new ConcreteArray(backend.fromTyped(backend.read(a.bufOn(backend)), a.buf.dtype), a.aval, backend));
}

/** Element `i` of `x` along `axis` (the axis removed). */
function indexAxis(x: NDArray, axis: number, i: number): NDArray {
  const start = x.shape.map((_, k) => (k === axis ? i : 0));
  const stop = x.shape.map((d, k) => (k === axis ? i + 1 : d));
  return L.reshape(L.slice(x, start, stop), x.shape.filter((_, k) => k !== axis));
}

export const debugCallbackP: Primitive<DebugCallbackParams> = {
  name: "debug_callback",
  effectful: true,
  abstractEval: () => [],
  impl(args, { callback }) {
    callback(args);
    return [];
  },
  // a host step of the compiled program, with the step's inputs copied out for the callback
  lower: (avals, { callback }) => ({
    kind: "call",
    run: (args) => {
      callback(owned(args));
      return [];
    },
    inAvals: avals,
  }),
  // primal-only: the callback sees the primal values; tangents pass by untouched (there are no outputs)
  jvp(primals, _tangents, params) {
    bind(debugCallbackP, primals, params);
    return [[], []];
  },
  transpose: null, // no outputs, so never reached by a cotangent
  // one call per batch element, in order (as JAX's debug callbacks under vmap)
  batch(args, dims, params, axisSize) {
    for (let i = 0; i < axisSize; i++) {
      bind(debugCallbackP, args.map((a, k) => (dims[k] === null ? a : indexAxis(a, dims[k]!, i))), params);
    }
    return [[], []];
  },
};
