// Job: end-to-end tests of the QEMU runner (qemu/runner) against real QEMU and tiny fixtures built
// from tests/e2e/runner/fixtures/*.S: timeouts kill QEMU and leave no process, semihosting exit codes pass
// through, UART1-3 are distinct listening TCP ports wired to the right UARTs, expect errors are
// informative, idle time is skipped deterministically under icount, the gdb stub works, and QEMU
// dies with the Node process that started it.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import { join } from 'node:path';
import {
  launch,
  listeningPortsOf,
  processExists,
  registeredPids,
  repoRoot,
  withQemu,
  type QemuInstance,
} from '../../../qemu/runner/index.ts';
import { pickFreePorts } from '../../../qemu/runner/free-ports.ts';
import { buildFixture, fixturesDir } from './helpers/build-fixture.ts';
import { requireQemuForTests } from '../helpers/require-qemu.ts';

function assertGone(pid: number): void {
  assert.equal(processExists(pid), false, `QEMU pid ${pid} still exists`);
  assert.equal(existsSync(`/proc/${pid}`), false, `/proc/${pid} still exists`);
  assert.equal(registeredPids().includes(pid), false, `pid ${pid} still registered for cleanup`);
}

/**
 * True while `pid` is a live process. A zombie counts as dead: it runs nothing and holds no sockets;
 * once its parent is gone, reaping it is up to the system's init process.
 */
function isRunning(pid: number): boolean {
  if (!processExists(pid)) return false;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

async function waitUntilGone(pid: number, limitMs: number): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (isRunning(pid) && Date.now() < deadline) await new Promise((wake) => setTimeout(wake, 20));
  assert.equal(isRunning(pid), false, `QEMU pid ${pid} still running ${limitMs} ms after its parent ended`);
}

