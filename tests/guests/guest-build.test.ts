// Guest build (cli/build/guest.ts) on systems/test-two-vms.ts: the SDK and every test guest compile
// with -Werror for their VM's addresses and float ABI; each linked ELF lies entirely inside its VM's
// memory areas (sections, load addresses), starts at the VM's entry in an executable area, and uses
// only assigned hypercall numbers; every hypercall wrapper of the SDK disassembles to an `svc` whose
// immediate is the enum value; bad input (invalid system, unknown VM, missing folder, a warning, a
// guest too big for its area, a missing build-time define) fails with an error naming it.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { BuildSpecError, CompileError, LinkError } from '../../cli/build/errors.ts';
import { buildGuest, guestCompileArgs, sdkIncludeDir, type BuiltGuest } from '../../cli/build/guest.ts';
import { InvalidSystemError, validatedSystem } from '../../firmware/config/validated-system.ts';
import { runTool } from '../../cli/build/run-tool.ts';
import { getBoard } from '../../firmware/config/boards.ts';
import type { MemoryArea, SystemDescription, VmDescription } from '../../firmware/config/types.ts';
import { validateSystem } from '../../firmware/config/validate.ts';
import { HYPERCALL_COUNT, Hypercall } from '../../firmware/core/hypercall-numbers.ts';
import { enumMembers, macroCase, writeAbiHeader } from '../../cli/build/generate/abi-header.ts';
import { GuestLayoutError, guestLayout } from '../../cli/build/generate/guest-linker-script.ts';
import testTwoVms from '../../systems/test-two-vms.ts';
import {
  allocatedSections,
  disassemble,
  entryPoint,
  floatAbi,
  loadSegments,
  svcImmediatesByFunction,
} from './helpers/elf-tools.ts';

const system: SystemDescription = testTwoVms;

interface GuestCase {
  label: string;
  vm: string;
  image: string;
  defines?: Record<string, string>;
  /** svc immediates the guest uses on purpose although no hypercall has them. */
  unassigned?: number[];
}

const guestCases: GuestCase[] = [
  { label: 'ping on alpha', vm: 'alpha', image: 'test/ping' },
  { label: 'ping on beta', vm: 'beta', image: 'test/ping' },
  { label: 'spin on beta', vm: 'beta', image: 'test/spin' },
  {
    label: 'intruder on alpha',
    vm: 'alpha',
    image: 'test/intruder',
    defines: { BH_INTRUDER_TARGET: 'BH_VM_BETA_AREA_DATA_BASE' },
  },
  { label: 'vtimer on alpha', vm: 'alpha', image: 'test/vtimer' },
  { label: 'vtimer on beta', vm: 'beta', image: 'test/vtimer' },
  { label: 'ts-hello (TypeScript) on alpha', vm: 'alpha', image: 'test/ts-hello' },
  { label: 'ts-hello (TypeScript) on beta', vm: 'beta', image: 'test/ts-hello' },
  { label: 'port-writer on alpha', vm: 'alpha', image: 'test/port-writer' },
  { label: 'port-reader on beta', vm: 'beta', image: 'test/port-reader' },
  {
    label: 'hypercall-bad on alpha',
    vm: 'alpha',
    image: 'test/hypercall-bad',
    defines: { BH_FOREIGN_ADDRESS: 'BH_VM_BETA_AREA_DATA_BASE' },
    unassigned: [HYPERCALL_COUNT, 200, 0xffffff],
  },
  {
    label: 'hypercall-bad on beta',
    vm: 'beta',
    image: 'test/hypercall-bad',
    defines: { BH_FOREIGN_ADDRESS: 'BH_VM_ALPHA_AREA_DATA_BASE' },
    unassigned: [HYPERCALL_COUNT, 200, 0xffffff],
  },
];

function vmNamed(desc: SystemDescription, name: string): VmDescription {
  const vm = desc.vms.find((v) => v.name === name);
  assert.ok(vm !== undefined, `no VM ${name}`);
  return vm;
}

function inside(area: MemoryArea, base: number, size: number): boolean {
  return base >= area.base && base + size <= area.base + area.size;
}

