/** @file Module types for Vite's query imports used by the playground. */
declare module "*?worker&url" {
  const url: string;
  export default url;
}
