/**
 * @file Relaxed SIMD: its opcodes, and whether generated code may use them — decided once by
 * validating a tiny module that uses them (never by engine or version sniffing), unless the
 * ADJOINT_WASM_RELAXED environment variable decides ("0": never, the SIMD128 path; "1": required).
 *
 * `relaxed_madd(a, b, c)` is a·b + c either fused (one rounding) or as a multiply then an add (two
 * roundings), as the engine chooses for the machine; a given engine on a given CPU always chooses
 * the same, so results are deterministic per engine and machine but may differ in the last bits
 * between engines, CPUs, and from the SIMD128 path.
 */
import { F32, FuncBuilder, ModuleBuilder, V128 } from "./encoder.js";

/** Relaxed SIMD opcodes (0xFD prefix, LEB128 sub-opcode): `madd(a, b, c)` = a·b + c, `nmadd` = −a·b + c. */
export const Relaxed = {
  f32x4_relaxed_madd: 0x105, f32x4_relaxed_nmadd: 0x106,
  f64x2_relaxed_madd: 0x107, f64x2_relaxed_nmadd: 0x108,
} as const;

/** The bytes of a module whose one function uses f32x4.relaxed_madd and f64x2.relaxed_madd. */
export function relaxedProbeBytes(): Uint8Array<ArrayBuffer> {
  const m = new ModuleBuilder();
  const f = new FuncBuilder([V128, V128, V128], [F32]);
  f.get(0).get(1).get(2).simd(Relaxed.f32x4_relaxed_madd);
  f.get(1).get(2).simd(Relaxed.f64x2_relaxed_madd);
  f.lane(0x1f /* f32x4.extract_lane */, 0);
  m.exportFunction("probe", m.addFunction(f));
  return m.encode();
}

let detected: boolean | undefined;

/** Does this engine validate relaxed SIMD (f32x4/f64x2.relaxed_madd)? Checked once. */
export function engineHasRelaxedSimd(): boolean {
  if (detected === undefined) {
    try {
      detected = typeof WebAssembly === "object" && WebAssembly.validate(relaxedProbeBytes());
    } catch {
      detected = false;
    }
  }
  return detected;
}

/**
 * Whether generated kernels use relaxed SIMD: ADJOINT_WASM_RELAXED = "0" forces the SIMD128 path,
 * "1" requires relaxed SIMD (an error when the engine lacks it), unset or empty detects it.
 */
export function useRelaxedSimd(): boolean {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.ADJOINT_WASM_RELAXED;
  if (env === undefined || env === "") return engineHasRelaxedSimd();
  if (env === "0") return false;
  if (env === "1") {
    if (!engineHasRelaxedSimd()) {
      throw new Error(
        "ADJOINT_WASM_RELAXED=1 requires relaxed SIMD, which this WebAssembly engine does not validate " +
        "(Node 20 needs --experimental-wasm-relaxed-simd; Node 22+ and current browsers have it); unset it to detect",
      );
    }
    return true;
  }
  throw new Error(`ADJOINT_WASM_RELAXED must be "0" (SIMD128 only), "1" (require relaxed SIMD) or unset (detect), got ${JSON.stringify(env)}`);
}
