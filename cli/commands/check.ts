// Job: `bulkhead check [system.ts]`: load a system description, validate it against its board and
// print either every configuration error with its path (exit 1) or a summary of the system — VMs and
// their MPU regions, schedule plans and their utilisation, ports and UART roles (exit 0).
import { formatSize, hex } from '../../firmware/config/errors.ts';
import { mpuRegionBudget } from '../../firmware/config/mpu-plans.ts';
import { loadSystemDescription, SystemLoadError } from '../../firmware/config/load.ts';
import { PORT_BUFFER_BUDGET_BYTES } from '../../firmware/config/limits.ts';
import type { SystemDescription } from '../../firmware/config/types.ts';
import { formatConfigErrors, portBufferBytes } from '../../firmware/config/validate.ts';
import {
  InvalidSystemError,
  validatedSystem,
  type ValidatedSystem,
} from '../../firmware/config/validated-system.ts';

export const summary = 'validate a system description (default systems/demo.ts) and summarise it';

const DEFAULT_SYSTEM = 'systems/demo.ts';

const usage = `usage: bulkhead check [system.ts]

Loads the system description (the module's default export, or else its \`system\` export), validates
it against its board and prints every error as \`path: message\` (exit 1), or a summary (exit 0).
Without an argument, checks ${DEFAULT_SYSTEM}. An unknown board, and a field no type of a description
has (a misspelt one), are errors too. Exit 2: an unknown option, or the file cannot be loaded.`;

function percent(part: number, whole: number): string {
  return `${Math.round((part / whole) * 1000) / 10}%`;
}

/** The human-readable summary of a valid system (its MPU regions as validation planned them). */
export function describeSystem(system: ValidatedSystem): string {
  const { desc, board } = system;
  const lines: string[] = [];
  lines.push(`system '${desc.name}' on ${board.name}: valid`);
  lines.push(`tick ${desc.tickMicroseconds} µs`);
  lines.push(`VMs (${desc.vms.length}):`);
  for (const [index, vm] of desc.vms.entries()) {
    const regions = system.mpuPlans[index]?.regions ?? [];
    const traits = [
      vm.usesFpu ? 'FPU' : null,
      vm.capabilities.length > 0 ? `capabilities ${vm.capabilities.join(', ')}` : null,
    ].filter((t): t is string => t !== null);
    lines.push(
      `  ${vm.name} (guests/${vm.image}): ${regions.length}/${mpuRegionBudget(board)} MPU regions, entry ${hex(vm.entry)}, stack ${hex(vm.stackTop)}${traits.length > 0 ? `, ${traits.join('; ')}` : ''}`,
    );
    for (const area of vm.memory) {
      const count = regions.filter((r) => r.area === area.name).length;
      lines.push(
        `    ${area.name.padEnd(10)} ${hex(area.base)}..${hex(area.base + area.size - 1)} ${area.access.padEnd(3)} ${formatSize(area.size).padStart(8)}  ${count} region${count === 1 ? '' : 's'}`,
      );
    }
    for (const device of vm.devices) lines.push(`    device ${device.device} -> virq ${device.virq}`);
    if (vm.canTx.length + vm.canRx.length > 0) {
      const ids = (filters: typeof vm.canTx) =>
        filters.map((f) => `${hex(f.match, { digits: 0 })}/${hex(f.mask, { digits: 0 })}`).join(' ') || '-';
      lines.push(`    vCAN tx ${ids(vm.canTx)}; rx ${ids(vm.canRx)} (depth ${vm.canRxDepth})`);
    }
  }
  lines.push(`plans (${desc.plans.length}):`);
  desc.plans.forEach((plan, index) => {
    const frameMs = (plan.majorFrame * desc.tickMicroseconds) / 1000;
    const perVm = new Map<string, number>();
    for (const slot of plan.slots) perVm.set(slot.vm, (perVm.get(slot.vm) ?? 0) + slot.duration);
    const busy = [...perVm.values()].reduce((a, b) => a + b, 0);
    const shares = [...perVm.entries()].map(
      ([vm, ticks]) => `${vm} ${ticks} (${percent(ticks, plan.majorFrame)})`,
    );
    shares.push(`idle ${plan.majorFrame - busy} (${percent(plan.majorFrame - busy, plan.majorFrame)})`);
    lines.push(
      `  ${plan.name}${index === 0 ? ' (boot)' : ''}: major frame ${plan.majorFrame} ticks (${frameMs} ms): ${shares.join(', ')}`,
    );
  });
  const poolBytes = desc.ports.reduce((sum, port) => sum + portBufferBytes(port), 0);
  lines.push(`ports (${desc.ports.length}, ${poolBytes}/${PORT_BUFFER_BUDGET_BYTES} pool bytes):`);
  for (const port of desc.ports) {
    const shape = port.kind === 'sampling' ? `refresh ${port.refreshTicks} ticks` : `depth ${port.depth}`;
    lines.push(
      `  ${port.name}: ${port.kind} ${port.source} -> ${port.destinations.join(', ')}, ${port.maxMessageSize} B, ${shape}`,
    );
  }
  const uarts: string[] = [];
  for (let uart = 0; uart < board.uartCount; uart++) {
    const roles: string[] = [];
    if (uart === board.hypervisorConsoleUart) roles.push('hypervisor console');
    const consoleVms = desc.console.filter((r) => r.uart === uart).map((r) => r.vm);
    if (consoleVms.length > 0) roles.push(`console of ${consoleVms.join(', ')}`);
    if (uart === desc.vcanUart) roles.push('virtual CAN (SLCAN)');
    if (uart === desc.traceUart) roles.push('trace');
    for (const vm of desc.vms)
      if (vm.devices.some((d) => d.device === `uart${uart}`)) roles.push(`passed through to ${vm.name}`);
    uarts.push(`  uart${uart}: ${roles.length > 0 ? roles.join('; ') : 'unused'}`);
  }
  lines.push('UARTs:', ...uarts);
  return lines.join('\n');
}

export async function run(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    console.log(usage);
    return 0;
  }
  const option = args.find((arg) => arg.startsWith('-'));
  if (option !== undefined) {
    console.error(
      `bulkhead check: unknown option '${option}'\n(bulkhead check --help describes the arguments)`,
    );
    return 2;
  }
  if (args.length > 1) {
    console.error(
      `bulkhead check: expected one system description, got ${args.length} arguments\n\n${usage}`,
    );
    return 2;
  }
  const path = args[0] ?? DEFAULT_SYSTEM;
  let desc: SystemDescription;
  try {
    desc = await loadSystemDescription(path);
  } catch (err) {
    if (!(err instanceof SystemLoadError)) throw err;
    console.error(`bulkhead check: ${err.message}`);
    return 2;
  }
  let system: ValidatedSystem;
  try {
    system = validatedSystem(desc);
  } catch (err) {
    if (!(err instanceof InvalidSystemError)) throw err;
    console.error(`bulkhead check: ${path}: ${formatConfigErrors(err.errors)}`);
    return 1;
  }
  console.log(describeSystem(system));
  return 0;
}
