// Hypercall argument checks: buffers pointing into another VM, into the hypervisor, past the end of an
// area, into read-only memory, wrapping around the address space or longer than allowed; misaligned
// addresses where alignment matters; unknown numbers and missing capabilities. Each failure returns
// its documented code and raises a bad-hypercall health event carrying the offending address.
import assert from 'node:assert/strict';
import { Hypercall, HvResult, HYPERCALL_ABI_VERSION } from '../../../firmware/core/hypercall-numbers.ts';
import { faultLogCount } from '../../../firmware/core/health.ts';
import { HealthEvent } from '../../../firmware/core/tables.ts';
import type { HypercallResult, SimGuest } from '../../../firmware/sim/machine.ts';
import { AREA_SIZE, codeBase, dataBase, machine, scripted, system, vm } from './support.ts';
import { lastFaultEntry } from './fault-log.ts';

/** Runs `body` as VM a at tick 0 of the default two-VM system and returns what it returned. */
function asVmA<T>(body: (g: SimGuest) => T, desc = system()): { value: T; m: ReturnType<typeof machine> } {
  let value: T | undefined;
  const m = machine(desc, [scripted({ 0: (g) => void (value = body(g)) }), scripted()]);
  m.run(1);
  return { value: value as T, m };
}

function lastFault(): { vm: number; event: number; address: number; detail: number } {
  const { vm, event, address, detail } = lastFaultEntry();
  return { vm, event, address, detail };
}

