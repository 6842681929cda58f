// The virtual CAN bus wired into the hypervisor core, in the Node simulation: the CanSend, CanReceive and
// CanStatus hypercalls reach the bus; host bytes on the bus UART are read at the tick and answered;
// frames from the host raise VIRQ_VCAN at the receiving VM; the transmit filter refuses and counts;
// a restart empties the restarted VM's queue only; `hvInit` resets the bus; host input the UART lost is
// counted and raises the data-overrun flag of the next `F` reply.
import assert from 'node:assert/strict';
import { Hypercall, HvResult } from '../../../firmware/core/hypercall-numbers.ts';
import { VIRQ_VCAN, virqOf } from '../../../firmware/core/virq.ts';
import { vcanCounters } from '../../../firmware/core/vcan/bus.ts';
import type { SimGuest } from '../../../firmware/sim/machine.ts';
import { dataBase, machine, scripted, system, vm } from './support.ts';

const BUS_UART = 1;

/** a sends 0x100 only and receives 0x7E0; b sends 0x7E0 and receives 0x100 (depth 2). */
function busSystem() {
  const std = (id: number) => ({ match: id, mask: 0x7ff, extended: false });
  return system({
    vcanUart: BUS_UART,
    vms: [
      vm(0, 'a', { canTx: [std(0x100)], canRx: [std(0x7e0)], canRxDepth: 4, capabilities: ['restart-vm'] }),
      vm(1, 'b', { canTx: [std(0x7e0)], canRx: [std(0x100)], canRxDepth: 2 }),
    ],
  });
}

function receive(g: SimGuest): { r0: number; id: number; dlc: number; data: number[]; remaining: number } {
  const address = dataBase(g.vm) + 0x100;
  const out = g.call(Hypercall.CanReceive, address);
  const record = g.load(address, 16);
  const view = new DataView(record.buffer, record.byteOffset, 16);
  return {
    r0: out.r0,
    id: view.getUint32(0, true),
    dlc: view.getUint32(4, true),
    data: Array.from(record.subarray(8, 16)),
    remaining: out.r1,
  };
}

