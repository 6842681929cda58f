// The `bulkhead` command: dispatches `bulkhead <command> [args]` to cli/commands/<command>.ts.
// Each command module exports `summary` (one line for the help) and `run(args): Promise<number>`
// returning the process exit code. An error a command does not handle itself ends the process with
// exit code 1 and a one-line message; its stack trace is printed only with BULKHEAD_DEBUG=1.
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

/** What the process prints for an error no command handled: `bulkhead <command>: <message>` (the
 *  stack trace only when `debug`, i.e. BULKHEAD_DEBUG=1). */
export function lastResortMessage(prefix: string, err: unknown, debug: boolean): string {
  if (!(err instanceof Error)) return `${prefix}: ${String(err)}`;
  if (debug) return `${prefix}: ${err.stack ?? err.message}`;
  return `${prefix}: ${err.message} (BULKHEAD_DEBUG=1 prints the stack trace)`;
}

/** Runs `bulkhead <argv>` and ends the process with its exit code; an error no command handled (thrown,
 *  rejected, or raised later by an event handler) ends it with exit code 1 and `lastResortMessage`. */
export async function runAndExit(argv: string[]): Promise<never> {
  const command = argv[0] !== undefined && commandNames().includes(argv[0]) ? argv[0] : undefined;
  const prefix = command === undefined ? 'bulkhead' : `bulkhead ${command}`;
  const debug = process.env['BULKHEAD_DEBUG'] === '1';
  const fail = (err: unknown): never => {
    console.error(lastResortMessage(prefix, err, debug));
    process.exit(1);
  };
  process.on('uncaughtException', fail);
  process.on('unhandledRejection', fail);
  let code: number;
  try {
    code = await main(argv);
  } catch (err) {
    return fail(err);
  }
  process.exit(code);
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  void runAndExit(process.argv.slice(2));
}
