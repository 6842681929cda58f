// Tests of the system description validator: one good description that validates clean, and one bad
// variant per rule asserting the exact config path and a fragment of the message (and, unless a rule
// necessarily causes follow-up errors, that it is the only error).
import assert from 'node:assert/strict';
import { realviewEb, type BoardDescription } from '../../../firmware/config/boards.ts';
import { formatConfigErrors, validateSystem, type ConfigError } from '../../../firmware/config/validate.ts';
import type { SystemDescription } from '../../../firmware/config/types.ts';

type Mutable<T> = T extends readonly (infer U)[]
  ? Mutable<U>[]
  : T extends object
    ? { -readonly [K in keyof T]: Mutable<T[K]> }
    : T;
type Draft = Mutable<SystemDescription>;

const KiB = 1024;

/** A valid system exercising most features: two VMs, devices, CAN filters, two plans, two ports. */
function goodSystem(): Draft {
  return {
    name: 'fixture',
    board: 'realview-eb',
    tickMicroseconds: 1000,
    vms: [
      {
        name: 'alpha',
        image: 'alpha',
        entry: 0x0010_0000,
        stackTop: 0x0021_0000,
        memory: [
          { name: 'code', base: 0x0010_0000, size: 64 * KiB, access: 'rx' },
          { name: 'data', base: 0x0020_0000, size: 64 * KiB, access: 'rw' },
        ],
        devices: [{ device: 'uart2', virq: 8 }],
        capabilities: [],
        health: {
          actions: { 'mpu-violation': 'warm-restart' },
          defaultAction: 'log',
          restartLimit: 3,
          watchdogTicks: 100,
        },
        canTx: [{ match: 0x100, mask: 0x7ff, extended: false }],
        canRx: [],
        canRxDepth: 0,
        usesFpu: true,
      },
      {
        name: 'beta',
        image: 'beta',
        entry: 0x0030_0001, // Thumb entry
        stackTop: 0x0032_0000,
        memory: [
          { name: 'code', base: 0x0030_0000, size: 64 * KiB, access: 'rx' },
          { name: 'data', base: 0x0031_0000, size: 64 * KiB, access: 'rw' },
        ],
        devices: [{ device: 'timer1', virq: 9 }],
        capabilities: ['vm-status', 'switch-plan'],
        health: { actions: {}, defaultAction: 'cold-restart', restartLimit: 0, watchdogTicks: 0 },
        canTx: [{ match: 0x7e8, mask: 0x7ff, extended: false }],
        canRx: [
          { match: 0x7e0, mask: 0x7ff, extended: false },
          { match: 0x18da_00f1, mask: 0x1fff_ffff, extended: true },
        ],
        canRxDepth: 8,
        usesFpu: false,
      },
    ],
    plans: [
      {
        name: 'p0',
        majorFrame: 10,
        slots: [
          { vm: 'alpha', start: 0, duration: 4 },
          { vm: 'beta', start: 5, duration: 3 },
        ],
      },
      { name: 'p1', majorFrame: 20, slots: [{ vm: 'beta', start: 0, duration: 20 }] },
    ],
    ports: [
      {
        name: 's1',
        kind: 'sampling',
        source: 'alpha',
        destinations: ['beta'],
        maxMessageSize: 8,
        depth: 1,
        refreshTicks: 10,
      },
      {
        name: 'q1',
        kind: 'queuing',
        source: 'beta',
        destinations: ['alpha'],
        maxMessageSize: 16,
        depth: 4,
        refreshTicks: 0,
      },
    ],
    console: [
      { vm: 'alpha', uart: 0 },
      { vm: 'beta', uart: 0 },
    ],
    vcanUart: 1,
    traceUart: 3,
  };
}

function validate(draft: Draft, board: BoardDescription = realviewEb): ConfigError[] {
  return validateSystem(draft, board);
}

/** Applies `change` to a good system and asserts an error at `path` whose message contains `fragment`;
 *  with `only` (default) it must be the only error. */
