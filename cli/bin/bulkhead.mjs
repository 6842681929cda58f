#!/usr/bin/env node
// Executable entry of the `bulkhead` command: loads the TypeScript CLI through tsx.
import { register } from 'tsx/esm/api';
register();
const { main } = await import('../main.ts');
process.exit(await main(process.argv.slice(2)));
