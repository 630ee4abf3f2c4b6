/** @file Forward mode: the JVP interpreter carries a tangent beside every primal. */
import { ShapedArray } from "../core/aval.js";
import { ConcreteArray, NDArray } from "../core/array.js";
import { isInexact } from "../core/dtype.js";
import { Primitive } from "../core/primitive.js";
import { MainTrace, Trace, Tracer, bind, newMain } from "../core/trace.js";
import { isZeroTangent, zeroTangent } from "../lax/index.js";

export class JVPTracer extends Tracer {
  constructor(trace: Trace, readonly primal: NDArray, readonly tangent: NDArray) {
    super(trace);
  }
  get aval(): ShapedArray {
    return this.primal.aval;
  }
  override toConcrete(): ConcreteArray | Tracer {
    return this.primal instanceof Tracer ? this.primal.toConcrete() : (this.primal as ConcreteArray);
  }
}

export class JVPTrace extends Trace {
  get name(): string {
    return "grad/jvp";
  }
  pure(val: NDArray): Tracer {
    return new JVPTracer(this, val, zeroTangent(val));
  }
  processPrimitive(prim: Primitive, tracers: NDArray[], params: any): NDArray[] {
    const n = tracers.length;
    const primals = new Array<NDArray>(n);
    const tangents = new Array<NDArray>(n);
    let allZero = true;
    for (let i = 0; i < n; i++) {
      const t = tracers[i] as JVPTracer;
      primals[i] = t.primal;
      tangents[i] = t.tangent;
      if (allZero && !isZeroTangent(t.tangent)) allZero = false;
    }
    // no input carries a tangent: apply the primitive alone; the outputs' tangents stay symbolic zeros
    if (allZero) return bind(prim, primals, params).map((o) => new JVPTracer(this, o, zeroTangent(o.aval)));
    const [primalsOut, tangentsOut] = prim.jvp(primals, tangents, params);
    // integer and bool values carry no tangent (JAX's float0): a symbolic zero whatever the rule says
    return primalsOut.map((p, i) => new JVPTracer(this, p, isInexact(p.dtype) ? tangentsOut[i] : zeroTangent(p.aval)));
  }
}

/** jvp on flat lists: `f(primals)` and its directional derivative along `tangents`. */
export function jvpFlat(
  f: (...xs: NDArray[]) => NDArray[],
  primals: NDArray[],
  tangents: NDArray[],
): [NDArray[], NDArray[]] {
  return newMain(JVPTrace, null, (main: MainTrace) => {
    const trace = main.trace;
    // integer and bool inputs carry no tangent (JAX's float0): the one given is ignored
    const ins = primals.map((p, i) => new JVPTracer(trace, p, isInexact(p.dtype) ? tangents[i] : zeroTangent(p.aval)));
    const outs = f(...ins).map((o) => trace.fullRaise(o) as JVPTracer);
    return [outs.map((o) => o.primal), outs.map((o) => o.tangent)];
  });
}
