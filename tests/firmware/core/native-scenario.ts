// Runs a scenario module written in the subset natively: transpiles it with a tables module derived
// from `tables`, links the C with an entry that hands the tables to the port layer and calls the
// scenario's exported entry function, and returns what the program prints. Shared by the differential
// tests that compare a Node run with the transpiled C (tests/firmware/core, tests/firmware/core/vcan).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { tablesModuleSource } from '../../../cli/build/generate/tables-module.ts';
import type { SystemTables } from '../../../firmware/core/tables.ts';
import { formatDiagnostic, transpile, writeTranspileResult } from '../../../transpiler/index.ts';

export interface NativeScenario {
  /** Output directory, three levels below the repository root (the tables module imports from it). */
  outDir: string;
  /** The scenario module (subset), relative to the repository root. */
  scenarioFile: string;
  /** Exported function of the scenario taking one u32 argument and returning an integer. */
  entry: string;
  argument: number;
  /** Names the tables module and the binary. */
  tag: string;
}

export function runScenarioNatively(tables: SystemTables, scenario: NativeScenario): string {
  const { outDir, tag } = scenario;
  const cDir = join(outDir, 'c');
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(cDir, { recursive: true });
  const tablesFile = join(outDir, `${tag}-tables.ts`);
  writeFileSync(tablesFile, tablesModuleSource(tables, '../../../firmware/core/tables.ts', tag));
  const result = transpile({ entries: [resolve(scenario.scenarioFile), tablesFile] });
  assert.deepEqual(
    result.diagnostics.map(formatDiagnostic),
    [],
    'the scenario and the code it drives are in the subset',
  );
  writeTranspileResult(result, cDir);
  const tablesModule = result.modules.find((m) => resolve(m.tsFile) === resolve(tablesFile));
  const scenarioModule = result.modules.find((m) => basename(m.tsFile) === basename(scenario.scenarioFile));
  assert.ok(tablesModule !== undefined && scenarioModule !== undefined);
  const entrySymbol = scenarioModule.exports[scenario.entry];
  assert.ok(entrySymbol !== undefined, `the scenario exports ${scenario.entry}`);
  // The C object holding the tables, as the generated header declares it.
  const header = readFileSync(join(cDir, tablesModule.hFile), 'utf8');
  const tablesSymbol = /extern const struct \w+ (\w+);/.exec(header)?.[1];
  assert.ok(tablesSymbol !== undefined, 'the tables header declares the tables object');
  writeFileSync(
    join(cDir, 'entry.c'),
    [
      `#include "${scenarioModule.hFile}"`,
      `#include "${tablesModule.hFile}"`,
      '#include "image_tables.h"',
      'int bh_test_entry(void);',
      `const struct tables_system_tables *bh_port_system_tables(void) { return &${tablesSymbol}; }`,
      `int bh_test_entry(void) { return (int)${entrySymbol}(${scenario.argument}u); }`,
      '',
    ].join('\n'),
  );
  const sources = result.files.filter((f) => f.path.endsWith('.c')).map((f) => join(cDir, f.path));
  const binary = join(outDir, `${tag}-native`);
  execFileSync(
    'gcc',
    [
      ...['-std=c11', '-O1', '-Wall', '-Wextra', '-Werror', '-pedantic', '-I', cDir],
      ...sources,
      join(cDir, 'entry.c'),
      resolve('tests/firmware/core/fixtures/host-port.c'),
      ...['-o', binary],
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  return execFileSync(binary, { encoding: 'latin1' });
}
