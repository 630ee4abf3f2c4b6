/** @file Switching backends: arrays made on one backend stay usable on the other. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { np, jit, grad, setBackend, getBackend } from "../src/index.js";

test("arrays cross backends (eager, jit, grad) and setBackend reuses instances", () => {
  const original = getBackend().name;
  try {
    setBackend("wasm");
    const wasm = getBackend();
    const a = np.array([1, 2, 3]), b = np.array([10, 20, 30]);
    setBackend("js");
    assert.deepEqual(np.add(a, b).toArray(), [11, 22, 33]);
    assert.deepEqual(jit((x: any, y: any) => x.mul(y))(a, b).toArray(), [10, 40, 90]);
    const c = np.array([1, 1, 1]);
    setBackend("wasm");
    assert.equal(getBackend(), wasm);
    assert.deepEqual(np.add(c, a).toArray(), [2, 3, 4]);
    assert.deepEqual(grad((x: any) => np.sum(x.mul(c)))(a).toArray(), [1, 1, 1]);
  } finally {
    setBackend(original);
  }
});
