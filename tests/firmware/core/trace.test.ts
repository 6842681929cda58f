// Trace tests: every line of the stream has the documented format, ticks never go backwards, each
// event kind appears with its documented fields; a successful queuing send or receive is recorded by
// its port line alone, any other result also by its hypercall line; recording never streams (only the
// idle thread does, within its per-tick budget); a full ring drops new events, counts them and reports
// the gap in the stream with a lost record; records carry the cycles since their tick began; the system
// description's trace filter keeps excluded records out of the ring.
import assert from 'node:assert/strict';
import { Hypercall, HvResult } from '../../../firmware/core/hypercall-numbers.ts';
import { NO_VM, TRACE_DRAIN_BYTES_PER_TICK, TRACE_RING_EVENTS } from '../../../firmware/core/limits.ts';
import { HealthAction, HealthEvent } from '../../../firmware/core/tables.ts';
import {
  traceDrainIdle,
  PortOp,
  traceEvent,
  traceFlush,
  TRACE_LINE_BYTES,
  TraceKind,
  traceLost,
  traceLostOf,
  traceRecorded,
  traceShare,
  traceReset,
  traceWord,
} from '../../../firmware/core/trace.ts';
import type { SimGuest } from '../../../firmware/sim/machine.ts';
import { parseTraceLine } from '../../../firmware/sim/trace-lines.ts';
import { SIM_CYCLES_PER_HYPERCALL, SIM_CYCLES_PER_TICK } from '../../../firmware/sim/machine.ts';
import { dataBase, machine, scripted, system, TRACE_UART, vm } from './support.ts';

