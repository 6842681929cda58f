// Virtual CAN bus tests on the real system tables: the SLCAN replies for every command in every channel
// state, routing from the host and between VMs through the receive filters, transmit filters refusing
// and counting, bounded receive queues counting overflows (and the `F` overrun flag), the hypercall
// glue writing the frame record into guest memory, and fuzzed host input never breaking the bus.
import assert from 'node:assert/strict';
import { HvResult } from '../../../../firmware/core/hypercall-numbers.ts';
import {
  VCAN_ID_EXTENDED,
  VCAN_ID_REMOTE,
  VCAN_MAX_RX_DEPTH,
  VCAN_QUEUE_SLOTS,
  vcanChannel,
  vcanCounters,
  vcanQueued,
  vcanReceive,
  vcanReceived,
  vcanResetVm,
  vcanSend,
  vcanVmCounters,
} from '../../../../firmware/core/vcan/bus.ts';
import { MAX_CAN_RX_DEPTH } from '../../../../firmware/config/limits.ts';
import { MAX_VMS } from '../../../../firmware/core/limits.ts';
import { vcanCallReceive, vcanCallStatus } from '../../../../firmware/core/vcan/vcan-calls.ts';
import { VcpuContext } from '../../../../firmware/core/vcpu-context.ts';
import { VIRQ_VCAN, virqOf, virqReset } from '../../../../firmware/core/virq.ts';
import { dataBase } from '../support.ts';
import { BusHarness } from './support.ts';

const CTRL = 0;
const DIAG = 1;
const GW = 2;
const BEL = '\x07';

function take(vm: number) {
  const result = vcanReceive(vm);
  if (result !== HvResult.Ok) return result;
  const f = vcanReceived();
  return {
    id: f.id,
    extended: f.extended,
    remote: f.remote,
    dlc: f.dlc,
    data: Array.from(f.data.subarray(0, f.dlc)),
  };
}

