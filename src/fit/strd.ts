/** @file A reader of NIST StRD nonlinear-regression files: starts, certified values and sd, RSS and data, read from any such file. */

/** One parameter of a NIST StRD problem. */
export interface StrdParam { name: string; start1: number; start2: number; value: number; sd: number }
/** A NIST StRD nonlinear-regression problem as read from its `.dat` file. */
export interface StrdProblem {
  name: string;
  /** "lower", "average" or "higher" (from the header), or "" if absent. */
  difficulty: string;
  /** The model line(s) of the header, as NIST writes them (for reading, not evaluated). */
  model: string;
  params: StrdParam[];
  rss: number;
  residualSd: number;
  dof: number;
  n: number;
  x: number[];
  y: number[];
}

const num = (s: string) => Number(s.replace(/[dD]/, "e"));

/**
 * Parse a NIST StRD nonlinear-regression file (`.dat`). The header model is kept as text; the parameter
 * block `bK = start1 start2 value sd`, the certified RSS, residual sd and dof, and the data block after
 * `Data: y x` are read generically, so any StRD file of this kind works.
 * @example
 * const prob = fit.parseNistStrd(fs.readFileSync("Misra1a.dat", "utf8"));
 * prob.params[0].value; // 238.94212918
 */
export function parseNistStrd(text: string): StrdProblem {
  const fn = "fit.parseNistStrd";
  if (typeof text !== "string") throw new TypeError(`${fn}: expected the text of a .dat file, got ${typeof text}`);
  const lines = text.split(/\r?\n/);
  const name = /Dataset Name:\s*(\S+)/.exec(text)?.[1] ?? "";
  const difficulty = (/(Lower|Average|Higher)\s+Level of Difficulty/i.exec(text)?.[1] ?? "").toLowerCase();
  const mi = lines.findIndex((l) => /^Model:/.test(l.trim()));
  let model = "";
  if (mi >= 0) {
    for (let i = mi + 1; i < lines.length && !/^\s*Starting/.test(lines[i]) && !/^\s*b\d+\s*=/.test(lines[i]); i++) model += " " + lines[i].trim();
    model = model.replace(/\s+/g, " ").trim();
  }
  const params: StrdParam[] = [];
  const F = "([-+]?[\\d.]+(?:[eEdD][-+]?\\d+)?)";
  const pre = new RegExp(`^\\s*(b\\d+)\\s*=\\s*${F}\\s+${F}\\s+${F}\\s+${F}\\s*$`);
  for (const l of lines) {
    const m = pre.exec(l);
    if (m) params.push({ name: m[1], start1: num(m[2]), start2: num(m[3]), value: num(m[4]), sd: num(m[5]) });
  }
  const grab = (re: RegExp, what: string) => {
    const m = re.exec(text);
    if (!m) throw new SyntaxError(`${fn}: no "${what}" line; is this a NIST StRD nonlinear-regression file?`);
    return num(m[1]);
  };
  const rss = grab(new RegExp(`Residual Sum of Squares:\\s*${F}`), "Residual Sum of Squares");
  const residualSd = grab(new RegExp(`Residual Standard Deviation:\\s*${F}`), "Residual Standard Deviation");
  const dof = grab(/Degrees of Freedom:\s*(\d+)/, "Degrees of Freedom");
  const di = lines.findIndex((l) => /^\s*Data:\s*y\s+x\s*$/.test(l));
  if (di < 0) throw new SyntaxError(`${fn}: no "Data: y x" line`);
  if (params.length === 0) throw new SyntaxError(`${fn}: no parameter lines "bK = start1 start2 value sd"`);
  const x: number[] = [], y: number[] = [];
  for (let i = di + 1; i < lines.length; i++) {
    const f = lines[i].trim().split(/\s+/).filter(Boolean);
    if (f.length === 0) continue;
    if (f.length !== 2 || !f.every((s) => Number.isFinite(num(s)))) throw new SyntaxError(`${fn}: data line ${i + 1} is not "y x": ${JSON.stringify(lines[i])}`);
    y.push(num(f[0]));
    x.push(num(f[1]));
  }
  const nm = /Number of Observations:\s*(\d+)/.exec(text);
  const n = nm ? Number(nm[1]) : y.length;
  if (n !== y.length) throw new SyntaxError(`${fn}: the header says ${n} observations but the data block has ${y.length}`);
  if (dof !== n - params.length) throw new SyntaxError(`${fn}: degrees of freedom ${dof} ≠ n − p = ${n} − ${params.length}`);
  return { name, difficulty, model, params, rss, residualSd, dof, n, x, y };
}
