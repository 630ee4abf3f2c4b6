/**
 * @file The static types of the transformations: what a transformed function accepts (each NDArray
 * parameter also takes JS numbers and booleans, as pytree leaves) and what it returns (the same tree
 * with NDArray leaves). Untyped (`any`) parameters and results stay `any`.
 */
import type { NDArray } from "../core/array.js";
import type { TypedArray } from "../core/dtype.js";

type IsAny<T> = 0 extends 1 & T ? true : false;
/** What a transformation accepts as a leaf of its arguments. */
export type Leaf = NDArray | number | boolean;
// NB: a parameter that accepts an NDArray (NDArray, ArrayLike, unknown) is one leaf, whatever else it
// accepts: `grad(np.sin)` differentiates an array, not a nested JS list.
/** Values a tree type does not look into. */
type Opaque = string | bigint | symbol | null | undefined | TypedArray | ((...args: any[]) => unknown);

/** What a parameter declared as `T` accepts through a transformation: NDArray leaves also take numbers and booleans. */
export type ArgOf<T> =
  IsAny<T> extends true ? any
  : [T] extends [NDArray] ? Leaf
  : [NDArray] extends [T] ? T | Leaf
  : T extends Opaque | number | boolean ? T
  : T extends readonly unknown[] ? { [K in keyof T]: ArgOf<T[K]> }
  : T extends object ? { [K in keyof T]: ArgOf<T[K]> }
  : T;

/** The arguments of a transformed function whose own parameters are `P`. */
export type ArgsOf<P extends readonly unknown[]> = { [K in keyof P]: ArgOf<P[K]> };

/** A tree `T` as a transformation returns it: number and boolean leaves become NDArrays (NDArray leaves keep their type). */
export type Out<T> =
  IsAny<T> extends true ? any
  : [NDArray] extends [T] ? NDArray
  : T extends NDArray ? T
  : T extends number | boolean ? NDArray
  : T extends Opaque ? T
  : T extends readonly unknown[] ? { [K in keyof T]: Out<T[K]> }
  : T extends object ? { [K in keyof T]: Out<T[K]> }
  : T;

/** The derivative with respect to an argument declared as `T`: its tree with NDArray leaves. */
export type GradOf<T> =
  IsAny<T> extends true ? any
  : [NDArray] extends [T] ? NDArray
  : T extends Leaf ? NDArray
  : T extends Opaque ? T
  : T extends readonly unknown[] ? { [K in keyof T]: GradOf<T[K]> }
  : T extends object ? { [K in keyof T]: GradOf<T[K]> }
  : T;

/** One derivative per parameter of a function whose parameters are `P` (vjp, linearTranspose). */
export type GradsOf<P extends readonly unknown[]> = { -readonly [K in keyof P]-?: GradOf<P[K]> };

/** `argnums`: one position, or several. */
export type Argnums = number | readonly number[];

/** The derivative with respect to the parameters `N` selects: one tree for a number, a tuple for a list. */
export type GradAt<P extends readonly unknown[], N extends Argnums> =
  N extends number ? GradOf<P[N]> : N extends readonly number[] ? GradsAt<P, N> : never;
type GradsAt<P extends readonly unknown[], N extends readonly number[]> = { -readonly [K in keyof N]: GradOf<P[N[K]]> };

/** A Jacobian: the output tree `R` with each leaf replaced by the input-shaped tree `I`. */
export type JacOf<R, I> =
  IsAny<R> extends true ? any
  : [NDArray] extends [R] ? I
  : R extends Leaf ? I
  : R extends Opaque ? R
  : R extends readonly unknown[] ? { [K in keyof R]: JacOf<R[K], I> }
  : R extends object ? { [K in keyof R]: JacOf<R[K], I> }
  : R;

/** The `[output, aux]` a function with `hasAux` returns, split (`any` unless f returns a pair type). */
export type AuxOf<R> = IsAny<R> extends true ? any : R extends readonly [unknown, infer X] ? X : any;
export type MainOf<R> = IsAny<R> extends true ? any : R extends readonly [infer Y, unknown] ? Y : any;
