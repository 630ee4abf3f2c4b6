/**
 * @file A recursive-descent parser for adjoint's expression language (the playground's and the CLI's): numbers, identifiers,
 * member access, calls, indexing, array literals, arithmetic (`+ - * / % **`), comparisons, `&& || !`,
 * `c ? a : b`, and arrow functions with an expression or a block of `const` declarations and a
 * `return` — with TypeScript's type annotations (`(x: number): number => …`) parsed and ignored.
 * Nothing else of JavaScript exists here: no strings, assignment, loops, `new`, `this` or templates.
 */
import { ExprError, Token, tokenize } from "./lexer.js";

export type Node =
  | { k: "num"; value: number; start: number; end: number }
  | { k: "ident"; name: string; start: number; end: number }
  | { k: "member"; object: Node; name: string; start: number; end: number }
  | { k: "index"; object: Node; index: Node; start: number; end: number }
  | { k: "call"; callee: Node; args: Node[]; start: number; end: number }
  | { k: "array"; items: Node[]; start: number; end: number }
  | { k: "unary"; op: "-" | "+" | "!"; arg: Node; start: number; end: number }
  | { k: "binary"; op: string; left: Node; right: Node; start: number; end: number }
  | { k: "cond"; test: Node; then: Node; else: Node; start: number; end: number }
  | { k: "arrow"; params: { name: string; start: number; end: number }[]; decls: Decl[]; body: Node; start: number; end: number };

/** `const name = value` inside an arrow function's block. */
export interface Decl {
  name: string;
  value: Node;
  start: number;
  end: number;
}

const RESERVED = new Set(["const", "let", "var", "return", "function", "new", "this", "class", "delete", "typeof", "void", "in", "of", "instanceof", "import", "export", "await", "yield", "async", "if", "else", "for", "while", "do", "with", "try", "catch", "throw", "switch", "case", "break", "continue", "debugger", "super"]);

/**
 * Parse one expression (usually an arrow function) into a tree; syntax errors are ExprErrors with the offending span.
 * @example parse("x => x ** 3").k // "arrow"
 */
export function parse(src: string): Node {
  return new Parser(tokenize(src)).program();
}

class Parser {
  private i = 0;
  constructor(private readonly toks: Token[]) {}

  private get t(): Token {
    return this.toks[this.i];
  }
  private is(text: string): boolean {
    return this.t.kind !== "num" && this.t.text === text && this.t.kind !== "eof";
  }
  private eat(text: string): boolean {
    if (!this.is(text)) return false;
    this.i++;
    return true;
  }
  private expect(text: string, what = `"${text}"`): Token {
    if (!this.is(text)) throw this.unexpected(`expected ${what}`);
    return this.toks[this.i++];
  }
  private unexpected(expected: string): ExprError {
    const t = this.t;
    const got = t.kind === "eof" ? "the end of the input" : `"${t.text}"`;
    return new ExprError(`${expected}, got ${got}`, t.start, Math.max(t.end, t.start + 1));
  }

  program(): Node {
    const e = this.expr();
    this.eat(";");
    if (this.t.kind !== "eof") throw this.unexpected("expected the end of the expression");
    return e;
  }

  expr(): Node {
    return this.tryArrow() ?? this.conditional();
  }

  /** An arrow function at this position, or null (and the position unchanged). */
  private tryArrow(): Node | null {
    const save = this.i, start = this.t.start;
    let params: { name: string; start: number; end: number }[];
    if (this.t.kind === "ident" && this.toks[this.i + 1]?.text === "=>") {
      params = [this.param()];
    } else if (this.is("(")) {
      try {
        this.i++;
        params = [];
        while (!this.is(")")) {
          params.push(this.param());
          if (this.eat(":")) this.type();
          if (!this.is(")")) this.expect(",", `"," or ")"`);
        }
        this.i++;
        if (this.eat(":")) this.type();
        if (!this.is("=>")) throw new Error("not an arrow");
      } catch {
        this.i = save;
        return null;
      }
    } else {
      return null;
    }
    this.expect("=>");
    const seen = new Set<string>();
    for (const p of params) {
      if (seen.has(p.name)) throw new ExprError(`duplicate parameter "${p.name}"`, p.start, p.end);
      seen.add(p.name);
    }
    if (this.is("{")) {
      this.i++;
      const decls: Decl[] = [];
      while (this.is("const") || this.is("let")) {
        const d0 = this.t.start;
        this.i++;
        const p = this.param();
        if (this.eat(":")) this.type();
        this.expect("=");
        const value = this.expr();
        decls.push({ name: p.name, value, start: d0, end: value.end });
        this.eat(";");
      }
      if (!this.is("return")) throw this.unexpected(`expected "const", "let" or "return" in a function body`);
      this.i++;
      const body = this.expr();
      this.eat(";");
      const close = this.expect("}", `"}" after the return statement`);
      return { k: "arrow", params, decls, body, start, end: close.end };
    }
    const body = this.expr();
    return { k: "arrow", params, decls: [], body, start, end: body.end };
  }

