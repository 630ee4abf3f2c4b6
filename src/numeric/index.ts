/** @file Numeric differentiation (central differences + Richardson) and checkGrads. */
export {};