/** The C call of the typed SDK function for each hypercall (a..d are uint32_t parameters). */
const typedCalls: Record<string, string> = {
  Version: 'bh_version_info info; return bh_version(&info);',
  Yield: 'return bh_yield();',
  WaitEvent: 'uint32_t active; return bh_wait_event(&active);',
  GetTime: 'bh_time time; return bh_get_time(&time);',
  ConsoleWrite: 'return bh_console_write(text, c);',
  SamplingWrite: 'return bh_sampling_write(a, text, c);',
  SamplingRead: 'return bh_sampling_read(a, buffer, c, NULL);',
  QueuingSend: 'return bh_queuing_send(a, text, c);',
  QueuingReceive: 'return bh_queuing_receive(a, buffer, c, NULL, NULL);',
  QueuingStatus: 'return bh_queuing_status(a, NULL, NULL);',
  VirqSetHandler: 'return bh_svc_virq_set_handler(a, 0u, 0u, 0u).r0;',
  VirqEnable: 'return bh_virq_enable(a);',
  VirqDisable: 'return bh_virq_disable(a);',
  VirqAck: 'return bh_virq_ack(a);',
  VirqReturn: 'return bh_virq_return();',
  TimerSet: 'return bh_timer_set(a, b);',
  WatchdogKick: 'return bh_watchdog_kick(NULL);',
  VmStatus: 'bh_vm_status_info status; return bh_vm_status(a, &status);',
  VmRestart: 'return bh_vm_restart(a, b);',
  VmHalt: 'return bh_vm_halt(a);',
  PlanSwitch: 'return bh_plan_switch(a, NULL);',
  FaultLogRead: 'return bh_fault_log_read(a, buffer, c, NULL);',
  FaultReport: 'return bh_fault_report(a, b, c);',
  CanSend: 'return bh_can_send(a, b, (const uint8_t *)text);',
  CanReceive: 'bh_can_frame frame; return bh_can_receive(&frame, NULL);',
  CanStatus: 'bh_can_status_info status; return bh_can_status(&status);',
};

