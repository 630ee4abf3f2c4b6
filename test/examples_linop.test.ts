/**
 * @file examples/newton_cg.ts as CI runs it (n = 2·10⁴ and 10⁵ on the backend under test): Newton–CG on
 * `linop.hessianOperator` + `linop.cg` converges in a few steps, matches the closed-form tridiagonal
 * Newton step, and its memory grows as O(n) — never the n² of a dense Hessian.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { runExample } from "./example_runner.js";

test("examples/newton_cg.ts: converges in ≤ 6 Newton steps at n = 10⁵, matches the closed-form step, memory O(n)", () => {
  const r = runExample("newton_cg", []);
  assert.equal(r.status, 0, `newton_cg exited with ${r.status}\nstdout:\n${r.out}\nstderr:\n${r.err}`);
  // the table: n, Newton steps, HVPs, step error, x error, JS heap, array buffers, wasm peak, dense size
  const rows = [...r.out.matchAll(/^\s+(\d+)\s+(\d+)\s+(\d+)\s+(\S+)\s+(\S+)\s+[\d.]+ MB\s+[\d.]+ MB\s+(?:[\d.]+ MB|–)\s+([\d.]+) GB$/gm)];
  assert.deepEqual(rows.map((m) => Number(m[1])), [20000, 100000], r.out);
  for (const m of rows) {
    assert.ok(Number(m[2]) >= 2 && Number(m[2]) <= 6, `Newton steps ${m[2]}`);
    assert.ok(Number(m[4]) <= 1e-8 && Number(m[5]) <= 1e-8, `errors ${m[4]}, ${m[5]}`);
  }
  assert.equal(Number(rows[1][6]), 74.5); // 10⁵ × 10⁵ × 8 bytes, the Hessian it never forms
  const growth = /memory growth (\S+)× for 5× the parameters/.exec(r.out);
  assert.ok(growth && Number(growth[1]) <= 10, `memory growth ${growth?.[1]}`);
  assert.match(r.out, /‖∇f‖ per Newton iteration .* → [\d.]+e-1[0-9]/);
  assert.match(r.out, /PASS {2}memory grows as O\(n\)/);
  assert.match(r.out, /newton_cg: all claims hold/);
});
