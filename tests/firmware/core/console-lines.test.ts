// Node tests of console line ownership on a shared UART (firmware/core/console-lines.ts through the
// guest console and the hypervisor's own lines): a line one VM leaves open is ended before another VM's
// line and before a hypervisor line, the open line's owner continues on a new prefixed line, and a VM's
// own line split over several writes stays one line.
import assert from 'node:assert/strict';

import { Hypercall, HvResult } from '../../../firmware/core/hypercall-numbers.ts';
import type { SimGuest } from '../../../firmware/sim/machine.ts';
import { dataBase, machine, scripted, system } from './support.ts';

const HV_CONSOLE_UART = 0;

function write(g: SimGuest, vm: number, text: string): void {
  const address = dataBase(vm);
  assert.equal(g.call(Hypercall.ConsoleWrite, address, g.put(address, text)).r0, HvResult.Ok);
}

describe('firmware/core console lines: one open line per UART, owned by one writer', () => {
  it("ends a VM's open line before another VM's line; the owner continues on a new prefixed line", () => {
    const a = scripted({ 0: (g) => write(g, 0, 'left open'), 6: (g) => write(g, 0, ' until now\n') });
    const b = scripted({ 3: (g) => write(g, 1, 'a line of b\n') });
    const m = machine(system(), [a, b]);
    m.run(7);
    assert.equal(m.uart(HV_CONSOLE_UART), '[a] left open\n[b] a line of b\n[a]  until now\n');
  });

  it("ends a VM's open line before a hypervisor line (the invariants report)", () => {
    const a = scripted({ 1: (g) => write(g, 0, 'left open'), 8: (g) => write(g, 0, ' until now\n') });
    const m = machine(system({ invariantsReportTicks: 6 }), [a, scripted()]);
    m.run(9);
    assert.match(m.uart(HV_CONSOLE_UART), /^\[a\] left open\nhv: invariants ok \d+\n\[a\] {2}until now\n$/);
  });

  it("keeps a VM's line split over several writes as one line while nobody else writes", () => {
    const a = scripted({
      0: (g) => write(g, 0, 'one '),
      1: (g) => write(g, 0, 'line'),
      2: (g) => write(g, 0, '\nnext\n'),
    });
    const m = machine(system(), [a, scripted({ 3: (g) => write(g, 1, 'b\n') })]);
    m.run(4);
    assert.equal(m.uart(HV_CONSOLE_UART), '[a] one line\n[a] next\n[b] b\n');
  });
});
