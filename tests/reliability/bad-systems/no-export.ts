// Bad system: the module exports no system description (neither a default export nor `system`).
// expect-output: bulkhead build: '{file}' must export its system description as the default export or as `export const system`
export const notASystem = { name: 'bad-base' };
