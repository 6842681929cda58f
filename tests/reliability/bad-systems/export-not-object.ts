// Bad system: the default export is a number, not a description object.
// expect-output: bulkhead build: '{file}' must export its system description as the default export or as `export const system`
export default 42;
