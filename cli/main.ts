// The `bulkhead` command: dispatches `bulkhead <command> [args]` to cli/commands/<command>.ts.
// Each command module exports `summary` (one line for the help) and `run(args): Promise<number>`
// returning the process exit code.
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface CommandModule {
  summary: string;
  run(args: string[]): Promise<number>;
}

const commandsDir = join(dirname(fileURLToPath(import.meta.url)), 'commands');

function commandNames(): string[] {
  return readdirSync(commandsDir)
    .filter((f) => f.endsWith('.ts') && !f.startsWith('_'))
    .map((f) => f.slice(0, -3))
    .sort();
}

async function printHelp(): Promise<void> {
  console.log('usage: bulkhead <command> [options]\n\ncommands:');
  for (const name of commandNames()) {
    const mod = (await import(join(commandsDir, `${name}.ts`))) as CommandModule;
    console.log(`  ${name.padEnd(10)} ${mod.summary}`);
  }
  console.log('\n`bulkhead <command> --help` describes one command.');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    await printHelp();
    return name === undefined ? 2 : 0;
  }
  if (!commandNames().includes(name)) {
    console.error(`bulkhead: unknown command '${name}' (try 'bulkhead --help')`);
    return 2;
  }
  const mod = (await import(join(commandsDir, `${name}.ts`))) as CommandModule;
  return mod.run(args);
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(`bulkhead: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      process.exit(1);
    },
  );
}