function expectError(
  change: (d: Draft) => void,
  path: string,
  fragment: string,
  only = true,
  board?: BoardDescription,
): void {
  const draft = goodSystem();
  change(draft);
  const errors = validate(draft, board);
  const hit = errors.find((e) => e.path === path && e.message.includes(fragment));
  assert.ok(hit, `expected ${path}: …${fragment}… but got:\n${formatConfigErrors(errors)}`);
  if (only) assert.equal(errors.length, 1, `expected only one error, got:\n${formatConfigErrors(errors)}`);
}

/** Casts a deliberately wrong value through the type checker. */
function bad<T>(value: unknown): T {
  return value as T;
}

describe('config/validate: a good description', () => {
  it('validates clean', () => {
    assert.deepEqual(validate(goodSystem()), []);
  });
});

describe('config/validate: system fields and UARTs', () => {
  it('system name non-empty', () =>
    expectError((d) => (d.name = ''), 'name', 'system name must be a non-empty string'));
  it('board matches', () => expectError((d) => (d.board = 'zynq'), 'board', "system is for board 'zynq'"));
  it('tick too short', () =>
    expectError(
      (d) => (d.tickMicroseconds = 50),
      'tickMicroseconds',
      'tick period (µs) 50 is outside 100..1000000',
    ));
  it('tick too long', () =>
    expectError((d) => (d.tickMicroseconds = 2_000_000), 'tickMicroseconds', 'outside 100..1000000'));
  it('tick integer', () =>
    expectError((d) => (d.tickMicroseconds = 1.5), 'tickMicroseconds', 'must be an integer (got 1.5)'));
  it('vcanUart exists', () =>
    expectError((d) => (d.vcanUart = 7), 'vcanUart', 'virtual CAN UART 7 is outside -1..3'));
  it('vcanUart not the hypervisor console', () =>
    expectError(
      (d) => (d.vcanUart = 0),
      'vcanUart',
      'cannot use uart0: it is the hypervisor console',
      false,
    ));
  it('traceUart distinct from vcanUart', () =>
    expectError((d) => (d.traceUart = 1), 'traceUart', 'trace and virtual CAN cannot share uart1'));
  it('traceUart exists', () =>
    expectError((d) => (d.traceUart = -2), 'traceUart', 'trace UART -2 is outside -1..3'));
  it('no virtual CAN bus means no CAN filters', () =>
    expectError(
      (d) => (d.vcanUart = -1),
      'vms[0].canTx',
      'the system has no virtual CAN bus (vcanUart -1)',
      false,
    ));
});

describe('config/validate: trace filter', () => {
  it('accepts VM names, event kinds and hypercall names', () => {
    const draft = goodSystem();
    draft.trace = { vms: ['alpha'], kinds: ['slot', 'fault', 'port'], omitHypercalls: ['GetTime', 'Yield'] };
    assert.deepEqual(validate(draft), []);
  });
  it('names an unknown VM', () =>
    expectError(
      (d) => (d.trace = { vms: ['alpha', 'gamma'] }),
      'trace.vms[1]',
      "'gamma' is not a VM of this system",
    ));
  it('names an unknown kind and lists the kinds', () =>
    expectError(
      (d) => (d.trace = { kinds: ['slot', 'syscall'] }),
      'trace.kinds[1]',
      "'syscall' is not a trace event kind (slot, hypercall, irq, fault, health-action, port, plan-switch, upcall, vm-state)",
    ));
  it('names an unknown hypercall', () =>
    expectError(
      (d) => (d.trace = { omitHypercalls: ['GetTimes'] }),
      'trace.omitHypercalls[0]',
      "'GetTimes' is not a hypercall",
    ));
  it('refuses an unknown field and a list that is not one', () => {
    expectError(
      (d) => (d.trace = bad({ vm: ['alpha'] })),
      'trace.vm',
      'unknown field (a trace filter has vms, kinds, omitHypercalls)',
    );
    expectError((d) => (d.trace = bad({ kinds: 'slot' })), 'trace.kinds', 'must be a list of names');
    expectError((d) => (d.trace = bad(7)), 'trace', 'trace must be an object');
  });
});

