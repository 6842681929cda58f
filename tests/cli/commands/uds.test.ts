// `bulkhead uds` argument checking, in process (nothing is sent: every case fails before connecting):
// exit 2 with a message naming the offending input; exit 3 when nothing listens on the port; --help
// exits 0; and the decoders the command prints with (routine status records, hypervisor DTCs).
import assert from 'node:assert/strict';
import { createServer } from 'node:net';

import { run } from '../../../cli/commands/uds.ts';
import { describeDtc, healthDtc } from '../../../qemu/uds/dtc.ts';
import { describeRoutineStatus } from '../../../qemu/uds/routines.ts';

async function runCapturing(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = console.log;
  const error = console.error;
  console.log = (...parts: unknown[]) => void out.push(parts.join(' '));
  console.error = (...parts: unknown[]) => void err.push(parts.join(' '));
  try {
    const code = await run(args);
    return { code, stdout: out.join('\n'), stderr: err.join('\n') };
  } finally {
    console.log = log;
    console.error = error;
  }
}

describe('bulkhead uds: arguments and output decoders (no bus)', () => {
  const cases: [string[], RegExp][] = [
    [[], /a command is required/],
    [['flash', '--port', '1'], /unknown command 'flash'/],
    [['read', 'vin'], /--port is required/],
    [['read', 'vin', '--port', '70000'], /--port '70000' must be an integer in 1..65535/],
    [['read', 'nonsense', '--port', '1'], /'nonsense' is not a data identifier/],
    [['read', '--port', '1'], /read needs at least one DID/],
    [['write', 'setpoint', 'fast', '--port', '1'], /set-point 'fast' is not a speed in km\/h/],
    [['write', 'setpoint', '900', '--port', '1'], /set-point 900 km\/h does not fit/],
    [['write', '0101', '1F4', '--port', '1'], /data '1F4' is not hex byte pairs/],
    [['session', 'turbo', '--port', '1'], /session 'turbo' is not a hex number/],
    [['dtc', 'all', '--port', '1'], /dtc report 'all' is not list, count or supported/],
    [['dtc', '--mask', '100', '--port', '1'], /--mask '100' is not a hex number up to FF/],
    [
      ['routine', 'begin', 'self-test', '--port', '1'],
      /routine control 'begin' is not start, stop or results/,
    ],
    [['unlock', 'now', '--port', '1'], /unlock takes no argument, got 'now'/],
    [['tester-present', '--port', '1', '--fast'], /unknown option '--fast'/],
  ];
  for (const [args, pattern] of cases) {
    it(`exit 2 for: ${args.join(' ') || '(nothing)'}`, async () => {
      const result = await runCapturing(args);
      assert.equal(result.code, 2);
      assert.match(result.stderr, pattern);
      assert.match(result.stderr, /usage: bulkhead uds/);
    });
  }

  it('exit 3 naming the address when nothing listens on the port', async () => {
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    await new Promise<void>((r) => server.close(() => r()));
    const result = await runCapturing(['read', 'vin', '--port', String(port)]);
    assert.equal(result.code, 3);
    assert.match(result.stderr, new RegExp(`SLCAN: cannot connect to 127\\.0\\.0\\.1:${port}`));
  });

  it('--help prints the usage and exits 0', async () => {
    const result = await runCapturing(['--help']);
    assert.equal(result.code, 0);
    assert.match(result.stdout, /routine start\|stop\|results <id>/);
  });

  it('decodes routine status records and names hypervisor DTCs', () => {
    assert.equal(
      describeRoutineStatus(0xf000, 3, Uint8Array.of(0, 0x39, 0xa4, 0xe9, 0x1b)),
      'pass, diag code CRC-32 0x39A4E91B',
    );
    assert.equal(describeRoutineStatus(0x0200, 3, Uint8Array.of(3)), 'control partition waiting');
    assert.equal(describeRoutineStatus(0x0200, 1, Uint8Array.of(0)), 'restart requested');
    assert.equal(describeDtc(healthDtc(0xff, 5)), 'health monitor: the hypervisor itself, internal-error');
    assert.equal(describeDtc(0xc10002), 'control guest fault code 2');
  });
});
