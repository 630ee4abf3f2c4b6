/** @file Small DOM helpers of the playground: elements by test id, tables of numbers, plots, inline errors. */
import { ExprError, formatError } from "../../src/expr/lexer.js";

/** The element with `data-test="id"` (the ids the end-to-end tests read). */
export function byTest<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.querySelector<T>(`[data-test="${id}"]`);
  if (!el) throw new Error(`playground: no element with data-test="${id}"`);
  return el;
}

/** A number for reading: up to 8 significant digits, exponent notation when very small or large. */
export function fmt(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return "0";
  const a = Math.abs(v);
  if (a < 1e-4 || a >= 1e8) return v.toExponential(3);
  return String(Number(v.toPrecision(8)));
}

/** A cell: shown rounded, the exact value in `data-value`. */
function cell(v: string | number, head = false): HTMLTableCellElement {
  const td = document.createElement(head ? "th" : "td");
  if (typeof v === "number") {
    td.textContent = fmt(v);
    td.dataset.value = String(v);
  } else {
    td.textContent = v;
  }
  return td;
}

/** Fill a table: rows of strings and numbers; a first row `header` of column titles when given. */
export function setTable(table: HTMLElement, rows: (string | number)[][], header?: string[]): void {
  table.replaceChildren();
  if (header) {
    const tr = document.createElement("tr");
    header.forEach((h) => tr.append(cell(h, true)));
    table.append(tr);
  }
  for (const r of rows) {
    const tr = document.createElement("tr");
    r.forEach((v, i) => tr.append(cell(v, i === 0 && typeof v === "string")));
    table.append(tr);
  }
}

/** Show an SVG plot (from the library's `plot` helpers) and keep the plotted numbers in `data-series` (JSON). */
export function setPlot(el: HTMLElement, svg: string, data: unknown): void {
  el.innerHTML = svg; // the library's SVG writer escapes every text it writes
  el.dataset.series = JSON.stringify(data);
}

/** Show an error under an editor (with line, column and a caret when it has a position) or clear it. */
export function showError(box: HTMLElement, input: HTMLElement, src: string, e: unknown | null): void {
  if (e === null) {
    box.hidden = true;
    box.textContent = "";
    input.classList.remove("bad");
    return;
  }
  box.hidden = false;
  input.classList.add("bad");
  box.textContent = e instanceof ExprError ? formatError(src, e) : `error: ${e instanceof Error ? e.message : String(e)}`;
}

/** Grey out panels whose content no longer matches the input (after an error). */
export function setStale(ids: string[], stale: boolean): void {
  for (const id of ids) byTest(id).classList.toggle("stale", stale);
}