describe('config/validate: VMs', () => {
  it('at least one VM', () => expectError((d) => (d.vms = []), 'vms', 'needs at least one VM', false));
  it('at most MAX_VMS', () =>
    expectError(
      (d) => {
        for (let i = 0; i < 7; i++) {
          const vm = goodSystem().vms[0];
          vm.name = `extra${i}`;
          vm.memory = [
            { name: 'code', base: 0x0100_0000 + i * 0x2_0000, size: 64 * KiB, access: 'rx' },
            { name: 'data', base: 0x0101_0000 + i * 0x2_0000, size: 64 * KiB, access: 'rw' },
          ];
          vm.entry = vm.memory[0].base;
          vm.stackTop = vm.memory[1].base + 64 * KiB;
          vm.devices = [];
          d.vms.push(vm);
          d.plans[0].slots.push({ vm: vm.name, start: 8, duration: 1 });
        }
      },
      'vms',
      '9 VMs; at most 8 are allowed',
      false,
    ));
  it('VM name non-empty', () =>
    expectError((d) => (d.vms[0].name = ''), 'vms[0].name', 'VM name must be a non-empty string', false));
  it('VM name characters', () =>
    expectError(
      (d) => (d.vms[0].name = 'al pha'),
      'vms[0].name',
      "VM name 'al pha' must be 1..31 letters",
      false,
    ));
  it('VM names unique', () =>
    expectError(
      (d) => (d.vms[1].name = 'alpha'),
      'vms[1].name',
      "duplicate VM name 'alpha' (also vms[0].name)",
      false,
    ));
  it('image is a folder below guests/', () =>
    expectError((d) => (d.vms[0].image = '../etc'), 'vms[0].image', "got '../etc'"));
  it('FPU flag boolean', () =>
    expectError((d) => (d.vms[0].usesFpu = bad(1)), 'vms[0].usesFpu', 'must be true or false (got 1)'));
});

describe('config/validate: memory areas', () => {
  it('at least one area', () =>
    expectError((d) => (d.vms[0].memory = []), 'vms[0].memory', "VM 'alpha' has no memory areas", false));
  it('area name non-empty', () =>
    expectError(
      (d) => (d.vms[0].memory[1].name = ''),
      'vms[0].memory[1].name',
      'memory area name must be a non-empty string',
    ));
  it('area names unique within a VM', () =>
    expectError(
      (d) => (d.vms[0].memory[1].name = 'code'),
      'vms[0].memory[1].name',
      "duplicate memory area name 'code' (also vms[0].memory[0].name)",
    ));
  it('area inside RAM', () =>
    expectError(
      (d) => (d.vms[0].memory[1] = { name: 'data', base: 0x0800_0000, size: 64 * KiB, access: 'rw' }),
      'vms[0].memory[1].base',
      "area 'data', 0x08000000..0x0800FFFF lies outside RAM 0x00000000..0x07FFFFFF",
      false,
    ));
  it('area not in the hypervisor range', () =>
    expectError(
      (d) => (d.vms[0].memory[1] = { name: 'data', base: 0x000f_0000, size: 64 * KiB, access: 'rw' }),
      'vms[0].memory[1].base',
      "overlaps the hypervisor's reserved range 0x00000000..0x000FFFFF",
      false,
    ));
  it('areas of one VM do not overlap', () =>
    expectError(
      (d) => (d.vms[0].memory[1].base = 0x0010_8000),
      'vms[0].memory[1].base',
      "overlaps vms[0].memory[0] ('code', 0x00100000..0x0010FFFF)",
      false,
    ));
  it('areas of different VMs do not overlap', () =>
    expectError(
      (d) => (d.vms[1].memory[0].base = 0x0020_0000),
      'vms[1].memory[0].base',
      "0x00200000..0x0020FFFF overlaps vms[0].memory[1] ('data', 0x00200000..0x0020FFFF)",
      false,
    ));
  it('base aligned to 32 B', () =>
    expectError(
      (d) => (d.vms[0].memory[1].base = 0x0020_0010),
      'vms[0].memory[1].base',
      '0x00200010 is not aligned to 32 B',
      false,
    ));
  it('size a multiple of 32 B', () =>
    expectError(
      (d) => (d.vms[0].memory[1].size = 1000),
      'vms[0].memory[1].size',
      '1000 (0x000003E8) is not a multiple of 32 B',
      false,
    ));
  it('size positive', () =>
    expectError(
      (d) => (d.vms[0].memory[1].size = 0),
      'vms[0].memory[1].size',
      'positive integer byte count (got 0)',
      false,
    ));
  it('access known', () =>
    expectError(
      (d) => (d.vms[0].memory[1].access = bad('wx')),
      'vms[0].memory[1].access',
      "unknown access 'wx'",
      false,
    ));
  it('MPU region budget (devices count)', () =>
    expectError(
      (d) => {
        // 15 areas of one region each plus uart2: 16 regions fit; a 16th area makes 17.
        const memory = d.vms[0].memory;
        for (let i = 0; i < 14; i++)
          memory.push({ name: `extra${i}`, base: 0x0040_0000 + i * 0x2000, size: 0x1000, access: 'rw' });
      },
      'vms[0].devices[0]',
      "VM 'alpha' needs 17 MPU regions but board 'realview-eb' has 16; device 'uart2' takes regions 16..16",
      false,
    ));
  it('at most MAX_AREAS_PER_VM areas', () =>
    expectError(
      (d) => {
        const memory = d.vms[0].memory;
        for (let i = 0; i < 15; i++)
          memory.push({ name: `extra${i}`, base: 0x0040_0000 + i * 0x2000, size: 0x1000, access: 'rw' });
      },
      'vms[0].memory',
      "VM 'alpha' declares 17 memory areas; at most 16 are allowed",
      false,
    ));
});

