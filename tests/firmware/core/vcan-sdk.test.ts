// The TS guest SDK's virtual-CAN calls (bhCanReceive, bhCanSend, bhCanStatus) through the Node guest
// simulation and the real core: a VM with the diagnostic guest's filters drains its queue after
// VIRQ_VCAN, answers TesterPresent (fixtures/tester-present-responder.ts), and
// the host sees the response on the bus UART; a send outside the transmit filter is counted.
import assert from 'node:assert/strict';
import { HvResult } from '../../../firmware/core/hypercall-numbers.ts';
import { VIRQ_VCAN } from '../../../firmware/core/virq.ts';
import type { SimGuest } from '../../../firmware/sim/machine.ts';
import {
  bhCanReceive,
  bhCanSend,
  bhCanStatus,
  bhVirqEnable,
  bhWaitEvent,
} from '../../../guests/sdk/ts/bulkhead.ts';
import { installGuestSimulation, simulatedGuest } from '../../../guests/sdk/ts/simulation.ts';
import { testerPresentResponse } from './fixtures/tester-present-responder.ts';
import { dataBase, machine, scripted, spinner, system, vm } from './support.ts';

const BUS_UART = 1;

function diagLikeSystem() {
  const std = (id: number) => ({ match: id, mask: 0x7ff, extended: false });
  return system({
    vcanUart: BUS_UART,
    vms: [vm(0, 'a', { canTx: [std(0x7e8)], canRx: [std(0x7e0), std(0x7df)], canRxDepth: 4 }), vm(1, 'b')],
  });
}

describe('firmware/core virtual CAN through the TS guest SDK (Node simulation)', () => {
  afterEach(() => installGuestSimulation(null));

  it('answers TesterPresent from the host; CanStatus counts a refused send', () => {
    const events = new Uint32Array(1);
    const record = new Uint8Array(16);
    const values = new Uint32Array(3);
    const request = new Uint8Array(8);
    const woke: number[] = [];
    const status = new Uint32Array(3);
    const serve = (g: SimGuest): void => {
      installGuestSimulation(simulatedGuest(g, dataBase(0) + 0x200, 64));
      if (g.machine.ticks === 0) {
        assert.equal(bhVirqEnable(VIRQ_VCAN), HvResult.Ok);
        assert.equal(bhCanSend(0x123, 0, 0, 0), HvResult.NotPermitted);
        assert.equal(bhCanStatus(status), HvResult.Ok);
        return;
      }
      if (bhWaitEvent(events) !== HvResult.Ok || events[0] === 0) return;
      woke.push(events[0]);
      while (bhCanReceive(record, values) === HvResult.Ok) {
        const view = new DataView(record.buffer);
        request.set(record.subarray(8, 16));
        const response = testerPresentResponse(view.getUint32(0, true), view.getUint32(4, true), request);
        if (response === null) continue;
        const out = new DataView(response.buffer);
        assert.equal(
          bhCanSend(0x7e8, response.length, out.getUint32(0, true), out.getUint32(4, true)),
          HvResult.Ok,
        );
      }
    };
    const m = machine(diagLikeSystem(), [scripted({ 0: serve, 6: serve, 12: serve }), spinner]);
    m.sim.uartSend(BUS_UART, 'O\rt7E0302 3E00\r'.replace(' ', ''));
    m.run(7);
    m.sim.uartSend(BUS_UART, 't7DF3023E80\r');
    m.run(7);
    assert.deepEqual(Array.from(status), [0, 0, 1], 'queued, overflows, tx refused');
    assert.deepEqual(woke, [1 << VIRQ_VCAN, 1 << VIRQ_VCAN]);
    assert.equal(m.uart(BUS_UART), '\rz\rt7E88027E00AAAAAAAAAA\rz\r', 'one response; none for 3E 80');
  });
});
