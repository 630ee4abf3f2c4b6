/**
 * @file Lowerings (how a primitive runs: a kernel, a routine, a host computation or a call), running
 * one on buffers, and the cached eager `impl` of a lowered primitive. Eager mode lowers each primitive
 * alone; jit fuses many (src/lower/program.ts).
 */
import { ShapedArray } from "../core/aval.js";
import { ConcreteArray } from "../core/array.js";
import { NO_PARAMS, Primitive } from "../core/primitive.js";
import { Backend, Buf, Executable, RoutineName, RoutineParams } from "../backend/backend.js";
import { getBackend } from "../backend/registry.js";
import { Kernel } from "./kernel.js";
import { paramKey } from "../ir/key.js";
import { DType, TypedArray } from "../core/dtype.js";
import { configValue, onConfigChange } from "../core/config.js";
import { LruMap } from "../core/lru.js";
import { checkAllocation } from "../core/limits.js";
import { anyComplex, complexLowering } from "./complex.js";

/**
 * How a primitive runs: one kernel; a named backend routine over some of its inputs; a host
 * computation on copies of the inputs (e.g. a linear-algebra factorisation, any backend); or a call
 * of a function on concrete arrays (a control-flow primitive running its compiled body jaxprs),
 * which must return buffers of its own (never one of its inputs).
 */
export type Lowering =
  | { kind: "kernel"; kernel: Kernel }
  | { kind: "routine"; name: RoutineName; params: RoutineParams[RoutineName]; inputs: number[] }
  | { kind: "host"; run: (inputs: TypedArray[]) => TypedArray[]; outDtypes: DType[] }
  | { kind: "call"; run: (args: ConcreteArray[]) => ConcreteArray[]; inAvals: ShapedArray[] };

export type LowerRule<P = any> = (avals: ShapedArray[], params: P, outs: ShapedArray[]) => Lowering;

/** The cache key of one primitive's lowering: its params (by value; functions by identity) and input avals. */
function signature(avals: ShapedArray[], params: unknown): string {
  let s = params === NO_PARAMS ? "" : paramKey(params);
  for (const a of avals) s += `|${a.dtype}[${a.shape.join(",")}]`;
  return s;
}

interface Compiled {
  lowering: Lowering;
  exe: Executable | null;
  outs: ShapedArray[];
}
/** A recent call: its input avals (compared by identity) and params (compared by value). */
interface Recent {
  avals: ShapedArray[];
  params: unknown;
  hit: Compiled;
}
const RECENT = 8;

/**
 * One primitive's last few calls on one backend. A repeated op finds its call among them without
 * building a signature, since arrays of one shape and dtype share one interned aval (ShapedArray.of).
 */
class PrimCache {
  readonly recent: Recent[] = [];
  private next = 0;
  /** Prefix of this primitive's signatures in the backend's cache. */
  constructor(readonly prefix: string) {}
  find(avals: ShapedArray[], params: unknown): Compiled | null {
    for (const r of this.recent) if (sameObjects(avals, r.avals) && sameParams(params, r.params)) return r.hit;
    return null;
  }
  remember(avals: ShapedArray[], params: unknown, hit: Compiled): void {
    this.recent[this.next] = { avals, params, hit };
    this.next = (this.next + 1) % RECENT;
  }
}
/**
 * Per backend: every primitive's compiled lowerings by signature, least recently used dropped beyond
 * `kernelCacheSize` (a process meeting ever-new shapes keeps bounded code memory), and the recent calls.
 */
interface BackendCache {
  bySignature: LruMap<string, Compiled>;
  prims: Map<Primitive, PrimCache>;
}
const cache = new WeakMap<Backend, BackendCache>();
const allCaches = new Set<WeakRef<BackendCache>>();
let lastBackend: Backend | null = null;
let lastCache: BackendCache | null = null;

// a new size cap applies to signatures compiled before it, too; a smaller cache size applies now
onConfigChange((changed) => {
  for (const ref of allCaches) {
    const c = ref.deref();
    if (!c) allCaches.delete(ref);
    else if (changed.maxBytes !== undefined) {
      c.bySignature.clear();
      c.prims.clear();
    } else if (changed.kernelCacheSize !== undefined) c.bySignature.trim();
  }
});