describe('config/validate: entry and stack', () => {
  it('entry in an executable area', () =>
    expectError(
      (d) => (d.vms[0].entry = 0x0020_0000),
      'vms[0].entry',
      "lies in area 'data' whose access 'rw' is not executable",
    ));
  it('entry inside some area', () =>
    expectError(
      (d) => (d.vms[0].entry = 0x0050_0000),
      'vms[0].entry',
      "entry 0x00500000 is not inside any memory area of VM 'alpha'",
    ));
  it('ARM entry 4-byte aligned', () =>
    expectError(
      (d) => (d.vms[0].entry = 0x0010_0002),
      'vms[0].entry',
      'ARM entry 0x00100002 is not 4-byte aligned (set bit 0 for a Thumb entry)',
    ));
  it('stack top 8-byte aligned', () =>
    expectError(
      (d) => (d.vms[0].stackTop = 0x0020_fffc),
      'vms[0].stackTop',
      'stack top 0x0020FFFC is not 8-byte aligned',
    ));
  it('stack top in a writable area', () =>
    expectError(
      (d) => (d.vms[0].stackTop = 0x0010_8000),
      'vms[0].stackTop',
      'is not inside or at the end of a writable (rw/rwx) area',
    ));
  it('stack top not at the start of an area', () =>
    expectError(
      (d) => (d.vms[0].stackTop = 0x0020_0000),
      'vms[0].stackTop',
      'stack top 0x00200000 is not inside or at the end',
    ));
});

