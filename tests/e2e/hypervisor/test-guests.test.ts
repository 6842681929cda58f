// Test guests on the real hypervisor in QEMU (cli/build/system.ts builds systems/test-two-vms.ts with
// the chosen guests, -icount): `hypercall-bad` on both VMs gets exactly the documented result code
// for every invalid call (foreign and hypervisor pointers, wrapping ranges, unknown numbers, bad
// indices, missing capabilities); `vtimer` on both VMs receives virtual-timer upcalls through the SDK
// glue while a long computation runs, and the computation's results (integer, and double precision on
// the FPU VM) equal the uninterrupted values computed here; `ts-hello`, a guest written in the
// TypeScript subset, runs beside the C guest `ping` through the TS SDK; `ts-fault-log`
// (tests/guests/fixtures) reads the fault log through the TS SDK into a byte array that is not 4-byte
// aligned and gets Empty, then the entry of its own bad hypercall.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { buildHypervisorSystemFrom } from '../../../cli/build/system.ts';
import { HvResult } from '../../../firmware/core/hypercall-numbers.ts';
import { HealthAction, HealthEvent } from '../../../firmware/core/tables.ts';
import testTwoVms from '../../../systems/test-two-vms.ts';
import { requireQemuForTests } from '../helpers/require-qemu.ts';

/** Wall-clock bound of one run; the run ends earlier once `done` matches the console. */
const RUN_LIMIT_MS = 20_000;
const POLL_MS = 200;