describe('guest build: test guests on systems/test-two-vms.ts', function () {
  this.timeout(180_000);
  let outRoot: string;
  const built = new Map<string, BuiltGuest>();

  before(async () => {
    outRoot = mkdtempSync(join(tmpdir(), 'bulkhead-guests-'));
    for (const c of guestCases) {
      // One output root per case: the same VM is built with several images.
      const guest = await buildGuest(validatedSystem(system), c.vm, {
        image: c.image,
        defines: c.defines ?? {},
        outRoot: join(outRoot, c.label.replace(/\W+/g, '-')),
      });
      built.set(c.label, guest);
    }
  });
  after(() => rmSync(outRoot, { recursive: true, force: true }));

  it('the test system validates clean', () => {
    assert.deepEqual(validateSystem(system, getBoard(system.board)), []);
    const plan = system.plans[0];
    assert.deepEqual(
      plan.slots.map((s) => s.duration),
      [2, 3],
    );
    const used = plan.slots.reduce((sum, s) => sum + s.duration, 0);
    assert.ok(used < plan.majorFrame, 'the plan leaves a gap');
    assert.deepEqual(system.ports.map((p) => p.kind).sort(), ['queuing', 'sampling']);
  });

  it('compiles every source with -Werror and the VM float ABI', () => {
    for (const usesFpu of [false, true]) {
      const args = guestCompileArgs('guests/test/ping/main.c', 'x.o', usesFpu, [sdkIncludeDir], {});
      for (const flag of ['-Werror', '-ffreestanding', '-nostdlib', '-mcpu=cortex-r5', '-marm']) {
        assert.ok(args.includes(flag), `${flag} missing`);
      }
      assert.equal(args.includes('-mfloat-abi=hard') && args.includes('-mfpu=vfpv3-d16'), usesFpu);
      assert.equal(args.includes('-mfloat-abi=soft'), !usesFpu);
    }
  });

  for (const c of guestCases) {
    describe(c.label, () => {
      it('lies entirely inside its VM memory areas, with the right access', () => {
        const guest = built.get(c.label)!;
        const vm = vmNamed(system, c.vm);
        const sections = allocatedSections(guest.elf);
        assert.ok(sections.some((s) => s.name === '.text'));
        for (const section of sections) {
          const area = vm.memory.find((a) => inside(a, section.address, section.size));
          assert.ok(
            area !== undefined,
            `${section.name} at 0x${section.address.toString(16)} is outside every area`,
          );
          if (section.flags.includes('X'))
            assert.ok(area.access.includes('x'), `${section.name} not executable`);
          if (section.flags.includes('W'))
            assert.ok(area.access.includes('w'), `${section.name} not writable`);
        }
        for (const segment of loadSegments(guest.elf)) {
          if (segment.fileSize === 0) continue;
          const area = vm.memory.find((a) => inside(a, segment.physicalAddress, segment.fileSize));
          assert.ok(
            area !== undefined,
            `load address 0x${segment.physicalAddress.toString(16)} outside every area`,
          );
          assert.ok(area.access.includes('x'), 'initial data is loaded in the code area');
        }
        const stack = sections.find((s) => s.name === '.stack');
        assert.ok(stack !== undefined);
        assert.equal(stack.address + stack.size, vm.stackTop);
      });

      it('starts at the VM entry, in an executable area, with the raw binary from there', () => {
        const guest = built.get(c.label)!;
        const vm = vmNamed(system, c.vm);
        const entry = entryPoint(guest.elf);
        assert.equal(entry, vm.entry);
        assert.ok(vm.memory.some((a) => a.access.includes('x') && inside(a, entry, 4)));
        const loadEnd = Math.max(
          ...loadSegments(guest.elf)
            .filter((s) => s.fileSize > 0)
            .map((s) => s.physicalAddress + s.fileSize),
        );
        assert.equal(statSync(guest.bin).size, loadEnd - vm.entry);
        const functions = svcImmediatesByFunction(disassemble(guest.elf));
        assert.ok(functions.has('bh_start'), 'crt0 linked');
        assert.deepEqual(functions.get('bh_exit'), [Hypercall.VmHalt, Hypercall.Yield]);
      });

      it('uses the float ABI of its VM', () => {
        const guest = built.get(c.label)!;
        const vm = vmNamed(system, c.vm);
        assert.equal(floatAbi(guest.elf), vm.usesFpu ? 'hard' : 'soft');
        const vfpInstruction = /\tv(push|pop|mov|ldr|str|mrs|msr|add|mul)\S*\t/;
        if (!vm.usesFpu) assert.doesNotMatch(disassemble(guest.elf), vfpInstruction);
        const glue = disassemble(join(guest.dir, 'obj', 'guests__sdk__src__virq_entry_S.o'));
        assert.equal(/\tvpush\t/.test(glue), vm.usesFpu, 'upcall glue saves VFP registers only with an FPU');
      });

      it('issues only assigned hypercall numbers (and its deliberate unassigned ones)', () => {
        const guest = built.get(c.label)!;
        const used = new Set([...svcImmediatesByFunction(disassemble(guest.elf)).values()].flat());
        const assigned = new Set(enumMembers(Hypercall).map(([, v]) => v));
        const unassigned = [...used].filter((n) => !assigned.has(n)).sort((a, b) => a - b);
        assert.deepEqual(unassigned, c.unassigned ?? []);
      });
    });
  }

  it('a guest without its build-time define fails, naming the file and the define', async () => {
    await assert.rejects(
      buildGuest(validatedSystem(system), 'alpha', {
        image: 'test/intruder',
        outRoot: join(outRoot, 'no-define'),
      }),
      (error: unknown) =>
        error instanceof CompileError &&
        error.file === 'guests/test/intruder/main.c' &&
        /BH_INTRUDER_TARGET/.test(error.compilerOutput),
    );
  });

  it('builds a TypeScript guest through the transpiler, with its C main and bounds hook', () => {
    const guest = built.get('ts-hello (TypeScript) on alpha')!;
    assert.equal(guest.typescript, true);
    assert.equal(built.get('ping on alpha')!.typescript, false);
    const functions = svcImmediatesByFunction(disassemble(guest.elf));
    for (const symbol of ['main', 'main_main', 'bh_ts_console_write_bytes', 'bh_ts_yield']) {
      assert.ok(functions.has(symbol), `${symbol} linked`);
    }
    // The hook is compiled for every TS guest (linked only when an index check remains).
    assert.match(
      readFileSync(join(guest.genDir, 'ts-guest-main.c'), 'utf8'),
      /_Noreturn void bh_bounds_fail\(/,
    );
  });

  it('a TypeScript guest outside the subset fails with the diagnostic naming file and line', async () => {
    await assert.rejects(
      buildGuest(validatedSystem(system), 'alpha', {
        image: '../tests/guests/fixtures/ts-bad',
        outRoot: join(outRoot, 'ts-bad'),
      }),
      (error: unknown) =>
        error instanceof BuildSpecError &&
        /fixtures\/ts-bad\/main\.ts:8:\d+ - error BH1203/.test(error.message),
    );
  });

  it('a compiler warning fails the build (-Werror), naming the file', async () => {
    await assert.rejects(
      buildGuest(validatedSystem(system), 'alpha', {
        image: '../tests/guests/fixtures/warning',
        outRoot: join(outRoot, 'warning'),
      }),
      (error: unknown) =>
        error instanceof CompileError &&
        /fixtures\/warning\/main\.c/.test(error.file) &&
        /unused/.test(error.message),
    );
  });

  it('a guest larger than its code area fails to link, naming the region', async () => {
    await assert.rejects(
      buildGuest(validatedSystem(system), 'alpha', {
        image: '../tests/guests/fixtures/oversize',
        defines: { OVERSIZE_BYTES: String(128 * 1024) },
        outRoot: join(outRoot, 'oversize'),
      }),
      (error: unknown) => error instanceof LinkError && /GUEST_CODE/.test(error.message),
    );
  });

  it('refuses an invalid system, an unknown VM and a missing image folder with clear errors', async () => {
    const invalid = { ...system, vms: [{ ...system.vms[0], entry: 0x0030_0000 }, system.vms[1]] };
    assert.throws(
      () => validatedSystem(invalid),
      (e: unknown) => e instanceof InvalidSystemError && /vms\[0\]\.entry/.test(e.message),
    );
    await assert.rejects(
      buildGuest(validatedSystem(system), 'gamma', { outRoot }),
      /no VM 'gamma' \(VMs: alpha, beta\)/,
    );
    await assert.rejects(
      buildGuest(validatedSystem(system), 'alpha', { image: 'test/no-such-guest', outRoot }),
      (e: unknown) =>
        e instanceof BuildSpecError && /guests\/test\/no-such-guest does not exist/.test(e.message),
    );
  });

  it('links a guest into one rwx area (code, data, then stack)', async () => {
    const base = 0x0040_0000;
    const size = 0x0001_0000;
    const single: SystemDescription = {
      ...system,
      vms: [
        {
          ...system.vms[0],
          entry: base,
          stackTop: base + size,
          memory: [{ name: 'all', base, size, access: 'rwx' }],
        },
        system.vms[1],
      ],
    };
    assert.deepEqual(validateSystem(single, getBoard(single.board)), []);
    const guest = await buildGuest(validatedSystem(single), 'alpha', {
      image: 'test/ping',
      outRoot: join(outRoot, 'single'),
    });
    assert.equal(guest.layout.shared, true);
    for (const section of allocatedSections(guest.elf)) {
      assert.ok(section.address >= base && section.address + section.size <= base + size, section.name);
    }
    assert.equal(entryPoint(guest.elf), base);
  });
});

describe('guest SDK: linker layout rules', () => {
  const vm = system.vms[0];
  it('rejects a Thumb entry, an entry outside executable memory and a stack that does not fit', () => {
    assert.throws(
      () => guestLayout({ ...vm, entry: vm.entry + 1 }),
      (e: unknown) => e instanceof GuestLayoutError && /Thumb/.test(e.message),
    );
    assert.throws(
      () => guestLayout({ ...vm, entry: 0x0011_0000 }),
      /entry: 0x00110000 is not inside an executable memory area/,
    );
    assert.throws(
      () => guestLayout({ ...vm, stackTop: 0x0011_0800 }, 4096),
      /4096-byte stack below 0x00110800 does not fit in area 'data'/,
    );
    assert.throws(() => guestLayout(vm, 12), /multiple of 8/);
  });
});

describe('guest SDK: every hypercall wrapper issues svc #<number>', function () {
  this.timeout(60_000);
  let scratch: string;
  before(() => {
    scratch = mkdtempSync(join(tmpdir(), 'bulkhead-wrappers-'));
  });
  after(() => rmSync(scratch, { recursive: true, force: true }));

  for (const usesFpu of [false, true]) {
    it(`raw and typed wrappers (${usesFpu ? 'hard' : 'soft'} float)`, async () => {
      const genDir = join(scratch, 'gen');
      writeAbiHeader(genDir);
      const members = enumMembers(Hypercall);
      assert.deepEqual(
        Object.keys(typedCalls).sort(),
        members.map(([m]) => m).sort(),
        'a typed call per hypercall',
      );
      const lines = ['#include "bulkhead.h"', 'static char buffer[8];', 'static const char text[] = "x";'];
      for (const [member] of members) {
        const snake = macroCase(member).toLowerCase();
        const signature = (kind: string): string =>
          `__attribute__((noinline)) uint32_t ${kind}_${member}(uint32_t a, uint32_t b, uint32_t c, uint32_t d)`;
        lines.push(`${signature('raw')};`, `${signature('raw')} { return bh_svc_${snake}(a, b, c, d).r0; }`);
        lines.push(
          `${signature('typed')};`,
          `${signature('typed')} { (void)a; (void)b; (void)c; (void)d; ${typedCalls[member]} }`,
        );
      }
      lines.push('int main(void) { return (int)buffer[0] + (int)text[0]; }', '');
      const source = join(scratch, `wrappers-${usesFpu}.c`);
      const object = join(scratch, `wrappers-${usesFpu}.o`);
      writeFileSync(source, lines.join('\n'));
      const result = await runTool(
        'arm-none-eabi-gcc',
        guestCompileArgs(source, object, usesFpu, [sdkIncludeDir, genDir], {}),
      );
      assert.equal(result.code, 0, result.stderr);
      const functions = svcImmediatesByFunction(disassemble(object));
      for (const [member, value] of members) {
        assert.deepEqual(
          functions.get(`raw_${member}`),
          [value],
          `bh_svc_${macroCase(member).toLowerCase()}`,
        );
        // bh_console_write writes the rest after a Yield when the console UART took only part of it.
        const typed = member === 'ConsoleWrite' ? [value, Hypercall.Yield] : [value];
        assert.deepEqual(
          [...new Set(functions.get(`typed_${member}`))].sort((x, y) => x - y),
          typed.sort((x, y) => x - y),
          `typed wrapper of ${member}`,
        );
      }
    });
  }

  it('bh_vm_status and bh_vm_counters call VmStatus with page 0 and page 1 in r1', async () => {
    const genDir = join(scratch, 'gen');
    writeAbiHeader(genDir);
    const source = join(scratch, 'vm-status-pages.c');
    const object = join(scratch, 'vm-status-pages.o');
    writeFileSync(
      source,
      [
        '#include "bulkhead.h"',
        '__attribute__((noinline)) uint32_t status_page(uint32_t vm);',
        '__attribute__((noinline)) uint32_t status_page(uint32_t vm) { bh_vm_status_info s; return bh_vm_status(vm, &s) == BH_OK ? s.state : 0u; }',
        '__attribute__((noinline)) uint32_t counters_page(uint32_t vm);',
        '__attribute__((noinline)) uint32_t counters_page(uint32_t vm) { bh_vm_counters_info c; return bh_vm_counters(vm, &c) == BH_OK ? c.starts + c.faults : 0u; }',
        'int main(void) { return (int)(status_page(1u) + counters_page(1u)); }',
        '',
      ].join('\n'),
    );
    const result = await runTool(
      'arm-none-eabi-gcc',
      guestCompileArgs(source, object, false, [sdkIncludeDir, genDir], {}),
    );
    assert.equal(result.code, 0, result.stderr);
    const disassembly = disassemble(object);
    const functions = svcImmediatesByFunction(disassembly);
    assert.deepEqual(functions.get('status_page'), [Hypercall.VmStatus]);
    assert.deepEqual(functions.get('counters_page'), [Hypercall.VmStatus]);
    const body = (name: string): string => disassembly.split(`<${name}>:`)[1].split(/\n\n/)[0];
    assert.match(body('status_page'), /\tmovs?\tr1, #0\b/);
    assert.match(body('counters_page'), /\tmovs?\tr1, #1\b/);
  });

  it('the handler registration and the upcall glue use VirqSetHandler and VirqReturn', async () => {
    const genDir = join(scratch, 'gen');
    writeAbiHeader(genDir);
    const runtimeObject = join(scratch, 'runtime.o');
    const glueObject = join(scratch, 'virq_entry.o');
    for (const [source, object] of [
      ['guests/sdk/src/runtime.c', runtimeObject],
      ['guests/sdk/src/virq_entry.S', glueObject],
    ] as const) {
      const result = await runTool(
        'arm-none-eabi-gcc',
        guestCompileArgs(source, object, true, [sdkIncludeDir, genDir], {}),
      );
      assert.equal(result.code, 0, result.stderr);
    }
    assert.deepEqual(svcImmediatesByFunction(disassemble(runtimeObject)).get('bh_virq_set_handler'), [
      Hypercall.VirqSetHandler,
    ]);
    const glue = svcImmediatesByFunction(disassemble(glueObject)).get('bh_virq_entry');
    assert.equal(glue?.[0], Hypercall.VirqReturn);
  });
});