function backendCache(backend: Backend): BackendCache {
  let c = cache.get(backend);
  if (!c) {
    cache.set(backend, (c = { bySignature: new LruMap(() => configValue("kernelCacheSize")), prims: new Map() }));
    allCaches.add(new WeakRef(c));
  }
  return c;
}

/** Compiled lowerings cached for `backend` (bounded by `kernelCacheSize`). For tests and diagnostics. */
export function cachedLowerings(backend: Backend): number {
  return cache.get(backend)?.bySignature.size ?? 0;
}

/** The compiled lowering of `prim` at these avals and params: a lookup, after the first call. */
function compiled(prim: Primitive, backend: Backend, avals: ShapedArray[], params: any): Compiled {
  if (backend !== lastBackend) {
    lastCache = backendCache(backend);
    lastBackend = backend;
  }
  const bc = lastCache!;
  let pc = bc.prims.get(prim);
  if (!pc) bc.prims.set(prim, (pc = new PrimCache(`${prim.name}#${bc.prims.size}`)));
  const recent = pc.find(avals, params);
  if (recent) return recent;
  const key = pc.prefix + signature(avals, params);
  let hit = bc.bySignature.get(key);
  if (!hit) {
    const outs = prim.abstractEval(avals, params).map((o) => ShapedArray.of(o.shape, o.dtype)); // eager mode checks the shape rule too
    for (const o of outs) checkAllocation(prim.name, o, backend);
    // complex values never reach a kernel: their primitive runs as its complex rule (src/lower/complex.ts)
    const lowering = anyComplex(avals) || anyComplex(outs) ? complexLowering(prim, avals, params, outs) : prim.lower!(avals, params, outs);
    hit = { lowering, exe: lowering.kind === "kernel" ? backend.compile(lowering.kernel) : null, outs };
    bc.bySignature.set(key, hit);
  }
  pc.remember(avals, params, hit);
  return hit;
}

function sameObjects<T>(a: T[], b: T[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Equal params: the same value (-0 is not 0), or plain objects and arrays with equal entries (so equal signatures). */
function sameParams(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameParams(a[i], b[i])) return false;
    return true;
  }
  if (Object.getPrototypeOf(a) !== Object.prototype || Object.getPrototypeOf(b) !== Object.prototype) return false;
  const ra = a as Record<string, unknown>, rb = b as Record<string, unknown>;
  let n = 0;
  for (const k in ra) {
    if (!Object.hasOwn(rb, k) || !sameParams(ra[k], rb[k])) return false;
    n++;
  }
  for (const _ in rb) n--;
  return n === 0;
}

/** Run a lowering on buffers; returns the output buffers. */
export function runLowering(backend: Backend, lowering: Lowering, exe: Executable | null, inputs: Buf[], out?: Buf): Buf[] {
  switch (lowering.kind) {
    case "kernel": return [backend.run(exe!, inputs, out)];
    case "routine": return backend.routine(lowering.name, lowering.inputs.map((i) => inputs[i]), lowering.params as never);
    case "host": {
      const outs = lowering.run(inputs.map((b) => backend.read(b)));
      return outs.map((o, i) => backend.fromTyped(o, lowering.outDtypes[i]));
    }
    case "call": {
      const args = inputs.map((b, i) => new ConcreteArray(b, lowering.inAvals[i], backend));
      return lowering.run(args).map((o) => o.bufOn(backend));
    }
  }
}

/**
 * The eager `impl` of any primitive with a lowering: lower once per signature (input avals and
 * params; cached per backend), compile, and run. Called as a method, so `this` is the primitive.
 * The outputs share the cached (interned) output avals.
 */
export function loweredImpl(this: Primitive, args: ConcreteArray[], params: any): ConcreteArray[] {
  const backend = getBackend();
  const n = args.length;
  const avals = new Array<ShapedArray>(n);
  const bufs = new Array<Buf>(n);
  for (let i = 0; i < n; i++) {
    avals[i] = args[i].aval;
    bufs[i] = args[i].bufOn(backend);
  }
  const hit = compiled(this, backend, avals, params);
  if (hit.lowering.kind === "kernel") return [new ConcreteArray(backend.run(hit.exe!, bufs), hit.outs[0], backend)];
  const outBufs = runLowering(backend, hit.lowering, hit.exe, bufs);
  const outs = new Array<ConcreteArray>(outBufs.length);
  for (let i = 0; i < outBufs.length; i++) outs[i] = new ConcreteArray(outBufs[i], hit.outs[i], backend);
  return outs;
}
