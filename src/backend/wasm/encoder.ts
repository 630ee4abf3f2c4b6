/**
 * @file A small WebAssembly binary encoder: LEB128, value types, a function-body builder with the
 * instructions the kernel code generator needs (scalar, saturating conversions and SIMD128), and a
 * module builder (types, imports incl. memory, functions, exports).
 */

/** Value types. */
export const I32 = 0x7f, I64 = 0x7e, F32 = 0x7d, F64 = 0x7c, V128 = 0x7b;
/** A value type byte. */
export type ValType = typeof I32 | typeof I64 | typeof F32 | typeof F64 | typeof V128;
/** The block type of a block/loop/if without a result. */
export const VOID = 0x40;

/** Append the unsigned LEB128 encoding of `v` (0 ≤ v < 2^53) to `out`. */
export function uleb(out: number[], v: number): void {
  if (v < 0 || !Number.isInteger(v)) throw new RangeError(`uleb: ${v} is not a non-negative integer`);
  do {
    let byte = v % 128;
    v = Math.floor(v / 128);
    if (v !== 0) byte |= 0x80;
    out.push(byte);
  } while (v !== 0);
}

/** Append the signed LEB128 encoding of the integer `v` (|v| < 2^53) to `out`. */
export function sleb(out: number[], v: number): void {
  if (!Number.isInteger(v)) throw new RangeError(`sleb: ${v} is not an integer`);
  for (;;) {
    const byte = ((v % 128) + 128) % 128; // low 7 bits, two's complement
    v = Math.floor(v / 128); // arithmetic shift
    const signBit = byte & 0x40;
    if ((v === 0 && !signBit) || (v === -1 && signBit)) {
      out.push(byte);
      return;
    }
    out.push(byte | 0x80);
  }
}

/** Signed LEB128 of a 64-bit integer given as a BigInt. */
export function slebBig(out: number[], v: bigint): void {
  for (;;) {
    const byte = Number(BigInt.asUintN(7, v));
    v >>= 7n;
    const signBit = byte & 0x40;
    if ((v === 0n && !signBit) || (v === -1n && signBit)) {
      out.push(byte);
      return;
    }
    out.push(byte | 0x80);
  }
}

/** UTF-8 name, length-prefixed. */
function name(out: number[], s: string): void {
  const bytes = new TextEncoder().encode(s);
  uleb(out, bytes.length);
  for (const b of bytes) out.push(b);
}

/** Scalar opcodes (one byte). */
export const Op = {
  unreachable: 0x00, nop: 0x01, block: 0x02, loop: 0x03, if: 0x04, else: 0x05, end: 0x0b,
  br: 0x0c, br_if: 0x0d, return: 0x0f, call: 0x10, drop: 0x1a, select: 0x1b,
  local_get: 0x20, local_set: 0x21, local_tee: 0x22,
  i32_load: 0x28, i64_load: 0x29, f32_load: 0x2a, f64_load: 0x2b, i32_load8_u: 0x2d,
  i32_store: 0x36, i64_store: 0x37, f32_store: 0x38, f64_store: 0x39, i32_store8: 0x3a,
  i32_const: 0x41, i64_const: 0x42, f32_const: 0x43, f64_const: 0x44,
  i32_eqz: 0x45, i32_eq: 0x46, i32_ne: 0x47, i32_lt_s: 0x48, i32_lt_u: 0x49, i32_gt_s: 0x4a, i32_gt_u: 0x4b,
  i32_le_s: 0x4c, i32_le_u: 0x4d, i32_ge_s: 0x4e, i32_ge_u: 0x4f,
  i64_eqz: 0x50, i64_eq: 0x51, i64_ne: 0x52, i64_lt_s: 0x53, i64_gt_s: 0x55,
  f32_eq: 0x5b, f32_ne: 0x5c, f32_lt: 0x5d, f32_gt: 0x5e, f32_le: 0x5f, f32_ge: 0x60,
  f64_eq: 0x61, f64_ne: 0x62, f64_lt: 0x63, f64_gt: 0x64, f64_le: 0x65, f64_ge: 0x66,
  i32_clz: 0x67, i32_add: 0x6a, i32_sub: 0x6b, i32_mul: 0x6c, i32_div_s: 0x6d, i32_div_u: 0x6e,
  i32_rem_s: 0x6f, i32_rem_u: 0x70, i32_and: 0x71, i32_or: 0x72, i32_xor: 0x73,
  i32_shl: 0x74, i32_shr_s: 0x75, i32_shr_u: 0x76, i32_rotl: 0x77,
  i64_add: 0x7c, i64_sub: 0x7d, i64_mul: 0x7e, i64_and: 0x83, i64_or: 0x84, i64_xor: 0x85,
  i64_shl: 0x86, i64_shr_s: 0x87, i64_shr_u: 0x88,
  f32_abs: 0x8b, f32_neg: 0x8c, f32_sqrt: 0x91, f32_add: 0x92, f32_sub: 0x93, f32_mul: 0x94, f32_div: 0x95,
  f64_abs: 0x99, f64_neg: 0x9a, f64_ceil: 0x9b, f64_floor: 0x9c, f64_trunc: 0x9d, f64_nearest: 0x9e,
  f64_sqrt: 0x9f, f64_add: 0xa0, f64_sub: 0xa1, f64_mul: 0xa2, f64_div: 0xa3, f64_min: 0xa4, f64_max: 0xa5,
  f64_copysign: 0xa6,
  i32_wrap_i64: 0xa7, i32_trunc_f64_s: 0xaa, i64_extend_i32_s: 0xac, i64_extend_i32_u: 0xad,
  i64_trunc_f64_s: 0xb0, f32_demote_f64: 0xb6, f64_convert_i32_s: 0xb7, f64_convert_i32_u: 0xb8,
  f64_convert_i64_s: 0xb9, f64_promote_f32: 0xbb,
  i32_reinterpret_f32: 0xbc, i64_reinterpret_f64: 0xbd, f32_reinterpret_i32: 0xbe, f64_reinterpret_i64: 0xbf,
} as const;

