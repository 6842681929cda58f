#!/usr/bin/env node
// Executable entry of the `bulkhead` command: `ts2c` runs from a cached bundle of the transpiler (fast
// start, cli/bin/ts2c-bundle.mjs); every other command loads the TypeScript CLI through tsx.
const argv = process.argv.slice(2);
if (argv[0] === 'ts2c' && !argv.includes('--help') && !argv.includes('-h')) {
  const { loadBundledTs2c } = await import('./ts2c-bundle.mjs');
  const run = await loadBundledTs2c();
  if (run !== undefined) process.exit(await run(argv.slice(1)));
}
const { register } = await import('tsx/esm/api');
register();
const { runAndExit } = await import('../main.ts');
await runAndExit(argv);
