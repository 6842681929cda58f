// Transpiles the hypervisor core (firmware/core/hypervisor.ts and everything it imports) together with a
// system's tables module into C, substituting the system's limits module for firmware/core/limits.ts,
// and writes the one translation unit it is compiled as (generate/core-unit.ts). The output is reused
// while the content digest of the transpiler, the core, the port declarations, this step and the two
// generated modules is unchanged (content-cache.ts).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { formatDiagnostic, transpile, writeTranspileResult } from '../../transpiler/index.ts';
import { cachedRecord, contentDigest, filesUnder, writeRecord } from './content-cache.ts';
import { BuildSpecError } from './errors.ts';
import { CORE_UNIT_NAME, coreUnitSource } from './generate/core-unit.ts';
import { fromRepo } from './paths.ts';

/** The core's entry module, transpiled with everything it imports. */
export const coreEntry = 'firmware/core/hypervisor.ts';
/** The core's limits, replaced in an image by the system's own (generate/limits-module.ts). */
const coreLimits = 'firmware/core/limits.ts';
/** Folders whose `.ts` files (with the generated modules) determine the transpiled C. */
const transpileInputDirs = ['transpiler', 'firmware/core', 'firmware/port'] as const;
/** The steps that shape the output besides the transpiler itself. */
const transpileSteps = ['cli/build/transpile-core.ts', 'cli/build/generate/core-unit.ts'] as const;

/** The file the transpile step leaves in its C folder besides the generated C: its `TranspiledCore`
 *  and the digest of the inputs it was made from (content-cache.ts). */
export const TRANSPILE_RECORD = 'transpiled.json';

/** What the transpiled core left in its C folder. */
export interface TranspiledCore {
  /** Generated `.c` files to compile (relative to the C folder): the one core unit. */
  cFiles: string[];
  tablesHeader: string;
  tablesSymbol: string;
}

/** Transpiles the core with `tablesModule` and `limitsModule` into `cDir`, unless `cDir` already holds
 *  the output of identical inputs. */
export function transpileCore(
  system: string,
  tablesModule: string,
  limitsModule: string,
  cDir: string,
): TranspiledCore {
  const digest = contentDigest({
    files: [
      ...transpileInputDirs.flatMap((dir) => filesUnder(fromRepo(dir), (name) => name.endsWith('.ts'))),
      ...transpileSteps.map(fromRepo),
      fromRepo('node_modules/typescript/package.json'),
      tablesModule,
      limitsModule,
    ],
    settings: [tablesModule, limitsModule],
  });
  const recordFile = join(cDir, TRANSPILE_RECORD);
  const cached = cachedRecord<TranspiledCore>(recordFile, digest, (record) =>
    record.cFiles.map((file) => join(cDir, file)),
  );
  if (cached !== undefined) return cached;
  rmSync(cDir, { recursive: true, force: true });
  mkdirSync(cDir, { recursive: true });
  const result = transpile({
    entries: [fromRepo(coreEntry), tablesModule],
    substitutions: { [fromRepo(coreLimits)]: limitsModule },
  });
  if (result.diagnostics.length > 0) {
    throw new BuildSpecError(
      `transpiling the core for '${system}' failed:\n${result.diagnostics.map(formatDiagnostic).join('\n')}`,
    );
  }
  writeTranspileResult(result, cDir);
  const tables = result.modules.find((m) => resolve(m.tsFile) === resolve(tablesModule));
  const tablesSymbol = tables?.exports['SYSTEM_TABLES'];
  if (tables === undefined || tablesSymbol === undefined) {
    throw new BuildSpecError(`the transpiled tables module of '${system}' exports no SYSTEM_TABLES`);
  }
  const moduleFiles = result.files.filter((f) => f.path.endsWith('.c')).map((f) => f.path);
  writeFileSync(join(cDir, CORE_UNIT_NAME), coreUnitSource(system, moduleFiles, tables.hFile, tablesSymbol));
  const record: TranspiledCore = { cFiles: [CORE_UNIT_NAME], tablesHeader: tables.hFile, tablesSymbol };
  writeRecord(recordFile, digest, record);
  return record;
}
