// Job: the dashboard's trace feed on a synthetic trace of the demo's schedule (control 5 ticks, diag 3,
// idle 2, each slot switch 20 µs into its tick): the slots come out once each as lines arrive, the CPU
// shares are the trace summary's, faults/actions/state changes/plan switches become events, a malformed
// line is reported and skipped, and the virtual time follows the last record.
import { strict as assert } from 'node:assert';

import { traceContext } from '../../cli/trace/decode.ts';
import { summarizeTrace } from '../../cli/trace/summary.ts';
import { decodeTrace } from '../../cli/trace/decode.ts';
import { loadSystemDescription } from '../../firmware/config/load.ts';
import type { SystemDescription } from '../../firmware/config/types.ts';
import type { EventMessage, LoadMessage, ServerMessage, SlotsMessage } from '../../dashboard/messages.ts';
import { TraceFeed } from '../../dashboard/trace-feed.ts';

const hex = (value: number, digits: number): string => value.toString(16).padStart(digits, '0');
const line = (tick: number, cycles: number, kind: string, vm: number, a: number, b: number): string =>
  `@${hex(tick, 8)}.${hex(cycles, 6)} ${kind} ${hex(vm, 2)} ${hex(a, 8)} ${hex(b, 8)}`;

/** Slot switches of `frames` major frames of the demo's normal plan from tick `first`. */
function frames(first: number, count: number): string[] {
  const lines: string[] = [];
  for (let frame = 0; frame < count; frame++) {
    const tick = first + frame * 10;
    lines.push(
      line(tick, 20_000, 'S', 0, 0, 0),
      line(tick + 5, 20_000, 'S', 1, 1, 0),
      line(tick + 8, 20_000, 'S', 0xff, 2, 0),
    );
  }
  return lines;
}

describe('dashboard: trace feed', () => {
  let desc: SystemDescription;
  before(async () => {
    desc = await loadSystemDescription('systems/demo.ts');
  });

  it('publishes each slot once, the summary CPU shares, events and the virtual time', () => {
    const context = traceContext(desc);
    const published: ServerMessage[] = [];
    const feed = new TraceFeed(context, (message) => published.push(message));
    const first = frames(0, 20);
    feed.lines(first);
    feed.update();
    const second = [
      ...frames(200, 10),
      line(205, 1000, 'F', 1, 0, 0x2000_1000),
      line(205, 1200, 'A', 1, 2, 1),
      line(205, 1300, 'V', 1, 5, 0),
      line(206, 0, 'L', 1, 1, 0),
      'garbage',
      ...frames(300, 1),
    ];
    feed.lines(second);
    feed.update();

    const slots = published.filter((m): m is SlotsMessage => m.t === 'slots').flatMap((m) => m.items);
    const records = decodeTrace(
      [...first, ...second.filter((l) => l !== 'garbage')].join('\n') + '\n',
      context,
    );
    const summary = summarizeTrace(records, context);
    assert.equal(slots.length, summary.slices.length, 'every slot once');
    assert.deepEqual(slots.slice(0, 3), [
      { vm: 0, startUs: 20, endUs: 5000 },
      { vm: 1, startUs: 5020, endUs: 8000 },
      { vm: -1, startUs: 8020, endUs: 10_000 },
    ]);
    const load = published.filter((m): m is LoadMessage => m.t === 'load').at(-1);
    assert.ok(load !== undefined);
    for (const [owner, share] of Object.entries(summary.cpuShare))
      assert.ok(Math.abs(load.total[owner] - share * 100) < 0.01, owner);
    assert.ok(
      Math.abs(load.total.control - 50) < 0.5 && Math.abs(load.total.diag - 30) < 0.5,
      JSON.stringify(load.total),
    );

    const events = published.filter((m): m is EventMessage => m.t === 'event');
    assert.deepEqual(
      events.map((e) => [e.kind, e.vm]),
      [
        ['lost', null], // reported as the line arrives
        ['fault', 'diag'],
        ['health', 'diag'],
        ['state', 'diag'],
        ['plan', 'diag'],
      ],
    );
    assert.match(events[1].text, /mpu-violation .*0x20001000/);
    assert.match(events[4].text, /plan diag-heavy requested/);
    assert.match(events[0].text, /trace line 95 unreadable/);
    const time = published.filter((m) => m.t === 'time').at(-1);
    assert.deepEqual(time, { t: 'time', virtualUs: 308_020, paused: false });
  });
});
