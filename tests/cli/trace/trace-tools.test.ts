// Trace tools on traces the Node simulation records (real firmware core, simulated CPU): the decoder
// names and times the records, rejects a malformed line naming it; the summary's CPU shares add up to
// 100 % and equal the plan's window lengths, and it counts hypercalls by name, port messages, faults
// with their actions and lost records per VM; the Chrome trace-event JSON passes the format check
// (fields, nesting, flows) and carries a flow per delivered port message and an instant per fault.
import assert from 'node:assert/strict';

import { decodeTrace, traceContext, TraceInputError } from '../../../cli/trace/decode.ts';
import { perfettoTrace } from '../../../cli/trace/perfetto.ts';
import { formatSummary, HYPERVISOR, IDLE, summarizeTrace } from '../../../cli/trace/summary.ts';
import type { SystemDescription } from '../../../firmware/config/types.ts';
import { Hypercall } from '../../../firmware/core/hypercall-numbers.ts';
import { SIM_CYCLES_PER_TICK, type SimGuest } from '../../../firmware/sim/machine.ts';
import { checkChromeTrace } from '../../support/chrome-trace.ts';
import { dataBase, machine, system, TRACE_UART, vm } from '../../firmware/core/support.ts';

/** The simulation's PMU counts SIM_CYCLES_PER_TICK cycles per 1 ms tick. */
const SIM_CYCLES_PER_NS = SIM_CYCLES_PER_TICK / 1_000_000;
const FRAMES = 6;

function recordedSystem(): { desc: SystemDescription; text: string } {
  const desc = system({
    vms: [
      vm(0, 'a', {
        health: {
          actions: { 'mpu-violation': 'warm-restart' },
          defaultAction: 'halt',
          restartLimit: 5,
          watchdogTicks: 0,
        },
      }),
      vm(1, 'b'),
    ],
    ports: [
      {
        name: 'numbers',
        kind: 'queuing',
        source: 'a',
        destinations: ['b'],
        maxMessageSize: 4,
        depth: 4,
        refreshTicks: 0,
      },
    ],
  });
  let faulted = false;
  const sender = {
    step: (g: SimGuest) => {
      g.store(dataBase(0), [g.machine.ticks]);
      g.call(Hypercall.QueuingSend, 0, dataBase(0), 1);
      g.call(Hypercall.GetTime);
      if (g.machine.ticks === 13 && !faulted) {
        faulted = true;
        g.store(dataBase(1), [1]); // b's memory: an MPU violation, warm restart
      }
    },
  };
  const receiver = {
    step: (g: SimGuest) => {
      g.call(Hypercall.QueuingReceive, 0, dataBase(1), 4);
    },
  };
  const m = machine(desc, [sender, receiver]);
  m.run(FRAMES * 6);
  m.flushTrace();
  return { desc, text: m.uart(TRACE_UART) };
}

