/** @file A compact reporter for `node --test` (used by `npm test` when stdout is not a terminal; a terminal gets Node's spec reporter). */
// One line per test file, failures in full (then the output and diagnostics of their files), and a closing line
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
  const files = new Map(); // file → { passed, failed, skipped, output: string[], shown }
  const stats = (file) => {
    const key = file ? path.resolve(file) : "";
    let s = files.get(key);
    if (!s) files.set(key, (s = { passed: 0, failed: 0, skipped: 0, output: [], shown: false }));
    return s;
  };
  const totals = {}; // Node's closing counts (tests, pass, fail, cancelled, skipped, todo), from its diagnostics
  const failedNames = [];
  const backend = process.env.ADJOINT_BACKEND || "wasm";
  const fileLine = (file, { passed, failed, skipped }, ms) => {
    const counts = [`${passed} passed`, failed ? `${failed} failed` : "", skipped ? `${skipped} skipped` : ""].filter(Boolean).join(", ");
    return `${failed ? "✖" : "✔"} ${rel(file)}  ${counts}  (${seconds(ms ?? 0)})\n`;
  };
  yield `adjoint tests (${backend} backend)\n`;
  for await (const { type, data } of source) {
    if (type === "test:stdout" || type === "test:stderr") {
      stats(data.file).output.push(data.message);
    } else if (type === "test:pass" || type === "test:fail") {
      if (data.details?.type === "suite") continue;
      const s = stats(data.file);
      if (isFileEnd(data)) {
        // the file itself (Node 20 wraps each file in a test): only its own failure is news
        if (type === "test:fail" && data.details?.error?.failureType !== "subtestsFailed") {
          s.failed++;
          failedNames.push(rel(data.file));
          yield `✖ ${rel(data.file)} (the file failed)\n${describeError(data.details?.error)}\n`;
        }
        continue;
      }
      if (data.skip !== undefined || data.todo !== undefined) s.skipped++;
      else if (type === "test:pass") s.passed++;
      else {
        s.failed++;
        failedNames.push(`${rel(data.file)} › ${data.name}`);
        // a parent whose subtests failed adds nothing to their own reports
        if (data.details?.error?.failureType !== "subtestsFailed") {
          yield `✖ ${rel(data.file)} › ${data.name} (${seconds(data.details?.duration_ms ?? 0)})\n${describeError(data.details?.error)}\n`;
        }
      }
    } else if (type === "test:summary" && data.file) {
      // Node ≥ 22: a file's counts, whatever order its events arrive in
      const s = stats(data.file), c = data.counts;
      s.shown = true;
      yield fileLine(data.file, { passed: c.passed, failed: c.failed + c.cancelled, skipped: c.skipped + c.todo }, data.duration_ms);
    } else if (type === "test:complete" && isFileEnd(data)) {
      // Node 20: a file's end can be reported before its tests' results (with concurrent files): its line waits for the end
      stats(data.file).ms = data.details?.duration_ms;
    } else if (type === "test:diagnostic") {
      const m = /^(tests|pass|fail|cancelled|skipped|todo) (\d+)$/.exec(data.message);
      if (m && data.file === undefined) totals[m[1]] = Number(m[2]);
      else if (data.file) stats(data.file).output.push(`# ${data.message}\n`); // shown with the file's output when it fails
      else if (!/^(suites|duration_ms) /.test(data.message)) yield `${data.message}\n`;
    }
  }
  for (const [file, s] of files) if (!s.shown && file !== "") yield fileLine(file, s, s.ms);
  // what files with failures printed
  for (const [file, s] of files) {
    if (s.failed && s.output.length) yield `\noutput of ${rel(file)}:\n${s.output.join("").replace(/^/gm, "  | ")}\n`;
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
  const count = [...files.keys()].filter((f) => f !== "").length;
  yield `\n${count} files, ${seconds(Date.now() - t0)} (${backend} backend)\n`;
  yield `${passed} passed, ${failed} failed, ${skipped} skipped\n`;
}

export default process.stdout.isTTY ? spec : compact;
