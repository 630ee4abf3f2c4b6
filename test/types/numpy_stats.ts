/**
 * @file Static types of the issue-10 math/statistics functions, checked by `tsc -p test/types`:
 * tuple results (`returned`, divmod, modf, frexp, histograms) and option keys that must be compile errors.
 */
import { NDArray, np } from "../../src/index.js";

type Equal<X, Y> = (<T>() => T extends X ? 1 : 2) extends <T>() => T extends Y ? 1 : 2 ? true : false;
const check = <T extends true>() => {};
const x = np.array([[1, 2], [3, 4]]);

check<Equal<ReturnType<typeof np.median>, NDArray>>();
const avg = np.average(x, { axis: 0, weights: [1, 2] });
check<Equal<typeof avg, NDArray>>();
const withSum = np.average(x, { axis: 0, returned: true });
check<Equal<typeof withSum, [NDArray, NDArray]>>();
const withSum2 = np.average(x, 0, { returned: true });
check<Equal<typeof withSum2, [NDArray, NDArray]>>();
check<Equal<ReturnType<typeof np.divmod>, [NDArray, NDArray]>>();
check<Equal<ReturnType<typeof np.modf>, [NDArray, NDArray]>>();
check<Equal<ReturnType<typeof np.frexp>, [NDArray, NDArray]>>();
check<Equal<ReturnType<typeof np.histogram>, [NDArray, NDArray]>>();
check<Equal<ReturnType<typeof np.histogram2d>, [NDArray, NDArray, NDArray]>>();
check<Equal<ReturnType<typeof np.histogramdd>, [NDArray, NDArray[]]>>();
check<Equal<ReturnType<typeof np.isclose>, NDArray<"bool">>>();
check<Equal<ReturnType<typeof np.isscalar>, boolean>>();
check<Equal<ReturnType<typeof np.resultType>, "bool" | "int32" | "uint32" | "float32" | "float64" | "complex64" | "complex128">>();
np.quantile(x, [0.25, 0.75], { axis: 1, method: "midpoint", keepdims: true });
// @ts-expect-error -- not a method of jnp.quantile
np.quantile(x, 0.5, { method: "cubic" });
// @ts-expect-error -- NumPy's old keyword is not an option
np.quantile(x, 0.5, { interpolation: "linear" });
// @ts-expect-error -- the options are camelCase
np.isclose(x, x, { equal_nan: true });
// @ts-expect-error -- the period is a number
np.interp(x, [1, 2], [3, 4], { period: "2" });
