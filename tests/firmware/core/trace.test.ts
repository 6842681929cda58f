// Trace tests: every line of the stream has the documented format, ticks never go backwards, each
// event kind appears with its documented fields, the ring keeps the last events and counts the ones
// that were overwritten before they could be streamed.
import assert from 'node:assert/strict';
import { Hypercall, HvResult } from '../../../firmware/core/hypercall-numbers.ts';
import { TRACE_RING_EVENTS } from '../../../firmware/core/limits.ts';
import { HealthAction, HealthEvent } from '../../../firmware/core/tables.ts';
import {
  traceEvent,
  traceFlush,
  TraceKind,
  traceLost,
  traceRecorded,
  traceReset,
  traceWord,
} from '../../../firmware/core/trace.ts';
import { parseTraceLine } from '../../../firmware/sim/trace-lines.ts';
import { dataBase, machine, scripted, system, TRACE_UART, vm } from './support.ts';

describe('firmware/core trace', () => {
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
    const text = m.uart(TRACE_UART);
    const lines = text.split('\n');
    assert.equal(lines.at(-1), '', 'the stream ends with a complete line');
    for (const line of lines.slice(0, -1))
      assert.match(line, /^@[0-9a-f]{8} [SHIFAPLUV] [0-9a-f]{2} [0-9a-f]{8} [0-9a-f]{8}$/);
    const records = m.trace();
    for (let i = 1; i < records.length; i++) assert.ok(records[i]!.tick >= records[i - 1]!.tick);
    const find = (kind: string) =>
      records.filter((r) => r.kind === kind).map((r) => [r.tick, r.vm, r.a, r.b]);
    assert.deepEqual(find('P'), [[0, 0, 0 | (3 << 16), 2]]);
    assert.deepEqual(find('H'), [
      [0, 0, Hypercall.QueuingSend, HvResult.Ok],
      [0, 0, Hypercall.PlanSwitch, HvResult.Ok],
    ]);
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
    const r = parseTraceLine('@0000002a P 03 00040002 deadbeef');
    assert.deepEqual(r, { tick: 42, kind: 'P', vm: 3, a: 0x40002, b: 0xdeadbeef });
    assert.throws(() => parseTraceLine('@2a P 3 1 2'), /not a trace line/);
  });

  it('keeps the last events of a burst in the ring and counts the overwritten ones', () => {
    traceReset(0xffffffff);
    const burst = TRACE_RING_EVENTS + 10;
    for (let i = 0; i < burst; i++) traceEvent(TraceKind.Hypercall, 0, i, 0);
    assert.equal(traceLost(), 10);
    assert.equal(traceWord(burst - 1, 3), burst - 1);
    assert.equal(traceWord(burst - TRACE_RING_EVENTS, 3), burst - TRACE_RING_EVENTS);
    traceFlush();
    assert.equal(traceLost(), 10);
  });
});
