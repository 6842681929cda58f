// Job: `bulkhead trace summary|perfetto [FILE | system]`: read a recorded trace (by default the one
// `bulkhead run`/`start` recorded for the system, out/<system>/trace.txt) with the system description
// that names its numbers, and print the per-VM, per-major-frame summary (cli/trace/summary.ts) or write
// Chrome trace-event JSON for Perfetto UI / chrome://tracing (cli/trace/perfetto.ts). Exit 2 on bad
// arguments or input, naming them.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';

import { loadSystemDescription } from '../../firmware/config/load.ts';
import type { SystemDescription } from '../../firmware/config/types.ts';
import { systemFileFor } from '../build/system.ts';
import { QEMU_CYCLES_PER_NS, readTraceFile, traceContext, TraceInputError } from '../trace/decode.ts';
import { perfettoTrace } from '../trace/perfetto.ts';
import { traceFileOf } from '../trace/recording.ts';
import { formatSummary, summarizeTrace } from '../trace/summary.ts';

export const summary = 'summarise a recorded trace per VM and major frame, or convert it for Perfetto';

const DEFAULT_SYSTEM = 'demo';

export const traceUsage = `usage: bulkhead trace summary [FILE | system] [--system SYSTEM] [--json] [--cycles-per-ns N]
       bulkhead trace perfetto [FILE | system] -o OUT.json [--system SYSTEM] [--cycles-per-ns N]

  FILE              a recorded trace (default: out/<system>/trace.txt of the system, default '${DEFAULT_SYSTEM}')
  system            a system file (systems/*.ts) or name: its recorded trace
  --system SYSTEM   the system FILE was recorded from (default: the folder FILE lies in, if a system)
  --json            print the summary as JSON
  -o, --output OUT  where perfetto writes the JSON (load it in https://ui.perfetto.dev or chrome://tracing)
  --cycles-per-ns N PMU cycles per nanosecond of the recording (default ${QEMU_CYCLES_PER_NS}: QEMU)`;

class TraceArgumentError extends Error {}

interface TraceArguments {
  action: 'summary' | 'perfetto';
  target: string | null;
  system: string | null;
  json: boolean;
  output: string | null;
  cyclesPerNs: number;
}

function parseArguments(args: readonly string[]): TraceArguments | 'help' {
  const [action, ...rest] = args;
  if (action === undefined || action === '--help' || action === '-h') return 'help';
  if (action !== 'summary' && action !== 'perfetto') {
    throw new TraceArgumentError(`unknown action '${action}' (summary or perfetto)`);
  }
  const parsed: TraceArguments = {
    action,
    target: null,
    system: null,
    json: false,
    output: null,
    cyclesPerNs: QEMU_CYCLES_PER_NS,
  };
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    const value = (): string => {
      const next = rest[++i];
      if (next === undefined) throw new TraceArgumentError(`${arg} needs a value`);
      return next;
    };
    if (arg === '--help' || arg === '-h') return 'help';
    else if (arg === '--system') parsed.system = value();
    else if (arg === '--json' && action === 'summary') parsed.json = true;
    else if ((arg === '-o' || arg === '--output') && action === 'perfetto') parsed.output = value();
    else if (arg === '--cycles-per-ns') {
      const text = value();
      const n = Number(text);
      if (!(n > 0)) throw new TraceArgumentError(`--cycles-per-ns '${text}' is not a positive number`);
      parsed.cyclesPerNs = n;
    } else if (arg.startsWith('-'))
      throw new TraceArgumentError(`unknown option '${arg}' for trace ${action}`);
    else if (parsed.target !== null) throw new TraceArgumentError(`unexpected argument '${arg}'`);
    else parsed.target = arg;
  }
  if (action === 'perfetto' && parsed.output === null)
    throw new TraceArgumentError('perfetto needs -o OUT.json');
  return parsed;
}

async function systemNamed(name: string): Promise<SystemDescription> {
  const file = systemFileFor(name);
  if (file === undefined || !existsSync(file)) {
    throw new TraceArgumentError(`system '${name}' is neither a file nor a name under systems/`);
  }
  return loadSystemDescription(file);
}

/** The trace file and the system description for the arguments. */
async function resolveInput(
  parsed: TraceArguments,
): Promise<{ file: string; desc: SystemDescription | null }> {
  const target = parsed.target ?? DEFAULT_SYSTEM;
  if (existsSync(target) && !target.endsWith('.ts')) {
    if (parsed.system !== null) return { file: target, desc: await systemNamed(parsed.system) };
    const folder = basename(dirname(target));
    const inferred = systemFileFor(folder);
    return {
      file: target,
      desc: inferred !== undefined && existsSync(inferred) ? await systemNamed(folder) : null,
    };
  }
  const file = systemFileFor(target);
  if (file === undefined || !existsSync(file)) {
    throw new TraceArgumentError(`'${target}' is neither a trace file nor a system`);
  }
  const desc = await loadSystemDescription(file);
  const recorded = traceFileOf(desc.name);
  if (!existsSync(recorded)) {
    throw new TraceArgumentError(
      `system '${desc.name}' has no recorded trace (${recorded}); record one with 'bulkhead start ${desc.name}'`,
    );
  }
  return { file: recorded, desc };
}

export async function run(args: string[]): Promise<number> {
  let parsed: TraceArguments | 'help';
  try {
    parsed = parseArguments(args);
  } catch (err) {
    if (!(err instanceof TraceArgumentError)) throw err;
    console.error(`bulkhead trace: ${err.message}\n\n${traceUsage}`);
    return 2;
  }
  if (parsed === 'help') {
    console.log(traceUsage);
    return 0;
  }
  try {
    const { file, desc } = await resolveInput(parsed);
    const context = traceContext(desc, parsed.cyclesPerNs);
    const records = readTraceFile(file, context);
    if (records.length === 0) throw new TraceInputError(`trace file '${file}' holds no complete record`);
    if (parsed.action === 'summary') {
      const result = summarizeTrace(records, context);
      if (parsed.json) {
        process.stdout.write(JSON.stringify({ ...result, slices: undefined }, null, 2) + '\n');
      } else process.stdout.write(formatSummary(result, file));
      return 0;
    }
    const output = parsed.output ?? 'trace.json';
    const trace = perfettoTrace(records, context);
    try {
      mkdirSync(dirname(resolve(output)), { recursive: true });
      writeFileSync(output, JSON.stringify(trace));
    } catch (err) {
      throw new TraceInputError(`cannot write '${output}': ${(err as Error).message}`);
    }
    console.log(
      `bulkhead trace: ${trace.traceEvents.length} events from ${records.length} records written to ${output}`,
    );
    return 0;
  } catch (err) {
    if (err instanceof TraceArgumentError || err instanceof TraceInputError) {
      console.error(`bulkhead trace: ${err.message}`);
      return 2;
    }
    throw err;
  }
}
