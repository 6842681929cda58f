// Job: the text `bulkhead flash` prints: what it wrote (or would write, in a dry run), the lines of the
// image list it replaced and where the original is kept, the files only Arm's bundle can supply, and
// the next steps on the bench: eject, reset, the console's UART and line settings, attaching a
// debugger, and, while the board's reset path is unconfirmed, what to check first.
import { relative } from 'node:path';

import type { BoardDescription } from '../../bsp/board-description.ts';
import { hex } from './elf.ts';
import type { FlashReport } from './flash.ts';

const indent = (lines: readonly string[]): string[] => lines.map((line) => `    ${line}`);
const WIDTH = 100;

/** `text` in lines of at most WIDTH columns, the first after `first`, the others after `rest`. */
function wrap(text: string, first: string, rest: string): string[] {
  const lines: string[] = [];
  let line = first;
  let empty = true;
  for (const word of text.split(/\s+/)) {
    if (!empty && line.length + 1 + word.length > WIDTH) {
      lines.push(line);
      line = rest;
      empty = true;
    }
    line += (empty ? '' : ' ') + word;
    empty = false;
  }
  lines.push(line);
  return lines;
}

/** The report of a flash (see the file header). */
export function flashReportText(report: FlashReport, board: BoardDescription): string {
  const { volume, layout } = report;
  const onVolume = (path: string): string => relative(layout.root, path) || '.';
  const out: string[] = [];
  out.push(
    report.wrote
      ? `wrote the ${board.name} image onto ${layout.root}:`
      : `dry run: would write the ${board.name} image onto ${layout.root} (nothing written):`,
  );
  for (const dir of layout.missingDirs) out.push(`  folder ${dir}`);
  for (const write of report.writes) out.push(`  ${onVolume(write.path)} (${write.bytes} bytes)`);
  out.push(
    `  image: ${report.elf} as a flat binary loaded at ${hex(volume.loadAddress)} (IMAGE0ADDRESS, ` +
      `IMAGE0UPDATE: ${volume.imageUpdate})`,
  );
  if (report.images.replaced.length > 0) {
    out.push(`  replaced in ${onVolume(layout.imagesFile)}:`, ...indent(report.images.replaced));
  }
  if (report.backup !== undefined)
    out.push(`  the previous image list is kept as ${onVolume(report.backup)}`);
  if (!report.wrote) {
    out.push(`  new ${onVolume(layout.imagesFile)}:`, ...indent(report.images.text.split(/\r?\n/)));
  }
  if (layout.missingFromBundle.length > 0) {
    out.push(
      `  forced: the volume still lacks ${layout.missingFromBundle.join(', ')}; copy them (and the ` +
        `${volume.applicationNote} FPGA files) from Arm's ${volume.applicationNote} bundle, which this command never invents`,
    );
  }
  const uart = board.devices.find((d) => d.uartIndex === board.hypervisorConsoleUart);
  const uartName = uart === undefined ? `uart${board.hypervisorConsoleUart}` : `${uart.name} (${uart.model})`;
  out.push('', 'next steps:');
  const steps = [
    "Eject the volume (`sync`, then `umount` it or eject it in the file manager) so every write reaches the board's card.",
    `Power-cycle the board or press its reset button: the MCC configures the FPGA with the ${volume.applicationNote} ` +
      `image and copies ${onVolume(report.binaryPath)} to ${hex(volume.loadAddress)}.`,
    `Console: ${uartName} at ${board.uartBaud} baud, 8N1. The debug USB shows the board's serial ports: the first is ` +
      `the MCC's board control console, the FPGA's UARTs follow; which port carries ${uart?.name ?? 'it'} ` +
      `is in the ${volume.applicationNote} application note's UART map.`,
    'Debug: attach a debugger that knows the Cortex-R52 (through the debug USB or a JTAG probe on the board) to ' +
      `core 0, with symbols from ${report.elf} (gdb-multiarch ${report.elf}).`,
  ];
  steps.forEach((step, index) => out.push(...wrap(step, `  ${index + 1}. `, '     ')));
  if (!volume.resetPathConfirmed) {
    out.push(
      '',
      ...wrap(`Unconfirmed: ${volume.sources}.`, '', ''),
      ...wrap(
        'If the console stays silent, halt core 0 with the debugger and read its PC: if it is not in the image ' +
          `(${hex(volume.loadAddress)} onwards), set it to ${hex(volume.loadAddress)} and resume (docs/BOARDS.md).`,
        '',
        '',
      ),
    );
  }
  return out.join('\n');
}
