// UDS through the full stack on QEMU (-icount shift=0): the host tester (qemu/uds/) -> SLCAN on the
// bus UART's TCP port -> the hypervisor's virtual CAN -> the diagnostic guest's ISO-TP and UDS server,
// on systems/test-uds.ts (the demo's control and diag VMs plus an intruder VM) with the vehicle model
// driving the control loop over UART2 and a sensor dropout injected at a chosen control period. One
// boot serves every case, in order: the VIN (multi-frame) with the serial and version in one request;
// a segmented request under the server's flow control;
// live speed while the car accelerates, bracketed by the model's own speeds; the dropout as DTC
// 0xC10001 and the intruder's MPU violations as DTC 0xB10200 (status 0x2F), also in the partition
// table; the DTCs kept across a diag restart (0x11 03); ClearDTC; functional 0x7DF requests answered
// and the ISO 14229-1 suppressed NRCs not sent (others sent); security access gating, the set-point
// write, wrong keys 0x35, 0x35, 0x36 then 0x37; the self-test routine with response pending; then
// `bulkhead uds` as a separate process, python-can's slcan interface reading the VIN (the script of
// docs/UDS-TOOLS.md), and a hard reset (0x11 01) restarting both partitions. The attack and
// bad-request outcomes are recorded as reliability evidence (suite `uds`).
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';

import { repoRoot } from '../../../qemu/runner/index.ts';
import { ResetType, RoutineControlType, Session, UdsClient } from '../../../qemu/uds/client.ts';
import type { UdsConnection } from '../../../qemu/uds/connect.ts';
import { decodeDid, encodeSetpoint, type DidValue, type PartitionEntry } from '../../../qemu/uds/dids.ts';
import { controlDtc, healthDtc, DTC_STATUS_FAULT, type DtcRecord } from '../../../qemu/uds/dtc.ts';
import { securityKeyBytes } from '../../../qemu/uds/security.ts';
import { recordReliability, type ReliabilityEntry } from '../../reliability/record.ts';
import { pythonBlock } from '../../qemu/uds/helpers/doc-blocks.ts';
import { requireQemuForTests } from '../helpers/require-qemu.ts';
import { bootUdsSystem, connectTester, nrcOf, waitForSteps, type UdsSystem } from './helpers/uds-system.ts';

const VIN = 'WBULKHEAD0DEMO001';
const SERIAL = 'BH0000000001';
/** VM indices in systems/test-uds.ts. */
const CONTROL_VM = 0;
const DIAG_VM = 1;
const INTRUDER_VM = 2;
const HEALTH_MPU_VIOLATION = 0;
const VM_HALTED = 0;
/** DTC bits 23..8 of the hypervisor's own internal errors (logged with VM index 0xFF). */
const HYPERVISOR_SELF_DTC_PREFIX = 0xb1ff;
/** Sensor dropout: no reply to the actuator frames of these control periods. It starts well after the
 *  live-speed reads (the car must still accelerate then) and lasts long enough that the DTC is read
 *  while the sensor is still failing (recovery needs 100 good samples after the dropout). */
const DROPOUT = { atStep: 200, periods: 60 } as const;
const RECOVERY_SAMPLES = 100;
const SENSOR_TIMEOUT_FAULT = 1;
/** Control periods after which the dropout's timeout fault and its recovery have been reported. */
const AFTER_RECOVERY_STEPS = DROPOUT.atStep + DROPOUT.periods + RECOVERY_SAMPLES + 30;
const PYTHON = process.env['BULKHEAD_PYTHON'] ?? '/usr/bin/python3';

const NRC = {
  serviceNotSupported: 0x11,
  subFunctionNotSupported: 0x12,
  incorrectLength: 0x13,
  requestSequenceError: 0x24,
  requestOutOfRange: 0x31,
  securityAccessDenied: 0x33,
  invalidKey: 0x35,
  exceededAttempts: 0x36,
  delayNotExpired: 0x37,
  serviceNotSupportedInActiveSession: 0x7f,
} as const;

