/** @file Small SVG readers for the plot tests: well-formedness, elements with attributes, axes read back from tick labels. */
import assert from "node:assert/strict";

/** Tags nest and close, attributes are quoted, `&` only starts entities, the root is an <svg>. */
export function assertWellFormed(svg: string): void {
  const stack: string[] = [];
  const tagRe = /<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/g;
  let last = 0;
  let m: RegExpExecArray | null;
  while ((m = tagRe.exec(svg))) {
    const between = svg.slice(last, m.index);
    assert.ok(!between.includes("<") && !between.includes(">"), `stray angle bracket or malformed tag near: ${between.slice(0, 80)}`);
    last = tagRe.lastIndex;
    const [, close, name, , selfClose] = m;
    if (close) assert.equal(stack.pop(), name, `closing </${name}> does not match`);
    else if (!selfClose) stack.push(name);
  }
  assert.deepEqual(stack, [], "unclosed tags");
  assert.ok(!/&(?!(amp|lt|gt|quot|#\d+);)/.test(svg), "unescaped &");
  assert.match(svg.trim(), /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]*>[\s\S]*<\/svg>$/);
}

export type Attrs = Record<string, string>;

/** The attributes of every `<tag …>` (optionally only those with class `cls`) in document order. */
export function elements(svg: string, tag: string, cls?: string): Attrs[] {
  const out: Attrs[] = [];
  for (const m of svg.matchAll(new RegExp(`<${tag}\\b((?:\\s+[\\w:-]+="[^"]*")*)\\s*/?>`, "g"))) {
    const a: Attrs = {};
    for (const q of m[1].matchAll(/([\w:-]+)="([^"]*)"/g)) a[q[1]] = q[2];
    if (cls === undefined || (a.class ?? "").split(" ").includes(cls)) out.push(a);
  }
  return out;
}

/** The inner text of the first `<g class="cls">…</g>` (not nested). */
export function group(svg: string, cls: string): string {
  const m = new RegExp(`<g class="${cls}"[^>]*>([\\s\\S]*?)</g>`).exec(svg);
  assert.ok(m, `no <g class="${cls}">`);
  return m[1];
}

/** A tick label as a number (handles U+2212 and 10^k superscripts). */
export function labelValue(s: string): number {
  const sup = /^10<tspan[^>]*>(.*?)<\/tspan>$/.exec(s);
  if (sup) return 10 ** Number(sup[1].replace("\u2212", "-"));
  return Number(s.replace("\u2212", "-"));
}

/** The map data → pixel of one axis, read back from two tick labels and their positions (log axes: in log10). */
export function axisFromTicks(svg: string, axis: "x" | "y", log = false): (v: number) => number {
  const g = group(svg, `${axis}-ticks`);
  const ticks = [...g.matchAll(/<text class="tick-label" x="([\d.-]+)" y="([\d.-]+)"[^>]*>(.*?)<\/text>/g)].map((m) => ({ pos: Number(axis === "x" ? m[1] : m[2]), v: labelValue(m[3]) }));
  assert.ok(ticks.length >= 2, `fewer than two ${axis} tick labels`);
  const f = (v: number) => (log ? Math.log10(v) : v);
  const [a, b] = [ticks[0], ticks[ticks.length - 1]];
  const slope = (b.pos - a.pos) / (f(b.v) - f(a.v));
  return (v: number) => a.pos + (f(v) - f(a.v)) * slope;
}

/** The points of an SVG path `d` made of M/L commands, split into pieces at each M. */
export function pathPieces(d: string): [number, number][][] {
  const pieces: [number, number][][] = [];
  for (const m of d.matchAll(/([ML])([\d.-]+),([\d.-]+)/g)) {
    if (m[1] === "M") pieces.push([]);
    pieces[pieces.length - 1].push([Number(m[2]), Number(m[3])]);
  }
  return pieces;
}

/** Assert |a − b| ≤ tol. */
export function near(a: number, b: number, tol: number, what = ""): void {
  assert.ok(Math.abs(a - b) <= tol, `${what} ${a} is not within ${tol} of ${b}`);
}
