// Back-to-back test: the same scenario run by the core in the Node simulation (firmware/sim/, guests as
// scripts issuing the same hypercalls as the C test guests) and by the transpiled core on QEMU
// (-icount shift=0, C test guests) yields the same sequence of scheduling, port and health events on
// the trace stream. Records are compared whole (tick, kind, VM, both words): both executions count
// time in hypervisor ticks; cycle counts, which legitimately differ, are not part of these records.
// Console-write hypercall records are left out: the C SDK's printf may split a line into several writes.
import assert from 'node:assert/strict';

import { deriveTables } from '../../../firmware/config/derive.ts';
import { validatedSystem } from '../../../firmware/config/validated-system.ts';
import type { SystemDescription } from '../../../firmware/config/types.ts';
import { Hypercall, HvResult } from '../../../firmware/core/hypercall-numbers.ts';
import { hvRunningVm } from '../../../firmware/core/hypervisor.ts';
import { Descheduled, SimMachine, type GuestProgram, type SimGuest } from '../../../firmware/sim/machine.ts';
import type { TraceRecord } from '../../../firmware/sim/trace-lines.ts';
import testIsolation from '../../../systems/test-isolation.ts';
import testTwoVms from '../../../systems/test-two-vms.ts';
import { bootTraced } from './helpers/traced-boot.ts';

/** Port indices of systems/test-two-vms.ts (declaration order). */
const NUMBERS = 0;
const LATEST = 1;
/** Defaults of guests/test/port-writer/port_message.h. */
const MESSAGE_COUNT = 30;
const MESSAGES_PER_SLOT = 3;
const MESSAGE_BYTES = 8;
/** Scratch offsets in a VM's data area for the scripts' buffers. */
const BUFFER_OFFSET = 0x100;
const TEXT_OFFSET = 0x200;
/** The word of the hypervisor guests/test/intruder/main.c writes on odd attempts. */
const HYPERVISOR_WORD = 0x100;

function dataBase(desc: SystemDescription, vm: string): number {
  return desc.vms.find((v) => v.name === vm)!.memory.find((m) => m.name === 'data')!.base;
}

function say(g: SimGuest, base: number, text: string): void {
  const length = g.put(base + TEXT_OFFSET, text);
  g.call(Hypercall.ConsoleWrite, base + TEXT_OFFSET, length);
}

function message(sequence: number): Uint8Array {
  const bytes = new Uint8Array(MESSAGE_BYTES);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, sequence, true);
  view.setUint32(4, ~sequence >>> 0, true);
  return bytes;
}

/** guests/test/port-writer/main.c as a script: 3 messages per slot on both ports, then yield. */
function portWriter(base: number): GuestProgram {
  let next = 0;
  let finished = false;
  return {
    start() {
      next = 0;
      finished = false;
    },
    step(g) {
      if (next < MESSAGE_COUNT) {
        for (let i = 0; i < MESSAGES_PER_SLOT && next < MESSAGE_COUNT; i++) {
          g.put(base + BUFFER_OFFSET, message(next));
          g.call(Hypercall.QueuingSend, NUMBERS, base + BUFFER_OFFSET, MESSAGE_BYTES);
          g.call(Hypercall.SamplingWrite, LATEST, base + BUFFER_OFFSET, MESSAGE_BYTES);
          say(g, base, `writer: sent ${next} OK OK\n`);
          next++;
        }
      } else if (!finished) {
        finished = true;
        say(g, base, `writer: done ${next}\n`);
      }
      g.call(Hypercall.Yield);
    },
  };
}

/** guests/test/port-reader/main.c as a script: drain the queue, read the sample, check overflows. */
function portReader(base: number): GuestProgram {
  let expected = 0;
  let finished = false;
  return {
    start() {
      expected = 0;
      finished = false;
    },
    step(g) {
      if (!finished) {
        const buffer = base + BUFFER_OFFSET;
        for (;;) {
          const r = g.call(Hypercall.QueuingReceive, NUMBERS, buffer, MESSAGE_BYTES);
          if (r.r0 !== HvResult.Ok) break;
          const sequence = new DataView(g.load(buffer, 4).slice().buffer).getUint32(0, true);
          say(g, base, `reader: got ${sequence}\n`);
          expected = sequence + 1;
        }
        const sample = g.call(Hypercall.SamplingRead, LATEST, buffer, MESSAGE_BYTES);
        if (sample.r0 === HvResult.Ok) say(g, base, `reader: latest\n`);
        g.call(Hypercall.QueuingStatus, NUMBERS);
        if (expected >= MESSAGE_COUNT) {
          finished = true;
          say(g, base, `reader: done\n`);
        }
      }
      g.call(Hypercall.Yield);
    },
  };
}