/** Saturating float→int conversions (0xFC prefix). */
export const SatOp = { i32_trunc_sat_f64_s: 2, i32_trunc_sat_f64_u: 3, i64_trunc_sat_f64_s: 6 } as const;

/** SIMD128 opcodes (0xFD prefix, LEB128 sub-opcode). */
export const Simd = {
  v128_load: 0x00, v128_load32_splat: 0x09, v128_load64_splat: 0x0a, v128_store: 0x0b, v128_const: 0x0c, i8x16_shuffle: 0x0d,
  i32x4_splat: 0x11, i64x2_splat: 0x12, f32x4_splat: 0x13, f64x2_splat: 0x14,
  i32x4_extract_lane: 0x1b, i32x4_replace_lane: 0x1c, i64x2_extract_lane: 0x1d, i64x2_replace_lane: 0x1e,
  f32x4_extract_lane: 0x1f, f32x4_replace_lane: 0x20, f64x2_extract_lane: 0x21, f64x2_replace_lane: 0x22,
  i32x4_eq: 0x37, i32x4_lt_s: 0x39, i32x4_gt_s: 0x3b,
  f32x4_eq: 0x41, f32x4_ne: 0x42, f32x4_lt: 0x43, f32x4_gt: 0x44, f32x4_le: 0x45, f32x4_ge: 0x46,
  f64x2_eq: 0x47, f64x2_ne: 0x48, f64x2_lt: 0x49, f64x2_gt: 0x4a, f64x2_le: 0x4b, f64x2_ge: 0x4c,
  v128_not: 0x4d, v128_and: 0x4e, v128_andnot: 0x4f, v128_or: 0x50, v128_xor: 0x51, v128_bitselect: 0x52,
  v128_any_true: 0x53, v128_store64_lane: 0x5b, v128_load64_zero: 0x5d,
  f32x4_demote_f64x2_zero: 0x5e, f64x2_promote_low_f32x4: 0x5f,
  f32x4_ceil: 0x67, f32x4_floor: 0x68, f32x4_trunc: 0x69, f32x4_nearest: 0x6a,
  f64x2_ceil: 0x74, f64x2_floor: 0x75, f64x2_trunc: 0x7a, f64x2_nearest: 0x94,
  i32x4_shl: 0xab, i32x4_shr_u: 0xad, i32x4_add: 0xae, i32x4_sub: 0xb1, i32x4_mul: 0xb5,
  i64x2_shl: 0xcb, i64x2_shr_s: 0xcc, i64x2_shr_u: 0xcd, i64x2_add: 0xce, i64x2_sub: 0xd1, i64x2_eq: 0xd6,
  f32x4_abs: 0xe0, f32x4_neg: 0xe1, f32x4_sqrt: 0xe3, f32x4_add: 0xe4, f32x4_sub: 0xe5, f32x4_mul: 0xe6,
  f32x4_div: 0xe7, f32x4_min: 0xe8, f32x4_max: 0xe9,
  f64x2_abs: 0xec, f64x2_neg: 0xed, f64x2_sqrt: 0xef, f64x2_add: 0xf0, f64x2_sub: 0xf1, f64x2_mul: 0xf2,
  f64x2_div: 0xf3, f64x2_min: 0xf4, f64x2_max: 0xf5,
  i32x4_trunc_sat_f64x2_s_zero: 0xfc, f64x2_convert_low_i32x4_s: 0xfe,
} as const;