function speedOf(value: DidValue): number {
  assert.equal(value.kind, 'speed');
  return value.kind === 'speed' ? value.kmh : NaN;
}

function partitionsOf(value: DidValue): PartitionEntry[] {
  assert.equal(value.kind, 'partitions');
  return value.kind === 'partitions' ? value.partitions : [];
}

/** Polls the DTC list (mask 0xFF) until `wanted` are all in it, within `ms` of wall time. */
async function dtcsWith(client: UdsClient, wanted: number[], ms = 15_000): Promise<DtcRecord[]> {
  const end = Date.now() + ms;
  for (;;) {
    const { records } = await client.readDtcsByStatusMask(0xff);
    if (wanted.every((d) => records.some((r) => r.dtc === d))) return records;
    if (Date.now() > end)
      throw new Error(
        `DTCs ${wanted.map((d) => d.toString(16)).join(', ')} not all reported: ${records.map((r) => r.dtc.toString(16)).join(', ')}`,
      );
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Waits until the server answers TesterPresent again (after a reset), within `ms` of wall time. */
async function answersAgain(client: UdsClient, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    try {
      await client.testerPresent();
      return;
    } catch (error) {
      if (Date.now() > end) throw error;
    }
  }
}

function runCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(repoRoot, 'cli', 'main.ts'), 'uds', ...args],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  return new Promise((r) => child.on('close', (code) => r({ code: code ?? -1, stdout, stderr })));
}