describe('cli/trace: decode, summary and Chrome trace of a simulated run', () => {
  const { desc, text } = recordedSystem();
  const context = traceContext(desc, SIM_CYCLES_PER_NS);
  const records = decodeTrace(text, context);

  it('times each record by its tick and its cycles into the tick', () => {
    assert.ok(records.length > 50);
    for (const r of records) {
      assert.ok(r.timeNs >= r.tick * 1e6 && r.timeNs <= (r.tick + 1) * 1e6, JSON.stringify(r));
    }
    for (let i = 1; i < records.length; i++)
      assert.ok(records[i].timeNs >= records[i - 1].timeNs, 'time order');
    const calls = records.filter((r) => r.kind === 'H' && r.cycles > 0);
    assert.ok(calls.length > 0, 'hypercalls happen after the tick start');
  });

  it('rejects a malformed line, naming the source and the line; leaves out an unfinished last line', () => {
    assert.throws(
      () => decodeTrace('@00000000.000000 S 00 00000000 00000000\nnonsense\n', context, 'x.txt'),
      (err: unknown) => err instanceof TraceInputError && /^x\.txt:2: not a trace line/.test(err.message),
    );
    assert.equal(decodeTrace('@00000000.000000 S 00 00000000 00000000\n@0000', context).length, 1);
  });

  it("adds CPU shares up to 100 % and matches the plan's window lengths", () => {
    const summary = summarizeTrace(records, context);
    assert.equal(
      summary.frames.length,
      FRAMES,
      'every frame whose end (the next window-0 switch) is in the trace',
    );
    const total = Object.values(summary.cpuShare).reduce((s, x) => s + x, 0);
    assert.ok(Math.abs(total - 1) < 1e-9, `shares add up to ${total}`);
    // Plan: a 3 ticks, b 2, idle 1 of 6. The hypervisor's switch time comes out of the owners' slots.
    const tolerance = 0.01;
    assert.ok(summary.cpuShare[HYPERVISOR] < tolerance);
    for (const [owner, planned] of Object.entries({ a: 3 / 6, b: 2 / 6, [IDLE]: 1 / 6 })) {
      assert.ok(
        Math.abs(summary.cpuShare[owner] - planned) < tolerance,
        `${owner}: ${summary.cpuShare[owner]}`,
      );
      assert.ok(Math.abs(summary.plannedShare![owner] - planned) < 1e-9);
    }
    for (const frame of summary.frames) {
      const sum = Object.values(frame.cpuNs).reduce((s, x) => s + x, 0);
      assert.equal(sum, frame.endNs - frame.startNs);
      assert.equal(frame.endNs - frame.startNs, 6e6);
    }
  });

  it('counts hypercalls by name, port messages, faults with their actions, per VM', () => {
    const summary = summarizeTrace(records, context);
    const a = summary.activity.a;
    const b = summary.activity.b;
    assert.ok(a.hypercalls.QueuingSend > 0 && a.hypercalls.GetTime > 0);
    assert.ok(b.hypercalls.QueuingReceive > 0);
    assert.ok(a.portMessages['numbers queuing-send'] > 0);
    assert.equal(a.faults, 1);
    assert.equal(b.faults, 0);
    assert.deepEqual(
      summary.faults.map((f) => [f.vm, f.event, f.address, f.action, f.restarts]),
      [['a', 'mpu-violation', dataBase(1), 'warm-restart', 1]],
    );
    const perFrameFaults = summary.frames.map((f) => f.activity.a?.faults ?? 0);
    assert.deepEqual(perFrameFaults, [0, 0, 1, 0, 0, 0], 'the fault at tick 13 is in frame 2');
  });

  it('writes Chrome trace-event JSON that passes the format check, with message flows and fault instants', () => {
    const json = JSON.stringify(perfettoTrace(records, context));
    const { problems, events } = checkChromeTrace(json);
    assert.deepEqual(problems, []);
    const threads = events.filter((e) => e.ph === 'M' && e.name === 'thread_name').map((e) => e.args?.name);
    assert.deepEqual(threads, ['core 0', 'hypervisor', 'vm0 a', 'vm1 b']);
    const received = records.filter((r) => r.kind === 'P' && r.a >>> 16 === 4).length;
    assert.ok(received > 0);
    assert.equal(
      events.filter((e) => e.ph === 's' && e.cat === 'port').length,
      received,
      'a flow per message received',
    );
    assert.equal(events.filter((e) => e.ph === 'i' && e.name === 'fault: mpu-violation').length, 1);
    const nested = events.filter((e) => e.ph === 'X' && e.name === 'GetTime');
    assert.ok(nested.length > 0 && nested.every((e) => e.tid === 10), 'hypercalls on their VM track');
  });

  it('says whether the recording had sub-tick stamps (none without a counting PMU)', () => {
    assert.equal(summarizeTrace(records, context).subTickStamps, true);
    const flat = records.map((r) => ({ ...r, cycles: 0, timeNs: r.tick * context.tickNs }));
    const summary = summarizeTrace(flat, context);
    assert.equal(summary.subTickStamps, false);
    assert.match(formatSummary(summary, 'flat'), /every sub-tick stamp is 0/);
    assert.equal(summary.cpuShare[HYPERVISOR], 0);
  });

  it('the checker finds broken nesting and unmatched flows', () => {
    const bad = {
      traceEvents: [
        { name: 'outer', ph: 'X', pid: 1, tid: 1, ts: 0, dur: 10 },
        { name: 'inner', ph: 'X', pid: 1, tid: 1, ts: 5, dur: 10 },
        { name: 'm', cat: 'port', ph: 's', id: 7, pid: 1, tid: 1, ts: 1 },
      ],
    };
    const { problems } = checkChromeTrace(JSON.stringify(bad));
    assert.equal(problems.length, 2, problems.join('\n'));
    assert.match(problems.join('\n'), /overlaps the end/);
    assert.match(problems.join('\n'), /flow 7: 1 starts and 0 finishes/);
    assert.deepEqual(checkChromeTrace('{').problems.length, 1);
  });
});