describe('firmware/core trace', () => {
  it('records a successful queuing send or receive by its P line alone, any other result by its H line', () => {
    const desc = system({
      vms: [vm(0, 'a'), vm(1, 'b')],
      ports: [
        {
          name: 'p',
          kind: 'queuing',
          source: 'a',
          destinations: ['b'],
          maxMessageSize: 4,
          depth: 1,
          refreshTicks: 0,
        },
      ],
    });
    let sent = false;
    let received = false;
    const sender = {
      step: (g: SimGuest) => {
        if (sent) return;
        sent = true;
        g.store(dataBase(0), [7, 8]);
        g.call(Hypercall.QueuingSend, 0, dataBase(0), 2); // Ok
        g.call(Hypercall.QueuingSend, 0, dataBase(0), 2); // Full: the depth is 1
      },
    };
    const receiver = {
      step: (g: SimGuest) => {
        if (!sent || received) return;
        received = true;
        g.call(Hypercall.QueuingReceive, 0, dataBase(1), 4); // Ok
        g.call(Hypercall.QueuingReceive, 0, dataBase(1), 4); // Empty
      },
    };
    const m = machine(desc, [sender, receiver]);
    m.run(4);
    m.flushTrace();
    assert.ok(received, 'the receiver ran after the sender');
    const portLines = m
      .trace()
      .filter(
        (r) =>
          r.kind === 'P' ||
          (r.kind === 'H' && (r.a === Hypercall.QueuingSend || r.a === Hypercall.QueuingReceive)),
      )
      .map((r) => [r.kind, r.vm, r.a, r.b]);
    assert.deepEqual(portLines, [
      ['P', 0, PortOp.QueuingSend << 16, 2],
      ['P', 0, PortOp.Overflow << 16, 1],
      ['P', 0, PortOp.QueuingSend << 16, 2],
      ['H', 0, Hypercall.QueuingSend, HvResult.Full],
      ['P', 1, PortOp.QueuingReceive << 16, 2],
      ['H', 1, Hypercall.QueuingReceive, HvResult.Empty],
    ]);
  });

  it('streams one line per event in the documented format, in time order', () => {
    const desc = system({
      vms: [vm(0, 'a', { capabilities: ['switch-plan'] }), vm(1, 'b')],
      ports: [
        {
          name: 'p',
          kind: 'queuing',
          source: 'a',
          destinations: ['b'],
          maxMessageSize: 4,
          depth: 4,
          refreshTicks: 0,
        },
      ],
    });
    const a = scripted({
      0: (g) => {
        g.store(dataBase(0), [1, 2]);
        g.call(Hypercall.QueuingSend, 0, dataBase(0), 2);
        g.call(Hypercall.PlanSwitch, 0);
      },
      1: (g) => g.store(dataBase(1), [1]),
    });
    const m = machine(desc, [a, scripted()]);
    m.run(7);
    m.flushTrace();
    const text = m.uart(TRACE_UART);
    const lines = text.split('\n');
    assert.equal(lines.at(-1), '', 'the stream ends with a complete line');
    for (const line of lines.slice(0, -1))
      assert.match(line, /^@[0-9a-f]{8}\.[0-9a-f]{6} [SHIFAPLUVX] [0-9a-f]{2} [0-9a-f]{8} [0-9a-f]{8}$/);
    const records = m.trace();
    for (let i = 1; i < records.length; i++) assert.ok(records[i].tick >= records[i - 1].tick);
    const find = (kind: string) =>
      records.filter((r) => r.kind === kind).map((r) => [r.tick, r.vm, r.a, r.b]);
    assert.deepEqual(find('P'), [[0, 0, 0 | (3 << 16), 2]]);
    // The successful queuing send is recorded by its P record alone: no H record for it.
    assert.deepEqual(find('H'), [[0, 0, Hypercall.PlanSwitch, HvResult.Ok]]);
    assert.deepEqual(find('L'), [
      [0, 0, 0, 0],
      [6, 0xff, 0, 1],
    ]);
    assert.deepEqual(find('F'), [[1, 0, HealthEvent.MpuViolation, dataBase(1)]]);
    assert.deepEqual(find('A'), [[1, 0, HealthAction.Suspend, 0]]);
    assert.deepEqual(
      find('S').map((r) => r[0]),
      [0, 3, 5, 6],
    );
  });

  it('parses its own lines back into the recorded words', () => {
    traceReset(0xffffffff);
    traceEvent(TraceKind.Port, 3, 0x0004_0002, 0xdeadbeef);
    assert.equal(traceRecorded(), 1);
    assert.deepEqual(
      [1, 2, 3, 4].map((w) => traceWord(0, w)),
      [TraceKind.Port, 3, 0x0004_0002, 0xdeadbeef],
    );
    const r = parseTraceLine('@0000002a.0003e8 P 03 00040002 deadbeef');
    assert.deepEqual(r, { tick: 42, cycles: 1000, kind: 'P', vm: 3, a: 0x40002, b: 0xdeadbeef });
    assert.throws(() => parseTraceLine('@2a P 3 1 2'), /not a trace line/);
    assert.throws(() => parseTraceLine('@0000002a P 03 00040002 deadbeef'), /not a trace line/);
  });

  it('records without streaming; the idle thread streams at most its per-tick budget', () => {
    const m = machine(system(), [scripted(), scripted()]);
    m.flushTrace();
    const before = m.uart(TRACE_UART).length;
    const perTick = Math.floor(TRACE_DRAIN_BYTES_PER_TICK / TRACE_LINE_BYTES);
    const burst = perTick + 5;
    for (let i = 0; i < burst; i++) traceEvent(TraceKind.Hypercall, 0, i, 0);
    assert.equal(m.uart(TRACE_UART).length, before, 'recording writes nothing to the UART');
    assert.equal(traceDrainIdle(), 5, 'the budget of this tick leaves 5 records waiting');
    assert.equal(m.uart(TRACE_UART).length - before, perTick * TRACE_LINE_BYTES);
    assert.equal(traceDrainIdle(), 5, 'no budget left in the same tick');
    m.run(1);
    assert.equal(traceDrainIdle(), 0, 'a new tick renews the budget');
    assert.equal(traceLost(), 0);
  });

  it("drops a writer's events while its share is full, counts them and reports the gap in the stream", () => {
    const m = machine(system(), [scripted(), scripted()]);
    m.flushTrace();
    const start = m.uart(TRACE_UART).length;
    traceReset(TRACE_UART);
    const share = traceShare();
    assert.equal(share, Math.floor(TRACE_RING_EVENTS / 3), 'two VMs and the hypervisor share the ring');
    const burst = share + 10;
    for (let i = 0; i < burst; i++) traceEvent(TraceKind.Port, 0, i, 0);
    assert.equal(traceLost(), 10);
    assert.equal(traceLostOf(0), 10);
    assert.equal(traceLostOf(1), 0);
    assert.equal(traceRecorded(), share, 'the ring keeps the events that fit in the share');
    assert.equal(traceWord(share - 1, 3), share - 1);
    traceFlush();
    traceEvent(TraceKind.Port, 0, 0x1234, 0);
    traceFlush();
    const records = m
      .uart(TRACE_UART)
      .slice(start)
      .split('\n')
      .filter((line) => line.length > 0)
      .map(parseTraceLine);
    assert.equal(records.length, share + 2);
    assert.deepEqual(
      records.slice(share).map((r) => [r.kind, r.vm, r.a, r.b]),
      [
        ['X', 0, 10, 10],
        ['P', 0, 0x1234, 0],
      ],
      'the lost record, naming the writer, precedes its first event after the gap',
    );
    assert.equal(traceLost(), 10);
  });

  it("keeps every other writer's share free while one VM floods: slot switches and the other VM's records fit", () => {
    const m = machine(system(), [scripted(), scripted()]);
    m.flushTrace();
    traceReset(TRACE_UART);
    const share = traceShare();
    for (const kind of [
      TraceKind.Hypercall,
      TraceKind.Port,
      TraceKind.Fault,
      TraceKind.Irq,
      TraceKind.VmState,
    ])
      for (let i = 0; i < TRACE_RING_EVENTS; i++) traceEvent(kind, 0, i, 0);
    assert.equal(traceRecorded(), share, "VM 0's records stop at its share, whatever their kind");
    for (let i = 0; i < share; i++) traceEvent(TraceKind.SlotSwitch, 0, i, 0);
    for (let i = 0; i < share; i++) traceEvent(TraceKind.Hypercall, 1, i, 0);
    assert.equal(traceRecorded(), 3 * share, 'the hypervisor and VM 1 each still had their whole share');
    assert.equal(traceLostOf(NO_VM), 0);
    assert.equal(traceLostOf(1), 0);
    assert.equal(traceLostOf(0), 5 * TRACE_RING_EVENTS - share);
  });

  it('stamps each record with the PMU cycles since its tick began', () => {
    const a = scripted({
      2: (g) => {
        g.call(Hypercall.Version);
        g.call(Hypercall.Version);
        g.call(Hypercall.Version);
      },
    });
    const m = machine(system(), [a, scripted()]);
    m.run(4);
    m.flushTrace();
    const calls = m.trace().filter((r) => r.kind === 'H' && r.tick === 2);
    assert.equal(calls.length, 3);
    const cycles = calls.map((r) => r.cycles);
    assert.ok(
      cycles[0] > 0 && cycles[0] < cycles[1] && cycles[1] < cycles[2],
      `increasing: ${cycles.join(' ')}`,
    );
    assert.equal(cycles[1] - cycles[0], SIM_CYCLES_PER_HYPERCALL, 'one simulated hypercall apart');
    assert.ok(cycles[2] < SIM_CYCLES_PER_TICK, 'within the tick');
  });

  it("records only what the system description's trace filter selects", () => {
    const desc = system({ trace: { vms: ['a'], kinds: ['slot', 'hypercall'], omitHypercalls: ['GetTime'] } });
    const calls = (g: SimGuest) => {
      g.call(Hypercall.GetTime);
      g.call(Hypercall.Version);
      g.call(Hypercall.QueuingSend, 9, 0, 0); // BadPort: an H record, and no port record
    };
    const m = machine(desc, [scripted({ 0: calls }), scripted({ 3: calls })]);
    m.run(6);
    m.flushTrace();
    const kinds = new Set(m.trace().map((r) => r.kind));
    assert.deepEqual([...kinds].sort(), ['H', 'S']);
    assert.deepEqual(
      m
        .trace()
        .filter((r) => r.kind === 'H')
        .map((r) => [r.vm, r.a]),
      [
        [0, Hypercall.Version],
        [0, Hypercall.QueuingSend],
      ],
      "VM b's calls and GetTime are not recorded",
    );
    assert.deepEqual(
      m
        .trace()
        .filter((r) => r.kind === 'S')
        .map((r) => r.vm),
      [0, 1, NO_VM, 0],
      'slot switches are recorded for every owner',
    );
    assert.equal(traceLost(), 0, 'a filtered record is not a lost one');
  });
});
