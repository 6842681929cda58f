// Job: tests of the pure parts of the runner: the board profile loader and validator, the QEMU
// command-line builder, and `bulkhead run` argument parsing (no QEMU process needed).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { mps3An536 as an536Description } from '../../../bsp/mps3-an536/board.ts';
import { realviewEb } from '../../../bsp/realview-eb/board.ts';
import {
  boardProfile,
  buildQemuCommand,
  loadBoardProfile,
  qemuMemoryBytes,
} from '../../../qemu/runner/index.ts';
import { parseQemuVersion, requireQemu } from '../../../qemu/runner/executables.ts';
import { parseRunArguments } from '../../../qemu/runner/run-arguments.ts';

describe('QEMU runner: board profile and command line', function () {
  const board = loadBoardProfile('realview-eb');

  it('loads the realview-eb profile of the self-test contract', function () {
    assert.equal(board.machine, 'realview-eb');
    assert.equal(board.cpu, 'cortex-r5f');
    assert.equal(board.memory, '128M');
    assert.equal(board.uarts, 4);
    assert.deepEqual(board.env, {});
  });

  it('builds a deterministic command line: machine, icount, semihosting, no display or monitor, UARTs', function () {
    const { args, env } = buildQemuCommand(board, {
      elf: 'x.elf',
      icount: { shift: 0 },
      uartPorts: [4001, 4002, 4003],
    });
    const joined = args.join(' ');
    assert.match(joined, /-M realview-eb -cpu cortex-r5f -m 128M/);
    assert.match(joined, /-icount shift=0,sleep=off/);
    assert.match(joined, /-semihosting-config enable=on,target=native/);
    assert.match(joined, /-display none -audio none -monitor none/);
    assert.doesNotMatch(joined, /-nographic/);
    assert.match(
      joined,
      /-serial stdio -serial tcp:127\.0\.0\.1:4001,server=on,wait=off,nodelay=on -serial tcp:127\.0\.0\.1:4002,server=on,wait=off,nodelay=on -serial tcp:127\.0\.0\.1:4003,server=on,wait=off,nodelay=on/,
    );
    assert.match(joined, /-kernel x\.elf$/);
    assert.doesNotMatch(joined, /-gdb|-S\b/);
    assert.deepEqual(env, {});
  });

  it('starts mps3-an536 with -audio none and its UARTs on QEMU serial ports 0 and 2..5', function () {
    const an536 = loadBoardProfile('mps3-an536');
    assert.equal(an536.uarts, 5);
    const { args, env } = buildQemuCommand(an536, {
      elf: 'x.elf',
      icount: { shift: 0 },
      uartPorts: [4001, 4002, 4003, 4004],
    });
    const joined = args.join(' ');
    assert.match(joined, /-M mps3-an536 -cpu cortex-r52 -m 128M/);
    assert.match(joined, /-audio none/);
    const serials = args.flatMap((arg, i) => (arg === '-serial' ? [args[i + 1]] : []));
    assert.deepEqual(serials, [
      'stdio',
      'null',
      ...[4001, 4002, 4003, 4004].map((port) => `tcp:127.0.0.1:${port},server=on,wait=off,nodelay=on`),
    ]);
    assert.deepEqual(env, {});
    assert.throws(
      () =>
        boardProfile({
          ...an536Description,
          qemu: { ...an536Description.qemu, serialPorts: [0, 2, 2, 3, 4] },
        }),
      /qemu\.serialPorts must give each of the 5 UARTs its own port/,
    );
  });

  it('writes a UART captured to a file with a file chardev instead of a TCP server', function () {
    const { args } = buildQemuCommand(board, {
      elf: 'x.elf',
      icount: { shift: 0 },
      uartPorts: [4001, 4002, null],
      uartFiles: { 3: '/tmp/trace.txt' },
    });
    assert.match(
      args.join(' '),
      /-serial tcp:127\.0\.0\.1:4002,server=on,wait=off,nodelay=on -serial file:\/tmp\/trace\.txt -kernel/,
    );
    assert.throws(
      () => buildQemuCommand(board, { elf: 'x.elf', icount: false, uartPorts: [1, 2, null] }),
      /UART3: needs a TCP port or a capture file/,
    );
  });

  it('writes UART0 to a file instead of stdio when asked (on its own serial port)', function () {
    const an536 = boardProfile(an536Description);
    const { args } = buildQemuCommand(an536, {
      elf: 'x.elf',
      icount: { shift: 0 },
      uartPorts: [4001, 4002, 4003, 4004],
      consoleFile: '/tmp/console.txt',
    });
    assert.match(
      args.join(' '),
      /^-M mps3-an536 .* -serial file:\/tmp\/console\.txt -serial null -serial tcp:/,
    );
    assert.equal(args.includes('stdio'), false);
  });

  it('omits -icount when off, adds the gdb stub and extra arguments when asked', function () {
    const { args } = buildQemuCommand(board, {
      elf: 'x.elf',
      icount: false,
      uartPorts: [1, 2, 3],
      gdbPort: 1234,
      extraArgs: ['-d', 'int'],
    });
    assert.equal(args.includes('-icount'), false);
    assert.match(args.join(' '), /-S -gdb tcp:127\.0\.0\.1:1234 -kernel x\.elf -d int$/);
  });

  it('rejects bad settings naming them', function () {
    assert.throws(
      () => buildQemuCommand(board, { elf: 'x', icount: { shift: 11 }, uartPorts: [1, 2, 3] }),
      /icount shift must be .* \(got 11\)/,
    );
    assert.throws(
      () => buildQemuCommand(board, { elf: 'x', icount: false, uartPorts: [1, 2] }),
      /4 UARTs, so 3 TCP ports/,
    );
    assert.throws(
      () => buildQemuCommand(board, { elf: 'x', icount: false, uartPorts: [1, 2, 70000] }),
      /UART3: port must be/,
    );
    assert.throws(
      () => loadBoardProfile('no-such-board'),
      /unknown board 'no-such-board' \(known boards: realview-eb, mps3-an536\)/,
    );
  });

  it('refuses a board whose QEMU memory size is not its RAM size, naming its description', function () {
    assert.equal(qemuMemoryBytes('128M'), 128 * 1024 * 1024);
    assert.equal(qemuMemoryBytes('64'), 64 * 1024 * 1024);
    assert.equal(qemuMemoryBytes('12X'), undefined);
    assert.throws(
      () => boardProfile({ ...realviewEb, qemu: { ...realviewEb.qemu, memory: '64M' } }),
      /bsp\/realview-eb\/board\.ts: qemu\.memory '64M' is not the board's RAM size \(134217728 bytes\)/,
    );
    assert.throws(
      () => boardProfile({ ...realviewEb, uartCount: 0 }),
      /bsp\/realview-eb\/board\.ts: the runner needs 1 to 8 UARTs/,
    );
  });

  it('names the provisioning script when QEMU is missing', function () {
    assert.throws(() => requireQemu('qemu-system-does-not-exist'), /scripts\/provision-toolchain\.sh/);
  });

  it('refuses a QEMU older than 9, naming its version and how to provision a newer one', function () {
    assert.equal(parseQemuVersion('QEMU emulator version 10.0.2 (Debian 1:10.0.2+ds-2)'), '10.0.2');
    assert.equal(parseQemuVersion('not qemu'), undefined);
    const dir = mkdtempSync(join(tmpdir(), 'bh-old-qemu-'));
    try {
      const fake = join(dir, 'qemu-system-arm');
      writeFileSync(fake, '#!/bin/sh\necho "QEMU emulator version 7.2.22 (Debian 1:7.2+dfsg-7)"\n', {
        mode: 0o755,
      });
      assert.throws(
        () => requireQemu(fake),
        /is QEMU 7\.2\.22; Bulkhead needs QEMU 9 or later: .*provision-toolchain/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('parses bulkhead run arguments', function () {
    assert.deepEqual(parseRunArguments(['a.elf']), {
      target: 'a.elf',
      icount: { shift: 0 },
      timeoutMs: undefined,
      gdb: false,
      board: undefined,
      help: false,
    });
    const all = parseRunArguments([
      '--no-icount',
      'a.elf',
      '--timeout=2.5',
      '--gdb',
      '--board',
      'realview-eb',
    ]);
    assert.deepEqual(all, {
      target: 'a.elf',
      icount: false,
      timeoutMs: 2500,
      gdb: true,
      board: 'realview-eb',
      help: false,
    });
    assert.deepEqual(parseRunArguments(['--icount', '3', 'a.elf']).icount, { shift: 3 });
    assert.throws(() => parseRunArguments([]), /missing the image/);
    assert.throws(() => parseRunArguments(['a.elf', 'b.elf']), /unexpected extra argument 'b\.elf'/);
    assert.throws(() => parseRunArguments(['a.elf', '--timeout', '-1']), /--timeout: '-1' is not a positive/);
    assert.throws(() => parseRunArguments(['a.elf', '--timeout']), /--timeout needs a value/);
    assert.throws(() => parseRunArguments(['a.elf', '--timeout', '0']), /--timeout: '0' is not a positive/);
    assert.throws(() => parseRunArguments(['a.elf', '--frobnicate']), /unknown option '--frobnicate'/);
  });
});
