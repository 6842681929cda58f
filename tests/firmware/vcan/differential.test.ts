// Differential test of the virtual CAN bus: one scenario (fixtures/vcan-scenario.ts, in the subset)
// drives the bus with pseudo-random host input and VM sends/receives. It runs in Node against the
// simulated port layer and, transpiled to C, natively with the core's host port layer
// (tests/firmware/core/fixtures/host-port.c). Both must write byte-identical UART output: every SLCAN
// reply and frame line, every hypercall result and received frame, and the final counters.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tablesModuleSource } from '../../../firmware/config/derive.ts';
import type { SystemTables } from '../../../firmware/core/tables.ts';
import { GuestMemory } from '../../../firmware/sim/guest-memory.ts';
import { PortSimulation, installPortSimulation } from '../../../firmware/sim/port-simulation.ts';
import { formatDiagnostic, transpile, writeTranspileResult } from '../../../transpiler/index.ts';
import { codeBase, tablesOf } from '../core/support.ts';
import { runVcanScenario } from './fixtures/vcan-scenario.ts';
import { busSystem } from './support.ts';

const ROUNDS = 3000;
const OUT = resolve(`out/test/vcan-differential-${process.pid}`);

function nodeRun(tables: SystemTables): string {
  const sim = new PortSimulation(new GuestMemory(codeBase(0), 0x0030_0000), tables);
  installPortSimulation(sim);
  let out = `init ${runVcanScenario(ROUNDS)}\n`;
  for (let uart = 0; uart < 4; uart++) {
    const text = sim.uartText(uart);
    if (text.length > 0) out += `== uart ${uart}\n${text}`;
  }
  return out;
}

function nativeRun(tables: SystemTables): string {
  mkdirSync(join(OUT, 'c'), { recursive: true });
  const tablesFile = join(OUT, 'vcan-tables.ts');
  writeFileSync(
    tablesFile,
    tablesModuleSource(tables, '../../../firmware/core/tables.ts', 'vcan-differential'),
  );
  const result = transpile({
    entries: [resolve('tests/firmware/vcan/fixtures/vcan-scenario.ts'), tablesFile],
  });
  assert.deepEqual(
    result.diagnostics.map(formatDiagnostic),
    [],
    'the bus and the scenario are in the subset',
  );
  writeTranspileResult(result, join(OUT, 'c'));
  const tablesModule = result.modules.find((m) => m.tsFile.endsWith('vcan-tables.ts'));
  const scenarioModule = result.modules.find((m) => m.tsFile.endsWith('vcan-scenario.ts'));
  assert.ok(tablesModule !== undefined && scenarioModule !== undefined);
  const header = readFileSync(join(OUT, 'c', tablesModule.hFile), 'utf8');
  const tablesSymbol = /extern const struct \w+ (\w+);/.exec(header)?.[1];
  assert.ok(tablesSymbol !== undefined, 'the tables header declares the tables object');
  writeFileSync(
    join(OUT, 'c', 'entry.c'),
    [
      `#include "${scenarioModule.hFile}"`,
      `#include "${tablesModule.hFile}"`,
      '#include "image_tables.h"',
      'int bh_test_entry(void);',
      `const struct tables_system_tables *bh_port_system_tables(void) { return &${tablesSymbol}; }`,
      `int bh_test_entry(void) { return (int)${scenarioModule.exports['runVcanScenario']}(${ROUNDS}u); }`,
      '',
    ].join('\n'),
  );
  const sources = result.files.filter((f) => f.path.endsWith('.c')).map((f) => join(OUT, 'c', f.path));
  const binary = join(OUT, 'vcan-native');
  execFileSync(
    'gcc',
    [
      '-std=c11',
      '-O1',
      '-Wall',
      '-Wextra',
      '-Werror',
      '-pedantic',
      '-I',
      join(OUT, 'c'),
      ...sources,
      join(OUT, 'c', 'entry.c'),
      resolve('tests/firmware/core/fixtures/host-port.c'),
      '-o',
      binary,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  return execFileSync(binary, { encoding: 'latin1' });
}

describe('firmware/core/vcan differential: Node simulation vs transpiled C', function () {
  this.timeout(120_000);
  after(() => rmSync(OUT, { recursive: true, force: true }));

  it('writes the same SLCAN replies, frames, call results and counters from both executions', () => {
    const tables = tablesOf(busSystem());
    const node = nodeRun(tables);
    // The scenario exercises what it claims to: replies of every kind, frames both ways, refusals.
    const bus = node.split('== uart 1\n')[1]?.split('== uart 2\n')[0] ?? '';
    for (const wanted of ['\x07', 'z\r', 'Z\r'])
      assert.ok(bus.includes(wanted), `bus output has ${JSON.stringify(wanted)}`);
    assert.match(bus, /\rt[0-9A-F]{3}[0-8]/, 'standard frames from the VMs reach the host');
    assert.match(bus, /\rT[0-9A-F]{8}[0-8]/, 'extended frames from the VMs reach the host');
    const results = node.split('== uart 2\n')[1] ?? '';
    for (const code of ['A', 'G', 'Q', 'a', 'i'])
      assert.ok(results.includes(code), `VM calls gave result ${code}`);
    let native: string;
    try {
      native = nativeRun(tables);
    } catch (e) {
      const err = e as { stderr?: Buffer; message: string };
      throw new Error(`native build or run failed: ${err.stderr?.toString() || err.message}`);
    }
    assert.equal(native, node);
  });
});
