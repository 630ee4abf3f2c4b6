/** @file Tokens of adjoint's expression language (the playground's and the CLI's) (a small, safe subset of TypeScript). */

export type TokenKind = "num" | "ident" | "punct" | "eof";

export interface Token {
  kind: TokenKind;
  /** The text (for numbers, the literal as written). */
  text: string;
  /** Offsets into the source: [start, end). */
  start: number;
  end: number;
}

/** A syntax or run-time error at a place in the source. */
export class ExprError extends Error {
  constructor(message: string, readonly start: number, readonly end: number = start + 1) {
    super(message);
    this.name = "ExprError";
  }
}

/** Line and column (both from 1) of an offset. */
export function lineCol(src: string, offset: number): { line: number; col: number } {
  const before = src.slice(0, offset).split("\n");
  return { line: before.length, col: before[before.length - 1].length + 1 };
}

/**
 * The error as text: `line:col: message`, the source line and a caret under the offending span.
 * @example formatError("x => x +", new ExprError("expected an expression", 8)) // "1:9: expected an expression\nx => x +\n        ^"
 */
export function formatError(src: string, e: ExprError): string {
  const { line, col } = lineCol(src, e.start);
  const text = src.split("\n")[line - 1] ?? "";
  const width = Math.max(1, Math.min(e.end, e.start + text.length - col + 1) - e.start);
  return `${line}:${col}: ${e.message}\n${text}\n${" ".repeat(col - 1)}^${"~".repeat(width - 1)}`;
}

// longest first, so that "**" wins over "*" and "===" over "=="
const PUNCT = ["===", "!==", "=>", "**", "<=", ">=", "==", "!=", "&&", "||", "+", "-", "*", "/", "%", "(", ")", "[", "]", "{", "}", ",", ".", ":", ";", "?", "<", ">", "!", "=", "|", "&"];

/**
 * Split `src` into tokens; comments (`//`, `/* *\/`) and white space are skipped.
 * @example tokenize("x => x ** 3").map((t) => t.text) // ["x", "=>", "x", "**", "3", ""]
 */
export function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const ch = src[i];
    if (/\s/.test(ch)) { i++; continue; }
    if (src.startsWith("//", i)) { while (i < src.length && src[i] !== "\n") i++; continue; }
    if (src.startsWith("/*", i)) {
      const close = src.indexOf("*/", i + 2);
      if (close < 0) throw new ExprError("unterminated comment", i, i + 2);
      i = close + 2;
      continue;
    }
    const num = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.exec(src.slice(i));
    if (num) {
      const end = i + num[0].length;
      if (end < src.length && /[A-Za-z_$]/.test(src[end])) throw new ExprError(`invalid number ${JSON.stringify(src.slice(i, end + 1))}`, i, end + 1);
      out.push({ kind: "num", text: num[0], start: i, end });
      i = end;
      continue;
    }
    const id = /^[A-Za-z_$][A-Za-z0-9_$]*/.exec(src.slice(i));
    if (id) {
      out.push({ kind: "ident", text: id[0], start: i, end: i + id[0].length });
      i += id[0].length;
      continue;
    }
    const p = PUNCT.find((q) => src.startsWith(q, i));
    if (p) {
      out.push({ kind: "punct", text: p, start: i, end: i + p.length });
      i += p.length;
      continue;
    }
    const what = ch === '"' || ch === "'" || ch === "`" ? "strings are not part of the language" : `unexpected character ${JSON.stringify(ch)}`;
    throw new ExprError(what, i);
  }
  out.push({ kind: "eof", text: "", start: src.length, end: src.length });
  return out;
}