/** guests/test/ping/main.c as a script: reads the time, prints one line per slot, then yields. */
function ping(base: number): GuestProgram {
  let count = 0;
  return {
    start() {
      count = 0;
    },
    step(g) {
      const ticks = g.call(Hypercall.GetTime).r1;
      say(g, base, `ping ${count++} tick ${ticks}\n`);
      g.call(Hypercall.Yield);
    },
  };
}

/** guests/test/intruder/main.c as a script; the attempt counter survives restarts (its .noinit). */
function intruder(base: number, target: number): GuestProgram {
  let attempts = 0;
  return restartsInPlace({
    step(g) {
      const attempt = attempts++;
      say(g, base, `intruder: attempt ${attempt}\n`);
      g.store(attempt % 2 === 0 ? target : HYPERVISOR_WORD, [0xef, 0xbe, 0xad, 0xde]);
      for (;;) g.call(Hypercall.Yield);
    },
  });
}

/**
 * On the CPU, a VM restarted by the health monitor runs again from its entry at once, in the same tick;
 * the simulation gives a VM one step per tick. This wrapper runs the step again while the VM was
 * descheduled by a restart but is still the one on the CPU (bounded, as a tick is).
 */
function restartsInPlace(program: GuestProgram): GuestProgram {
  return {
    step(g) {
      for (let rerun = 0; rerun < 16; rerun++) {
        try {
          program.step(g);
          return;
        } catch (e) {
          if (!(e instanceof Descheduled) || hvRunningVm() !== g.vm) throw e;
        }
      }
    },
  };
}

/** Bytes of each VM's pristine image in the simulation: like the test guests' images (a few KiB), small
 *  enough that a cold restart checks and copies it in one tick of the VM's slot, as on QEMU. */
const SIM_IMAGE_BYTES = 4096;

function simulate(desc: SystemDescription, programs: GuestProgram[], ticks: number): TraceRecord[] {
  const machine = new SimMachine(deriveTables(validatedSystem(desc)), programs);
  desc.vms.forEach((vm, index) =>
    machine.sim.snapshotPristine(index, [{ base: vm.entry, size: SIM_IMAGE_BYTES }]),
  );
  machine.sim.recordImageDigests();
  machine.run(ticks);
  return machine.trace().filter((r) => r.tick < ticks);
}

/** The records compared: scheduling (S, L), port operations (P), health (F, A), life cycle (V) and
 *  every hypercall with its result (H) except console writes. */
function events(trace: TraceRecord[]): string[] {
  return trace
    .filter((r) => 'SLPFAV'.includes(r.kind) || (r.kind === 'H' && r.a !== Hypercall.ConsoleWrite))
    .map((r) => `@${r.tick} ${r.kind} ${r.vm.toString(16)} ${r.a.toString(16)} ${r.b.toString(16)}`);
}

describe('back-to-back: Node simulation and QEMU give the same trace events', function () {
  this.timeout(120_000);

  it('ports scenario (systems/test-two-vms.ts, port writer and reader)', async () => {
    const ticks = 72;
    const simulated = events(
      simulate(
        testTwoVms,
        [portWriter(dataBase(testTwoVms, 'alpha')), portReader(dataBase(testTwoVms, 'beta'))],
        ticks,
      ),
    );
    const run = await bootTraced(testTwoVms, ticks);
    const onQemu = events(run.trace);
    // The scenario is not trivial: every message went through both ports, in 12 frames.
    assert.equal(
      simulated.filter((e) => e.includes(` P 0 ${(3 << 16).toString(16)} `)).length,
      MESSAGE_COUNT,
    );
    assert.equal(simulated.filter((e) => / S /.test(e)).length, (ticks / 6) * 3);
    assert.deepEqual(onQemu, simulated);
  });

  it('isolation scenario (systems/test-isolation.ts, intruder and ping)', async () => {
    const ticks = 48;
    const betaData = dataBase(testIsolation, 'beta');
    const simulated = events(
      simulate(testIsolation, [intruder(dataBase(testIsolation, 'alpha'), betaData), ping(betaData)], ticks),
    );
    const run = await bootTraced(testIsolation, ticks, {
      guestDefines: { alpha: { BH_INTRUDER_TARGET: 'BH_VM_BETA_AREA_DATA_BASE' } },
    });
    assert.equal(simulated.filter((e) => / F /.test(e)).length, 4, 'four faults, then the halt');
    assert.deepEqual(events(run.trace), simulated);
  });
});
