/** @file A direct nested-loop conv_general_dilated over flat float64 data: the reference of test/conv.test.ts and test/primitives.test.ts. */

/** A convolution configuration: operand shapes and the primitive's params. */
export interface Cfg {
  lshape: number[];
  rshape: number[];
  strides: number[];
  padding: [number, number][];
  lhsDilation: number[];
  rhsDilation: number[];
  dn: { lhs: number[]; rhs: number[]; out: number[] };
  fg: number;
  bg: number;
}

const prod = (s: number[]) => s.reduce((a, b) => a * b, 1);
const strides = (s: number[]) => s.map((_, i) => prod(s.slice(i + 1)));
function* indices(shape: number[]): Generator<number[]> {
  if (shape.some((d) => d === 0)) return;
  const idx = shape.map(() => 0);
  for (let n = prod(shape); n > 0; n--) {
    yield [...idx];
    for (let i = shape.length - 1; i >= 0 && ++idx[i] === shape[i]; i--) idx[i] = 0;
  }
}

/** conv_general_dilated written out: out[n, o, y] = Σ_{c, k} lhs[n', g·CI + c, (y·s + k·rd − lo)/ld] · rhs[o, c, k]. */
export function naiveConv(l: number[], r: number[], c: Cfg): { shape: number[]; data: number[] } {
  const { lshape, rshape, dn } = c;
  const ns = lshape.length - 2;
  const N = lshape[dn.lhs[0]], O = rshape[dn.rhs[0]], CI = rshape[dn.rhs[1]];
  const inS = dn.lhs.slice(2).map((a) => lshape[a]), kS = dn.rhs.slice(2).map((a) => rshape[a]);
  const outS = inS.map((d, i) => {
    const padded = (d - 1) * c.lhsDilation[i] + 1 + c.padding[i][0] + c.padding[i][1];
    const k = (kS[i] - 1) * c.rhsDilation[i] + 1;
    return padded < k ? 0 : Math.floor((padded - k) / c.strides[i]) + 1;
  });
  const oshape: number[] = [];
  oshape[dn.out[0]] = N / c.bg;
  oshape[dn.out[1]] = O;
  dn.out.slice(2).forEach((a, i) => (oshape[a] = outS[i]));
  const ls = strides(lshape), rs = strides(rshape), os = strides(oshape);
  const out = new Array(prod(oshape)).fill(0);
  const G = c.fg * c.bg, OG = O / G;
  for (const [n, o, ...y] of indices([N / c.bg, O, ...outS])) {
    const g = Math.floor(o / OG);
    let s = 0;
    for (const [ci, ...k] of indices([CI, ...kS])) {
      const x: number[] = [];
      let ok = true;
      for (let i = 0; i < ns; i++) {
        const pos = y[i] * c.strides[i] + k[i] * c.rhsDilation[i] - c.padding[i][0];
        if (pos < 0 || pos % c.lhsDilation[i] !== 0 || pos / c.lhsDilation[i] >= inS[i]) ok = false;
        x.push(pos / c.lhsDilation[i]);
      }
      if (!ok) continue;
      const nb = c.bg > 1 ? g * (N / c.bg) + n : n, ch = c.fg > 1 ? g * CI + ci : ci;
      const li = nb * ls[dn.lhs[0]] + ch * ls[dn.lhs[1]] + x.reduce((a, v, i) => a + v * ls[dn.lhs[2 + i]], 0);
      const ri = o * rs[dn.rhs[0]] + ci * rs[dn.rhs[1]] + k.reduce((a, v, i) => a + v * rs[dn.rhs[2 + i]], 0);
      s += l[li] * r[ri];
    }
    out[n * os[dn.out[0]] + o * os[dn.out[1]] + y.reduce((a, v, i) => a + v * os[dn.out[2 + i]], 0)] = s;
  }
  return { shape: oshape, data: out };
}


/** The params of the primitive for a configuration. */
export const convParams = (c: Cfg) => ({
  windowStrides: c.strides, padding: c.padding, lhsDilation: c.lhsDilation, rhsDilation: c.rhsDilation,
  dimensionNumbers: c.dn, featureGroupCount: c.fg, batchGroupCount: c.bg, preferredElementType: null,
});

/** Two configurations for the generated primitive tables (test/cases.ts): NHWC grouped and strided; NCH with batch groups and lhs dilation. */
export const CONV_CASES: { label: string; cfg: Cfg }[] = [
  {
    label: "conv_nhwc_grouped_strided",
    cfg: { lshape: [2, 5, 4, 4], rshape: [3, 2, 2, 4], strides: [2, 1], padding: [[1, 1], [0, 1]], lhsDilation: [1, 1], rhsDilation: [1, 2], dn: { lhs: [0, 3, 1, 2], rhs: [3, 2, 0, 1], out: [0, 3, 1, 2] }, fg: 2, bg: 1 },
  },
  {
    label: "conv_nch_batch_groups_lhs_dilated",
    cfg: { lshape: [4, 2, 4], rshape: [4, 2, 2], strides: [2], padding: [[1, -1]], lhsDilation: [2], rhsDilation: [1], dn: { lhs: [0, 1, 2], rhs: [0, 1, 2], out: [0, 1, 2] }, fg: 1, bg: 2 },
  },
];