describe('config/validate: devices and interrupts', () => {
  it('device known', () =>
    expectError(
      (d) => (d.vms[0].devices[0].device = 'uart9'),
      'vms[0].devices[0].device',
      "unknown device 'uart9' (board 'realview-eb' has sysregs, uart0, uart1",
    ));
  it('hypervisor tick timer never assignable', () =>
    expectError(
      (d) => (d.vms[0].devices[0].device = 'timer0'),
      'vms[0].devices[0].device',
      "'timer0' cannot be passed through: it is reserved for the hypervisor tick",
    ));
  it('GIC never assignable', () =>
    expectError(
      (d) => (d.vms[0].devices[0].device = 'gic'),
      'vms[0].devices[0].device',
      'reserved for the hypervisor (interrupt controller)',
    ));
  it('hypervisor console UART never assignable', () =>
    expectError(
      (d) => (d.vms[0].devices[0].device = 'uart0'),
      'vms[0].devices[0].device',
      'reserved for the hypervisor console',
    ));
  it('vCAN UART not assignable', () =>
    expectError(
      (d) => (d.vms[0].devices[0].device = 'uart1'),
      'vms[0].devices[0].device',
      'the system uses it for the virtual CAN bus (vcanUart 1)',
    ));
  it('trace UART not assignable', () =>
    expectError(
      (d) => (d.vms[0].devices[0].device = 'uart3'),
      'vms[0].devices[0].device',
      'the system uses it for the trace stream (traceUart 3)',
    ));
  it('console UART not assignable', () =>
    expectError(
      (d) => (d.console[1].uart = 2),
      'vms[0].devices[0].device',
      "device 'uart2' cannot be passed through: the system uses it for console output of VM 'beta'",
    ));
  it('device assigned once', () =>
    expectError(
      (d) => (d.vms[1].devices[0].device = 'uart2'),
      'vms[1].devices[0].device',
      "device 'uart2' is already assigned at vms[0].devices[0] (VM 'alpha')",
    ));
  it('device assigned once within a VM', () =>
    expectError(
      (d) => d.vms[0].devices.push({ device: 'uart2', virq: 10 }),
      'vms[0].devices[1].device',
      "device 'uart2' is already assigned at vms[0].devices[0] (VM 'alpha')",
    ));
  it('board IRQ routed once', () => {
    const board: BoardDescription = {
      ...realviewEb,
      devices: [
        ...realviewEb.devices,
        {
          name: 'uart2-alias',
          kind: 'pl011-uart',
          model: 'PL011 UART',
          base: 0x1001_3000,
          size: 0x1000,
          irq: 14,
          clockHz: 24_000_000,
          uartIndex: -1,
          blocks: [],
          reservedFor: null,
        },
      ],
    };
    expectError(
      (d) => (d.vms[1].devices[0].device = 'uart2-alias'),
      'vms[1].devices[0].device',
      "uses board IRQ 14 (GIC ID 46), already routed for 'uart2' at vms[0].devices[0] (VM 'alpha')",
      true,
      board,
    );
  });
  it('virq reserved for the virtual timer', () =>
    expectError(
      (d) => (d.vms[0].devices[0].virq = 0),
      'vms[0].devices[0].virq',
      'virq 0 is reserved for the virtual timer (VIRQ_TIMER); device interrupts use 8..31',
    ));
  it('virq reserved for ports', () =>
    expectError(
      (d) => (d.vms[0].devices[0].virq = 1),
      'vms[0].devices[0].virq',
      'reserved for port notifications (VIRQ_PORT)',
    ));
  it('virq reserved for vCAN', () =>
    expectError(
      (d) => (d.vms[0].devices[0].virq = 2),
      'vms[0].devices[0].virq',
      'reserved for virtual-CAN receive (VIRQ_VCAN)',
    ));
  it('virq reserved range', () =>
    expectError(
      (d) => (d.vms[0].devices[0].virq = 5),
      'vms[0].devices[0].virq',
      'reserved for hypervisor-generated interrupts',
    ));
  it('virq in 0..31', () =>
    expectError(
      (d) => (d.vms[0].devices[0].virq = 32),
      'vms[0].devices[0].virq',
      'virtual interrupt 32 is outside 0..31',
    ));
  it('virq unique per VM', () =>
    expectError(
      (d) => d.vms[1].devices.push({ device: 'uart2', virq: 9 }),
      'vms[1].devices[1].virq',
      "virq 9 is already used by vms[1].devices[0] ('timer1') in VM 'beta'",
      false,
    ));
});

