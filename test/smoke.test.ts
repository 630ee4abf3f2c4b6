import { test } from "node:test";
import assert from "node:assert/strict";
import { np, grad } from "../src/index.js";
test("smoke: grad of x³ at 4", () => {
  assert.equal(grad((x: any) => x.mul(x).mul(x))(4).item(), 48);
  assert.deepEqual(np.array([1, 2]).toArray(), [1, 2]);
});
