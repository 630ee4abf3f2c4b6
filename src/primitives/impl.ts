/**
 * @file Lowering primitives to the kernel IR (one kernel or one named routine each) and running a
 * lowering on concrete arrays. Eager mode lowers each primitive alone; jit fuses many (src/lower/program.ts).
 */
import { ShapedArray } from "../core/aval.js";
import { ConcreteArray } from "../core/array.js";
import { Primitive } from "../core/primitive.js";
import { Backend, Buf, Executable, RoutineName, RoutineParams, getBackend } from "../backend/backend.js";
import { Kernel } from "../lower/kernel.js";

/** How a primitive runs: one kernel, or a named routine over some of its inputs. */
export type Lowering =
  | { kind: "kernel"; kernel: Kernel }
  | { kind: "routine"; name: RoutineName; params: RoutineParams[RoutineName]; inputs: number[] };

export type LowerRule<P = any> = (avals: ShapedArray[], params: P, outs: ShapedArray[]) => Lowering;

type KernelBuilder<P> = (avals: ShapedArray[], params: P, outAval: ShapedArray) => Kernel;

function signature(name: string, avals: ShapedArray[], params: unknown): string {
  let s = name;
  for (const a of avals) s += "|" + a.dtype + a.shape.join(",");
  return s + "|" + JSON.stringify(params);
}

interface Compiled {
  lowering: Lowering;
  exe: Executable | null;
  outs: ShapedArray[];
}
const cache = new WeakMap<Backend, Map<string, Compiled>>();

/** Run a lowering on buffers; returns the output buffers. */
export function runLowering(backend: Backend, lowering: Lowering, exe: Executable | null, inputs: Buf[], out?: Buf): Buf[] {
  if (lowering.kind === "kernel") return [backend.run(exe!, inputs, out)];
  return backend.routine(lowering.name, lowering.inputs.map((i) => inputs[i]), lowering.params as never);
}

/**
 * The eager `impl` of any primitive with a lowering: lower once per signature (input avals and
 * params; cached per backend), compile, and run. Called as a method, so `this` is the primitive.
 */
export function loweredImpl(this: Primitive, args: ConcreteArray[], params: any): ConcreteArray[] {
  const backend = getBackend();
  let perBackend = cache.get(backend);
  if (!perBackend) cache.set(backend, (perBackend = new Map()));
  const avals = args.map((a) => a.aval);
  const key = signature(this.name, avals, params);
  let hit = perBackend.get(key);
  if (!hit) {
    const outs = this.abstractEval(avals, params); // eager mode checks the shape rule too
    const lowering = this.lower!(avals, params, outs);
    hit = { lowering, exe: lowering.kind === "kernel" ? backend.compile(lowering.kernel) : null, outs };
    perBackend.set(key, hit);
  }
  const bufs = runLowering(backend, hit.lowering, hit.exe, args.map((a) => a.bufOn(backend)));
  return bufs.map((b, i) => new ConcreteArray(b, hit!.outs[i].shape, backend));
}

/** The impl and lower rules of a single-output primitive that is one kernel. */
export function kernelRules<P>(
  _name: string,
  _abstractEval: (avals: ShapedArray[], params: P) => ShapedArray[],
  build: KernelBuilder<P>,
): { impl: Primitive<P>["impl"]; lower: LowerRule<P> } {
  return { impl: loweredImpl, lower: (avals, params, outs) => ({ kind: "kernel", kernel: build(avals, params, outs[0]) }) };
}