describe('config/validate: capabilities and health', () => {
  it('capability known', () =>
    expectError(
      (d) => d.vms[1].capabilities.push(bad('reboot-board')),
      'vms[1].capabilities[2]',
      "unknown capability 'reboot-board'",
    ));
  it('capability listed once', () =>
    expectError(
      (d) => d.vms[1].capabilities.push('vm-status'),
      'vms[1].capabilities[2]',
      "capability 'vm-status' is listed twice",
    ));
  it('default action known', () =>
    expectError(
      (d) => (d.vms[0].health.defaultAction = bad('reboot')),
      'vms[0].health.defaultAction',
      "unknown health action 'reboot'",
    ));
  it('event known', () =>
    expectError(
      (d) => (d.vms[0].health.actions = bad({ 'stack-overflow': 'halt' })),
      'vms[0].health.actions.stack-overflow',
      "unknown health event 'stack-overflow'",
    ));
  it('action known', () =>
    expectError(
      (d) => (d.vms[0].health.actions = bad({ watchdog: 'panic' })),
      'vms[0].health.actions.watchdog',
      "unknown health action 'panic'",
    ));
  it('restart limit >= 0', () =>
    expectError(
      (d) => (d.vms[0].health.restartLimit = -1),
      'vms[0].health.restartLimit',
      'restart limit -1 is outside 0..255',
    ));
  it('watchdog ticks integer >= 0', () =>
    expectError(
      (d) => (d.vms[0].health.watchdogTicks = -5),
      'vms[0].health.watchdogTicks',
      'watchdog period (ticks) -5 is outside',
    ));
});

describe('config/validate: virtual CAN', () => {
  it('11-bit mask range', () =>
    expectError(
      (d) => (d.vms[0].canTx[0].mask = 0x800),
      'vms[0].canTx[0].mask',
      'mask 0x800 exceeds the 11-bit identifier range (max 0x7FF)',
    ));
  it('11-bit match range', () =>
    expectError(
      (d) => (d.vms[0].canTx[0].match = 0x1000),
      'vms[0].canTx[0].match',
      'match 0x1000 exceeds the 11-bit identifier range',
    ));
  it('29-bit range', () =>
    expectError(
      (d) => (d.vms[1].canRx[1].mask = 0x2000_0000),
      'vms[1].canRx[1].mask',
      'mask 0x20000000 exceeds the 29-bit identifier range (max 0x1FFFFFFF)',
    ));
  it('extended flag boolean', () =>
    expectError((d) => (d.vms[1].canRx[0].extended = bad('yes')), 'vms[1].canRx[0].extended', "got 'yes'"));
  it('filter count', () =>
    expectError(
      (d) => {
        for (let i = 0; i < 8; i++) d.vms[0].canTx.push({ match: 0x200 + i, mask: 0x7ff, extended: false });
      },
      'vms[0].canTx',
      '9 transmit filters; at most 8 are allowed',
    ));
  it('receive depth at least 1 with filters', () =>
    expectError(
      (d) => (d.vms[1].canRxDepth = 0),
      'vms[1].canRxDepth',
      'virtual-CAN receive depth (frames) 0 is outside 1..64',
    ));
  it('receive depth at most 64', () =>
    expectError(
      (d) => (d.vms[1].canRxDepth = 65),
      'vms[1].canRxDepth',
      'receive depth (frames) 65 is outside 1..64',
    ));
  it('no receive depth without filters', () =>
    expectError(
      (d) => (d.vms[0].canRxDepth = 4),
      'vms[0].canRxDepth',
      'receive depth 4 without receive filters; use 0',
    ));
});