/** The natural alignment (log2 bytes) of each memory instruction we emit. */
const ALIGN: Record<number, number> = {
  [Op.i32_load]: 2, [Op.i64_load]: 3, [Op.f32_load]: 2, [Op.f64_load]: 3, [Op.i32_load8_u]: 0,
  [Op.i32_store]: 2, [Op.i64_store]: 3, [Op.f32_store]: 2, [Op.f64_store]: 3, [Op.i32_store8]: 0,
};

/** A function body under construction: locals plus a flat instruction byte stream. */
export class FuncBuilder {
  /** The instruction stream being appended to (swappable, to emit into separate sections). */
  code: number[] = [];
  private readonly locals: ValType[] = [];

  /** `params` are the function's parameters (locals 0 … params.length − 1). */
  constructor(readonly params: ValType[], readonly results: ValType[]) {}

  /** Declare a fresh local of type `t` and return its index. */
  local(t: ValType): number {
    this.locals.push(t);
    return this.params.length + this.locals.length - 1;
  }

  /** Emit raw opcodes (one byte each). */
  op(...ops: number[]): this {
    for (const o of ops) this.code.push(o);
    return this;
  }
  /** local.get */
  get(i: number): this {
    this.code.push(Op.local_get);
    uleb(this.code, i);
    return this;
  }
  /** local.set */
  set(i: number): this {
    this.code.push(Op.local_set);
    uleb(this.code, i);
    return this;
  }
  /** local.tee */
  tee(i: number): this {
    this.code.push(Op.local_tee);
    uleb(this.code, i);
    return this;
  }
  /** i32.const (v is wrapped to 32 bits) */
  i32(v: number): this {
    this.code.push(Op.i32_const);
    sleb(this.code, v | 0);
    return this;
  }
  /** i64.const */
  i64(v: bigint): this {
    this.code.push(Op.i64_const);
    slebBig(this.code, BigInt.asIntN(64, v));
    return this;
  }
  /** f32.const (v rounded to float32) */
  f32(v: number): this {
    this.code.push(Op.f32_const);
    const b = new Uint8Array(new Float32Array([v]).buffer);
    for (const x of b) this.code.push(x);
    return this;
  }
  /** f64.const */
  f64(v: number): this {
    this.code.push(Op.f64_const);
    const b = new Uint8Array(new Float64Array([v]).buffer);
    for (const x of b) this.code.push(x);
    return this;
  }
  /** A load or store with the natural alignment and a constant byte offset. */
  mem(opcode: number, offset = 0): this {
    this.code.push(opcode, ALIGN[opcode]);
    uleb(this.code, offset);
    return this;
  }
  /** call a function by index */
  call(func: number): this {
    this.code.push(Op.call);
    uleb(this.code, func);
    return this;
  }
  /** block / loop / if with an optional result type. */
  block(kind: typeof Op.block | typeof Op.loop | typeof Op.if, type: ValType | typeof VOID = VOID): this {
    this.code.push(kind, type);
    return this;
  }
  /** br to the enclosing block `depth` levels out */
  br(depth: number): this {
    this.code.push(Op.br);
    uleb(this.code, depth);
    return this;
  }
  /** br_if */
  brIf(depth: number): this {
    this.code.push(Op.br_if);
    uleb(this.code, depth);
    return this;
  }
  /** A saturating conversion (0xFC prefix). */
  sat(sub: number): this {
    this.code.push(0xfc);
    uleb(this.code, sub);
    return this;
  }
  /** A SIMD instruction without immediates. */
  simd(sub: number): this {
    this.code.push(0xfd);
    uleb(this.code, sub);
    return this;
  }
  /** A SIMD memory instruction (v128.load/store, load64_zero) with alignment log2 `align`. */
  simdMem(sub: number, align: number, offset = 0): this {
    this.simd(sub);
    this.code.push(align);
    uleb(this.code, offset);
    return this;
  }
  /** v128.store64_lane with a lane index. */
  simdMemLane(sub: number, align: number, offset: number, lane: number): this {
    this.simdMem(sub, align, offset);
    this.code.push(lane);
    return this;
  }
  /** extract_lane / replace_lane. */
  lane(sub: number, lane: number): this {
    this.simd(sub);
    this.code.push(lane);
    return this;
  }
  /** v128.const of 16 bytes */
  v128Const(bytes: ArrayLike<number>): this {
    this.simd(Simd.v128_const);
    for (let i = 0; i < 16; i++) this.code.push(bytes[i] & 0xff);
    return this;
  }
  /** i8x16.shuffle with 16 lane indices */
  shuffle(lanes: number[]): this {
    this.simd(Simd.i8x16_shuffle);
    for (const l of lanes) this.code.push(l);
    return this;
  }

