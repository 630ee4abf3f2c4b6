/** @file Command-line options of `adjoint plot|jaxpr|tour`: a small declared-flags parser whose errors name the flag (exit status 2). */
import { UsageError } from "./hf.js";

/** A usage error of one sub-command: printed with that sub-command's usage. */
export class CommandUsageError extends UsageError {
  constructor(message: string, readonly usage: string) {
    super(message);
  }
}

/** What a flag takes: a number, an integer, a string, or nothing (a switch). */
export type FlagKind = "number" | "int" | "string" | "switch";

/** A flag by its long name (`from` for `--from`), with an optional one-letter alias (`o` for `-o`). */
export interface FlagSpec {
  kind: FlagKind;
  alias?: string;
}

export type FlagValues = Record<string, string | number | boolean>;

/**
 * Split `args` into positional arguments and declared flags (`--name value`, `--name=value`, `-o value`,
 * switches without a value); `--` ends the flags. A value may start with "-" (`--from -2`); an argument
 * such as `-x` that is not a declared alias is an unknown flag (write `-- -x` for an expression).
 * @example parseFlags("adjoint plot", ["x**3", "--order", "2"], { order: { kind: "int" } }, USAGE) // { positional: ["x**3"], flags: { order: 2 } }
 */
export function parseFlags(cmd: string, args: readonly string[], spec: Record<string, FlagSpec>, usage: string): { positional: string[]; flags: FlagValues } {
  const fail = (msg: string): never => { throw new CommandUsageError(`${cmd}: ${msg}`, usage); };
  const byAlias = new Map(Object.entries(spec).filter(([, s]) => s.alias).map(([name, s]) => [s.alias!, name]));
  const allowed = () => Object.entries(spec).map(([n, s]) => (s.alias ? `-${s.alias}, --${n}` : `--${n}`)).join(", ");
  const positional: string[] = [];
  const flags: FlagValues = {};
  for (let k = 0; k < args.length; k++) {
    const a = args[k];
    if (a === "--") { positional.push(...args.slice(k + 1)); break; }
    const long = /^--([^=]+)(?:=([\s\S]*))?$/.exec(a);
    const short = /^-([A-Za-z])$/.exec(a);
    if (!long && !short) { positional.push(a); continue; }
    const shown = long ? `--${long[1]}` : a;
    const name = long ? long[1] : byAlias.get(short![1]);
    if (name === undefined || !(name in spec)) fail(`unknown option ${shown}${Object.keys(spec).length ? ` (allowed: ${allowed()})` : ""}`);
    const { kind } = spec[name!];
    if (name! in flags) fail(`option ${shown} given twice`);
    if (kind === "switch") {
      if (long?.[2] !== undefined) fail(`${shown} takes no value`);
      flags[name!] = true;
      continue;
    }
    const v = long?.[2] !== undefined ? long[2] : args[++k];
    if (v === undefined || v === "") fail(`option ${shown} needs a value`);
    if (kind === "string") { flags[name!] = v; continue; }
    const x = Number(v);
    if (v.trim() === "" || !Number.isFinite(x)) fail(`${shown} must be a number, got ${JSON.stringify(v)}`);
    if (kind === "int" && !Number.isInteger(x)) fail(`${shown} must be an integer, got ${JSON.stringify(v)}`);
    flags[name!] = x;
  }
  return { positional, flags };
}

/** True when `args` ask for help (before any `--`). */
export function wantsHelp(args: readonly string[]): boolean {
  const end = args.indexOf("--");
  return (end < 0 ? args : args.slice(0, end)).some((a) => a === "--help" || a === "-h");
}