describe('firmware/core hypercalls', () => {
  it('Version returns the ABI version, the caller and the VM count', () => {
    const { value } = asVmA((g) => g.call(Hypercall.Version));
    assert.deepEqual(value, { r0: HvResult.Ok, r1: HYPERCALL_ABI_VERSION, r2: 0, r3: 2 });
    assert.equal(faultLogCount(), 0);
  });

  it('GetTime returns ticks, tick period and frame position', () => {
    let t: HypercallResult | undefined;
    const m = machine(system(), [scripted({ 7: (g) => void (t = g.call(Hypercall.GetTime)) }), scripted()]);
    m.run(8);
    assert.deepEqual(t, { r0: HvResult.Ok, r1: 7, r2: 1000, r3: 1 });
  });

  it('ConsoleWrite prints the buffer with the VM name at each line start', () => {
    const { m } = asVmA((g) => {
      const address = dataBase(0);
      g.call(Hypercall.ConsoleWrite, address, g.put(address, 'hello\nwor'));
      g.call(Hypercall.ConsoleWrite, address, g.put(address, 'ld\n'));
      return 0;
    });
    assert.equal(m.uart(0), '[a] hello\n[a] world\n');
  });

  const badBuffers: [string, (g: SimGuest) => HypercallResult, HvResult, number][] = [
    [
      'into another VM',
      (g) => g.call(Hypercall.ConsoleWrite, dataBase(1), 4),
      HvResult.BadAddress,
      dataBase(1),
    ],
    ['into the hypervisor', (g) => g.call(Hypercall.ConsoleWrite, 0x1000, 4), HvResult.BadAddress, 0x1000],
    [
      'across the end of its area',
      (g) => g.call(Hypercall.ConsoleWrite, dataBase(0) + AREA_SIZE - 2, 4),
      HvResult.BadAddress,
      dataBase(0) + AREA_SIZE - 2,
    ],
    [
      'with a wrapping length',
      (g) => g.call(Hypercall.ConsoleWrite, dataBase(0), 0xfffffff0),
      HvResult.BadLength,
      dataBase(0),
    ],
    [
      'with a huge length',
      (g) => g.call(Hypercall.ConsoleWrite, dataBase(0), 0x0100_0000),
      HvResult.BadLength,
      dataBase(0),
    ],
    [
      'as a port buffer into another VM',
      (g) => g.call(Hypercall.QueuingSend, 1, dataBase(1), 4),
      HvResult.BadAddress,
      dataBase(1),
    ],
    [
      'as a receive buffer in its read-only code',
      (g) => g.call(Hypercall.QueuingReceive, 0, codeBase(0), 4),
      HvResult.BadAddress,
      codeBase(0),
    ],
    [
      'as a receive buffer wrapping around',
      (g) => g.call(Hypercall.QueuingReceive, 0, dataBase(0) + 16, 0xffffffff),
      HvResult.BadLength,
      dataBase(0) + 16,
    ],
  ];
  const withQueue = system({
    vms: [vm(0, 'a'), vm(1, 'b')],
    ports: [
      {
        name: 'q',
        kind: 'queuing',
        source: 'b',
        destinations: ['a'],
        maxMessageSize: 8,
        depth: 2,
        refreshTicks: 0,
      },
      {
        name: 'out',
        kind: 'queuing',
        source: 'a',
        destinations: ['b'],
        maxMessageSize: 8,
        depth: 2,
        refreshTicks: 0,
      },
    ],
  });
  for (const [what, call, code, address] of badBuffers) {
    it(`rejects a buffer ${what} with ${HvResult[code]} and a bad-hypercall event`, () => {
      const descForCall = what.includes('port') || what.includes('receive') ? withQueue : system();
      const { value, m } = asVmA(call, descForCall);
      assert.equal(value.r0, code);
      // Nothing of the guest's buffer was printed: only the hypervisor's line for the event (if its tick
      // came yet).
      assert.match(
        m.uart(0),
        /^(hv: vm0 'a': bad-hypercall detail 0x[0-9a-f]{8}, logged\n)?$/,
        'nothing was printed',
      );
      const fault = lastFault();
      assert.equal(fault.vm, 0);
      assert.equal(fault.event, HealthEvent.BadHypercall);
      assert.equal(fault.address, address >>> 0);
      assert.equal(fault.detail >>> 16, code);
    });
  }

  it('rejects a sending VM that is not the source, before looking at its buffer', () => {
    const { value } = asVmA((g) => g.call(Hypercall.QueuingSend, 0, dataBase(0), 4), withQueue);
    assert.equal(value.r0, HvResult.NotPermitted);
  });

  it('rejects an unknown hypercall number with UnknownCall and a bad-hypercall event naming it', () => {
    const { value, m } = asVmA((g) => g.call(99, 1, 2, 3, 4));
    assert.equal(value.r0, HvResult.UnknownCall);
    const fault = lastFault();
    assert.equal(fault.event, HealthEvent.BadHypercall);
    assert.equal(fault.detail, 99 | (HvResult.UnknownCall << 16));
    const trace = m.trace();
    assert.ok(trace.some((r) => r.kind === 'H' && r.a === 99 && r.b === HvResult.UnknownCall));
    assert.ok(trace.some((r) => r.kind === 'F' && r.vm === 0 && r.a === HealthEvent.BadHypercall));
  });

  it('checks upcall handler addresses: executable, aligned for ARM, halfword for Thumb', () => {
    const { value } = asVmA((g) => [
      g.call(Hypercall.VirqSetHandler, codeBase(0) + 2).r0, // ARM, not word-aligned
      g.call(Hypercall.VirqSetHandler, dataBase(0)).r0, // not executable
      g.call(Hypercall.VirqSetHandler, codeBase(1)).r0, // another VM's code
      g.call(Hypercall.VirqSetHandler, codeBase(0) + 0x41).r0, // Thumb
      g.call(Hypercall.VirqSetHandler, codeBase(0) + 0x40).r0, // ARM
    ]);
    assert.deepEqual(value, [
      HvResult.Misaligned,
      HvResult.BadAddress,
      HvResult.BadAddress,
      HvResult.Ok,
      HvResult.Ok,
    ]);
  });

  it('checks the fault-log buffer: capability, alignment, size', () => {
    const privileged = system({ vms: [vm(0, 'a', { capabilities: ['read-fault-log'] }), vm(1, 'b')] });
    const { value } = asVmA(
      (g) => [
        g.call(Hypercall.FaultLogRead, 0, dataBase(0) + 2, 24).r0,
        g.call(Hypercall.FaultLogRead, 0, dataBase(0), 20).r0,
        g.call(Hypercall.FaultLogRead, 0, dataBase(1), 24).r0,
        g.call(Hypercall.FaultLogRead, 0, dataBase(0), 24).r0, // entry 0 is the first failure above
      ],
      privileged,
    );
    assert.deepEqual(value, [HvResult.Misaligned, HvResult.TooSmall, HvResult.BadAddress, HvResult.Ok]);
    const { value: unprivileged } = asVmA((g) => g.call(Hypercall.FaultLogRead, 0, dataBase(0), 24).r0);
    assert.equal(unprivileged, HvResult.NoCapability);
  });

  it('range-checks VM, virq and timer arguments', () => {
    const privileged = system({
      vms: [vm(0, 'a', { capabilities: ['restart-vm', 'vm-status'] }), vm(1, 'b')],
    });
    const { value } = asVmA(
      (g) => [
        g.call(Hypercall.VmStatus, 2).r0,
        g.call(Hypercall.VmRestart, 9, 0).r0,
        g.call(Hypercall.VmRestart, 1, 2).r0,
        g.call(Hypercall.VirqEnable, 32).r0,
        g.call(Hypercall.VirqDisable, 40).r0,
        g.call(Hypercall.VirqAck, 32).r0,
        g.call(Hypercall.VirqReturn).r0,
      ],
      privileged,
    );
    assert.deepEqual(value, [
      HvResult.BadVm,
      HvResult.BadVm,
      HvResult.BadArgument,
      HvResult.BadVirq,
      HvResult.BadVirq,
      HvResult.BadVirq,
      HvResult.NotInUpcall,
    ]);
  });

  it('needs capabilities for operations on other VMs, not on itself', () => {
    const { value } = asVmA((g) => [
      g.call(Hypercall.VmStatus, 1).r0,
      g.call(Hypercall.VmRestart, 1, 0).r0,
      g.call(Hypercall.VmHalt, 1).r0,
      g.call(Hypercall.VmStatus, 0).r0,
    ]);
    assert.deepEqual(value, [
      HvResult.NoCapability,
      HvResult.NoCapability,
      HvResult.NoCapability,
      HvResult.Ok,
    ]);
  });
});
