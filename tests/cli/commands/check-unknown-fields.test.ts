// Job: unknown fields anywhere in a system description are configuration errors at their path — the
// validator's generic check against the field names of firmware/config/types.ts (system, VM, memory
// area, device, health policy and its restart rate, CAN filter, plan, slot, port, console route, the
// trace filter) — and `bulkhead check` prints them and exits 1.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { repoRoot } from '../../../cli/build/paths.ts';
import { getBoard } from '../../../firmware/config/boards.ts';
import { loadSystemDescription } from '../../../firmware/config/load.ts';
import type { SystemDescription } from '../../../firmware/config/types.ts';
import { validateSystem } from '../../../firmware/config/validate.ts';
import demo from '../../../systems/demo.ts';

type Data = Record<string, unknown>;

/** A deep copy of the demo system, as plain data that can take any field. */
function demoCopy(): Data {
  return JSON.parse(JSON.stringify(demo)) as Data;
}

/** Sets the field at a config path such as `vms[0].devices[0].irqq` of `desc`. */
function set(desc: Data, path: string, value: unknown): void {
  const steps = path.split(/[.[\]]+/).filter((step) => step !== '');
  let holder = desc;
  for (const step of steps.slice(0, -1)) holder = holder[step] as Data;
  holder[steps.at(-1)] = value;
}

function errorsOf(desc: Data): string[] {
  const board = getBoard(demo.board);
  return validateSystem(desc as unknown as SystemDescription, board).map((e) => `${e.path}: ${e.message}`);
}

describe('system descriptions: unknown fields', function () {
  this.timeout(60_000);

  it('accepts every system under systems/ and the optional fields (trace filter, restart rate, irq budget)', async () => {
    const files = readdirSync(join(repoRoot, 'systems')).filter((f) => f.endsWith('.ts') && f !== 'parts.ts');
    assert.ok(files.length >= 10, files.join(', '));
    for (const file of files) {
      const desc = await loadSystemDescription(join(repoRoot, 'systems', file));
      const unknown = validateSystem(desc, getBoard(desc.board)).filter((e) =>
        /unknown field/.test(e.message),
      );
      assert.deepEqual(unknown, [], file);
    }
    const desc = demoCopy();
    set(desc, 'trace', { vms: ['control'], kinds: ['switch'] });
    set(desc, 'vms[0].health.restartRate', { restarts: 2, ticks: 1000 });
    set(desc, 'vms[0].devices[0].irqBudgetPerFrame', 100);
    set(desc, 'idle', 'poll');
    set(desc, 'invariantsReportTicks', 0);
    assert.deepEqual(
      errorsOf(desc).filter((e) => /unknown field/.test(e)),
      [],
    );
  });

  it('names each unknown field by its path, in every kind of object', () => {
    const desc = demoCopy();
    set(desc, 'ticks', 1);
    set(desc, 'vms[0].devices[0].irqq', 8);
    set(desc, 'vms[1].memory[0].acces', 'rw');
    set(desc, 'vms[1].health.restartRate', { restarts: 1, ticks: 10, burst: 2 });
    set(desc, 'vms[1].health.watchdog', 5);
    set(desc, 'vms[1].canRx[0].ide', false);
    set(desc, 'vms[0].fpu', true);
    set(desc, 'plans[0].slots[1].length', 3);
    set(desc, 'plans[1].frame', 10);
    set(desc, 'ports[2].size', 16);
    set(desc, 'console[0].port', 0);
    set(desc, 'trace', { vms: [], kind: [] });
    const unknown = errorsOf(desc).filter((e) => /unknown field/.test(e));
    assert.deepEqual(
      unknown.map((e) => e.slice(0, e.indexOf(':'))),
      [
        'ticks',
        'vms[0].fpu',
        'vms[0].devices[0].irqq',
        'vms[1].memory[0].acces',
        'vms[1].health.watchdog',
        'vms[1].health.restartRate.burst',
        'vms[1].canRx[0].ide',
        'plans[0].slots[1].length',
        'plans[1].frame',
        'ports[2].size',
        'console[0].port',
        'trace.kind',
      ],
    );
    assert.ok(
      unknown.includes(
        'vms[0].devices[0].irqq: unknown field (a device assignment has device, virq, irqBudgetPerFrame)',
      ),
      unknown.join('\n'),
    );
  });

  it('`bulkhead check` prints the unknown field with its path and exits 1', () => {
    mkdirSync(join(repoRoot, 'out'), { recursive: true });
    const dir = mkdtempSync(join(repoRoot, 'out', 'unknown-fields-'));
    try {
      const desc = demoCopy();
      set(desc, 'vms[1].devices', [{ device: 'uart3', virq: 9, irqq: 4 }]);
      set(desc, 'traceUart', -1);
      const file = join(dir, 'typo.ts');
      writeFileSync(file, `export default ${JSON.stringify(desc, null, 2)};\n`);
      const result = spawnSync(
        process.execPath,
        ['--import', 'tsx', join(repoRoot, 'cli', 'main.ts'), 'check', file],
        { cwd: repoRoot, encoding: 'utf8' },
      );
      assert.equal(result.status, 1, result.stderr);
      assert.match(result.stderr, /^ {2}vms\[1\]\.devices\[0\]\.irqq: unknown field \(/m);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
