// Generates a board's facts as Markdown for the docs: memory map, MPU, UARTs, interrupt numbering and
// one row per device (model, registers, interrupt, whether it may be passed through to a VM), from its
// description (`bsp/<board>/board.ts`). The docs carry it in a generated section (cli/docs/).
import {
  deviceGicId,
  GIC_PPI_BASE,
  type BoardDescription,
  type BoardDevice,
} from '../../../bsp/board-description.ts';
import { partitionRam } from '../../../firmware/config/boards.ts';
import { hex } from '../../../firmware/config/errors.ts';

/** `4096` → `4 KiB`, `134217728` → `128 MiB`. */
export function byteSize(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} B`;
}

const range = (base: number, size: number): string => `\`${hex(base)}..${hex(base + size - 1)}\``;

/** A Markdown table from a header row and rows (cells as given). */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(header), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...rows.map(line)].join('\n');
}

function passThrough(device: BoardDevice): string {
  if (device.reservedFor !== null) return `never: ${device.reservedFor}`;
  if (device.uartIndex >= 0) return 'unless it is `vcanUart`, `traceUart` or a console route';
  return 'yes';
}

/** The board's facts and device table (deterministic). */
export function boardFactsMarkdown(board: BoardDescription): string {
  const partitions = partitionRam(board);
  const facts = markdownTable(
    ['fact', 'value'],
    [
      [
        'CPU',
        `${board.cpu.name} (${board.cpu.architecture}); QEMU \`${['-M', board.qemu.machine, '-cpu', board.qemu.cpu, '-m', board.qemu.memory, ...(board.qemu.args ?? [])].join(' ')}\``,
      ],
      ['RAM', `${range(board.ram.base, board.ram.size)} (${byteSize(board.ram.size)})`],
      [
        'hypervisor reserved',
        `${range(board.hypervisor.base, board.hypervisor.size)} (${byteSize(board.hypervisor.size)}: vectors, code, data, stacks)`,
      ],
      ['guest memory', range(partitions.base, partitions.size)],
      ['peripherals', range(board.peripherals.base, board.peripherals.size)],
      [
        'MPU regions per VM',
        board.cpu.hypervisorMpuRegions === 0
          ? `${board.mpuRegions} (the hypervisor runs on the background region, so all describe the guest)`
          : `${board.cpu.hypervisorMpuRegions} in the EL2 MPU confine each VM (one per memory area and device, ` +
            `64-byte granule); the guest's own EL1 MPU has ${board.mpuRegions}`,
      ],
      [
        'UARTs',
        `${board.uartCount} at ${board.uartBaud} Bd; \`uart${board.hypervisorConsoleUart}\` is always the hypervisor console`,
      ],
      [
        'interrupts',
        `board interrupt _n_ is GIC ID ${board.gicSpiBase} + _n_; IDs 0..${board.interruptIds - 1} dispatched`,
      ],
      ...(board.hypervisorTimerPpi === undefined
        ? []
        : [
            [
              'hypervisor tick',
              `EL2 physical timer, PPI ${board.hypervisorTimerPpi} (GIC ID ${GIC_PPI_BASE + board.hypervisorTimerPpi})`,
            ],
          ]),
    ],
  );
  const devices = markdownTable(
    ['device', 'model', 'registers', 'board IRQ (GIC ID)', 'clock', 'passed through?'],
    board.devices.map((d) => [
      `\`${d.name}\``,
      d.model,
      `\`${hex(d.base)}\`, ${byteSize(d.size)}${d.blocks.map((b) => `; ${b.name} at +${hex(b.offset, { lower: true, digits: 0 })}`).join('')}`,
      d.irq < 0 ? '—' : `${d.irqKind === 'ppi' ? 'PPI ' : ''}${d.irq} (${deviceGicId(board, d)})`,
      d.clockHz === null ? '—' : `${d.clockHz / 1e6} MHz`,
      passThrough(d),
    ]),
  );
  return `${facts}\n\n${devices}\n`;
}
