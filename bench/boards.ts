// The benchmarks on a second board, beside realview-eb: takes the comparable keys (BOARD_KEYS:
// hypercall_null, vm_switch, virq_latency, the four port operations per size, footprint) on
// mps3-an536 with the same measurement code as the headline keys (each measurement takes the board and
// moves its system there, bench/systems.ts `descOnBoard`), and states how each board runs its guests
// (CPU, guest mode, hypercall instruction, QEMU machine) for the report's side-by-side table.
import { getBoard } from '../firmware/config/boards.ts';
import { measureFootprint } from './footprint.ts';
import { measureHypercallNull } from './hypercall-null.ts';
import { measurePorts, PORT_OPERATIONS } from './ports.ts';
import type { BoardResults, BoardSetup, BoardKey } from './results.ts';
import { BOARD_KEYS, MESSAGE_SIZES } from './results.ts';
import type { BenchBoard } from './systems.ts';
import { measureVirqLatency } from './virq-latency.ts';
import { measureVmSwitch } from './vm-switch.ts';

/** The boards measured beside realview-eb (whose figures are the top-level keys of results.json). */
export const EXTRA_BOARDS = ['mps3-an536'] as const satisfies readonly BenchBoard[];

const GUEST_MODE = { usr: 'USR (PL0)', sys: 'SYS (EL1)' } as const;
const HYPERVISOR_MODE = { sys: 'SVC/SYS (PL1)', hyp: 'Hyp (EL2)' } as const;
/** The hypercall instruction and its A32 encoding (ARM DDI 0406C A8.8.228 SVC; ARM DDI 0487 F5.1.61 HVC). */
const HYPERCALL = {
  svc: '`svc #n` (0xEF000000 + imm24), taken at the SVC vector (0x08)',
  hvc: '`hvc #n` (0xE1400070 + (imm12 << 8) + imm4), taken at HVBAR + 0x14 (Hyp trap)',
} as const;

/** How `board` runs the benchmarks: CPU, modes, hypercall instruction, QEMU machine and version. */
export function boardSetup(board: BenchBoard, qemuVersion: string): BoardSetup {
  const description = getBoard(board);
  const cpu = description.cpu;
  return {
    board,
    cpu: `${cpu.name} (${cpu.architecture}, ${cpu.mpuArchitecture === 'pmsav8' ? 'PMSAv8-32' : 'PMSAv7'} MPU, ${description.mpuRegions} regions)`,
    hypervisorMode: HYPERVISOR_MODE[cpu.hypervisorThreadMode],
    guestMode: GUEST_MODE[cpu.guestMode],
    hypercallInstruction: HYPERCALL[cpu.hypercall],
    qemu: `qemu-system-arm ${qemuVersion} -M ${description.qemu.machine} -cpu ${description.qemu.cpu}`,
  };
}

/** Reports one measurement's time or failure (bench/run.ts's step). */
export type Step = (key: string, work: () => Promise<void>) => Promise<void>;

/** Takes `keys` (those of BOARD_KEYS asked for) on `board`, `samples` per latency figure. */
export async function measureBoard(
  board: BenchBoard,
  keys: ReadonlySet<string>,
  samples: number,
  qemuVersion: string,
  step: Step,
): Promise<BoardResults> {
  const out: BoardResults = { ...boardSetup(board, qemuVersion), notMeasured: [] };
  const at = (key: string): string => `${board}/${key}`;
  if (keys.has('hypercall_null')) {
    await step(at('hypercall_null'), async () => {
      const { latency, callSite } = await measureHypercallNull(board);
      out.hypercall_null = latency;
      out.hypercallCallSite = callSite;
    });
  }
  if (keys.has('vm_switch')) {
    await step(at('vm_switch'), async () => {
      const run = await measureVmSwitch(samples, board);
      out.vm_switch = run.vmSwitch;
      out.vmSwitchRegions = run.guestRegions;
      out.vmSwitchBreakdown = run.medianBreakdown;
    });
  }
  if (keys.has('virq_latency')) {
    await step(at('virq_latency'), async () => {
      const { latency, detail } = await measureVirqLatency(samples, board);
      out.virq_latency = latency;
      out.virqDevice = detail.device;
      out.virqBreakdown = detail.medianBreakdown;
    });
  }
  const portKeys = PORT_OPERATIONS.filter((op) => keys.has(op));
  if (portKeys.length > 0) {
    await step(at(portKeys.join(', ')), async () => {
      const run = await measurePorts(MESSAGE_SIZES, samples, portKeys, board);
      for (const op of portKeys) out[op] = run.latencies[op];
    });
  }
  if (keys.has('footprint')) {
    await step(at('footprint'), async () => {
      const { text, rodata, data, bss, ramPerVm } = await measureFootprint(board);
      out.footprint = { text, rodata, data, bss, ramPerVm };
    });
  }
  const record = out as unknown as Record<string, unknown>;
  out.notMeasured = BOARD_KEYS.filter((key: BoardKey) => record[key] === undefined);
  return out;
}