  private param(): { name: string; start: number; end: number } {
    const t = this.t;
    if (t.kind !== "ident" || RESERVED.has(t.text)) throw this.unexpected("expected a parameter name");
    this.i++;
    return { name: t.text, start: t.start, end: t.end };
  }

  /** A TypeScript type (parsed and dropped): names, `a.b`, generics, `T[]`, tuples, unions and intersections. */
  private type(): void {
    do {
      if (this.eat("[")) {
        while (!this.is("]")) {
          this.type();
          if (!this.is("]")) this.expect(",", `"," or "]"`);
        }
        this.i++;
      } else if (this.eat("(")) {
        this.type();
        this.expect(")");
      } else if (this.t.kind === "ident" || this.t.kind === "num") {
        this.i++;
        while (this.eat(".")) {
          if (this.t.kind !== "ident") throw this.unexpected("expected a type name");
          this.i++;
        }
        if (this.eat("<")) {
          do this.type(); while (this.eat(","));
          this.expect(">");
        }
      } else {
        throw this.unexpected("expected a type");
      }
      while (this.is("[") && this.toks[this.i + 1]?.text === "]") this.i += 2;
    } while (this.eat("|") || this.eat("&"));
  }

  private conditional(): Node {
    const test = this.binary(0);
    if (!this.eat("?")) return test;
    const a = this.expr();
    this.expect(":", `":" of the conditional`);
    const b = this.expr();
    return { k: "cond", test, then: a, else: b, start: test.start, end: b.end };
  }

  /** Binary operators by precedence (lowest first); `**` is handled in unary(). */
  private static LEVELS = [["||"], ["&&"], ["==", "!=", "===", "!=="], ["<", "<=", ">", ">="], ["+", "-"], ["*", "/", "%"]];

  private binary(level: number): Node {
    if (level === Parser.LEVELS.length) return this.unary();
    let left = this.binary(level + 1);
    for (;;) {
      const op = this.t.kind === "punct" && Parser.LEVELS[level].includes(this.t.text) ? this.t.text : null;
      if (!op) return left;
      this.i++;
      const right = this.binary(level + 1);
      left = { k: "binary", op, left, right, start: left.start, end: right.end };
    }
  }

  /** A unary expression; `power` false for the operand of a unary operator (which may not take `**`). */
  private unary(power = true): Node {
    const t = this.t;
    if (t.kind === "punct" && (t.text === "-" || t.text === "+" || t.text === "!")) {
      this.i++;
      const arg = this.unary(false);
      // as JavaScript: -x ** 2 is ambiguous and a syntax error
      if (this.is("**")) throw new ExprError(`a unary "${t.text}" directly before "**" is ambiguous: write (${t.text}a) ** b or ${t.text}(a ** b)`, this.t.start, this.t.end);
      return { k: "unary", op: t.text as "-" | "+" | "!", arg, start: t.start, end: arg.end };
    }
    const base = this.postfix();
    if (power && this.eat("**")) {
      const exp = this.unary(); // right-associative: a ** b ** c = a ** (b ** c)
      return { k: "binary", op: "**", left: base, right: exp, start: base.start, end: exp.end };
    }
    return base;
  }

  private postfix(): Node {
    let e = this.primary();
    for (;;) {
      if (this.eat(".")) {
        const t = this.t;
        if (t.kind !== "ident") throw this.unexpected("expected a property name after \".\"");
        this.i++;
        e = { k: "member", object: e, name: t.text, start: e.start, end: t.end };
      } else if (this.is("(")) {
        this.i++;
        const args = this.list(")");
        e = { k: "call", callee: e, args, start: e.start, end: this.toks[this.i - 1].end };
      } else if (this.eat("[")) {
        const index = this.expr();
        const close = this.expect("]");
        e = { k: "index", object: e, index, start: e.start, end: close.end };
      } else {
        return e;
      }
    }
  }

  /** Comma-separated expressions up to `close` (consumed); a trailing comma is allowed. */
  private list(close: string): Node[] {
    const items: Node[] = [];
    while (!this.is(close)) {
      items.push(this.expr());
      if (!this.is(close)) this.expect(",", `"," or "${close}"`);
    }
    this.i++;
    return items;
  }

  private primary(): Node {
    const t = this.t;
    if (t.kind === "num") {
      this.i++;
      return { k: "num", value: Number(t.text), start: t.start, end: t.end };
    }
    if (t.kind === "ident") {
      if (RESERVED.has(t.text)) throw new ExprError(`"${t.text}" is not part of the playground's language (expressions, arrow functions, const and return)`, t.start, t.end);
      this.i++;
      return { k: "ident", name: t.text, start: t.start, end: t.end };
    }
    if (this.is("(")) {
      this.i++;
      const e = this.expr();
      this.expect(")", `")"`);
      return e;
    }
    if (this.is("[")) {
      this.i++;
      const items = this.list("]");
      return { k: "array", items, start: t.start, end: this.toks[this.i - 1].end };
    }
    throw this.unexpected("expected an expression");
  }
}