describe('UDS full stack on QEMU: host tester -> SLCAN -> vCAN -> diag guest (icount)', function () {
  this.timeout(180_000);
  let system: UdsSystem | undefined;
  let tester: UdsConnection | undefined;
  const reliability: ReliabilityEntry[] = [];
  /** Internal-error DTCs the hypervisor logged about itself (VM 0xFF), seen in the DTC list. */
  let hypervisorInternalErrors = 0;
  const record = (entry: Omit<ReliabilityEntry, 'hypervisorFailures' | 'lostMessages'>): void => {
    const trace = system?.hil.peer.trace ?? [];
    const lost = trace.filter((s, i) => s.sequence !== i).length;
    reliability.push({
      ...entry,
      hypervisorFailures: (system?.vm.exited === true ? 1 : 0) + hypervisorInternalErrors,
      lostMessages: lost,
    });
  };

  before(async () => {
    requireQemuForTests();
    system = await bootUdsSystem({ dropouts: [{ ...DROPOUT }] });
    tester = await connectTester(system);
  });
  after(async () => {
    await tester?.close();
    await system?.stop();
    if (reliability.length > 0)
      recordReliability({
        suite: 'uds',
        title: 'UDS server on QEMU: security attacks, bad requests, faults',
        entries: reliability,
      });
  });

  it('reads VIN (multi-frame), serial number and software version in one request', async () => {
    const { client, channel } = tester!;
    const before = channel.framesReceived.length;
    const records = await client.readDataByIdentifier([0xf190, 0xf18c, 0xf195]);
    const [vin, serial, version] = records.map((r) => decodeDid(r.did, r.bytes));
    assert.deepEqual(vin, { kind: 'ascii', text: VIN });
    assert.deepEqual(serial, { kind: 'ascii', text: SERIAL });
    assert.equal(version.kind, 'ascii');
    assert.match(version.kind === 'ascii' ? version.text : '', /^diag \d+\.\d+\.\d+;hv \d+\.\d+\.\d+$/);
    const frames = channel.framesReceived.slice(before);
    assert.equal(frames[0].data[0] >> 4, 1, 'the answer starts with a first frame');
    assert.ok(frames.length >= 7, `first frame + consecutive frames: ${frames.length}`);
    assert.ok(
      frames.every((f) => f.dlc === 8),
      'every frame padded to 8 bytes',
    );
  });

  it('takes a segmented request under its flow control (BS 8, STmin 1 ms) and answers it segmented', async () => {
    const { client, channel } = tester!;
    const dids = new Array<number>(31).fill(0xf18c);
    const sentBefore = channel.framesSent.length;
    const receivedBefore = channel.framesReceived.length;
    const records = await client.readDataByIdentifier(dids);
    assert.equal(records.length, 31);
    assert.ok(records.every((r) => Buffer.from(r.bytes).toString('latin1') === SERIAL));
    const consecutive = channel.framesSent.slice(sentBefore).filter((f) => f.data[0] >> 4 === 2);
    assert.equal(consecutive.length, Math.ceil((1 + 2 * 31 - 6) / 7), 'request: FF + 9 CFs');
    const serverFlowControls = channel.framesReceived
      .slice(receivedBefore)
      .filter((f) => f.data[0] >> 4 === 3);
    assert.deepEqual(
      serverFlowControls.map((f) => [...f.data.subarray(0, 3)]),
      [
        [0x30, 0x08, 0x01],
        [0x30, 0x08, 0x01],
      ],
      'one flow control after the first frame and one after the first block of 8 CFs',
    );
  });

  it('reads live speed while the control loop runs: it rises and matches the vehicle model', async () => {
    const { client } = tester!;
    const peer = system!.hil.peer;
    const lowBefore = peer.trace.at(-1)?.speedKmh ?? 0;
    const first = speedOf(await client.readDid(0x0100));
    const highAfter = peer.trace.at(-1).speedKmh;
    // The diag guest reports what the control guest last published (at most a few periods old).
    assert.ok(
      first >= lowBefore - 1 && first <= highAfter + 0.05,
      `${first} km/h within [${lowBefore}, ${highAfter}]`,
    );
    await waitForSteps(system!, peer.trace.length + 50);
    const second = speedOf(await client.readDid(0x0100));
    assert.ok(second > first, `speed rises while accelerating: ${first} -> ${second} km/h`);
    const age = await client.readDid(0x0103);
    assert.equal(age.kind, 'live-data-age');
    if (age.kind === 'live-data-age') {
      assert.equal(age.valid, true);
      assert.ok(age.ageTicks <= 50, `vehicle_status age ${age.ageTicks} ticks`);
    }
  });

  it('reports the control guest sensor dropout as DTC 0xC10001 and the intruder MPU violations as 0xB10200', async () => {
    const { client } = tester!;
    const dropout = controlDtc(SENSOR_TIMEOUT_FAULT);
    const violation = healthDtc(INTRUDER_VM, HEALTH_MPU_VIOLATION);
    // Between the timeout fault (3 periods into the dropout) and the recovery (100 good samples later)
    // the DTC has every fault bit; the recovery then clears testFailed (bit 0) only.
    await waitForSteps(system!, DROPOUT.atStep + 5);
    const failing = await dtcsWith(client, [dropout, violation]);
    assert.ok(
      system!.hil.peer.trace.length < DROPOUT.atStep + DROPOUT.periods + RECOVERY_SAMPLES,
      'read before the recovery',
    );
    for (const dtc of [dropout, violation]) {
      assert.equal(
        failing.find((r) => r.dtc === dtc)!.status,
        DTC_STATUS_FAULT,
        `status of ${dtc.toString(16)}`,
      );
    }
    await waitForSteps(system!, AFTER_RECOVERY_STEPS);
    const records = (await client.readDtcsByStatusMask(0xff)).records;
    hypervisorInternalErrors = records.filter((r) => r.dtc >> 8 === HYPERVISOR_SELF_DTC_PREFIX).length;
    assert.equal(
      hypervisorInternalErrors,
      0,
      `the hypervisor logged internal errors about itself: ${records.map((r) => r.dtc.toString(16)).join(', ')}`,
    );
    assert.equal(
      records.find((r) => r.dtc === dropout)!.status,
      DTC_STATUS_FAULT & ~0x01,
      'testFailed cleared by the recovery',
    );
    const count = await client.readDtcCount(0xff);
    assert.equal(count.count, records.length);
    assert.equal(count.availabilityMask, 0x2f);
    const supported = await client.readSupportedDtcs();
    // 0x0A lists every DTC the server can report (whatever its status), so each stored one is among them.
    const supportedDtcs = new Set(supported.records.map((r) => r.dtc));
    for (const r of records) assert.ok(supportedDtcs.has(r.dtc), `${r.dtc.toString(16)} is a supported DTC`);
    assert.ok(
      supported.records.every((r) => (r.dtc & 0xff0000) === 0xb10000 || (r.dtc & 0xff0000) === 0xc10000),
    );
    const table = partitionsOf(await client.readDid(0x0110));
    assert.equal(table.length, 3);
    const intruder = table.find((p) => p.index === INTRUDER_VM)!;
    assert.equal(intruder.state, VM_HALTED, 'halted after its restart limit');
    assert.ok(intruder.faults >= 4, `intruder faults ${intruder.faults}`);
    record({
      category: 'fault',
      name: 'sensor dropout in the control guest (HIL)',
      count: 1,
      outcome: `DTC C10001 status 0x${DTC_STATUS_FAULT.toString(16)}`,
    });
    record({
      category: 'attack',
      name: 'intruder VM writes into the control VM and the hypervisor',
      count: intruder.faults,
      outcome: `contained (${intruder.stateName}); DTC B10200 status 0x2f`,
    });
  });

  it('keeps the DTCs across a restart of the diagnostic guest (0x11 03), nothing counted twice', async () => {
    const { client } = tester!;
    const before = (await client.readDtcsByStatusMask(0xff)).records;
    const startsBefore = partitionsOf(await client.readDid(0x0110)).find((p) => p.index === DIAG_VM)!.starts;
    assert.equal(await client.ecuReset(ResetType.Soft), ResetType.Soft);
    await answersAgain(client);
    const after = (await client.readDtcsByStatusMask(0xff)).records;
    assert.deepEqual(
      after.map((r) => r.dtc),
      before.map((r) => r.dtc),
    );
    after.forEach((r, i) =>
      assert.ok((r.status & 0x08) !== 0 && (before[i].status & 0x08) !== 0, 'still confirmed'),
    );
    const table = partitionsOf(await client.readDid(0x0110));
    assert.equal(
      table.find((p) => p.index === DIAG_VM)!.starts,
      startsBefore + 1,
      'the diag VM started once more',
    );
    assert.equal(table.find((p) => p.index === CONTROL_VM)!.starts, 1, 'the control VM was not restarted');
    record({
      category: 'fault',
      name: 'diagnostic guest restart (0x11 03)',
      count: 1,
      outcome: `${after.length} DTCs before and after, none duplicated`,
    });
  });

  it('clears every DTC with 0x14 FFFFFF', async () => {
    const { client } = tester!;
    await client.clearDiagnosticInformation(0xffffff);
    assert.deepEqual((await client.readDtcsByStatusMask(0xff)).records, []);
    assert.equal((await client.readDtcCount(0xff)).count, 0);
  });

  it('answers functional (0x7DF) requests and suppresses NRCs 0x11, 0x12, 0x31, 0x7F there (not 0x13)', async () => {
    const { client } = tester!;
    const tp = await client.exchange(Uint8Array.of(0x3e, 0x00), { functional: true });
    assert.deepEqual(tp.outcome, { kind: 'positive', response: Uint8Array.of(0x7e, 0x00) });
    const vin = await client.exchange(Uint8Array.of(0x22, 0xf1, 0x90), { functional: true });
    assert.equal(vin.outcome.kind, 'positive', 'multi-frame answer to a functional request');
    const cases: [string, number[], number][] = [
      ['unsupported SID 0x23', [0x23, 0x00, 0x00], NRC.serviceNotSupported],
      ['unsupported sub-function 10 7F', [0x10, 0x7f], NRC.subFunctionNotSupported],
      ['unknown DID 0x1234', [0x22, 0x12, 0x34], NRC.requestOutOfRange],
      [
        'WriteDataByIdentifier in the default session',
        [0x2e, 0x01, 0x01, 0x1f, 0x40],
        NRC.serviceNotSupportedInActiveSession,
      ],
    ];
    // Silence is judged after 600 ms of wall time (the server's P2 is 50 ms of virtual time).
    const quick = new UdsClient(tester!.channel, { p2Ms: 600 });
    for (const [name, bytes, nrc] of cases) {
      const functional = await quick.exchange(Uint8Array.from(bytes), { functional: true });
      assert.deepEqual(
        functional.outcome,
        { kind: 'none' },
        `${name}: nothing on 0x7E8 for the functional request`,
      );
      const physical = await client.exchange(Uint8Array.from(bytes));
      assert.deepEqual(physical.outcome, { kind: 'negative', nrc }, `${name}: physical request answered`);
    }
    const short = await client.exchange(Uint8Array.of(0x22, 0xf1), { functional: true });
    assert.deepEqual(short.outcome, { kind: 'negative', nrc: NRC.incorrectLength }, '0x13 is not suppressed');
    record({
      category: 'bad-input',
      name: 'functional requests with unsupported SID, sub-function, DID, session',
      count: cases.length,
      outcome: 'no answer (NRC suppressed); the same requests physically: 0x11, 0x12, 0x31, 0x7F',
    });
    record({
      category: 'bad-input',
      name: 'functional request with a wrong length',
      count: 1,
      outcome: 'NRC 0x13 sent',
    });
  });

  it('security: seed only in extended session; unlock allows the set-point write; wrong keys 0x35, 0x35, 0x36, then 0x37', async () => {
    const { client } = tester!;
    await client.diagnosticSessionControl(Session.Default);
    assert.equal(await nrcOf(client.requestSeed()), NRC.serviceNotSupportedInActiveSession);
    const timing = await client.diagnosticSessionControl(Session.Extended);
    assert.deepEqual(timing, { session: Session.Extended, p2ServerMs: 50, p2StarServerMs: 5000 });
    assert.equal(
      await nrcOf(client.writeDataByIdentifier(0x0101, encodeSetpoint(80))),
      NRC.securityAccessDenied,
    );
    assert.equal(await nrcOf(client.sendKey(Uint8Array.of(1, 2, 3, 4))), NRC.requestSequenceError);
    const unlocked = await client.unlock();
    assert.equal(unlocked.alreadyUnlocked, false);
    assert.ok(
      unlocked.seed.some((b) => b !== 0),
      'a non-zero seed',
    );
    assert.equal((await client.unlock()).alreadyUnlocked, true, 'seed 00000000 once unlocked');
    assert.equal(
      await nrcOf(client.writeDataByIdentifier(0x0101, encodeSetpoint(200.01))),
      NRC.requestOutOfRange,
    );
    assert.equal(
      await nrcOf(client.writeDataByIdentifier(0xf190, new Uint8Array(17))),
      NRC.requestOutOfRange,
    );
    await client.writeDataByIdentifier(0x0101, encodeSetpoint(80));
    const end = Date.now() + 10_000;
    let setpoint = speedOf(await client.readDid(0x0101));
    while (setpoint !== 80 && Date.now() < end) setpoint = speedOf(await client.readDid(0x0101));
    assert.equal(setpoint, 80, 'the control guest took the new set-point');

    // A session change relocks; three wrong keys lock security access out.
    await client.diagnosticSessionControl(Session.Default);
    await client.diagnosticSessionControl(Session.Extended);
    const answers: number[] = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      const seed = await client.requestSeed();
      assert.ok(
        seed.some((b) => b !== 0),
        'locked again: a real seed',
      );
      answers.push(await nrcOf(client.sendKey(securityKeyBytes(seed, 0x12345678))));
    }
    assert.deepEqual(answers, [NRC.invalidKey, NRC.invalidKey, NRC.exceededAttempts]);
    assert.equal(await nrcOf(client.requestSeed()), NRC.delayNotExpired);
    record({
      category: 'attack',
      name: 'security access with wrong keys',
      count: 3,
      outcome: 'NRC 0x35, 0x35, 0x36; requestSeed then 0x37 (delay)',
    });
    record({
      category: 'attack',
      name: 'set-point write while locked, sendKey without seed',
      count: 2,
      outcome: 'NRC 0x33, 0x24',
    });
    record({
      category: 'bad-input',
      name: 'set-point 200.01 km/h, write to the read-only VIN',
      count: 2,
      outcome: 'NRC 0x31 both',
    });
  });

  it('runs the self-test routine: results before start 0x24, response pending first, then pass with the code CRC', async () => {
    const { client } = tester!;
    assert.equal(
      await nrcOf(client.routineControl(RoutineControlType.Results, 0xf000)),
      NRC.requestSequenceError,
    );
    const start = await client.exchange(Uint8Array.of(0x31, 0x01, 0xf0, 0x00));
    assert.ok(start.pendingResponses >= 1, 'NRC 0x78 before the final answer');
    assert.equal(start.outcome.kind, 'positive');
    const results = await client.routineControl(RoutineControlType.Results, 0xf000);
    assert.equal(results!.status.length, 5);
    assert.equal(results!.status[0], 0x00, 'self-test passed');
    assert.equal(await nrcOf(client.routineControl(RoutineControlType.Start, 0x1234)), NRC.requestOutOfRange);
  });

  it('bulkhead uds (separate process) reads, reports NRCs and checks its arguments', async () => {
    await tester!.close();
    tester = undefined;
    const port = String(system!.busPort);
    const read = await runCli(['read', 'vin', 'speed', '--port', port]);
    assert.equal(read.code, 0, read.stderr);
    assert.match(read.stdout, /^F190 VIN: "WBULKHEAD0DEMO001"$/m);
    assert.match(read.stdout, /^0100 vehicle speed: \d+\.\d\d km\/h \(raw \d+\)$/m);
    const unknown = await runCli(['read', '1234', '--port', port]);
    assert.equal(unknown.code, 1);
    assert.match(
      unknown.stderr,
      /ReadDataByIdentifier \[22 12 34\]: negative response 0x31 requestOutOfRange/,
    );
    const session = await runCli(['session', 'extended', '--port', port]);
    assert.equal(session.code, 0, session.stderr);
    assert.match(session.stdout, /session 0x03: P2 50 ms, P2\* 5000 ms/);
    const bad = await runCli(['reset', 'sideways', '--port', port]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /reset type 'sideways' is not a hex number/);
  });

  it('python-can 4.1 (slcan over socket://) reads the VIN with the raw ISO-TP script of docs/UDS-TOOLS.md', async () => {
    // Asynchronous: the vehicle model in this process must keep serving the control loop meanwhile.
    if (spawnSync(PYTHON, ['-c', 'import can'], { stdio: 'ignore' }).status !== 0)
      assert.fail(`${PYTHON} has no python-can: run 'npm run toolchain' (Debian package python3-can)`);
    const child = spawn(PYTHON, ['-c', pythonBlock('read-vin-python-can'), String(system!.busPort)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    const code = await new Promise<number>((r) => child.on('close', (c) => r(c ?? -1)));
    assert.equal(code, 0, stderr);
    assert.equal(stdout.trim(), `response 62F190${Buffer.from(VIN).toString('hex').toUpperCase()}`);
  });

  it('hard reset (0x11 01) restarts the control partition, then the diag guest; the control loop goes on', async () => {
    tester = await connectTester(system!);
    const { client } = tester;
    const before = partitionsOf(await client.readDid(0x0110));
    assert.equal(await client.ecuReset(ResetType.Hard), ResetType.Hard);
    await answersAgain(client);
    const after = partitionsOf(await client.readDid(0x0110));
    const starts = (table: PartitionEntry[], vm: number): number => table.find((p) => p.index === vm)!.starts;
    assert.equal(starts(after, CONTROL_VM), starts(before, CONTROL_VM) + 1, 'control VM restarted once');
    assert.equal(starts(after, DIAG_VM), starts(before, DIAG_VM) + 1, 'diag VM restarted once');
    const steps = system!.hil.peer.trace.length;
    await waitForSteps(system!, steps + 20);
    assert.ok(speedOf(await client.readDid(0x0100)) >= 0, 'live data again after the restart');
  });
});
