// Compiles or assembles one source into an object file with the toolchain flags; a failure throws a
// CompileError carrying the file and the compiler's message.
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';

import { CompileError, BuildSpecError } from './errors.ts';
import { fromRepo } from './paths.ts';
import { runTool } from './run-tool.ts';
import { defineFlags, type BuildSpec } from './spec.ts';
import { asmFlags, cFlags, cpuFlags, sourceKind, tools } from './toolchain.ts';

/** The full gcc argument list for one source (exported so tests can reuse the exact flags). */
export function compileArgs(source: string, object: string, spec: BuildSpec): string[] {
  const kind = sourceKind(source);
  if (kind === undefined) {
    throw new BuildSpecError(`not a C (.c) or assembly (.S) source: ${source}`);
  }
  return [
    ...(spec.cpuFlags ?? cpuFlags),
    ...(kind === 'c' ? [...cFlags, ...spec.extraCFlags] : asmFlags),
    ...spec.includeDirs.map((dir) => `-I${fromRepo(dir)}`),
    ...defineFlags(spec.defines),
    '-c',
    fromRepo(source),
    '-o',
    object,
  ];
}

export async function compileSource(source: string, object: string, spec: BuildSpec): Promise<void> {
  await mkdir(dirname(object), { recursive: true });
  const result = await runTool(tools.gcc, compileArgs(source, object, spec));
  if (result.code !== 0) {
    throw new CompileError(source, result.stderr || result.stdout);
  }
}
