// Job: end-to-end tests of `bulkhead run` as a real process: UART0 on stdout, ports on stderr,
// QEMU's exit code as the command's exit code, --timeout, Ctrl-C (SIGINT) stopping QEMU, a hypervisor
// system's trace recorded to out/<system>/trace.txt, and argument errors naming the bad argument.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseTrace } from '../../../firmware/sim/trace-lines.ts';
import { processExists, repoRoot } from '../../../qemu/runner/index.ts';
import { buildFixture } from './helpers/build-fixture.ts';
import { requireQemuForTests } from '../helpers/require-qemu.ts';

interface CommandRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function bulkhead(
  args: string[],
  onStdout?: (stdout: string, child: ReturnType<typeof spawn>) => void,
): Promise<CommandRun> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'cli', 'main.ts'), ...args], {
    cwd: repoRoot,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (b: Buffer) => {
    stdout += b.toString();
    onStdout?.(stdout, child);
  });
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  return new Promise((done) => child.once('close', (code, signal) => done({ code, signal, stdout, stderr })));
}

describe('bulkhead run (real QEMU)', function () {
  this.timeout(30_000);
  let hangElf: string;
  let exitElf: string;

  before(function () {
    requireQemuForTests();
    hangElf = buildFixture('hang');
    exitElf = buildFixture('exit-code', { EXIT_CODE: 7 }, '-7');
  });

  it('streams UART0 to stdout, lists UART1-3 ports on stderr and returns the exit code', async function () {
    const result = await bulkhead(['run', exitElf, '--icount', '0']);
    assert.equal(result.code, 7, result.stderr);
    assert.equal(result.stdout, 'exit fixture: leaving with a chosen code\n');
    for (const uart of ['UART1', 'UART2', 'UART3'])
      assert.match(result.stderr, new RegExp(`${uart} tcp 127\\.0\\.0\\.1:\\d+`));
  });

  it('stops QEMU on Ctrl-C (SIGINT) and exits with 130', async function () {
    let interrupted = false;
    const result = await bulkhead(['run', hangElf], (stdout, child) => {
      if (!interrupted && stdout.includes('serving uart1-3')) {
        interrupted = true;
        child.kill('SIGINT');
      }
    });
    assert.equal(interrupted, true, `banner never seen; stderr: ${result.stderr}`);
    assert.equal(result.code, 130, result.stderr);
    const pid = Number(/QEMU pid (\d+)/.exec(result.stderr)?.[1]);
    assert.ok(pid > 0, result.stderr);
    assert.equal(processExists(pid), false, `QEMU pid ${pid} survived Ctrl-C`);
  });

  it('kills QEMU after --timeout and exits with 124 and a message', async function () {
    const result = await bulkhead(['run', hangElf, '--timeout', '0.5']);
    assert.equal(result.code, 124);
    assert.match(result.stderr, /timed out after 500 ms/);
  });

  it('builds and boots a system given by name (selftest)', async function () {
    const result = await bulkhead(['run', 'selftest', '--timeout', '20']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^selftest: pass$/m);
  });

  it('builds a hypervisor system given by name and records its whole trace to out/<system>/trace.txt', async function () {
    this.timeout(180_000);
    const result = await bulkhead(['run', 'demo', '--timeout', '6']);
    assert.equal(result.code, 124, result.stderr);
    assert.match(result.stdout, /^\[control\] cruise control: /m);
    assert.match(result.stderr, /trace \(UART3\) recorded from the first byte to out\/demo\/trace\.txt/);
    assert.doesNotMatch(result.stderr, /UART3 tcp/);
    const text = readFileSync(join(repoRoot, 'out', 'demo', 'trace.txt'), 'latin1');
    const records = parseTrace(text.slice(0, text.lastIndexOf('\n') + 1));
    assert.equal(records[0].tick, 0, 'from the first record on');
    assert.ok(records.some((r) => r.kind === 'S'));
  });

  it('rejects bad arguments naming them (exit 2)', async function () {
    const badShift = await bulkhead(['run', exitElf, '--icount', 'fast']);
    assert.equal(badShift.code, 2);
    assert.match(badShift.stderr, /--icount: 'fast' is not a shift/);
    const missing = await bulkhead(['run', 'out/test-fixtures/no-such-image.elf']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /'out\/test-fixtures\/no-such-image\.elf' is not a file/);
    const unknownSystem = await bulkhead(['run', 'no-such-system']);
    assert.equal(unknownSystem.code, 2);
    assert.match(unknownSystem.stderr, /unknown system 'no-such-system'/);
    const conflict = await bulkhead(['run', exitElf, '--icount', '1', '--no-icount']);
    assert.equal(conflict.code, 2);
    assert.match(conflict.stderr, /--no-icount conflicts with --icount/);
  });
});
