// The bus parts of `bulkhead start` without QEMU: the port setting (--can-port over BULKHEAD_CAN_PORT
// over a free port, bad values named with their source), the python-can interpreter search (a
// BULKHEAD_PYTHON that has it, one that does not, and the advice), and the connection lines.
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BusHub } from '../../../qemu/bus/bus-hub.ts';
import { resolveCanPort } from '../../../qemu/bus/can-port.ts';
import { findPythonCan, pythonCandidates } from '../../../qemu/bus/python-can.ts';
import { canBusNotes, dbcFileFor } from '../../../qemu/bus/start-bus.ts';
import type { SystemDescription } from '../../../firmware/config/types.ts';

describe('qemu/bus: the CAN port setting of bulkhead start', () => {
  it('takes --can-port, else BULKHEAD_CAN_PORT, else a free port', () => {
    assert.deepEqual(resolveCanPort('4000', { BULKHEAD_CAN_PORT: '5000' }), {
      port: 4000,
      source: '--can-port',
    });
    assert.deepEqual(resolveCanPort(null, { BULKHEAD_CAN_PORT: '5000' }), {
      port: 5000,
      source: 'BULKHEAD_CAN_PORT',
    });
    assert.deepEqual(resolveCanPort(null, {}), { port: 0, source: 'free' });
  });

  it('names a bad value and where it came from', () => {
    assert.throws(() => resolveCanPort('70000', {}), /--can-port '70000' is not a TCP port \(1\.\.65535\)/);
    assert.throws(() => resolveCanPort(null, { BULKHEAD_CAN_PORT: 'x1' }), /BULKHEAD_CAN_PORT 'x1' is not/);
    assert.throws(() => resolveCanPort('0', {}), /'0' is not a TCP port/);
  });
});

describe('qemu/bus: the python-can interpreter for the printed line', function () {
  this.timeout(60_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'bulkhead-python-'));
    // Stand-ins: one "interpreter" that imports can, one that does not.
    writeFileSync(join(dir, 'with-can'), '#!/bin/sh\nexit 0\n');
    writeFileSync(join(dir, 'python3'), '#!/bin/sh\necho "No module named can" >&2; exit 1\n');
    chmodSync(join(dir, 'with-can'), 0o755);
    chmodSync(join(dir, 'python3'), 0o755);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('lists BULKHEAD_PYTHON first, then the pythons on PATH', () => {
    const list = pythonCandidates({ BULKHEAD_PYTHON: join(dir, 'with-can'), PATH: dir });
    assert.deepEqual(list.slice(0, 2), [join(dir, 'with-can'), join(dir, 'python3')]);
  });

  it('picks the first that imports can; none gives the tried list', async () => {
    const found = await findPythonCan({ BULKHEAD_PYTHON: join(dir, 'with-can'), PATH: dir });
    assert.equal(found.interpreter, join(dir, 'with-can'));
    const none = await findPythonCan({ BULKHEAD_PYTHON: join(dir, 'python3'), PATH: dir });
    if (none.interpreter !== null) assert.equal(none.interpreter, '/usr/bin/python3', 'only Debian python');
    else assert.ok(none.tried.includes(join(dir, 'python3')));
  });

  it('prints the interpreter found, or how to get python-can', async () => {
    const hub = await BusHub.listen();
    try {
      const desc = { vcanUart: 1 } as SystemDescription;
      const setting = { port: 0, source: 'free' } as const;
      const withPython = canBusNotes(
        desc,
        hub,
        setting,
        { interpreter: '/usr/bin/python3', tried: [] },
        null,
      );
      assert.match(
        withPython.join('\n'),
        new RegExp(`/usr/bin/python3 -c "import can; .*127\\.0\\.0\\.1:${hub.port}`),
      );
      const without = canBusNotes(
        desc,
        hub,
        setting,
        { interpreter: null, tried: ['python3'] },
        'systems/demo.dbc',
      );
      assert.match(
        without.join('\n'),
        /no interpreter here has it \(tried python3\); .*apt-get install python3-can.*pip install python-can/,
      );
      assert.match(without.join('\n'), new RegExp(`can dump --port ${hub.port} --dbc systems/demo\\.dbc`));
    } finally {
      await hub.close();
    }
  });

  it('finds the DBC beside a system file', () => {
    assert.equal(dbcFileFor('systems/demo.ts'), 'systems/demo.dbc');
    assert.equal(dbcFileFor('systems/test-uds.ts'), null);
  });
});
