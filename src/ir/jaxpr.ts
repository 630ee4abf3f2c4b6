/**
 * @file The jaxpr: a typed, first-order program of primitive applications. Data structures, an
 * evaluator (by `bind`, so evaluation composes with transformations), a type checker and a printer.
 */
import { ShapedArray } from "../core/aval.js";
import { ConcreteArray, NDArray } from "../core/array.js";
import { Primitive } from "../core/primitive.js";
import { bind } from "../core/trace.js";

export class Var {
  constructor(readonly aval: ShapedArray) {}
}

/** A scalar constant written inline in a jaxpr. */
export class Lit {
  readonly aval: ShapedArray;
  constructor(readonly val: ConcreteArray) {
    this.aval = val.aval;
  }
}

export type Atom = Var | Lit;

export class JaxprEqn {
  constructor(
    readonly primitive: Primitive,
    readonly inputs: Atom[],
    readonly params: Record<string, any>,
    readonly outBinders: Var[],
  ) {}
}

export class Jaxpr {
  constructor(
    readonly inBinders: Var[],
    readonly eqns: JaxprEqn[],
    readonly outs: Atom[],
  ) {}
  toString(): string {
    return printJaxpr(this, 0);
  }
}

/** A jaxpr with the values of its leading `consts.length` inputs (captured constants) bound. */
export class ClosedJaxpr {
  constructor(readonly jaxpr: Jaxpr, readonly consts: NDArray[]) {}
  get eqns(): JaxprEqn[] {
    return this.jaxpr.eqns;
  }
  get inAvals(): ShapedArray[] {
    return this.jaxpr.inBinders.slice(this.consts.length).map((v) => v.aval);
  }
  get outAvals(): ShapedArray[] {
    return this.jaxpr.outs.map((v) => v.aval);
  }
  toString(): string {
    return printJaxpr(this.jaxpr, this.consts.length);
  }
}

/** Evaluate a jaxpr by binding each equation: under a transformation this *is* the transformation. */
export function evalJaxpr(jaxpr: Jaxpr, args: NDArray[]): NDArray[] {
  const env = new Map<Var, NDArray>();
  const read = (a: Atom): NDArray => (a instanceof Lit ? a.val : env.get(a)!);
  jaxpr.inBinders.forEach((v, i) => env.set(v, args[i]));
  for (const eqn of jaxpr.eqns) {
    const outs = bind(eqn.primitive, eqn.inputs.map(read), eqn.params);
    eqn.outBinders.forEach((v, i) => env.set(v, outs[i]));
  }
  return jaxpr.outs.map(read);
}

/** Check that every variable is bound once before use and every equation's types follow its shape rule. */
export function typecheckJaxpr(jaxpr: Jaxpr): void {
  const env = new Set<Var>();
  const bindVar = (v: Var) => {
    if (env.has(v)) throw new TypeError(`typecheckJaxpr: variable bound twice`);
    env.add(v);
  };
  const check = (a: Atom) => {
    if (a instanceof Var && !env.has(a)) throw new TypeError(`typecheckJaxpr: unbound variable of type ${a.aval.str()}`);
  };
  jaxpr.inBinders.forEach(bindVar);
  for (const eqn of jaxpr.eqns) {
    eqn.inputs.forEach(check);
    const outs = eqn.primitive.abstractEval(eqn.inputs.map((a) => a.aval), eqn.params);
    if (outs.length !== eqn.outBinders.length || outs.some((o, i) => !o.equals(eqn.outBinders[i].aval))) {
      throw new TypeError(
        `typecheckJaxpr: ${eqn.primitive.name} produces ${outs.map((o) => o.str())} but binds ${eqn.outBinders.map((v) => v.aval.str())}`,
      );
    }
    eqn.outBinders.forEach(bindVar);
  }
  jaxpr.outs.forEach(check);
}

// ---- printing ----

function varNamer(): (v: Var) => string {
  const names = new Map<Var, string>();
  const letters = "abcdefghijklmnopqrstuvwxyz";
  return (v) => {
    let n = names.get(v);
    if (!n) {
      let i = names.size;
      n = "";
      do {
        n = letters[i % 26] + n;
        i = Math.floor(i / 26) - 1;
      } while (i >= 0);
      names.set(v, n);
    }
    return n;
  };
}

function fmtParam(v: unknown): string {
  if (v instanceof Jaxpr || v instanceof ClosedJaxpr) return "{ jaxpr }";
  if (typeof v === "function") return v.name ? `<fn ${v.name}>` : "<fn>";
  if (Array.isArray(v)) return `(${v.map(fmtParam).join(",")}${v.length === 1 ? "," : ""})`;
  if (v instanceof ShapedArray) return v.str();
  if (v && typeof v === "object") return JSON.stringify(v);
  return String(v);
}

function printJaxpr(jaxpr: Jaxpr, numConsts: number): string {
  const name = varNamer();
  const atom = (a: Atom) => (a instanceof Lit ? String(a.val.item()) : name(a));
  const binder = (v: Var) => `${name(v)}:${v.aval.str()}`;
  const consts = jaxpr.inBinders.slice(0, numConsts).map(binder).join(" ");
  const ins = jaxpr.inBinders.slice(numConsts).map(binder).join(" ");
  const lines = jaxpr.eqns.map((eqn) => {
    const lhs = eqn.outBinders.map(binder).join(" ");
    const ps = Object.entries(eqn.params)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${k}=${fmtParam(v)}`);
    const params = ps.length ? `[${ps.join(" ")}]` : "";
    return `    ${lhs ? `${lhs} = ` : ""}${eqn.primitive.name}${params} ${eqn.inputs.map(atom).join(" ")}`; // (no lhs: an effect)
  });
  const outs = jaxpr.outs.map(atom);
  const head = numConsts ? `{ lambda ${consts}; ${ins}. let` : `{ lambda ${ins}. let`;
  return [head, ...lines, `  in (${outs.join(", ")}${outs.length === 1 ? "," : ""}) }`].join("\n");
}