describe('config/validate: schedule plans', () => {
  it('at least one plan', () =>
    expectError((d) => (d.plans = []), 'plans', 'needs at least one schedule plan'));
  it('at most MAX_PLANS', () =>
    expectError(
      (d) => {
        for (let i = 0; i < 3; i++)
          d.plans.push({
            name: `extra${i}`,
            majorFrame: 10,
            slots: [{ vm: 'alpha', start: 0, duration: 1 }],
          });
      },
      'plans',
      '5 plans; at most 4 are allowed',
    ));
  it('plan names unique', () =>
    expectError(
      (d) => (d.plans[1].name = 'p0'),
      'plans[1].name',
      "duplicate plan name 'p0' (also plans[0].name)",
    ));
  it('plan name non-empty', () =>
    expectError((d) => (d.plans[1].name = ''), 'plans[1].name', 'plan name must be a non-empty string'));
  it('major frame > 0', () =>
    expectError(
      (d) => (d.plans[1].majorFrame = 0),
      'plans[1].majorFrame',
      'major frame (ticks) 0 is outside 1..',
    ));
  it('plan has slots', () =>
    expectError((d) => (d.plans[1].slots = []), 'plans[1].slots', "plan 'p1' has no slots"));
  it('slot VM known', () =>
    expectError(
      (d) => (d.plans[1].slots[0].vm = 'gamma'),
      'plans[1].slots[0].vm',
      "unknown VM 'gamma' (VMs: alpha, beta)",
    ));
  it('slot duration >= 1', () =>
    expectError(
      (d) => (d.plans[0].slots[1].duration = 0),
      'plans[0].slots[1].duration',
      'slot duration (ticks) 0 is outside 1..',
    ));
  it('slot start integer', () =>
    expectError(
      (d) => (d.plans[0].slots[1].start = 5.5),
      'plans[0].slots[1].start',
      'slot start (ticks) must be an integer (got 5.5)',
    ));
  it('slots sorted', () =>
    expectError(
      (d) =>
        (d.plans[0].slots = [
          { vm: 'beta', start: 5, duration: 3 },
          { vm: 'alpha', start: 0, duration: 4 },
        ]),
      'plans[0].slots[1].start',
      'slot starts at tick 0, before the previous slot plans[0].slots[0] (start 5); sort slots by start',
    ));
  it('slots do not overlap', () =>
    expectError(
      (d) => (d.plans[0].slots[1].start = 3),
      'plans[0].slots[1].start',
      "ticks 3..5 overlap plans[0].slots[0] (VM 'alpha', ticks 0..3)",
    ));
  it('slots within the major frame', () =>
    expectError(
      (d) => (d.plans[0].slots[1].duration = 6),
      'plans[0].slots[1].duration',
      'slot ends at tick 11, past the major frame of 10 ticks',
    ));
  it('every VM scheduled in the boot plan', () =>
    expectError(
      (d) => d.plans[0].slots.pop(),
      'plans[0].slots',
      "VM 'beta' has no slot in the boot plan 'p0'",
    ));
  it('windows (slots and gaps) within the core table size', () =>
    expectError(
      (d) => {
        const slots = [];
        for (let i = 0; i < 17; i++)
          slots.push({ vm: i % 2 === 0 ? 'alpha' : 'beta', start: 2 * i + 1, duration: 1 });
        d.plans[1] = { name: 'p1', majorFrame: 40, slots };
      },
      'plans[1].slots',
      "plan 'p1' needs 35 windows (slots and idle gaps); at most 32 are allowed",
    ));
});