describe('firmware/core virtual CAN wiring', () => {
  it('CanSend goes to the host (channel open) and to the other VM, which CanReceive reads', () => {
    const seen: ReturnType<typeof receive>[] = [];
    const m = machine(busSystem(), [
      scripted({ 1: (g) => assert.equal(g.call(Hypercall.CanSend, 0x100, 2, 0x6400, 0).r0, HvResult.Ok) }),
      scripted({
        3: (g) => {
          seen.push(receive(g));
          seen.push(receive(g));
        },
      }),
    ]);
    m.sim.uartSend(BUS_UART, 'O\r');
    m.run(6);
    assert.equal(m.uart(BUS_UART), '\rt10020064\r');
    assert.deepEqual(seen[0], {
      r0: HvResult.Ok,
      id: 0x100,
      dlc: 2,
      data: [0, 0x64, 0, 0, 0, 0, 0, 0],
      remaining: 0,
    });
    assert.equal(seen[1].r0, HvResult.Empty);
  });

  it('refuses and counts a send outside the transmit filter; CanStatus reports it', () => {
    let status = { r0: -1, r1: -1, r2: -1, r3: -1 };
    const m = machine(busSystem(), [
      scripted({
        0: (g) => {
          assert.equal(g.call(Hypercall.CanSend, 0x123, 1, 0xaa, 0).r0, HvResult.NotPermitted);
          assert.equal(g.call(Hypercall.CanSend, 0x800, 1, 0xaa, 0).r0, HvResult.BadArgument);
          status = g.call(Hypercall.CanStatus);
        },
      }),
      scripted(),
    ]);
    m.sim.uartSend(BUS_UART, 'O\r');
    m.run(2);
    assert.deepEqual(status, { r0: HvResult.Ok, r1: 0, r2: 0, r3: 1 });
    assert.equal(m.uart(BUS_UART), '\r', 'nothing refused reaches the host');
  });

  it('reads host bytes at the tick, queues host frames and raises VIRQ_VCAN at the receiver', () => {
    let got: ReturnType<typeof receive> | undefined;
    const m = machine(busSystem(), [
      scripted({
        0: (g) => assert.equal(g.call(Hypercall.VirqEnable, VIRQ_VCAN).r0, HvResult.Ok),
        2: (g) => (got = receive(g)),
      }),
      scripted(),
    ]);
    m.sim.uartSend(BUS_UART, 'O\rt7E0302 3E00\r'.replace(' ', ''));
    assert.equal(virqOf(0).pending & (1 << VIRQ_VCAN), 0);
    m.run(1);
    assert.equal(m.sim.uartPending(BUS_UART), 0, 'every byte read at the first tick');
    assert.equal(m.uart(BUS_UART), '\rz\r');
    assert.notEqual(virqOf(0).pending & (1 << VIRQ_VCAN), 0, 'VIRQ_VCAN pending at a');
    assert.equal(vcanCounters().framesFromHost, 1);
    m.run(2);
    assert.deepEqual(got, {
      r0: HvResult.Ok,
      id: 0x7e0,
      dlc: 3,
      data: [2, 0x3e, 0, 0, 0, 0, 0, 0],
      remaining: 0,
    });
  });

  it('a restart empties the restarted VM queue only; hvInit resets the bus', () => {
    let afterRestart: ReturnType<typeof receive> | undefined;
    const held: { other?: ReturnType<typeof receive> } = {};
    const m = machine(busSystem(), [
      scripted({
        0: (g) => {
          assert.equal(g.call(Hypercall.CanSend, 0x100, 0, 0, 0).r0, HvResult.Ok);
          assert.equal(g.call(Hypercall.VmRestart, 1, 0).r0, HvResult.Ok);
        },
        6: (g) => (held.other = receive(g)),
      }),
      scripted({ 3: (g) => (afterRestart = receive(g)) }),
    ]);
    m.sim.uartSend(BUS_UART, 'O\rt7E00\r');
    m.run(7);
    assert.equal(afterRestart?.r0, HvResult.Empty, 'the frame sent before b restarted is gone');
    // a's queue kept the host frame (queued at the first tick, before b restarted).
    assert.equal(held.other?.r0, HvResult.Ok);
    assert.equal(held.other?.id, 0x7e0);
    const again = machine(busSystem(), [scripted(), scripted()]);
    again.run(1);
    assert.equal(vcanCounters().framesFromHost, 0, 'a new hvInit starts from a reset bus');
    assert.equal(again.uart(BUS_UART), '', 'the channel is closed after reset: nothing is sent');
  });

  it('host input the bus UART lost is counted and reported as data overrun in the next F', () => {
    const m = machine(busSystem(), [scripted(), scripted()]);
    m.sim.uartSend(BUS_UART, 'O\rF\r');
    m.run(1);
    assert.equal(m.uart(BUS_UART), '\rF00\r');
    // The UART lost 5 bytes (its ring was full) before the bytes that follow: a line cut short.
    m.sim.loseUartInput(BUS_UART, 5);
    m.run(1);
    assert.equal(vcanCounters().hostBytesLost, 0, 'looked at only after a tick that read input');
    m.sim.uartSend(BUS_UART, '00\rF\rF\r');
    m.run(1);
    assert.equal(m.uart(BUS_UART), '\rF00\r\x07F08\rF00\r');
    assert.equal(vcanCounters().hostBytesLost, 5);
    m.sim.loseUartInput(BUS_UART, 2);
    m.sim.uartSend(BUS_UART, 'F\r');
    m.run(1);
    assert.equal(vcanCounters().hostBytesLost, 7);
    assert.ok(m.uart(BUS_UART).endsWith('F08\r'), 'each new loss is reported again');
  });
});
