/**
 * @file pyhf's workspace digests: the canonical JSON text Python's `json.dumps(obj, sort_keys=True,
 * ensure_ascii=False)` writes, hashed with SHA-256 or MD5 (both implemented here; no platform crypto,
 * so it runs the same in browsers and Node).
 */

/** Python's `repr(float)`: shortest round-trip digits, scientific below 1e-4 and from 1e16 on. */
export function pythonFloat(x: number): string {
  if (Number.isNaN(x)) return "NaN";
  if (!Number.isFinite(x)) return x > 0 ? "Infinity" : "-Infinity";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  const [mant, expStr] = x.toExponential().split("e");
  const exp = Number(expStr);
  const neg = mant.startsWith("-");
  const digits = mant.replace("-", "").replace(".", "");
  const sign = neg ? "-" : "";
  if (exp < -4 || exp >= 16) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${m}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
  }
  if (exp < 0) return `${sign}0.${"0".repeat(-exp - 1)}${digits}`;
  const int = digits.slice(0, exp + 1).padEnd(exp + 1, "0");
  const frac = digits.slice(exp + 1);
  return `${sign}${int}.${frac || "0"}`;
}

/**
 * The JSON text pyhf hashes: keys sorted, ", " and ": " separators, non-ASCII kept. NB: a JavaScript
 * number does not know whether it was written `50` or `50.0`; pyhf's workspaces hold floats, so
 * integral numbers are written as Python floats (`50.0`) unless `integers: "int"`.
 */
export function canonicalJSON(v: unknown, opts: { integers?: "float" | "int" } = {}): string {
  const ints = opts.integers === "int";
  const go = (x: unknown): string => {
    if (x === null) return "null";
    if (typeof x === "boolean") return x ? "true" : "false";
    if (typeof x === "number") return ints && Number.isInteger(x) ? String(x) : pythonFloat(x);
    if (typeof x === "string") return JSON.stringify(x);
    if (Array.isArray(x)) return `[${x.map(go).join(", ")}]`;
    if (typeof x === "object") {
      if (typeof (x as { toJSON?: unknown }).toJSON === "function") return go((x as { toJSON(): unknown }).toJSON());
      const keys = Object.keys(x).filter((k) => (x as Record<string, unknown>)[k] !== undefined).sort();
      return `{${keys.map((k) => `${JSON.stringify(k)}: ${go((x as Record<string, unknown>)[k])}`).join(", ")}}`;
    }
    throw new TypeError(`hf.digest: a ${typeof x} is not JSON-serialisable`);
  };
  return go(v);
}

const K256 = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

/** Message padded to 64-byte blocks with its bit length appended (big-endian for SHA-2, little-endian for MD5). */
function pad(msg: Uint8Array, bigEndian: boolean): DataView {
  const len = Math.ceil((msg.length + 9) / 64) * 64;
  const buf = new Uint8Array(len);
  buf.set(msg);
  buf[msg.length] = 0x80;
  const v = new DataView(buf.buffer);
  const bits = msg.length * 8;
  const hi = Math.floor(bits / 2 ** 32), lo = bits >>> 0;
  if (bigEndian) { v.setUint32(len - 8, hi); v.setUint32(len - 4, lo); }
  else { v.setUint32(len - 8, lo, true); v.setUint32(len - 4, hi, true); }
  return v;
}

const hex = (words: Uint32Array, bigEndian: boolean) => {
  const out = new DataView(new ArrayBuffer(words.length * 4));
  words.forEach((w, i) => out.setUint32(i * 4, w, !bigEndian));
  return Array.from(new Uint8Array(out.buffer), (b) => b.toString(16).padStart(2, "0")).join("");
};

/** SHA-256 (FIPS 180-4) of bytes, as lowercase hex. */
export function sha256(msg: Uint8Array): string {
  const v = pad(msg, true);
  const H = new Uint32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
  const W = new Uint32Array(64);
  const rotr = (x: number, n: number) => (x >>> n) | (x << (32 - n));
  for (let off = 0; off < v.byteLength; off += 64) {
    for (let t = 0; t < 16; t++) W[t] = v.getUint32(off + 4 * t);
    for (let t = 16; t < 64; t++) {
      const s0 = rotr(W[t - 15], 7) ^ rotr(W[t - 15], 18) ^ (W[t - 15] >>> 3);
      const s1 = rotr(W[t - 2], 17) ^ rotr(W[t - 2], 19) ^ (W[t - 2] >>> 10);
      W[t] = (W[t - 16] + s0 + W[t - 7] + s1) >>> 0;
    }
    let [a, b, c, d, e, f, g, h] = H;
    for (let t = 0; t < 64; t++) {
      const t1 = (h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K256[t] + W[t]) >>> 0;
      const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) >>> 0;
      h = g; g = f; f = e; e = (d + t1) >>> 0; d = c; c = b; b = a; a = (t1 + t2) >>> 0;
    }
    [a, b, c, d, e, f, g, h].forEach((x, i) => (H[i] = (H[i] + x) >>> 0));
  }
  return hex(H, true);
}

// MD5 (RFC 1321): per-round shift amounts and the sine-derived constants
const S_MD5 = [7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21];
const K_MD5 = Uint32Array.from({ length: 64 }, (_, i) => Math.floor(Math.abs(Math.sin(i + 1)) * 2 ** 32) >>> 0);

/** MD5 (RFC 1321) of bytes, as lowercase hex. */
export function md5(msg: Uint8Array): string {
  const v = pad(msg, false);
  const H = new Uint32Array([0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476]);
  const M = new Uint32Array(16);
  for (let off = 0; off < v.byteLength; off += 64) {
    for (let t = 0; t < 16; t++) M[t] = v.getUint32(off + 4 * t, true);
    let [a, b, c, d] = H;
    for (let i = 0; i < 64; i++) {
      const r = i >> 4;
      const f = r === 0 ? (b & c) | (~b & d) : r === 1 ? (d & b) | (~d & c) : r === 2 ? b ^ c ^ d : c ^ (b | ~d);
      const g = r === 0 ? i : r === 1 ? (5 * i + 1) % 16 : r === 2 ? (3 * i + 5) % 16 : (7 * i) % 16;
      const s = S_MD5[r * 4 + (i % 4)];
      const x = (a + f + K_MD5[i] + M[g]) >>> 0;
      [a, d, c] = [d, c, b];
      b = (b + ((x << s) | (x >>> (32 - s)))) >>> 0;
    }
    [a, b, c, d].forEach((x, i) => (H[i] = (H[i] + x) >>> 0));
  }
  return hex(H, false);
}

/**
 * pyhf's `utils.digest`: the hash of the canonical JSON text (see canonicalJSON) of a value.
 * @example hf.digest({ a: 2.0, b: 3.0, c: 1.0 }) // "a38f6093800189b79bc22ef677baf90c75705af2cfc7ff594159eca54eaa7928"
 */
export function digest(obj: unknown, opts: { algorithm?: "sha256" | "md5"; integers?: "float" | "int" } = {}): string {
  const alg = opts.algorithm ?? "sha256";
  if (alg !== "sha256" && alg !== "md5") throw new TypeError(`hf.digest: unknown algorithm ${JSON.stringify(alg)}; expected "sha256" or "md5"`);
  const bytes = new TextEncoder().encode(canonicalJSON(obj, { integers: opts.integers }));
  return alg === "sha256" ? sha256(bytes) : md5(bytes);
}
