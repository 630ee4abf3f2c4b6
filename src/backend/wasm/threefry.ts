/**
 * @file Threefry-2x32-20 as a wasm routine: four counter pairs per step in i32x4 lanes (rotations as
 * shift-left | shift-right), the remainder one pair at a time (i32.rotl). Keys are either one pair for
 * every counter (`scalar`, splatted) or one pair per counter (under vmap over keys). Bit-exact with the
 * reference backend's loop: every operation is exact modular arithmetic.
 */
import { FuncBuilder, I32, ModuleBuilder, Op, Simd, V128, loopWhile } from "./encoder.js";
import { importMemory } from "./memory.js";
import { THREEFRY_PARITY, THREEFRY_ROTATIONS } from "../threefry_spec.js";

/** hash(k0, k1, x0, x1, y0, y1, n): addresses in bytes, n counter pairs; keys per counter or one pair. */
export interface ThreefryExports {
  scalarKey(k0: number, k1: number, x0: number, x1: number, y0: number, y1: number, n: number): void;
  vectorKey(k0: number, k1: number, x0: number, x1: number, y0: number, y1: number, n: number): void;
}

const [K0, K1, X0, X1, Y0, Y1, N] = [0, 1, 2, 3, 4, 5, 6];

function hashFunction(vectorKey: boolean): FuncBuilder {
  const f = new FuncBuilder([I32, I32, I32, I32, I32, I32, I32], []);
  const i = f.local(I32), at = f.local(I32);
  const v0 = f.local(V128), v1 = f.local(V128), ks = [f.local(V128), f.local(V128), f.local(V128)];
  const s0 = f.local(I32), s1 = f.local(I32), sk = [f.local(I32), f.local(I32), f.local(I32)];
  const splat = (c: number) => f.i32(c | 0).simd(Simd.i32x4_splat);
  // keys: splatted once (one pair) or loaded per block of four counters
  const loadKeys = () => {
    for (const [k, src] of [[ks[0], K0], [ks[1], K1]]) {
      if (vectorKey) f.get(src).get(at).op(Op.i32_add).simdMem(Simd.v128_load, 0).set(k);
      else f.get(src).simdMem(Simd.v128_load32_splat, 2).set(k);
    }
    f.get(ks[0]).get(ks[1]).simd(Simd.v128_xor);
    splat(THREEFRY_PARITY).simd(Simd.v128_xor).set(ks[2]); // ks₂ = k₀ ⊕ k₁ ⊕ parity
  };
  if (!vectorKey) loadKeys();
  f.i32(0).set(i);
  // four pairs at a time
  loopWhile(f, () => f.get(i).i32(4).op(Op.i32_add).get(N).op(Op.i32_le_u), () => {
    f.get(i).i32(2).op(Op.i32_shl).set(at);
    if (vectorKey) loadKeys();
    f.get(X0).get(at).op(Op.i32_add).simdMem(Simd.v128_load, 0).get(ks[0]).simd(Simd.i32x4_add).set(v0);
    f.get(X1).get(at).op(Op.i32_add).simdMem(Simd.v128_load, 0).get(ks[1]).simd(Simd.i32x4_add).set(v1);
    for (let r = 1; r <= 5; r++) {
      for (const d of THREEFRY_ROTATIONS[(r - 1) % 2]) {
        // v₀ += v₁; v₁ = rotl(v₁, d) ⊕ v₀
        f.get(v0).get(v1).simd(Simd.i32x4_add).set(v0);
        f.get(v1).i32(d).simd(Simd.i32x4_shl).get(v1).i32(32 - d).simd(Simd.i32x4_shr_u).simd(Simd.v128_or);
        f.get(v0).simd(Simd.v128_xor).set(v1);
      }
      // key injection r: v₀ += ks[r mod 3]; v₁ += ks[(r+1) mod 3] + r
      f.get(v0).get(ks[r % 3]).simd(Simd.i32x4_add).set(v0);
      f.get(v1).get(ks[(r + 1) % 3]).simd(Simd.i32x4_add);
      splat(r).simd(Simd.i32x4_add).set(v1);
    }
    f.get(Y0).get(at).op(Op.i32_add).get(v0).simdMem(Simd.v128_store, 0);
    f.get(Y1).get(at).op(Op.i32_add).get(v1).simdMem(Simd.v128_store, 0);
    f.get(i).i32(4).op(Op.i32_add).set(i);
  });
  // the remaining pairs one at a time
  loopWhile(f, () => f.get(i).get(N).op(Op.i32_lt_u), () => {
    f.get(i).i32(2).op(Op.i32_shl).set(at);
    const kAt = (src: number) => (vectorKey ? f.get(src).get(at).op(Op.i32_add) : f.get(src));
    kAt(K0).mem(Op.i32_load).set(sk[0]);
    kAt(K1).mem(Op.i32_load).set(sk[1]);
    f.get(sk[0]).get(sk[1]).op(Op.i32_xor).i32(THREEFRY_PARITY).op(Op.i32_xor).set(sk[2]);
    f.get(X0).get(at).op(Op.i32_add).mem(Op.i32_load).get(sk[0]).op(Op.i32_add).set(s0);
    f.get(X1).get(at).op(Op.i32_add).mem(Op.i32_load).get(sk[1]).op(Op.i32_add).set(s1);
    for (let r = 1; r <= 5; r++) {
      for (const d of THREEFRY_ROTATIONS[(r - 1) % 2]) {
        f.get(s0).get(s1).op(Op.i32_add).set(s0);
        f.get(s1).i32(d).op(Op.i32_rotl).get(s0).op(Op.i32_xor).set(s1);
      }
      f.get(s0).get(sk[r % 3]).op(Op.i32_add).set(s0);
      f.get(s1).get(sk[(r + 1) % 3]).op(Op.i32_add).i32(r).op(Op.i32_add).set(s1);
    }
    f.get(Y0).get(at).op(Op.i32_add).get(s0).mem(Op.i32_store);
    f.get(Y1).get(at).op(Op.i32_add).get(s1).mem(Op.i32_store);
    f.get(i).i32(1).op(Op.i32_add).set(i);
  });
  return f;
}

let cached: WebAssembly.Module | null = null;

/** The compiled module (both variants), built once. */
export function threefryModule(): WebAssembly.Module {
  if (!cached) {
    const mb = new ModuleBuilder();
    importMemory(mb);
    mb.exportFunction("scalarKey", mb.addFunction(hashFunction(false)));
    mb.exportFunction("vectorKey", mb.addFunction(hashFunction(true)));
    cached = new WebAssembly.Module(mb.encode());
  }
  return cached;
}

/** Instantiate the module on `memory`. */
export function instantiateThreefry(memory: WebAssembly.Memory): ThreefryExports {
  return new WebAssembly.Instance(threefryModule(), { env: { mem: memory } }).exports as unknown as ThreefryExports;
}
