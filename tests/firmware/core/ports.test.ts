// Port tests: queuing order, capacity and counted overflow, per-destination queues, sampling validity
// and age, size and direction checks, and the port-ready virtual interrupt. Messages travel from one
// simulated guest's memory through the hypervisor pool into another's.
import assert from 'node:assert/strict';
import type { PortDescription } from '../../../firmware/config/types.ts';
import { Hypercall, HvResult } from '../../../firmware/core/hypercall-numbers.ts';
import { queueOverflowCount } from '../../../firmware/core/ports.ts';
import { virqOf, VIRQ_PORT } from '../../../firmware/core/virq.ts';
import type { HypercallResult, SimGuest } from '../../../firmware/sim/machine.ts';
import { dataBase, machine, scripted, system, vm } from './support.ts';

const PORTS: PortDescription[] = [
  {
    name: 'status',
    kind: 'sampling',
    source: 'a',
    destinations: ['b'],
    maxMessageSize: 8,
    depth: 1,
    refreshTicks: 5,
  },
  {
    name: 'cmd',
    kind: 'queuing',
    source: 'a',
    destinations: ['b'],
    maxMessageSize: 16,
    depth: 4,
    refreshTicks: 0,
  },
  {
    name: 'fanout',
    kind: 'queuing',
    source: 'a',
    destinations: ['b', 'c'],
    maxMessageSize: 4,
    depth: 2,
    refreshTicks: 0,
  },
  {
    name: 'forever',
    kind: 'sampling',
    source: 'a',
    destinations: ['b'],
    maxMessageSize: 4,
    depth: 1,
    refreshTicks: 0,
  },
];
const STATUS = 0;
const CMD = 1;
const FANOUT = 2;
const FOREVER = 3;

/** Three VMs, each with a 2-tick slot: a [0,2) b [2,4) c [4,6). */
const desc = system({
  vms: [vm(0, 'a'), vm(1, 'b'), vm(2, 'c')],
  plans: [
    {
      name: 'main',
      majorFrame: 6,
      slots: [
        { vm: 'a', start: 0, duration: 2 },
        { vm: 'b', start: 2, duration: 2 },
        { vm: 'c', start: 4, duration: 2 },
      ],
    },
  ],
  ports: PORTS,
});

function send(g: SimGuest, call: Hypercall, port: number, bytes: number[]): HypercallResult {
  const address = dataBase(g.vm) + 0x100;
  g.store(address, bytes);
  return g.call(call, port, address, bytes.length);
}

function receive(
  g: SimGuest,
  call: Hypercall,
  port: number,
  capacity: number,
): { result: HypercallResult; bytes: number[] } {
  const address = dataBase(g.vm) + 0x200;
  const result = g.call(call, port, address, capacity);
  const length = result.r0 === HvResult.Ok ? result.r1 : 0;
  return { result, bytes: Array.from(g.load(address, length)) };
}