  /** The encoded body: local declarations (run-length grouped), code, `end`. */
  encode(): number[] {
    const out: number[] = [];
    const groups: [number, ValType][] = [];
    for (const t of this.locals) {
      const last = groups[groups.length - 1];
      if (last && last[1] === t) last[0]++;
      else groups.push([1, t]);
    }
    uleb(out, groups.length);
    for (const [n, t] of groups) {
      uleb(out, n);
      out.push(t);
    }
    for (const b of this.code) out.push(b);
    out.push(Op.end);
    const sized: number[] = [];
    uleb(sized, out.length);
    return sized.concat(out);
  }
}

interface FuncImport {
  module: string;
  field: string;
  type: number;
}

/** A module: imported memory, imported functions, defined functions and their exports. */
export class ModuleBuilder {
  private readonly types: string[] = [];
  private readonly funcImports: FuncImport[] = [];
  private readonly funcs: { type: number; body: FuncBuilder }[] = [];
  private readonly exports: { name: string; func: number }[] = [];
  private memory: { module: string; field: string; min: number; max?: number; shared: boolean } | null = null;

  /** Intern a function type and return its index. */
  type(params: ValType[], results: ValType[]): number {
    const key = params.join(",") + ">" + results.join(",");
    let i = this.types.indexOf(key);
    if (i < 0) i = this.types.push(key) - 1;
    return i;
  }

  /** Import the memory (limits in 64 KiB pages). */
  importMemory(module: string, field: string, min: number, max?: number, shared = false): void {
    this.memory = { module, field, min, max, shared };
  }

  /** Import a function; must precede every `addFunction`. Returns its function index. */
  importFunction(module: string, field: string, params: ValType[], results: ValType[]): number {
    if (this.funcs.length) throw new Error("ModuleBuilder: import functions before defining any");
    this.funcImports.push({ module, field, type: this.type(params, results) });
    return this.funcImports.length - 1;
  }

  /** Reserve the index of a function whose body is filled in later (so functions can call each other). */
  addFunction(body: FuncBuilder): number {
    this.funcs.push({ type: this.type(body.params, body.results), body });
    return this.funcImports.length + this.funcs.length - 1;
  }

  /** Export function `func` as `name`. */
  exportFunction(name: string, func: number): void {
    this.exports.push({ name, func });
  }

  /** The module's bytes. */
  encode(): Uint8Array<ArrayBuffer> {
    const out: number[] = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
    const section = (id: number, body: number[]) => {
      out.push(id);
      uleb(out, body.length);
      for (const b of body) out.push(b);
    };
    // 1: types
    const types: number[] = [];
    uleb(types, this.types.length);
    for (const key of this.types) {
      const [p, r] = key.split(">").map((s) => (s ? s.split(",").map(Number) : []));
      types.push(0x60);
      uleb(types, p.length);
      types.push(...p);
      uleb(types, r.length);
      types.push(...r);
    }
    section(1, types);
    // 2: imports
    const imports: number[] = [];
    uleb(imports, this.funcImports.length + (this.memory ? 1 : 0));
    if (this.memory) {
      const m = this.memory;
      name(imports, m.module);
      name(imports, m.field);
      imports.push(0x02, m.shared ? 0x03 : m.max !== undefined ? 0x01 : 0x00);
      uleb(imports, m.min);
      if (m.max !== undefined) uleb(imports, m.max);
    }
    for (const f of this.funcImports) {
      name(imports, f.module);
      name(imports, f.field);
      imports.push(0x00);
      uleb(imports, f.type);
    }
    section(2, imports);
    // 3: function declarations
    const decls: number[] = [];
    uleb(decls, this.funcs.length);
    for (const f of this.funcs) uleb(decls, f.type);
    section(3, decls);
    // 7: exports
    const exps: number[] = [];
    uleb(exps, this.exports.length);
    for (const e of this.exports) {
      name(exps, e.name);
      exps.push(0x00);
      uleb(exps, e.func);
    }
    section(7, exps);
    // 10: code
    const code: number[] = [];
    uleb(code, this.funcs.length);
    for (const f of this.funcs) for (const b of f.body.encode()) code.push(b);
    section(10, code);
    return new Uint8Array(out);
  }
}

/** while (cond) { body } where `cond` pushes an i32: the loop shape of the hand-written routines. */
export function loopWhile(f: FuncBuilder, cond: () => void, body: () => void): void {
  f.block(Op.block).block(Op.loop);
  cond();
  f.op(Op.i32_eqz).brIf(1);
  body();
  f.br(0).op(Op.end, Op.end);
}