describe('QEMU runner (real qemu-system-arm)', function () {
  this.timeout(30_000);
  let hangElf: string;
  let exitSevenElf: string;
  let idleElf: string;

  before(function () {
    requireQemuForTests();
    hangElf = buildFixture('hang');
    exitSevenElf = buildFixture('exit-code', { EXIT_CODE: 7 }, '-7');
    idleElf = buildFixture('idle-sleep');
  });

  it('kills a hanging firmware at the overall timeout with a clear error and leaves no process', async function () {
    const vm = await launch({ elf: hangElf, timeoutMs: 1500 });
    const pid = vm.pid;
    assert.equal(processExists(pid), true);
    await vm.expect('hang fixture: serving uart1-3');
    const started = Date.now();
    await assert.rejects(vm.wait(), (err: Error) => {
      assert.match(err.message, /timed out after 1500 ms/);
      assert.match(err.message, /hang fixture: serving uart1-3/, 'error shows the output tail');
      return true;
    });
    assert.ok(Date.now() - started < 3000, 'wait() returned soon after the timeout');
    assert.equal(vm.exited, true);
    assertGone(pid);
  });

  it('passes the semihosting exit code through as QEMU exit code (7) and streams UART0 lines', async function () {
    const lines: string[] = [];
    const echoed: Buffer[] = [];
    const echo = new PassThrough().on('data', (bytes: Buffer) => echoed.push(bytes));
    const vm = await launch({
      elf: exitSevenElf,
      timeoutMs: 10_000,
      onLine: (line) => lines.push(line),
      echo,
    });
    const result = await vm.wait();
    assert.equal(result.exitCode, 7);
    assert.equal(result.signal, null);
    assert.equal(result.output, 'exit fixture: leaving with a chosen code\n');
    assert.deepEqual(lines, ['exit fixture: leaving with a chosen code'], 'onLine saw each UART0 line');
    assert.equal(Buffer.concat(echoed).toString(), result.output, 'echo stream got the raw UART0 bytes');
    assertGone(vm.pid);
  });

  it('gives UART1-3 distinct TCP ports that QEMU listens on, each wired to its own UART', async function () {
    await withQemu({ elf: hangElf, timeoutMs: 10_000 }, async (vm) => {
      const ports = [vm.ports.uart1, vm.ports.uart2, vm.ports.uart3];
      assert.equal(new Set(ports).size, 3, `ports not distinct: ${ports.join(', ')}`);
      const listening = listeningPortsOf(vm.pid);
      for (const port of ports)
        assert.ok(port !== undefined && listening.has(port), `QEMU does not listen on ${port}`);
      await vm.expect(/serving/);
      // The firmware answers a byte received on UARTn with "<n><byte with case flipped>".
      const probes = [
        ['uart1', 'a', '1A'],
        ['uart2', 'b', '2B'],
        ['uart3', 'c', '3C'],
      ] as const;
      for (const [channel, sent, reply] of probes) {
        const tcp = await vm.connect(channel);
        await tcp.write(sent);
        await vm.expect(reply, { channel, timeoutMs: 3000 });
      }
      // And the bytes seen on each socket are exactly the firmware's replies, nothing crossed over.
      assert.equal((await vm.connect('uart1')).output(), '1A');
      assert.equal((await vm.connect('uart2')).output(), '2B');
      assert.equal((await vm.connect('uart3')).output(), '3C');
    });
  });

  it('names the pattern, channel, wait time and output tail when expect times out; withQemu still kills QEMU', async function () {
    let pid = 0;
    await assert.rejects(
      withQemu({ elf: hangElf, timeoutMs: 10_000 }, async (vm: QemuInstance) => {
        pid = vm.pid;
        await vm.expect(/serving/);
        await vm.expect(/never printed \d+/, { timeoutMs: 300 });
      }),
      (err: Error) => {
        assert.match(err.message, /\/never printed \\d\+\//);
        assert.match(err.message, /on uart0/);
        assert.match(err.message, /within 300 ms/);
        assert.match(err.message, /hang fixture: serving uart1-3/);
        return true;
      },
    );
    assert.notEqual(pid, 0);
    assertGone(pid);
  });

  it('fails a pending expect at once when QEMU exits, with the exit code', async function () {
    const vm = await launch({ elf: exitSevenElf, timeoutMs: 10_000 });
    await assert.rejects(
      vm.expect('selftest: pass', { timeoutMs: 8000 }),
      /exited with code 7 before it appeared/,
    );
    await vm.wait();
  });

  it('retries with fresh ports when another process took a chosen port before QEMU bound it', async function () {
    const squatter = createServer();
    await new Promise<void>((listening) => squatter.listen(0, '127.0.0.1', listening));
    const takenPort = (squatter.address() as AddressInfo).port;
    const picks: number[][] = [];
    try {
      const portPicker = async (count: number): Promise<number[]> => {
        const ports = await pickFreePorts(count);
        if (picks.length === 0) ports[1] = takenPort; // first attempt: UART2 collides
        picks.push(ports);
        return ports;
      };
      await withQemu({ elf: hangElf, timeoutMs: 10_000, portPicker }, async (vm) => {
        assert.equal(picks.length, 2, 'launch did not retry after the bind failure');
        assert.notEqual(vm.ports.uart2, takenPort);
        const listening = listeningPortsOf(vm.pid);
        for (const port of [vm.ports.uart1, vm.ports.uart2, vm.ports.uart3]) {
          assert.ok(port !== undefined && listening.has(port));
        }
        await vm.expect(/serving/);
      });
    } finally {
      squatter.close();
    }
  });

  it('reports an overall timeout that expires during start-up as a timeout', async function () {
    await assert.rejects(launch({ elf: hangElf, timeoutMs: 1 }), /timed out after 1 ms/);
  });

  it('reports a QEMU that fails to start with its own message and the command line', async function () {
    await assert.rejects(launch({ elf: hangElf, extraArgs: ['-no-such-option'] }), (err: Error) => {
      assert.match(err.message, /QEMU exited during start-up \(code 1\)/);
      assert.match(err.message, /-no-such-option/);
      assert.match(err.message, /command: .*qemu-system-arm -M realview-eb/);
      return true;
    });
    await assert.rejects(launch({ elf: join(fixturesDir, 'hang.S') }), /is not an ELF file/);
    await assert.rejects(
      launch({ elf: 'out/test-fixtures/missing.elf' }),
      /ELF image 'out\/test-fixtures\/missing\.elf' cannot be read/,
    );
  });

  it('skips idle WFI time deterministically under -icount shift=0,sleep=off', async function () {
    // The fixture sleeps 3 s of virtual time on an SP804 one-shot, then prints PMCCNTR.
    const values: string[] = [];
    for (let run = 0; run < 2; run++) {
      const started = Date.now();
      const vm = await launch({ elf: idleElf, icount: { shift: 0 }, timeoutMs: 10_000 });
      const result = await vm.wait();
      const wallMs = Date.now() - started;
      assert.equal(result.exitCode, 0, result.output + result.stderr);
      const match = /idle fixture: woke pmccntr=0x([0-9a-f]{8})\n/.exec(result.output);
      assert.ok(match, `no PMCCNTR line in ${JSON.stringify(result.output)}`);
      const cycles = parseInt(match[1], 16);
      assert.ok(
        cycles >= 3_000_000_000 && cycles < 3_000_100_000,
        `PMCCNTR ${cycles} is not 3 s of virtual ns plus a few instructions`,
      );
      assert.ok(wallMs < 3000, `a 3 s virtual sleep took ${wallMs} ms of host time`);
      values.push(match[1]);
    }
    assert.equal(values[0], values[1], 'PMCCNTR differs between two icount runs');
  });

  it('starts halted with a gdb stub that gdb-multiarch can attach to', async function () {
    const notices: string[] = [];
    await withQemu(
      { elf: hangElf, gdb: true, timeoutMs: 15_000, log: (m) => notices.push(m) },
      async (vm) => {
        assert.ok(vm.gdb, 'no gdb stub reported');
        const expectedCommand = `gdb-multiarch ${hangElf} -ex 'target remote 127.0.0.1:${vm.gdb.port}'`;
        assert.equal(vm.gdb.command, expectedCommand);
        assert.ok(
          notices.some((n) => n.includes(expectedCommand)),
          'attach command not printed',
        );
        assert.ok(listeningPortsOf(vm.pid).has(vm.gdb.port));
        await new Promise((wake) => setTimeout(wake, 200));
        assert.equal(vm.output(), '', 'the CPU ran before a debugger attached');
        const gdbOutput = execFileSync(
          'gdb-multiarch',
          [
            '-batch',
            '-nx',
            hangElf,
            '-ex',
            `target remote 127.0.0.1:${vm.gdb.port}`,
            '-ex',
            'printf "pc=0x%x\\n", $pc',
            '-ex',
            'detach',
          ],
          { encoding: 'utf8', timeout: 10_000 },
        );
        assert.match(gdbOutput, /pc=0x10000\n/, 'halted at the ELF entry');
        await vm.expect('hang fixture: serving uart1-3', { timeoutMs: 5000 });
      },
    );
  });

  // exit, SIGTERM and SIGINT are the reaper's job (checked without the pdeathsig backstop);
  // SIGKILL cannot be caught, so only the parent-death signal can take QEMU down with Node.
  const endings = [
    ['exit', 'reaper-only'],
    ['SIGTERM', 'reaper-only'],
    ['SIGINT', 'reaper-only'],
    ['SIGKILL', 'with-pdeathsig'],
  ] as const;
  for (const [ending, guard] of endings) {
    it(`leaves no QEMU behind when the Node process that launched it ends by ${ending} (${guard})`, async function () {
      const script = join(fixturesDir, 'launch-then-die.ts');
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', script, ending === 'exit' ? 'exit' : 'wait', hangElf, guard],
        {
          cwd: repoRoot,
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
      child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
      const qemuPid = await new Promise<number>((resolvePid, reject) => {
        const timer = setTimeout(() => reject(new Error(`no qemu-pid line; stderr: ${stderr}`)), 15_000);
        child.stdout.on('data', () => {
          const match = /qemu-pid (\d+)\n/.exec(stdout);
          if (match) {
            clearTimeout(timer);
            resolvePid(Number(match[1]));
          }
        });
        child.once('exit', () => reject(new Error(`helper exited early; stderr: ${stderr}`)));
      });
      assert.equal(processExists(qemuPid), true);
      if (ending !== 'exit') child.kill(ending);
      const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((done) =>
        child.once('exit', (c, s) => done([c, s])),
      );
      if (ending === 'exit') assert.equal(code, 0, stderr);
      else assert.equal(signal, ending, `helper should die of ${ending} (code ${code}); stderr: ${stderr}`);
      await waitUntilGone(qemuPid, 2000);
    });
  }
});