describe('firmware/core/vcan bus', () => {
  let bus: BusHarness;
  beforeEach(() => {
    bus = new BusHarness();
    for (let vm = 0; vm < 3; vm++) virqReset(vm);
  });

  describe('SLCAN commands and replies', () => {
    it('answers version and serial in any state, and an empty line not at all', () => {
      assert.equal(bus.exchange('V\r'), 'V0101\r');
      assert.equal(bus.exchange('N\r'), 'NBH01\r');
      assert.equal(bus.exchange('\r\r\r'), '');
      bus.exchange('O\r');
      assert.equal(bus.exchange('V\r'), 'V0101\r');
    });

    it('opens, refuses a second open, closes, refuses a second close', () => {
      assert.equal(bus.exchange('O\r'), '\r');
      assert.equal(vcanChannel().open, true);
      assert.equal(bus.exchange('O\r'), BEL);
      assert.equal(bus.exchange('L\r'), BEL);
      assert.equal(bus.exchange('C\r'), '\r');
      assert.equal(vcanChannel().open, false);
      assert.equal(bus.exchange('C\r'), BEL);
      assert.equal(vcanCounters().hostErrors, 3);
    });

    it('sets the bitrate and timestamps only while closed', () => {
      assert.equal(bus.exchange('S4\r'), '\r');
      assert.equal(vcanChannel().bitrateCode, 4);
      assert.equal(bus.exchange('Z1\r'), '\r');
      assert.equal(vcanChannel().timestamps, true);
      bus.exchange('O\r');
      assert.equal(bus.exchange('S6\r'), BEL);
      assert.equal(bus.exchange('Z0\r'), BEL);
      assert.equal(vcanChannel().bitrateCode, 4);
      assert.equal(vcanChannel().timestamps, true);
    });

    it('answers BEL to every malformed line and counts it', () => {
      const bad = ['S9', 'X', 't800', 't1009', 't1002AA', 'T200000000', 't1G01', 'Z5', 'O0'];
      for (const line of bad) assert.equal(bus.exchange(line + '\r'), BEL, line);
      assert.equal(bus.exchange('t' + 'A'.repeat(100) + '\r'), BEL, 'overlong');
      assert.equal(vcanCounters().hostErrors, bad.length + 1);
      assert.equal(bus.exchange('V\r'), 'V0101\r', 'still answering after the errors');
    });

    it('refuses frames while closed and in listen-only mode', () => {
      assert.equal(bus.exchange('t7E00\r'), BEL);
      bus.exchange('L\r');
      assert.equal(bus.exchange('t7E00\r'), BEL);
      assert.equal(vcanQueued(DIAG), 0);
      bus.exchange('C\r');
      bus.exchange('O\r');
      assert.equal(bus.exchange('t7E00\r'), 'z\r');
      assert.equal(bus.exchange('T18DA00F10\r'), 'Z\r');
    });

    it('F reports the data-overrun flag once, and only while open', () => {
      assert.equal(bus.exchange('F\r'), BEL);
      bus.exchange('O\r');
      assert.equal(bus.exchange('F\r'), 'F00\r');
      for (let i = 0; i < 5; i++) bus.exchange('t7E00\r');
      assert.equal(bus.exchange('F\r'), 'F08\r');
      assert.equal(bus.exchange('F\r'), 'F00\r');
    });
  });

  describe('routing and filters', () => {
    it('a host frame reaches every VM whose receive filter accepts it, with its data', () => {
      bus.exchange('O\r');
      assert.equal(bus.exchange('t1003A1B2C3\r'), 'z\r');
      assert.deepEqual(take(DIAG), {
        id: 0x100,
        extended: false,
        remote: false,
        dlc: 3,
        data: [0xa1, 0xb2, 0xc3],
      });
      assert.deepEqual(take(GW), {
        id: 0x100,
        extended: false,
        remote: false,
        dlc: 3,
        data: [0xa1, 0xb2, 0xc3],
      });
      assert.equal(take(CTRL), HvResult.Empty);
      assert.equal(vcanCounters().framesFromHost, 1);
      assert.ok((virqOf(DIAG).pending & (1 << VIRQ_VCAN)) !== 0, 'diag got the virtual interrupt');
      assert.equal(virqOf(CTRL).pending & (1 << VIRQ_VCAN), 0, 'ctrl did not');
    });

    it('masks select ranges; standard filters never match extended frames and vice versa', () => {
      bus.exchange('O\r');
      bus.exchange('t10F0\r'); // diag: 0x100/0x7F0 yes; gw: 0x100 exact no
      bus.exchange('t1100\r'); // nobody
      bus.exchange('T000001000\r'); // extended 0x100: no standard filter matches
      bus.exchange('T18DA10F10\r'); // gw extended 0x18DAxxxx
      bus.exchange('T18DB10F10\r'); // nobody
      assert.deepEqual([vcanQueued(CTRL), vcanQueued(DIAG), vcanQueued(GW)], [0, 1, 1]);
      assert.equal((take(DIAG) as { id: number }).id, 0x10f);
      assert.deepEqual(take(GW), { id: 0x18da10f1, extended: true, remote: false, dlc: 0, data: [] });
    });

    it('a VM frame goes to the host and to the other accepting VMs, never back to the sender', () => {
      bus.exchange('O\r');
      assert.equal(vcanSend(CTRL, 0x100, 2, 0x0000_3412, 0), HvResult.Ok);
      assert.equal(bus.output(), 't10021234\r');
      assert.deepEqual(take(DIAG), { id: 0x100, extended: false, remote: false, dlc: 2, data: [0x12, 0x34] });
      assert.deepEqual(take(GW), { id: 0x100, extended: false, remote: false, dlc: 2, data: [0x12, 0x34] });
      assert.equal(vcanSend(GW, 0x100 | VCAN_ID_EXTENDED, 8, 0x04030201, 0x08070605), HvResult.Ok);
      assert.equal(bus.output(), 'T0000010080102030405060708\r');
      assert.equal(vcanQueued(GW), 0, 'not looped back to the sender');
      assert.equal(vcanVmCounters(CTRL).sent, 1);
      assert.equal(vcanCounters().framesToHost, 2);
    });

    it('nothing is written to the host while the channel is closed; VMs still receive', () => {
      assert.equal(vcanSend(CTRL, 0x100, 0, 0, 0), HvResult.Ok);
      assert.equal(bus.output(), '');
      assert.equal(vcanQueued(DIAG), 1);
    });

    it('timestamps follow Z1', () => {
      bus.exchange('Z1\rO\r');
      bus.output();
      vcanSend(CTRL, 0x100, 1, 0x55, 0);
      assert.match(bus.output(), /^t100155[0-9A-F]{4}\r$/);
    });

    it('remote frames pass with their DLC and no data', () => {
      bus.exchange('O\r');
      assert.equal(vcanSend(DIAG, 0x7e8 | VCAN_ID_REMOTE, 8, 0xffffffff, 0xffffffff), HvResult.Ok);
      assert.equal(bus.output(), 'r7E88\r');
      bus.exchange('r7E04\r');
      assert.deepEqual(take(DIAG), { id: 0x7e0, extended: false, remote: true, dlc: 4, data: [0, 0, 0, 0] });
    });

    it('a send outside the transmit filter is refused and counted, and goes nowhere', () => {
      bus.exchange('O\r');
      assert.equal(vcanSend(CTRL, 0x101, 1, 0, 0), HvResult.NotPermitted);
      assert.equal(vcanSend(CTRL, 0x100 | VCAN_ID_EXTENDED, 1, 0, 0), HvResult.NotPermitted);
      assert.equal(vcanSend(DIAG, 0x7e0, 1, 0, 0), HvResult.NotPermitted);
      assert.equal(vcanVmCounters(CTRL).txRefused, 2);
      assert.equal(vcanVmCounters(DIAG).txRefused, 1);
      assert.equal(vcanVmCounters(CTRL).sent, 0);
      assert.equal(bus.output(), '');
      assert.equal(vcanQueued(DIAG) + vcanQueued(GW), 0);
    });

    it('identifiers out of range and DLC above 8 are bad arguments (not counted as filter refusals)', () => {
      assert.equal(vcanSend(CTRL, 0x800, 0, 0, 0), HvResult.BadArgument);
      assert.equal(vcanSend(GW, 0x2000_0000 | VCAN_ID_EXTENDED, 0, 0, 0), HvResult.BadArgument);
      assert.equal(vcanSend(CTRL, 0x100, 9, 0, 0), HvResult.BadArgument);
      assert.equal(vcanSend(GW, 0x2000_0000 | 0x100, 0, 0, 0), HvResult.BadArgument, 'bit 29 is not a flag');
      assert.equal(vcanVmCounters(CTRL).txRefused, 0);
    });
  });

  describe('receive queues', () => {
    it('hold the table depth in FIFO order and count every frame that found them full', () => {
      bus.exchange('O\r');
      for (let i = 0; i < 7; i++) bus.exchange(`t7E01${i.toString(16).padStart(2, '0')}\r`);
      assert.equal(vcanQueued(DIAG), 4);
      assert.equal(vcanVmCounters(DIAG).overflows, 3);
      assert.equal(vcanVmCounters(DIAG).queued, 4);
      const order = [0, 1, 2, 3].map(() => (take(DIAG) as { data: number[] }).data[0]);
      assert.deepEqual(order, [0, 1, 2, 3]);
      assert.equal(take(DIAG), HvResult.Empty);
      // The ring wraps correctly after draining.
      for (let i = 0; i < 3; i++) bus.exchange(`t7DF1${(0x10 + i).toString(16)}\r`);
      assert.deepEqual(
        [0, 1, 2].map(() => (take(DIAG) as { data: number[] }).data[0]),
        [0x10, 0x11, 0x12],
      );
      assert.equal(vcanVmCounters(DIAG).received, 7);
    });

    it('an overflow at one VM does not stop delivery to the others', () => {
      for (let i = 0; i < 3; i++) vcanSend(CTRL, 0x100, 1, i, 0);
      assert.equal(vcanQueued(GW), 2);
      assert.equal(vcanVmCounters(GW).overflows, 1);
      assert.equal(vcanQueued(DIAG), 3);
      assert.equal(vcanVmCounters(DIAG).overflows, 0);
    });

    it('a VM (re)start empties its queue and keeps its counters', () => {
      for (let i = 0; i < 6; i++) vcanSend(CTRL, 0x100, 0, 0, 0);
      assert.equal(vcanQueued(DIAG), 4);
      vcanResetVm(DIAG);
      assert.equal(vcanQueued(DIAG), 0);
      assert.equal(take(DIAG), HvResult.Empty);
      assert.equal(vcanVmCounters(DIAG).overflows, 2);
      vcanSend(CTRL, 0x100, 1, 0x42, 0);
      assert.deepEqual((take(DIAG) as { data: number[] }).data, [0x42]);
    });

    it('its capacity matches what the configuration validator allows', () => {
      assert.equal(VCAN_MAX_RX_DEPTH, MAX_CAN_RX_DEPTH);
      assert.equal(VCAN_QUEUE_SLOTS, MAX_VMS * VCAN_MAX_RX_DEPTH);
    });
  });

  describe('hypercall glue', () => {
    it('CanSend takes the registers as they are, CanReceive writes the 16-byte record, CanStatus reports counters', () => {
      bus.exchange('O\r');
      const ctx = new VcpuContext();
      assert.equal(vcanSend(CTRL, 0x100, 3, 0x00ccbbaa, 0), HvResult.Ok);
      assert.equal(bus.output(), 't1003AABBCC\r');
      assert.equal(vcanSend(CTRL, 0x7ff, 0, 0, 0), HvResult.NotPermitted);

      const record = dataBase(DIAG) + 0x100;
      assert.equal(vcanCallReceive(DIAG, record, ctx), HvResult.Ok);
      assert.equal(ctx.r[1], 0, 'nothing left');
      const bytes = bus.sim.memory.read(record, 16);
      const view = new DataView(bytes.buffer, bytes.byteOffset, 16);
      assert.equal(view.getUint32(0, true), 0x100);
      assert.equal(view.getUint32(4, true), 3);
      assert.deepEqual(Array.from(bytes.subarray(8)), [0xaa, 0xbb, 0xcc, 0, 0, 0, 0, 0]);
      assert.equal(vcanCallReceive(DIAG, record, ctx), HvResult.Empty);

      ctx.r.set([0, 0, 0, 0]);
      assert.equal(vcanCallStatus(CTRL, ctx), HvResult.Ok);
      assert.deepEqual(Array.from(ctx.r.subarray(1, 4)), [0, 0, 1]);
    });

    it('CanReceive checks the buffer before taking a frame', () => {
      bus.exchange('O\rt7E0111\r');
      const ctx = new VcpuContext();
      assert.equal(vcanCallReceive(DIAG, dataBase(DIAG) + 2, ctx), HvResult.Misaligned);
      assert.equal(vcanCallReceive(DIAG, dataBase(CTRL), ctx), HvResult.BadAddress, "another VM's memory");
      assert.equal(
        vcanCallReceive(DIAG, dataBase(DIAG) + 0x10000 - 8, ctx),
        HvResult.BadAddress,
        'runs past the area',
      );
      assert.equal(vcanQueued(DIAG), 1, 'the frame is still queued');
      assert.equal(vcanCallReceive(DIAG, dataBase(DIAG), ctx), HvResult.Ok);
    });
  });

  it('fuzz: random host bytes never throw, every reply is well formed, and the bus still works', () => {
    let seed = 7;
    const next = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0);
    const alphabet = Buffer.from('tTrROLCSVNFZ0123456789ABCDEFabcdefXx\r\r\r\n', 'latin1');
    const bytes = new Uint8Array(20000);
    for (let i = 0; i < bytes.length; i++)
      bytes[i] = (next() & 7) === 0 ? next() & 0xff : alphabet[next() % alphabet.length];
    bus.type(bytes);
    const replies = bus.output();
    // Replies are BEL, CR, z/Z CR, V…, N…, F…: nothing else may appear.
    assert.match(replies, /^(\x07|\r|[zZ]\r|V0101\r|NBH01\r|F[0-9A-F]{2}\r)*$/);
    assert.ok(vcanCounters().hostErrors > 50);
    bus.type('\rC\rO\r');
    bus.output();
    assert.equal(bus.exchange('t7E0122\r'), 'z\r');
  });
});
