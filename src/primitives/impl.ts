/** @file Running primitives on concrete arrays: lower to a kernel once per signature, then run it. */
import { ShapedArray } from "../core/aval.js";
import { ConcreteArray } from "../core/array.js";
import { Executable, getBackend, Backend } from "../backend/backend.js";
import { Kernel } from "../lower/kernel.js";

type KernelBuilder<P> = (avals: ShapedArray[], params: P, outAval: ShapedArray) => Kernel;

function signature(name: string, avals: ShapedArray[], params: unknown): string {
  let s = name;
  for (const a of avals) s += "|" + a.dtype + a.shape.join(",");
  return s + "|" + JSON.stringify(params);
}

/**
 * An `impl` for a single-output primitive whose result is one kernel. Compiled kernels are cached per
 * backend, primitive, input avals and params, so the per-call cost is a map lookup.
 */
export function kernelImpl<P>(
  name: string,
  abstractEval: (avals: ShapedArray[], params: P) => ShapedArray[],
  build: KernelBuilder<P>,
): (args: ConcreteArray[], params: P) => ConcreteArray[] {
  const cache = new WeakMap<Backend, Map<string, { exe: Executable; out: ShapedArray }>>();
  return (args, params) => {
    const backend = getBackend();
    let perBackend = cache.get(backend);
    if (!perBackend) cache.set(backend, (perBackend = new Map()));
    const avals = args.map((a) => a.aval);
    const key = signature(name, avals, params);
    let hit = perBackend.get(key);
    if (!hit) {
      const out = abstractEval(avals, params)[0];
      hit = { exe: backend.compile(build(avals, params, out)), out };
      perBackend.set(key, hit);
    }
    const buf = backend.run(hit.exe, args.map((a) => a.buf));
    return [new ConcreteArray(buf, hit.out.shape, backend)];
  };
}
