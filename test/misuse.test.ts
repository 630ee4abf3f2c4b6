/**
 * @file Misuse of the public API, table-driven: every case must throw (never return silently) with a
 * message that names the function and shows the offending value. Also: every public function of np,
 * nn, special and random carries a checked signature; the friendly forms the checks allow
 * (positional dtype, `{ decimals }`, …) work; np.array stacks arrays; float → int conversion saturates.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { NDArray, np, nn, special, random, optim, data, lax, fit, stats, hf, linop, grad, jit, jvp, vjp, vmap, makeJaxpr, linearize, jacfwd, jacrev, hessian, checkpoint, customJvp, customVjp } from "../src/index.js";
import { signatureOf } from "../src/numpy/signature.js";
import { check } from "./util.js";

const A = np as any, N = nn as any, S = special as any, R = random as any;
const x = np.array([[1.5, -2], [3, 4]]);
const X = x as any;
const v3 = np.array([1, 2, 3]);
const key = random.key(0);
const sumF = (a: NDArray) => np.sum(a);

/** [what, the call, what the message must match] */
type Case = [string, () => unknown, RegExp];

const cases: Case[] = [
  // ---- creation ----
  ["ones with a number for the dtype", () => A.ones(2, 3), /np\.ones: expected a dtype or an options object \{ dtype \}, got 3/],
  ["zeros with a negative dimension", () => np.zeros([2, -1]), /np\.zeros: invalid shape \[2,-1\]/],
  ["zeros with a fractional dimension", () => np.zeros([2.5]), /np\.zeros: invalid shape \[2\.5\]/],
  ["zeros with a string shape", () => A.zeros("3"), /np\.zeros: invalid shape "3"/],
  ["zeros with no shape", () => A.zeros(), /np\.zeros: argument shape is missing/],
  ["zeros with an unknown dtype", () => A.zeros([2], "float16"), /np\.zeros: unknown dtype "float16"/],
  ["zeros with an unknown option", () => A.zeros([2], { dtyp: "int32" }), /np\.zeros: unknown option "dtyp"; expected one of: dtype/],
  ["full without a value", () => A.full([2]), /np\.full: argument fillValue is missing/],
  ["full with a string value", () => A.full([2], "a"), /np\.full: fillValue must be a number or a boolean, got "a"/],
  ["zerosLike with no argument", () => A.zerosLike(), /np\.zerosLike: argument x is missing/],
  ["identity with a number dtype", () => A.identity(3, 3), /np\.identity: expected a dtype .* got 3/],
  ["arange with no argument", () => A.arange(), /np\.arange: argument start is missing/],
  ["arange with a zero step", () => np.arange(0, 10, 0), /np\.arange: step must not be zero/],
  ["arange with a string", () => A.arange("5"), /np\.arange: start must be a number, got "5"/],
  ["arange to infinity", () => np.arange(0, Infinity), /np\.arange: arguments must be finite/],
  ["linspace with a negative count", () => np.linspace(0, 1, -1), /np\.linspace: num must be a non-negative integer, got -1/],
  ["linspace without stop", () => A.linspace(0), /np\.linspace: argument stop is missing/],
  ["eye with a fractional size", () => np.eye(2.5), /np\.eye: n must be a non-negative integer, got 2\.5/],
  ["eye with an unknown option", () => A.eye(2, { dtype: "int32", kk: 1 }), /np\.eye: unknown option "kk"; expected one of: dtype, k/],
  ["array of a ragged list", () => np.array([[1, 2], [3]]), /np\.array: ragged nested array/],
  ["array of strings", () => A.array([1, "a"]), /np\.array: expected numbers or booleans, got string \(a\)/],
  ["array of arrays of different shapes", () => np.array([np.zeros(2), np.ones(3)] as any), /np\.array: ragged nested list: its elements have shapes \[2\], \[3\]/],
  ["array with an unknown dtype", () => A.array([1, 2], { dtype: "int8" }), /np\.array: unknown dtype "int8"/],
  ["array with an unknown option", () => A.array([1, 2], { dtyp: "int32" }), /np\.array: unknown option "dtyp"; expected one of: dtype, shape/],
  ["array of undefined", () => A.array(undefined), /np\.array: argument x is missing/],
  ["array of a string", () => A.array("abc"), /np\.array: cannot convert string/],
  ["array that does not fill its shape", () => np.array([1, 2, 3], { shape: [2, 2] }), /np\.array: 3 values do not fill shape \[2,2\]/],

  // ---- elementwise math ----
  ["add with one argument", () => A.add(x), /np\.add: argument y is missing/],
  ["add with three arguments", () => A.add(x, x, x), /np\.add: expected at most 2 arguments \(x, y\), got 3/],
  ["add with a string", () => A.add(x, "a"), /np\.add: cannot convert "a" to an array; expected an NDArray, a number/],
  ["add with an options object", () => A.add(x, { a: 1 }), /np\.add: argument y must not be an options object, got \{"a":1\}/],
  ["add of a number that does not fit int32", () => np.add(np.array([1], { dtype: "int32" }), 1e10), /np\.add: the JS number 10000000000 is out of range for int32/],
  ["bitwiseAnd of a negative number and uint32", () => np.bitwiseAnd(np.array([1], { dtype: "uint32" }), -1), /np\.bitwiseAnd: the JS number -1 is out of range for uint32/],
  ["add of mismatched shapes", () => np.add(np.ones([2]), np.ones([3])), /np\.add: shapes \[2\], \[3\] cannot be broadcast together/],
  ["sin with no argument", () => A.sin(), /np\.sin: argument x is missing/],
  ["sin with two arguments", () => A.sin(x, 1), /np\.sin: expected at most 1 argument \(x\), got 2/],
  ["power with null", () => A.power(x, null), /np\.power: cannot convert null to an array/],
  ["round with an unknown option", () => A.round(x, { decimal: 1 }), /np\.round: unknown option "decimal"; expected one of: decimals/],
  ["round with fractional decimals", () => np.round(x, 1.5), /np\.round: decimals must be an integer, got 1\.5/],
  ["round with string decimals", () => A.round(x, "1"), /np\.round: decimals must be an integer, got "1"/],
  ["clip with no bounds", () => np.clip(x), /np\.clip: at least one of min and max must be given/],
  ["where with two arguments", () => A.where([true, false], x), /np\.where: argument y is missing/],
  ["maximum with one argument", () => A.maximum(x), /np\.maximum: argument y is missing/],
  ["the add method with no argument", () => X.add(), /np\.add: argument y is missing/],
  ["the mul method with two arguments", () => X.mul(1, 2), /np\.multiply: expected at most 2 arguments \(x, y\), got 3/],
  ["astype with no dtype", () => X.astype(), /astype: argument dtype is missing/],
  ["astype to an unknown dtype", () => X.astype("int64"), /astype: unknown dtype "int64"/],

  // ---- reductions ----
  ["sum with keepdims positional", () => A.sum(x, 0, true), /np\.sum: argument opts must be an options object \{ keepdims, dtype \}, got true/],
  ["sum with a misspelled option", () => A.sum(x, { axis: 0, keepdim: true }), /np\.sum: unknown option "keepdim"; expected one of: axis, keepdims, dtype/],
  ["sum over a missing axis", () => np.sum(x, 2), /np\.sum: axis 2 is out of bounds for an array of rank 2/],
  ["sum with a boolean axis", () => A.sum(x, true), /np\.sum: axis must be an integer, a list of integers, null or an options object .* got true/],
  ["sum with a string axis", () => A.sum(x, "0"), /np\.sum: axis must be .* got "0"/],
  ["sum with a non-boolean keepdims", () => A.sum(x, { keepdims: 1 }), /np\.sum: keepdims must be a boolean, got 1/],
  ["sum with an unknown dtype", () => A.sum(x, { dtype: "int64" }), /np\.sum: unknown dtype "int64"/],
  ["mean over a repeated axis", () => np.mean(x, [0, 0]), /np\.mean: repeated axis/],
  ["max with a dtype option", () => A.max(x, { axis: 0, dtype: "int32" }), /np\.max: unknown option "dtype"; expected one of: axis, keepdims/],
  ["max of an empty array", () => np.max(np.zeros([0])), /np\.max: zero-size reduction/],
  ["argmax over a missing axis", () => np.argmax(x, 5), /np\.argmax: axis 5 is out of bounds/],
  ["argmax with a misspelled option", () => A.argmax(x, { axis: 0, keepdim: true }), /np\.argmax: unknown option "keepdim"/],
  ["argmax with a string keepdims", () => A.argmax(x, 0, "yes"), /np\.argmax: keepdims must be a boolean, got "yes"/],
  ["cumsum with an unknown dtype", () => A.cumsum(x, 0, { dtype: "int8" }), /np\.cumsum: unknown dtype "int8"/],
  ["std with a misspelled option", () => A.std(x, { ddof: 1, axes: 0 }), /np\.std: unknown option "axes"/],
  ["the sum method with keepdims positional", () => X.sum(0, true), /np\.sum: argument opts must be an options object \{ keepdims, dtype \}, got true/],

  // ---- shapes and manipulation ----
  ["transpose with axes as separate arguments", () => A.transpose(x, 1, 0), /np\.transpose: expected at most 2 arguments \(x, axes\), got 3/],
  ["the transpose method with a list and a number", () => X.transpose([1, 0], 1), /np\.transpose: expected at most 2 arguments \(x, axes\), got 3/],
  ["the reshape method with a string", () => X.reshape("2"), /np\.reshape: shape must be an integer or a list of integers, got "2"/],
  ["transpose with a number for the axes", () => A.transpose(x, 1), /np\.transpose: axes must be a list of integers \(a permutation\), got 1/],
  ["reshape to a boolean", () => A.reshape(x, true), /np\.reshape: shape must be an integer or a list of integers, got true/],
  ["expandDims with a null axis", () => A.expandDims(x, null), /np\.expandDims: axis must be an integer or a list of integers, got null/],
  ["flip with a boolean axis", () => A.flip(x, true), /np\.flip: axis must be an integer, a list of integers or null, got true/],
  ["tile with a boolean", () => A.tile(x, true), /np\.tile: reps must be an integer or a list of integers, got true/],
  ["split with null", () => A.split(x, null), /np\.split: expected a number of sections or a list of indices, got null/],
  ["broadcastTo a negative shape", () => np.broadcastTo(x, [-1, 2]), /np\.broadcastTo: invalid shape \[-1,2\]/],
  ["transpose with too few axes", () => np.transpose(x, [0]), /np\.transpose: axes \[0\] are not a permutation of the 2 axes of shape \[2,2\]/],
  ["reshape to a wrong size", () => np.reshape(x, [3, 3]), /np\.reshape: cannot reshape array of shape \[2,2\] \(size 4\) into shape \[3,3\]/],
  ["reshape with separate dimensions", () => A.reshape(x, 2, 2), /np\.reshape: expected at most 2 arguments \(x, shape\), got 3/],
  ["reshape without a shape", () => A.reshape(x), /np\.reshape: argument shape is missing/],
  ["expandDims beyond the rank", () => np.expandDims(x, 5), /np\.expandDims: axis 5 is out of bounds/],
  ["squeeze of a long axis", () => np.squeeze(x, 0), /np\.squeeze: cannot select axis 0 of shape \[2,2\]/],
  ["concatenate of mismatched shapes", () => np.concatenate([np.ones([2, 2]), np.ones([3])]), /np\.concatenate: shapes \[2,2\], \[3\] differ outside axis 0/],
  ["concatenate of two arrays instead of a list", () => A.concatenate(x, x), /np\.concatenate: expected a list of arrays, got an array float32\[2,2\]/],
  ["stack of nothing", () => np.stack([]), /np\.stack: need at least one array/],
  ["stack of different shapes", () => np.stack([np.ones(2), np.ones(3)]), /np\.stack: all input arrays must have the same shape, got \[2\], \[3\]/],
  ["moveaxis without a destination", () => A.moveaxis(x, 0), /np\.moveaxis: argument destination is missing/],
  ["swapaxes beyond the rank", () => np.swapaxes(x, 0, 3), /np\.swapaxes: axis 3 is out of bounds/],
  ["broadcastTo a smaller shape", () => np.broadcastTo(np.ones([3]), [2]), /np\.broadcastTo: .*\[3\].*\[2\]/],
  ["tile with a negative count", () => np.tile(x, -1), /np\.tile: each repetition count must be a non-negative integer, got -1/],
  ["repeat with too many counts", () => np.repeat(x, [1, 2, 3], 0), /np\.repeat: got 3 repeat counts for axis 0 of size 2/],
  ["split into unequal parts", () => np.split(np.ones(5), 2), /np\.split: array split does not result in an equal division/],
  ["pad with an unknown mode", () => A.pad(x, 1, { mode: "mirror" }), /np\.pad: unknown mode "mirror"/],
  ["pad with a misspelled option", () => A.pad(x, 1, { mod: "edge" }), /np\.pad: unknown option "mod"; expected one of: mode, constantValues/],
  ["pad with a negative width", () => np.pad(x, -1), /np\.pad: each pad width must be a non-negative integer, got -1/],
  ["roll by a fraction", () => np.roll(x, 1.5), /np\.roll: shifts must be integers, got 1\.5/],
  ["flip beyond the rank", () => np.flip(x, 3), /np\.flip: axis 3 is out of bounds/],
  ["hstack of an array instead of a list", () => A.hstack(x), /np\.hstack: expected a list of arrays, got an array float32\[2,2\]/],

  // ---- indexing ----
  ["get out of bounds", () => x.get(5), /np\.getItem: index 5 is out of bounds for axis 0 with size 2/],
  ["get with too many indices", () => x.get(0, 0, 0), /np\.getItem: too many indices for array of shape \[2,2\]/],
  ["get with a fractional index", () => x.get(1.5), /np\.getItem: indices must be integers, got 1\.5/],
  ["get with a bad slice string", () => x.get("a:b"), /np\.getItem: cannot parse index string "a:b"/],
  ["get with a scalar boolean", () => X.get(true), /np\.getItem: a scalar boolean index \(true\) is not supported/],
  ["take out of bounds", () => np.take(x, [5]), /np\.take: index 5 is out of bounds/],
  ["take with an unknown mode", () => A.take(x, [0], 0, { mode: "wrapp" }), /np\.take: mode must be "raise", "clip" or "wrap", got "wrapp"/],
  ["take with a misspelled option", () => A.take(x, [0], 0, { mod: "wrap" }), /np\.take: unknown option "mod"; expected one of: mode/],
  ["takeAlongAxis with a lower-rank index", () => np.takeAlongAxis(x, [0], 0), /np\.takeAlongAxis: indices \[1\] and array \[2,2\] must have the same number of dimensions/],
  ["at().set out of bounds", () => x.at(5).set(1), /at\.set: index 5 is out of bounds/],

  // ---- products and linear algebra ----
  ["matmul of misaligned matrices", () => np.matmul(np.ones([2, 3]), np.ones([2, 3])), /np\.matmul: inner dimensions differ: lhs \[2,3\] · rhs \[2,3\] \(3 ≠ 2\)/],
  ["matmul of a scalar", () => np.matmul(1, x), /np\.matmul: operands must be at least 1-D, got shapes \[\] and \[2,2\]/],
  ["matmul with one argument", () => A.matmul(x), /np\.matmul: argument y is missing/],
  ["dot of misaligned arrays", () => np.dot(np.ones([2, 3]), np.ones([2])), /np\.dot: shapes \[2,3\] and \[2\] not aligned/],
  ["einsum with too few operands", () => np.einsum("ij,jk->ik", x), /np\.einsum: subscripts 'ij,jk->ik' name 2 operand\(s\) but 1 were given/],
  ["einsum with an unknown output index", () => np.einsum("ij->k", x), /np\.einsum: output index 'k' does not appear in the inputs/],
  ["tensordot over too many axes", () => np.tensordot(x, x, 3), /np\.tensordot: axes = 3 must be an integer in \[0, 2\]/],
  ["diagonal of a vector", () => np.diagonal(v3), /np\.diagonal: needs an array of rank ≥ 2, got shape \[3\]/],
  ["trace over one axis twice", () => np.trace(x, 0, 0, 0), /np\.trace: axis1 and axis2 must differ/],
  ["linalg.inv of a vector", () => np.linalg.inv(v3), /inv.*\[3\]/],
  ["linalg.solve of mismatched shapes", () => np.linalg.solve(np.eye(2), np.ones([3])), /solve: b \[3\] does not match a \[2,2\]/],
  ["linalg.cholesky of a non-square matrix", () => np.linalg.cholesky(np.ones([2, 3])), /cholesky.*\[2,3\]/],

  // ---- sorting ----
  ["sort beyond the rank", () => np.sort(x, 2), /np\.sort: axis 2 is out of bounds/],
  ["sort with an options object", () => A.sort(x, { axis: 0 }), /np\.sort: argument axis must not be an options object, got \{"axis":0\}/],
  ["argsort with a kind", () => A.argsort(x, 0, "stable"), /np\.argsort: expected at most 2 arguments \(x, axis\), got 3/],
  ["topK with k too large", () => np.topK(v3, 5), /np\.topK: k = 5 is larger than the last axis of shape \[3\]/],
  ["searchsorted into a matrix", () => np.searchsorted(x, 1), /np\.searchsorted: a must be 1-D, got shape \[2,2\]/],
  ["searchsorted with an unknown side", () => A.searchsorted([1, 2], 1, { side: "middle" }), /np\.searchsorted: side must be "left" or "right", got "middle"/],
  ["unique with a misspelled option", () => A.unique(x, { sizes: 3 }), /np\.unique: unknown option "sizes"; expected one of: size, fillValue/],
  ["unique with a negative size", () => np.unique(x, { size: -1 }), /np\.unique: size must be a non-negative integer, got -1/],

  // ---- random ----
  ["normal with a number for the key", () => R.normal(3, [2]), /random\.normal: expected a PRNG key .* got 3/],
  ["normal with a float array for the key", () => random.normal(np.zeros([2]), [2]), /random\.normal: expected a PRNG key .* got float32\[2\]/],
  ["uniform with a negative shape", () => random.uniform(key, [-1]), /random\.uniform: shape must be non-negative integers .* got \[-1\]/],
  ["uniform with a misspelled option", () => R.uniform(key, [2], { minval: 0, maxvl: 1 }), /random\.uniform: unknown option "maxvl"; expected one of: dtype, minval, maxval/],
  ["uniform with a dtype string for options", () => R.uniform(key, [2], "float64"), /random\.uniform: argument opts must be an options object \{ dtype, minval, maxval \}, got "float64"/],
  ["split with three arguments", () => R.split(key, 2, 3), /random\.split: expected at most 2 arguments \(key, num\), got 3/],
  ["randint without maxval", () => R.randint(key, [2], 0), /random\.randint: argument maxval is missing/],
  ["key of a negative seed", () => random.key(-1), /random\.key: seed must be a non-negative integer below 2\^53 or an integer array of shape \[\], got -1/],
  ["key with no seed", () => R.key(), /random\.key: argument seed is missing/],
  ["categorical without logits", () => R.categorical(key), /random\.categorical: argument logits is missing/],
  ["normal of an int dtype", () => R.normal(key, [2], { dtype: "int32" }), /random\.normal: .*int32/],

  // ---- nn and special ----
  ["relu with no argument", () => N.relu(), /nn\.relu: argument x is missing/],
  ["softmax beyond the rank", () => nn.softmax(x, 5), /nn\.softmax: axis 5 is out of bounds/],
  ["softmax with an unknown option", () => N.softmax(x, { axes: 0 }), /nn\.softmax: unknown option "axes"; expected one of: axis, where/],
  ["oneHot with a fractional class count", () => nn.oneHot(v3, 2.5), /nn\.oneHot: numClasses must be a non-negative integer, got 2\.5/],
  ["oneHot without a class count", () => N.oneHot(v3), /nn\.oneHot: argument numClasses is missing/],
  ["gelu with a string flag", () => N.gelu(x, "yes"), /nn\.gelu: approximate must be a boolean, got "yes"/],
  ["leakyRelu with a string slope", () => N.leakyRelu(x, "0.1"), /nn\.leakyRelu: negativeSlope must be a number, got "0\.1"/],
  ["logsumexp with a misspelled option", () => S.logsumexp(x, { axes: 0 }), /special\.logsumexp: unknown option "axes"; expected one of: axis, keepdims, b/],
  ["xlogy with one argument", () => S.xlogy(x), /special\.xlogy: argument y is missing/],
  ["erf with two arguments", () => S.erf(x, 1), /special\.erf: expected at most 1 argument \(x\), got 2/],

  // ---- transformations ----
  ["vmap of a function returning undefined", () => vmap((() => undefined) as any)(v3), /vmap: f returned undefined/],
  ["vmap of a function returning a string", () => vmap((() => "a") as any)(v3), /vmap: f returned "a"/],
  ["vmap of a function returning a function", () => vmap((() => sumF) as any)(v3), /vmap: f returned a function \(sumF\)/],
  ["vmap of a function returning a string in a tree", () => vmap((a: NDArray) => [a, "b"])(v3), /vmap: leaf 1 of f's output is "b"/],
  ["jit of a function returning undefined", () => jit((_: NDArray) => undefined)(v3), /jit: f returned undefined/],
  ["grad of a function returning undefined", () => grad((() => undefined) as any)(1), /grad: f returned undefined/],
  ["grad of a non-scalar function", () => grad((a: NDArray) => a)(v3), /grad: f must return a scalar \(shape \[\]\), got f32\[3\]/],
  ["grad of an integer-valued function", () => grad((() => np.array(1, { dtype: "int32" })) as any)(1), /grad: f must return a float scalar, got int32/],
  ["grad with argnums out of range", () => grad(sumF, { argnums: 2 })(v3), /grad: argnums 2 is out of range for 1 argument/],
  ["grad with a string argnums", () => grad(sumF, { argnums: "0" } as any), /grad: argnums must be a non-negative integer or an array of them, got "0"/],
  ["grad with a misspelled option", () => grad(sumF, { argnum: 0 } as any), /grad: unknown option "argnum"; expected one of: argnums, hasAux/],
  ["grad of a number", () => grad(3 as any), /grad: expected a function to transform, got 3/],
  ["vmap with a misspelled option", () => vmap(sumF, { inAxis: 0 } as any), /vmap: unknown option "inAxis"; expected one of: inAxes, outAxes, axisSize/],
  ["vmap over a missing axis", () => vmap(sumF, { inAxes: 2 })(v3), /vmap: axis 2 is out of bounds for an array of rank 1/],
  ["vmap of inconsistent sizes", () => vmap(np.add)(np.ones(2), np.ones(3)), /vmap: inconsistent sizes for the mapped axis/],
  ["jit with a misspelled option", () => jit(sumF, { staticArgnum: 0 } as any), /jit: unknown option "staticArgnum"; expected one of: staticArgnums/],
  ["jit of a string", () => jit("f" as any), /jit: expected a function to transform, got "f"/],
  ["jvp with a tangent of another shape", () => jvp(sumF, [v3], [np.ones(2)]), /jvp: tangent 0 has shape\/dtype f32\[2\] but its primal has f32\[3\]/],
  ["jvp with unwrapped primals", () => jvp(sumF, v3 as any, v3 as any), /jvp: primals and tangents must be arrays/],
  ["vjp with a cotangent of another shape", () => vjp((a: NDArray) => a, v3)[1](np.ones(2)), /vjp: cotangent 0 has shape\/dtype f32\[2\] but the output has f32\[3\]/],
  ["makeJaxpr of a number", () => makeJaxpr(3 as any), /makeJaxpr: expected a function to transform, got 3/],
  ["jacfwd of a function returning undefined", () => jacfwd((() => undefined) as any)(v3), /jacfwd: f returned undefined/],
  ["jacrev of a function returning a string", () => jacrev((() => "a") as any)(v3), /jacrev: f returned "a"/],
  ["hessian of a number", () => hessian(3 as any)(v3), /jacrev: expected a function to transform, got 3/],
  ["linearize of a function returning undefined", () => linearize((() => undefined) as any, 1), /linearize: f returned undefined/],
  // ---- issue 11: layers, initializers, losses ----
  ["dense with a fractional width", () => nn.dense(2.5), /nn\.dense: features must be a positive integer, got 2\.5/],
  ["dense applied to the wrong width", () => nn.dense(3).apply(nn.dense(3).init(key, [4]), np.ones([2])), /dense\(3\): input of shape \[2\] but params were made for 4 input features/],
  ["sequential of a number", () => N.sequential(nn.dense(2), 5), /nn\.sequential: layers\[1\] must be a layer/],
  ["heNormal with a misspelled option", () => N.initializers.heNormal({ inaxis: 0 }), /nn\.initializers\.heNormal: unknown option "inaxis"/],
  ["softmaxCrossEntropy with a label out of range", () => nn.softmaxCrossEntropy(np.zeros([2, 3]), np.array([0, 3], { dtype: "int32" })), /nn\.softmaxCrossEntropy: labels must be class ids in \[0, 3\), got labels from 0 to 3/],
  ["mse of mismatched shapes", () => nn.mse(np.zeros([3]), np.zeros([3, 1])), /nn\.mse: predictions of shape \[3\] and targets of shape \[3, 1\] must have the same shape/],
  // ---- issue 11: data ----
  ["batches of unequal leading dims", () => data.batches(null, [np.ones([3]), np.ones([4])], 2), /data\.batches: the arrays differ in their leading dimension \(number of examples\): shapes \[3\], \[4\]/],
  ["batches with a batch size of zero", () => data.batches(key, np.ones([3]), 0), /data\.batches: batchSize must be an integer ≥ 1, got 0/],
  ["batches with a misspelled option", () => (data as any).batches(key, np.ones([3]), 2, { drop_last: true }), /data\.batches: unknown option "drop_last"; expected one of: shuffle, dropLast/],
  ["trainTestSplit of everything", () => data.trainTestSplit(key, np.ones([3]), { testSize: 3 }), /data\.trainTestSplit: testSize 3 leaves no training example/],
  ["twoMoons of one point", () => data.twoMoons(key, 1), /data\.twoMoons: n must be an integer ≥ 2/],
  // ---- issue 10: the public lax wrappers (no broadcasting, no promotion) ----
  ["lax.add of shapes [3] and [2,2]", () => lax.add(v3, x), /lax\.add: operand shapes differ: \[3\] vs \[2,2\]/],
  ["lax.mul of float32 and int32", () => lax.mul(v3, np.array([1, 2, 3], "int32")), /lax\.mul: operand dtypes differ: float32 vs int32/],
  ["lax.exp of a JS list", () => (lax as any).exp([1, 2]), /lax\.exp: x must be an NDArray or a JS number, got \[1,2\]/],
  ["lax.reshape to the wrong size", () => lax.reshape(v3, [2, 2]), /lax\.reshape: cannot reshape \[3\] \(3 elements\) to \[2,2\]/],
  ["lax.transpose with a negative axis", () => lax.transpose(x, [-1, 0]), /lax\.transpose: permutation entry -1 is out of range for an array of rank 2/],
  ["lax.dot with mismatched inner sizes", () => lax.dot(x, v3), /lax\.dot: inner dimensions differ: lhs \[2,2\] · rhs \[3\] \(2 ≠ 3\)/],
  ["lax.cumsum with an unknown option", () => (lax as any).cumsum(v3, { revers: true }), /lax\.cumsum: unknown option "revers"; expected one of: axis, reverse/],
];

test(`misuse: ${cases.length} kinds of misuse each throw an error naming the function and the offending value`, () => {
  assert.ok(cases.length >= 80);
  const failures: string[] = [];
  for (const [what, call, re] of cases) {
    let result: unknown;
    try {
      result = call();
    } catch (e) {
      if (!(e instanceof Error)) failures.push(`${what}: threw a non-Error ${String(e)}`);
      else if (!re.test(e.message)) failures.push(`${what}: message ${JSON.stringify(e.message)} does not match ${re}`);
      continue;
    }
    failures.push(`${what}: returned ${result instanceof NDArray ? `an array ${result.dtype}[${result.shape}]` : String(result)} instead of throwing`);
  }
  assert.deepEqual(failures, []);
});

test("misuse: every public function of np, nn, special, random, optim, data and lax is checked against a signature", () => {
  const unchecked: string[] = [];
  // ---- issue 12: stats ----
  const statsNs = Object.fromEntries(Object.entries(stats).map(([k, v]) => [`stats.${k}`, v]));
  // ---- issue 11/12: hfmodel ----
  const hfNs = { hf, "hf.Workspace": hf.Workspace, "hf.PatchSet": hf.PatchSet, "hf.simplemodels": hf.simplemodels, "hf.mle": hf.mle, "hf.infer": hf.infer, "hf.infer.testStatistics": hf.infer.testStatistics, "hf.infer.calculators": hf.infer.calculators, "hf.infer.intervals.upperLimits": hf.infer.intervals.upperLimits };
  // ---- issue 14: linop ----
  const linopNs = { linop };
  for (const [ns, mod] of Object.entries({ np, nn, "nn.initializers": nn.initializers, special, random, optim, data, lax, fit, ...statsNs, ...hfNs, ...linopNs })) {
    for (const [name, f] of Object.entries(mod)) {
      if (typeof f !== "function" || name === "Slice") continue;
      const sig = signatureOf(f);
      if (sig === undefined) unchecked.push(`${ns}.${name}`);
      // the signature names the namespace and the function as exported (aliases name themselves)
      else if (!sig.startsWith(`${ns}.${name === "var_" ? "var" : name}(`)) unchecked.push(`${ns}.${name}: signature ${sig}`);
    }
  }
  assert.deepEqual(unchecked, []);
});

test("misuse: the friendly forms the checks allow work (positional dtype, keyword-style options)", () => {
  check(np.zeros([2, 2], "float64"), [2, 2], [0, 0, 0, 0], "float64");
  check(np.ones(2, "int32"), [2], [1, 1], "int32");
  check(np.full([2], 3, "int32"), [2], [3, 3], "int32");
  check(np.zerosLike(x, "bool"), [2, 2], [false, false, false, false], "bool");
  check(np.identity(2, "int32"), [2, 2], [1, 0, 0, 1], "int32");
  check(np.eye(2, { dtype: "int32", k: 1 }), [2, 2], [0, 1, 0, 0], "int32");
  check(np.arange(3, { dtype: "float64" }), [3], [0, 1, 2], "float64");
  check(np.arange(1, 3, "float32"), [2], [1, 2], "float32");
  check(np.linspace(0, 1, { endpoint: false }), [50], Array.from({ length: 50 }, (_, i) => i / 50), "float32");
  check(np.array([1.7, -1.7], "int32"), [2], [1, -1], "int32");
  check(np.asArray([1, 2], "int32"), [2], [1, 2], "int32");
  check(X.transpose(1, 0), [2, 2], [1.5, 3, -2, 4]); // as NumPy's ndarray.transpose(*axes)
  check(X.reshape(4), [4], [1.5, -2, 3, 4]);
  check(X.reshape(1, 4), [1, 4], [1.5, -2, 3, 4]); // as NumPy's ndarray.reshape(*shape)
  check(np.asArray(x, { dtype: "float64" }), [2, 2], [1.5, -2, 3, 4], "float64");
  check(np.round(np.array([1.26, -2.35], { dtype: "float64" }), { decimals: 1 }), [2], [1.3, -2.4], "float64", 1e-12);
  check(np.round(np.array([1.26], { dtype: "float64" }), 1), [1], [1.3], "float64", 1e-12);
  check(np.argmax(x, { axis: 1, keepdims: true }), [2, 1], [0, 1], "int32");
  check(np.cumsum(x, { axis: 0, dtype: "float64" }), [2, 2], [1.5, -2, 4.5, 2], "float64");
  check(nn.gelu(np.array([0]), { approximate: false }), [1], [0]);
  check(nn.oneHot(np.array([1], { dtype: "int32" }), 2, "int32"), [1, 2], [0, 1], "int32");
  check(special.logsumexp(np.array([[0, 0], [0, 0]]), 1), [2], [Math.LN2, Math.LN2]);
  check(np.clip(np.array([-2, 2]), -1), [2], [-1, 2]);
});

test("misuse: np.array stacks NDArrays (nested, mixed with numbers and lists, promoted), also under transformations", () => {
  const a = np.array([1, 2], { dtype: "int32" }), b = np.array([3, 4], { dtype: "float64" });
  check(np.array([a, b]), [2, 2], [1, 2, 3, 4], "float64");
  check(np.array([a, [5, 6]]), [2, 2], [1, 2, 5, 6], "int32"); // JS numbers are weak: they take a's dtype
  check(np.array([[a, a], [a, a]]), [2, 2, 2], [1, 2, 1, 2, 1, 2, 1, 2], "int32");
  check(np.array([np.array(1), 2, np.array(3)]), [3], [1, 2, 3], "float32");
  check(np.array([a, b], { dtype: "int32" }), [2, 2], [1, 2, 3, 4], "int32");
  check(np.array([a, b], { shape: [4] }), [4], [1, 2, 3, 4], "float64");
  // stacking is built from lax ops: it traces through vmap, grad and jit
  check(vmap((r: NDArray) => np.array([r, np.multiply(r, 2)]))(np.ones([3, 2])), [3, 2, 2], Array(3).fill([1, 1, 2, 2]).flat());
  check(grad((t: NDArray) => np.sum(np.array([t, np.multiply(t, t)])))(np.array(3)), [], 7);
  check(jit((t: NDArray) => np.array([t, t]))(np.array([1, 2])), [2, 2], [1, 2, 1, 2]);
});

test("misuse: float → int conversion saturates as XLA (NaN → 0) in np.array, np.full, astype and under jit", () => {
  const src = [NaN, Infinity, -Infinity, 1e10, -1e10, 2.9, -2.9, 2147483647.5, -2147483648.5];
  const i32 = [0, 2147483647, -2147483648, 2147483647, -2147483648, 2, -2, 2147483647, -2147483648];
  const u32 = [0, 4294967295, 0, 4294967295, 0, 2, 0, 2147483647, 0];
  check(np.array(src, { dtype: "int32" }), [9], i32, "int32", 0);
  check(np.array(src, { dtype: "uint32" }), [9], u32, "uint32", 0);
  check(np.array(Float64Array.from(src), { dtype: "int32" }), [9], i32, "int32", 0);
  for (const dtype of ["float64", "float32"] as const) {
    const f = np.array(src, { dtype });
    const r32 = dtype === "float32" ? [0, 2147483647, -2147483648, 2147483647, -2147483648, 2, -2, 2147483647, -2147483648] : i32;
    check(f.astype("int32"), [9], r32, "int32", 0);
    check(f.astype("uint32"), [9], dtype === "float32" ? [0, 4294967295, 0, 4294967295, 0, 2, 0, 2147483648, 0] : u32, "uint32", 0);
    check(jit((t: NDArray) => t.astype("int32"))(f), [9], r32, "int32", 0);
    check(jit((t: NDArray) => np.add(t, 0).astype("uint32"))(f), [9], dtype === "float32" ? [0, 4294967295, 0, 4294967295, 0, 2, 0, 2147483648, 0] : u32, "uint32", 0);
  }
  check(np.array(1e10).astype("int32"), [], 2147483647, "int32", 0);
  check(np.full([1], 1e10, "int32"), [1], [2147483647], "int32", 0);
  // → bool: NaN is true (as NumPy's bool(nan)), on the host and in kernels
  check(np.array([NaN, 0, -0, 2], { dtype: "bool" }), [4], [true, false, false, true], "bool");
  check(np.array([NaN, 0, -0, 2]).astype("bool"), [4], [true, false, false, true], "bool");
  // int ↔ uint keeps the 32 bits (as XLA)
  check(np.array([-1], { dtype: "int32" }).astype("uint32"), [1], [4294967295], "uint32", 0);
});

test("reductions take NumPy's positional axis followed by an options object", () => {
  const x = np.arange(6).reshape([2, 3]);
  assert.deepEqual(np.sum(x, 1, { keepdims: true }).toArray(), [[3], [12]]);
  assert.deepEqual(x.sum(0, { keepdims: true }).toArray(), [[3, 5, 7]]);
  assert.deepEqual(np.var(x, 1, { ddof: 1 }).toArray(), [1, 1]);
  assert.deepEqual(np.std(x, 0, { ddof: 1, keepdims: true }).shape, [1, 3]);
  assert.deepEqual(np.max(x, null, { keepdims: true }).toArray(), [[5]]);
  assert.deepEqual(np.any(x, 0, { keepdims: true }).toArray(), [[true, true, true]]);
  assert.equal(np.prod(np.array([true, true]), 0, { dtype: "float64" }).dtype, "float64");
  assert.deepEqual(jit((v: NDArray) => np.mean(v, 0, { keepdims: true }))(x).toArray(), [[1.5, 2.5, 3.5]]);
  assert.throws(() => (np.sum as any)(x, 1, { axis: 0 }), /np\.sum: unknown option "axis"; expected one of: keepdims, dtype/);
  assert.throws(() => (np.sum as any)(x, { axis: 1 }, { keepdims: true }), /np\.sum: options given twice/);
  assert.throws(() => (np.max as any)(x, 1, { dtype: "float64" }), /np\.max: unknown option "dtype"; expected one of: keepdims/);
  assert.throws(() => (np.mean as any)(x, 1, true), /np\.mean: argument opts must be an options object \{ keepdims, dtype \}, got true/);
});

test("checkpoint, customJvp and customVjp refuse a non-function at once, naming themselves", () => {
  assert.throws(() => checkpoint(3 as any), /checkpoint: expected a function to transform, got 3/);
  assert.throws(() => customJvp(np.sin, "rule" as any), /customJvp \(the jvp rule\): expected a function to transform, got "rule"/);
  assert.throws(() => customVjp(np.sin, (x: any) => [x, x], null as any), /customVjp \(bwd\): expected a function to transform, got null/);
});