describe('config/validate: ports', () => {
  it('port names unique', () =>
    expectError(
      (d) => (d.ports[1].name = 's1'),
      'ports[1].name',
      "duplicate port name 's1' (also ports[0].name)",
    ));
  it('port name valid', () =>
    expectError((d) => (d.ports[1].name = 'q 1'), 'ports[1].name', "port name 'q 1' must be"));
  it('kind known', () =>
    expectError(
      (d) => (d.ports[1].kind = bad('mailbox')),
      'ports[1].kind',
      "unknown port kind 'mailbox' (use sampling or queuing)",
      false,
    ));
  it('source known', () =>
    expectError((d) => (d.ports[0].source = 'gamma'), 'ports[0].source', "unknown source VM 'gamma'"));
  it('destinations present', () =>
    expectError(
      (d) => (d.ports[0].destinations = []),
      'ports[0].destinations',
      "port 's1' has no destination VM",
    ));
  it('destination known', () =>
    expectError(
      (d) => (d.ports[0].destinations = ['gamma']),
      'ports[0].destinations[0]',
      "unknown destination VM 'gamma'",
    ));
  it('source is not a destination', () =>
    expectError(
      (d) => (d.ports[0].destinations = ['beta', 'alpha']),
      'ports[0].destinations[1]',
      "VM 'alpha' is the port's source and cannot also be a destination",
    ));
  it('destination listed once', () =>
    expectError(
      (d) => (d.ports[0].destinations = ['beta', 'beta']),
      'ports[0].destinations[1]',
      "destination VM 'beta' is listed twice",
    ));
  it('message size >= 1', () =>
    expectError(
      (d) => (d.ports[0].maxMessageSize = 0),
      'ports[0].maxMessageSize',
      'message size (bytes) 0 is outside 1..1024',
    ));
  it('message size <= 1024', () =>
    expectError(
      (d) => (d.ports[0].maxMessageSize = 1025),
      'ports[0].maxMessageSize',
      'message size (bytes) 1025 is outside 1..1024',
    ));
  it('sampling depth 1', () =>
    expectError((d) => (d.ports[0].depth = 2), 'ports[0].depth', 'sampling port depth must be 1 (got 2)'));
  it('queuing depth >= 1', () =>
    expectError(
      (d) => (d.ports[1].depth = 0),
      'ports[1].depth',
      'queuing port depth (messages) 0 is outside 1..64',
    ));
  it('queuing depth <= 64', () =>
    expectError(
      (d) => (d.ports[1].depth = 65),
      'ports[1].depth',
      'queuing port depth (messages) 65 is outside 1..64',
    ));
  it('refresh period only for sampling ports', () =>
    expectError(
      (d) => (d.ports[1].refreshTicks = 5),
      'ports[1].refreshTicks',
      'refresh period applies to sampling ports only; use 0 (got 5)',
    ));
  it('refresh period integer', () =>
    expectError(
      (d) => (d.ports[0].refreshTicks = -1),
      'ports[0].refreshTicks',
      'refresh period (ticks) -1 is outside',
    ));
  it('port buffers within the pool budget', () =>
    expectError(
      (d) => {
        // Each port: 16 slots of (4 + 1024) bytes = 16448 bytes, above the 16 KiB pool on its own.
        d.ports[1].maxMessageSize = 1024;
        d.ports[1].depth = 16;
      },
      'ports',
      'port buffers need 16456 bytes but the hypervisor port pool has 16384 (16 KiB) (s1: 8, q1: 16448)',
    ));
  it('at most MAX_PORTS', () =>
    expectError(
      (d) => {
        for (let i = 0; i < 15; i++)
          d.ports.push({
            name: `x${i}`,
            kind: 'sampling',
            source: 'alpha',
            destinations: ['beta'],
            maxMessageSize: 4,
            depth: 1,
            refreshTicks: 0,
          });
      },
      'ports',
      '17 ports; at most 16 are allowed',
    ));
});

describe('config/validate: console routes', () => {
  it('route VM known', () =>
    expectError((d) => (d.console[1].vm = 'gamma'), 'console[1].vm', "unknown VM 'gamma'"));
  it('one route per VM', () =>
    expectError(
      (d) => (d.console[1].vm = 'alpha'),
      'console[1].vm',
      "VM 'alpha' already has a console route (console[0])",
    ));
  it('route UART exists', () =>
    expectError((d) => (d.console[1].uart = 4), 'console[1].uart', 'console UART 4 is outside 0..3'));
  it('route not to the vCAN UART', () =>
    expectError(
      (d) => (d.console[1].uart = 1),
      'console[1].uart',
      'uart1 carries the virtual CAN bus (vcanUart 1)',
    ));
  it('route not to the trace UART', () =>
    expectError(
      (d) => (d.console[1].uart = 3),
      'console[1].uart',
      'uart3 carries the trace stream (traceUart 3)',
    ));
});

describe('config/validate: reporting', () => {
  it('collects every error instead of stopping at the first', () => {
    const d = goodSystem();
    d.tickMicroseconds = 10;
    d.vms[0].memory[1].base = 0x0020_0010;
    d.plans[0].slots[1].duration = 20;
    d.ports[0].depth = 3;
    const paths = validate(d).map((e) => e.path);
    assert.deepEqual(paths, [
      'tickMicroseconds',
      'vms[0].memory[1].base',
      'plans[0].slots[1].duration',
      'ports[0].depth',
    ]);
  });

  it('formats errors as `path: message` lines under a count', () => {
    const text = formatConfigErrors([
      { path: 'vms[1].memory[0].base', message: 'overlaps something' },
      { path: 'ports', message: 'too big' },
    ]);
    assert.equal(
      text,
      '2 configuration errors:\n  vms[1].memory[0].base: overlaps something\n  ports: too big',
    );
    assert.equal(formatConfigErrors([]), '');
  });
});
