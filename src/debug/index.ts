/**
 * @file `debug.print` and `debug.callback`: look at concrete values inside `jit`, `vmap`, `grad`
 * and control flow, as `jax.debug.print` / `jax.debug.callback`. Both bind the effectful
 * `debug_callback` primitive (src/primitives/debug.ts), so they run whenever the program runs.
 */
import { ConcreteArray, NDArray } from "../core/array.js";
import { flatten, unflatten } from "../core/pytree.js";
import { bind } from "../core/trace.js";
import { debugCallbackP } from "../primitives/debug.js";
import { parseFormat, render } from "./format.js";

/** Where `debug.print` writes its lines. */
export type Printer = (line: string) => void;

const consolePrinter: Printer = (line) => console.log(line);
let printer: Printer = consolePrinter;

/**
 * Send the lines of `debug.print` to `p` (null: back to `console.log`, the default). Returns the
 * previous printer, to restore it. The printer in place when a line is printed is used (not the one
 * in place when a function was traced).
 * @example const lines: string[] = []; const prev = debug.setPrinter((l) => lines.push(l)); … debug.setPrinter(prev);
 */
export function setPrinter(p: Printer | null): Printer {
  if (p !== null && typeof p !== "function") throw new TypeError(`debug.setPrinter: expected a function (line: string) => void or null, got ${typeof p}`);
  const prev = printer;
  printer = p ?? consolePrinter;
  return prev;
}

/**
 * Bind `debug_callback` on the array leaves of `args`; `run` gets `args` back with concrete arrays.
 * Leaves that are not arrays (numbers, strings, functions) are static: passed back as they are.
 */
function bindCallback(name: string, args: unknown[], run: (args: unknown[]) => void): void {
  const [leaves, def] = flatten(args);
  const dynamic: NDArray[] = [];
  const isArray = leaves.map((l) => l instanceof NDArray);
  leaves.forEach((l, i) => isArray[i] && dynamic.push(l as NDArray));
  const callback = (arrays: ConcreteArray[]) => {
    let k = 0;
    run(unflatten(def, leaves.map((l, i) => (isArray[i] ? arrays[k++] : l))));
  };
  Object.defineProperty(callback, "name", { value: name });
  bind(debugCallbackP, dynamic, { callback });
}

/**
 * Print values, formatted with a Python-style format string, each time the code runs — also inside
 * `jit` (on every call of the compiled function, not only when it is traced), `vmap` (once per
 * batch element, in order), `grad`/`jvp` (the primal values; tangents are not printed) and inside
 * `lax.scan`/`cond`/`whileLoop` bodies (once per step). Fields: `{}` (the next positional value),
 * `{0}` (by position), `{name}` (a key of the last argument, then an object of named values), and
 * `{:.3f}` / `{:.2e}` for one-element values; `{{` and `}}` are braces. Values may be pytrees of
 * arrays; arrays print as they do with `String(x)`.
 * @example jit((x) => { debug.print("x = {}, sum = {s}", x, { s: np.sum(x) }); return x.mul(2); })(np.arange(3))
 */
export function print(fmt: string, ...values: unknown[]): void {
  const pieces = parseFormat(fmt, "debug.print");
  const names = pieces.flatMap((p) => (typeof p !== "string" && typeof p.field === "string" ? [p.field] : []));
  let positional = values;
  let named: Record<string, unknown> = {};
  if (names.length) {
    const last = values[values.length - 1];
    if (last === null || typeof last !== "object" || Array.isArray(last) || last instanceof NDArray) {
      throw new TypeError(`debug.print: the format uses named fields {${names[0]}}, so the last argument must be an object of named values (e.g. { ${names[0]}: x })`);
    }
    named = last as Record<string, unknown>;
    positional = values.slice(0, -1);
    for (const n of names) if (!(n in named)) throw new TypeError(`debug.print: no value named '${n}' (named values: ${Object.keys(named).join(", ") || "none"})`);
  }
  for (const p of pieces) {
    if (typeof p !== "string" && typeof p.field === "number" && p.field >= positional.length) {
      throw new RangeError(`debug.print: the format ${JSON.stringify(fmt)} needs at least ${p.field + 1} positional values, got ${positional.length}`);
    }
  }
  bindCallback("print", [positional, named], ([pos, nam]) => printer(render(pieces, pos as unknown[], nam as Record<string, unknown>)));
}

/**
 * Call `fn(...values)` with concrete arrays each time the code runs, as `debug.print` does (under
 * `jit` on every call, under `vmap` once per batch element, under `grad` with the primal values).
 * Values are pytrees; their array leaves arrive as concrete arrays the callback may keep, the other
 * leaves as given. Returns nothing (a callback cannot feed values back into the computation).
 * @example const seen: number[] = []; jit((x) => { debug.callback((v) => seen.push(v.item()), x); return x; })(np.array(2))
 */
export function callback(fn: (...values: any[]) => void, ...values: unknown[]): void {
  if (typeof fn !== "function") throw new TypeError(`debug.callback: expected a function as the first argument, got ${typeof fn}`);
  bindCallback(fn.name || "callback", values, (args) => fn(...args));
}
