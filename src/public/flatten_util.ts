/** @file The checked `flattenUtil` namespace (ravel a pytree to one vector) with its signatures. */
import { checked } from "../numpy/signature.js";

// errors from inside keep their text: these functions run user code (or name themselves already)
const c = <F extends (...args: any[]) => any>(f: F, sig: string): F => checked(f, sig, { renameErrors: false });
import * as fu from "../flatten_util/index.js";

export * from "../flatten_util/index.js";
export const ravelPytree = c(fu.ravelPytree, "flattenUtil.ravelPytree(tree*)");