describe('firmware/core ports', () => {
  it('queuing: delivers in order, bounded by the depth, and counts overflow', () => {
    const sent: number[] = [];
    const got: number[][] = [];
    const codes: number[] = [];
    let status: HypercallResult | undefined;
    const a = scripted({
      0: (g) => {
        for (let i = 1; i <= 6; i++) sent.push(send(g, Hypercall.QueuingSend, CMD, [i, i * 2, i * 3]).r0);
        status = g.call(Hypercall.QueuingStatus, CMD);
      },
    });
    const b = scripted({
      2: (g) => {
        for (let i = 0; i < 5; i++) {
          const { result, bytes } = receive(g, Hypercall.QueuingReceive, CMD, 16);
          codes.push(result.r0);
          if (result.r0 === HvResult.Ok) got.push(bytes);
        }
      },
    });
    const m = machine(desc, [a, b, scripted()]);
    m.run(3);
    assert.deepEqual(sent, [
      HvResult.Ok,
      HvResult.Ok,
      HvResult.Ok,
      HvResult.Ok,
      HvResult.Full,
      HvResult.Full,
    ]);
    assert.equal(status?.r1, 4, 'queued');
    assert.equal(status?.r2, 2, 'overflows');
    assert.equal(queueOverflowCount(CMD, 1), 2);
    assert.deepEqual(got, [
      [1, 2, 3],
      [2, 4, 6],
      [3, 6, 9],
      [4, 8, 12],
    ]);
    assert.deepEqual(codes, [HvResult.Ok, HvResult.Ok, HvResult.Ok, HvResult.Ok, HvResult.Empty]);
    const overflowEvents = m.trace().filter((r) => r.kind === 'P' && r.a >>> 16 === 5);
    assert.equal(overflowEvents.length, 2, 'every overflow is traced');
  });

  it('queuing: the FIFO wraps around its storage and keeps order across many messages', () => {
    const got: number[] = [];
    let next = 0;
    const a = scripted();
    a.step = (g) => {
      // two messages per tick of a's slot: 4 per frame, the queue depth
      for (let i = 0; i < 2; i++) send(g, Hypercall.QueuingSend, CMD, [next++ & 0xff]);
    };
    const b = scripted();
    b.step = (g) => {
      for (;;) {
        const { result, bytes } = receive(g, Hypercall.QueuingReceive, CMD, 16);
        if (result.r0 !== HvResult.Ok) break;
        got.push(bytes[0]);
      }
    };
    const m = machine(desc, [a, b, scripted()]);
    m.run(60);
    assert.equal(got.length, 40);
    assert.deepEqual(
      got,
      Array.from({ length: 40 }, (_, i) => i),
    );
    assert.equal(queueOverflowCount(CMD, 1), 0);
  });

  it('queuing: each destination has its own queue; a full one does not block the other', () => {
    const sends: number[] = [];
    let bGot: number[] = [];
    const cGot: number[] = [];
    const a = scripted({
      0: (g) => {
        for (let i = 1; i <= 2; i++) sends.push(send(g, Hypercall.QueuingSend, FANOUT, [i]).r0);
      },
      6: (g) => sends.push(send(g, Hypercall.QueuingSend, FANOUT, [3]).r0),
    });
    const b = scripted({
      2: (g) => {
        bGot = [];
        for (let i = 0; i < 3; i++) {
          const { result, bytes } = receive(g, Hypercall.QueuingReceive, FANOUT, 4);
          if (result.r0 === HvResult.Ok) bGot.push(bytes[0]);
        }
      },
      8: (g) => {
        const { bytes } = receive(g, Hypercall.QueuingReceive, FANOUT, 4);
        bGot.push(bytes[0]);
      },
    });
    const c = scripted({
      10: (g) => {
        for (let i = 0; i < 3; i++) {
          const { result, bytes } = receive(g, Hypercall.QueuingReceive, FANOUT, 4);
          if (result.r0 === HvResult.Ok) cGot.push(bytes[0]);
        }
      },
    });
    const m = machine(desc, [a, b, c]);
    m.run(12);
    // c did not read in the first frame: its queue (depth 2) is full when the third message comes.
    assert.deepEqual(sends, [HvResult.Ok, HvResult.Ok, HvResult.Full]);
    assert.deepEqual(bGot, [1, 2, 3]);
    assert.deepEqual(cGot, [1, 2]);
    assert.equal(queueOverflowCount(FANOUT, 1), 0);
    assert.equal(queueOverflowCount(FANOUT, 2), 1);
  });

  it('sampling: readers get the latest value with its age; stale after the refresh period', () => {
    const reads: { code: number; length: number; age: number; valid: number; bytes: number[] }[] = [];
    const a = scripted({
      0: (g) => send(g, Hypercall.SamplingWrite, STATUS, [1, 1, 1]),
      1: (g) => send(g, Hypercall.SamplingWrite, STATUS, [7, 8, 9, 10]),
    });
    const read = (g: SimGuest) => {
      const { result, bytes } = receive(g, Hypercall.SamplingRead, STATUS, 8);
      reads.push({ code: result.r0, length: result.r1, age: result.r2, valid: result.r3, bytes });
    };
    const b = scripted({ 2: read, 3: read, 8: read });
    const m = machine(desc, [a, b, scripted()]);
    m.run(9);
    assert.deepEqual(reads, [
      { code: HvResult.Ok, length: 4, age: 1, valid: 1, bytes: [7, 8, 9, 10] },
      { code: HvResult.Ok, length: 4, age: 2, valid: 1, bytes: [7, 8, 9, 10] },
      { code: HvResult.Ok, length: 4, age: 7, valid: 0, bytes: [7, 8, 9, 10] },
    ]);
  });

  it('sampling: reports NoMessage before the first write and never goes stale without a refresh period', () => {
    const codes: number[] = [];
    const valid: number[] = [];
    const a = scripted({ 6: (g) => send(g, Hypercall.SamplingWrite, FOREVER, [5]) });
    const read = (g: SimGuest) => {
      const { result } = receive(g, Hypercall.SamplingRead, FOREVER, 4);
      codes.push(result.r0);
      if (result.r0 === HvResult.Ok) valid.push(result.r3);
    };
    const b = scripted({ 2: read, 998: read });
    const m = machine(desc, [a, b, scripted()]);
    m.run(999);
    assert.deepEqual(codes, [HvResult.NoMessage, HvResult.Ok]);
    assert.deepEqual(valid, [1]);
  });

  it('checks sizes: oversized messages and too-small receive buffers', () => {
    const codes: number[] = [];
    let afterTooSmall: number[] = [];
    const a = scripted({
      0: (g) => {
        codes.push(send(g, Hypercall.QueuingSend, CMD, new Array<number>(17).fill(1)).r0);
        codes.push(send(g, Hypercall.SamplingWrite, STATUS, new Array<number>(9).fill(1)).r0);
        codes.push(send(g, Hypercall.QueuingSend, CMD, [1, 2, 3, 4, 5, 6]).r0);
      },
    });
    const b = scripted({
      2: (g) => {
        codes.push(receive(g, Hypercall.QueuingReceive, CMD, 5).result.r0);
        afterTooSmall = receive(g, Hypercall.QueuingReceive, CMD, 6).bytes;
      },
    });
    const m = machine(desc, [a, b, scripted()]);
    m.run(3);
    assert.deepEqual(codes, [HvResult.BadLength, HvResult.BadLength, HvResult.Ok, HvResult.TooSmall]);
    assert.deepEqual(afterTooSmall, [1, 2, 3, 4, 5, 6], 'the message stays queued after TooSmall');
  });

  it('checks direction, membership, kind and index', () => {
    const codes: Record<string, number> = {};
    const b = scripted({
      2: (g) => {
        codes.bSends = send(g, Hypercall.QueuingSend, CMD, [1]).r0;
        codes.bWritesSampling = send(g, Hypercall.SamplingWrite, STATUS, [1]).r0;
        codes.wrongKind = send(g, Hypercall.QueuingSend, STATUS, [1]).r0;
        codes.badIndex = receive(g, Hypercall.QueuingReceive, 99, 4).result.r0;
      },
    });
    const c = scripted({
      4: (g) => (codes.cReceives = receive(g, Hypercall.QueuingReceive, CMD, 16).result.r0),
    });
    const a = scripted({
      0: (g) => (codes.aReceives = receive(g, Hypercall.QueuingReceive, CMD, 16).result.r0),
    });
    const m = machine(desc, [a, b, c]);
    m.run(6);
    assert.deepEqual(codes, {
      aReceives: HvResult.NotPermitted,
      bSends: HvResult.NotPermitted,
      bWritesSampling: HvResult.NotPermitted,
      wrongKind: HvResult.BadPort,
      badIndex: HvResult.BadPort,
      cReceives: HvResult.NotPermitted,
    });
  });

  it('raises the port-ready virtual interrupt at each destination', () => {
    const a = scripted({ 0: (g) => send(g, Hypercall.QueuingSend, FANOUT, [1]) });
    const m = machine(desc, [a, scripted(), scripted()]);
    m.run(1);
    assert.notEqual(virqOf(1).pending & (1 << VIRQ_PORT), 0);
    assert.notEqual(virqOf(2).pending & (1 << VIRQ_PORT), 0);
    assert.equal(virqOf(0).pending & (1 << VIRQ_PORT), 0);
  });
});
