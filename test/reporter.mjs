/** @file A compact reporter for `node --test` (used by `npm test` when stdout is not a terminal; a terminal gets Node's spec reporter). */
// One line per test file, failures in full (with the output their file printed), and a closing line
// `N passed, N failed, N skipped` alone on a line — what CI reads.
import path from "node:path";
import { inspect } from "node:util";
import { spec } from "node:test/reporters";

/** Is this `test:complete` event the end of a whole file (Node 20 names it by its path, later versions relative to cwd)? */
const isFileEnd = (d) => d.nesting === 0 && typeof d.file === "string" && typeof d.name === "string" && path.resolve(d.name) === d.file;

const rel = (file) => (file ? path.relative(process.cwd(), file) : "(no file)");
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

/** The error of a failed test, as Node's spec reporter shows it: the assertion (the cause), its stack, diff and properties. */
function describeError(error) {
  const e = error?.failureType === "testCodeFailure" && error.cause ? error.cause : error;
  return inspect(e, { depth: 4, colors: false, maxStringLength: 2000 }).replace(/^/gm, "    ");
}

async function* compact(source) {
  const t0 = Date.now();
  const files = new Map(); // file → { passed, failed, skipped, output: string[], failures: string[] }
  const stats = (file) => {
    let s = files.get(file);
    if (!s) files.set(file, (s = { passed: 0, failed: 0, skipped: 0, output: [], failures: [] }));
    return s;
  };
  const totals = {}; // Node's closing counts (tests, pass, fail, cancelled, skipped, todo), from its diagnostics
  const failedNames = [];
  const backend = process.env.ADJOINT_BACKEND || "wasm";
  yield `adjoint tests (${backend} backend)\n`;
  for await (const { type, data } of source) {
    if (type === "test:stdout" || type === "test:stderr") {
      stats(data.file && path.resolve(data.file)).output.push(data.message);
    } else if (type === "test:pass" || type === "test:fail") {
      if (data.details?.type === "suite" || isFileEnd(data)) {
        if (type === "test:fail" && isFileEnd(data)) stats(data.file).failures.push(`  ✖ ${rel(data.file)} (the file itself failed)\n${describeError(data.details?.error)}\n`);
        continue;
      }
      const s = stats(data.file);
      if (data.skip !== undefined || data.todo !== undefined) s.skipped++;
      else if (type === "test:pass") s.passed++;
      else {
        s.failed++;
        failedNames.push(`${rel(data.file)} › ${data.name}`);
        const kind = data.details?.error?.failureType;
        // a parent whose subtests failed adds nothing to their own reports
        if (kind !== "subtestsFailed") s.failures.push(`  ✖ ${data.name} (${seconds(data.details?.duration_ms ?? 0)})\n${describeError(data.details?.error)}\n`);
      }
    } else if (type === "test:complete" && isFileEnd(data)) {
      const s = stats(data.file);
      const counts = [`${s.passed} passed`, s.failed ? `${s.failed} failed` : "", s.skipped ? `${s.skipped} skipped` : ""].filter(Boolean).join(", ");
      const bad = s.failed > 0 || s.failures.length > 0;
      yield `${bad ? "✖" : "✔"} ${rel(data.file)}  ${counts}  (${seconds(data.details?.duration_ms ?? 0)})\n`;
      if (bad) {
        yield s.failures.join("");
        if (s.output.length) yield `  output of ${rel(data.file)}:\n${s.output.join("").replace(/^/gm, "    | ")}\n`;
      }
      s.output = [];
      s.failures = [];
    } else if (type === "test:diagnostic") {
      const m = /^(tests|pass|fail|cancelled|skipped|todo) (\d+)$/.exec(data.message);
      if (m && data.file === undefined) totals[m[1]] = Number(m[2]);
      else if (!/^(suites|duration_ms) /.test(data.message)) yield `  ${data.file ? rel(data.file) + ": " : ""}${data.message}\n`;
    }
  }
  // output and failures never closed by a file's end (e.g. a file that could not start)
  for (const [file, s] of files) {
    if (s.failures.length || (s.failed && s.output.length)) yield `✖ ${rel(file)}\n${s.failures.join("")}${s.output.join("")}`;
  }
  let passed = 0, failed = 0, skipped = 0;
  for (const s of files.values()) (passed += s.passed), (failed += s.failed), (skipped += s.skipped);
  if (totals.pass !== undefined) {
    // Node's own counts are authoritative (cancelled tests count as failures, todo as skipped)
    passed = totals.pass;
    failed = (totals.fail ?? 0) + (totals.cancelled ?? 0);
    skipped = (totals.skipped ?? 0) + (totals.todo ?? 0);
  }
  if (failedNames.length) yield `\nfailed:\n${failedNames.map((n) => `  ${n}\n`).join("")}`;
  yield `\n${files.size} files, ${seconds(Date.now() - t0)} (${backend} backend)\n`;
  yield `${passed} passed, ${failed} failed, ${skipped} skipped\n`;
}

export default process.stdout.isTTY ? spec : compact;