/** Boots the image and returns UART0's text once `done` matches it (or the limit passes). */
function bootUntil(elf: string, consoleFile: string, done: (text: string) => boolean): Promise<string> {
  return new Promise((resolve, reject) => {
    const qemu = spawn(
      'qemu-system-arm',
      [
        '-M',
        'realview-eb',
        '-cpu',
        'cortex-r5f',
        '-m',
        '128M',
        '-nographic',
        '-audio',
        'none',
        '-monitor',
        'none',
        '-icount',
        'shift=0,sleep=off',
        '-semihosting-config',
        'enable=on,target=native',
        '-kernel',
        elf,
        '-serial',
        `file:${consoleFile}`,
        '-serial',
        'null',
        '-serial',
        'null',
        '-serial',
        'null',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    qemu.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const read = (): string => (existsSync(consoleFile) ? readFileSync(consoleFile, 'latin1') : '');
    const started = Date.now();
    let stopped = false;
    const poll = setInterval(() => {
      if (!stopped && (done(read()) || Date.now() - started > RUN_LIMIT_MS)) {
        stopped = true;
        qemu.kill('SIGTERM');
      }
    }, POLL_MS);
    qemu.on('error', (error) => {
      clearInterval(poll);
      reject(error);
    });
    qemu.on('exit', (code) => {
      clearInterval(poll);
      // QEMU exits with 0 on SIGTERM; only a stop requested here counts as a normal end.
      if (stopped) resolve(read());
      else reject(new Error(`QEMU exited by itself (code ${code}): ${stderr}\n${read()}`));
    });
  });
}

/** What the vtimer guest computes, without interruptions (same recurrences, same defaults). */
function vtimerReference(iterations = 4_000_000): { lcg: number; fpTimes1000: number } {
  let lcg = 1;
  let fp = 0;
  for (let i = 0; i < iterations; i++) {
    lcg = (Math.imul(lcg, 1664525) + 1013904223) >>> 0;
    fp = fp * 0.5 + (lcg >>> 24);
  }
  return { lcg, fpTimes1000: Math.trunc(fp * 1000) };
}

describe('test guests on the hypervisor (QEMU)', function () {
  this.timeout(240_000);
  let outRoot: string;

  before(() => {
    requireQemuForTests();
    outRoot = mkdtempSync(join(tmpdir(), 'bulkhead-guests-hv-'));
  });
  after(() => rmSync(outRoot, { recursive: true, force: true }));

  it('hypercall-bad: every invalid call returns its documented result code, on both VMs', async () => {
    const built = await buildHypervisorSystemFrom(testTwoVms, {
      outRoot,
      guests: { alpha: 'test/hypercall-bad', beta: 'test/hypercall-bad' },
      guestDefines: {
        alpha: { BH_FOREIGN_ADDRESS: 'BH_VM_BETA_AREA_DATA_BASE' },
        beta: { BH_FOREIGN_ADDRESS: 'BH_VM_ALPHA_AREA_DATA_BASE' },
      },
    });
    const text = await bootUntil(built.elf, join(outRoot, 'bad-uart0.txt'), (t) =>
      ['alpha', 'beta'].every((vm) => new RegExp(`^\\[${vm}\\] bad: done `, 'm').test(t)),
    );
    for (const [vm, cases] of [
      ['alpha', 28],
      ['beta', 26],
    ] as const) {
      const lines = [
        ...text.matchAll(new RegExp(`^\\[${vm}\\] bad: (.+) -> (\\w+) \\((\\d+)\\) expected (\\w+)$`, 'gm')),
      ];
      assert.equal(lines.length, cases, `${vm} cases:\n${text}`);
      for (const line of lines) assert.equal(line[2], line[4], `${vm}: ${line[1]}`);
      assert.match(text, new RegExp(`^\\[${vm}\\] bad: done ${cases} cases 0 mismatches$`, 'm'));
    }
  });

  it('vtimer: upcalls interrupt a computation without changing its result (integer and VFP)', async () => {
    const built = await buildHypervisorSystemFrom(testTwoVms, {
      outRoot,
      guests: { alpha: 'test/vtimer', beta: 'test/vtimer' },
    });
    const text = await bootUntil(
      built.elf,
      join(outRoot, 'vtimer-uart0.txt'),
      (t) => /^\[alpha\] vtimer: lcg/m.test(t) && /^\[beta\] vtimer: fp/m.test(t),
    );
    const reference = vtimerReference();
    const lcgHex = reference.lcg.toString(16).padStart(8, '0');
    for (const vm of ['alpha', 'beta']) {
      const result = new RegExp(`^\\[${vm}\\] vtimer: lcg 0x([0-9a-f]{8}) upcalls (\\d+)$`, 'm').exec(text);
      assert.ok(result !== null, `${vm} finished:\n${text}`);
      assert.equal(result[1], lcgHex, `${vm}: integer result`);
      const upcalls = [
        ...text.matchAll(new RegExp(`^\\[${vm}\\] vtimer: upcall (\\d+) virq (\\d+) tick (\\d+)$`, 'gm')),
      ];
      assert.ok(upcalls.length >= 3, `${vm}: the computation was interrupted (${upcalls.length} upcalls)`);
      assert.equal(Number(result[2]), upcalls.length);
      upcalls.forEach((m, i) => {
        assert.equal(Number(m[1]), i + 1);
        assert.equal(Number(m[2]), 0, 'BH_VIRQ_TIMER');
        if (i > 0) assert.ok(Number(m[3]) > Number(upcalls[i - 1][3]), 'ticks ascend');
      });
    }
    assert.match(
      text,
      new RegExp(`^\\[beta\\] vtimer: fp ${reference.fpTimes1000}$`, 'm'),
      'VFP result on beta',
    );
    assert.doesNotMatch(text, /^\[alpha\] vtimer: fp/m, 'alpha has no FPU');
  });

  it('ts-fault-log: FaultLogRead through the TS SDK into a byte array that is not word-aligned', async () => {
    const [alpha, beta] = testTwoVms.vms;
    const desc = { ...testTwoVms, vms: [{ ...alpha, capabilities: ['read-fault-log' as const] }, beta] };
    const built = await buildHypervisorSystemFrom(desc, {
      outRoot,
      guests: { alpha: '../tests/guests/fixtures/ts-fault-log', beta: 'test/ping' },
    });
    const guest = built.guests.find((g) => g.vm === 'alpha')!;
    const symbols = execFileSync('arm-none-eabi-nm', [guest.elf], { encoding: 'utf8' });
    const holder = parseInt(/^([0-9a-f]+) \w main_holder$/m.exec(symbols)![1], 16);
    assert.notEqual((holder + 1) % 4, 0, 'the entry array (offset 1 in its struct) is not word-aligned');
    const text = await bootUntil(built.elf, join(outRoot, 'ts-fault-log-uart0.txt'), (t) =>
      /^\[alpha\] ts-fault-log: done$/m.test(t),
    );
    const hex = (n: number): string => n.toString(16).padStart(8, '0');
    const lines = [...text.matchAll(/^\[alpha\] (ts-fault-log: .*)$/gm)].map((m) => m[1]);
    const who = 0 | (HealthEvent.BadHypercall << 8) | (HealthAction.Log << 16);
    assert.deepEqual(lines, [
      `ts-fault-log: empty ${hex(HvResult.Empty)}`,
      `ts-fault-log: read ${hex(HvResult.Ok)} seq ${hex(0)} who ${hex(who)}`,
      'ts-fault-log: done',
    ]);
  });

  it('ts-hello: a TypeScript-subset guest runs beside a C guest', async () => {
    const built = await buildHypervisorSystemFrom(testTwoVms, {
      outRoot,
      guests: { alpha: 'test/ts-hello', beta: 'test/ping' },
    });
    const text = await bootUntil(
      built.elf,
      join(outRoot, 'ts-hello-uart0.txt'),
      (t) => /^\[alpha\] ts-hello: done$/m.test(t) && /^\[beta\] ping 4 /m.test(t),
    );
    const alpha = [...text.matchAll(/^\[alpha\] (.*)$/gm)].map((m) => m[1]);
    assert.deepEqual(alpha, [
      'ts-hello: vm 0 of 2',
      'ts-hello: slot 0',
      'ts-hello: slot 1',
      'ts-hello: slot 2',
      'ts-hello: done',
    ]);
    const pings = [...text.matchAll(/^\[beta\] ping (\d+) tick (\d+)$/gm)].map((m) => [
      Number(m[1]),
      Number(m[2]),
    ]);
    assert.ok(pings.length >= 5);
    pings.slice(0, 5).forEach(([count, tick], i) => assert.deepEqual([count, tick], [i, 6 * i + 2]));
  });
});
