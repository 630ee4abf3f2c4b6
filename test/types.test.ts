/**
 * @file The static types of the public API: `tsc` over test/types/*.ts must pass, where each
 * `Equal` check pins an inferred type and each `@ts-expect-error` line must be a compile error.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { join } from "node:path";

const root = fileURLToPath(new URL("..", import.meta.url));
const dir = join(root, "test", "types");

test("types: tsc accepts test/types (inferred types as pinned; every @ts-expect-error is an error)", { skip: process.env.ADJOINT_BACKEND === "js" ? "backend-independent: runs in the wasm pass of npm test" : false }, () => {
  const files = readdirSync(dir).filter((f) => f.endsWith(".ts"));
  const expected = files.reduce((n, f) => n + (readFileSync(join(dir, f), "utf8").match(/@ts-expect-error/g) ?? []).length, 0);
  assert.ok(expected >= 20, `expected the type tests to hold at least 20 @ts-expect-error cases, found ${expected}`);
  try {
    execFileSync(join(root, "node_modules", ".bin", "tsc"), ["-p", join(dir, "tsconfig.json")], { cwd: root, encoding: "utf8", stdio: "pipe" });
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    assert.fail(`tsc -p test/types failed:\n${err.stdout ?? ""}${err.stderr ?? ""}`);
  }
});
