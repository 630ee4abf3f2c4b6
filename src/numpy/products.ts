/** @file Products built on dot_general: vdot, inner, outer, tensordot, einsum, trace. */
export {};
