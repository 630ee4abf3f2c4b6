/**
 * @file The checked `tree` namespace (pytree utilities) with its signatures; trees are `*` (their
 * dicts are data, not options). The core functions in src/core/pytree.ts stay unchecked for internal use.
 */
import { checked } from "../numpy/signature.js";

// errors from inside keep their text: these functions run user code (or name themselves already)
const c = <F extends (...args: any[]) => any>(f: F, sig: string): F => checked(f, sig, { renameErrors: false });
import * as pt from "../core/pytree.js";

export * from "../core/pytree.js";
export const registerNode = c(pt.registerNode, "tree.registerNode(cls, flatten, unflatten)");
export const flatten = c(pt.flatten, "tree.flatten(x*, opts?{isLeaf})");
export const broadcastPrefix = c(pt.broadcastPrefix, "tree.broadcastPrefix(prefix*, full*, isLeaf, what?)");
export const unflatten = c(pt.unflatten, "tree.unflatten(def, leaves)");
export const leaves = c(pt.leaves, "tree.leaves(x*, opts?{isLeaf})");
export const structure = c(pt.structure, "tree.structure(x*, opts?{isLeaf})");
export const map = c(pt.map, "tree.map(f, x*, ...rest*)");
