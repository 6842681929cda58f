// Links objects into an ELF with the spec's linker script (writing the link map), then extracts the
// raw binary with objcopy.
import { hex } from '../../firmware/config/errors.ts';
import { fromRepo } from './paths.ts';
import { LinkError } from './errors.ts';
import { runTool } from './run-tool.ts';
import type { BuildSpec } from './spec.ts';
import { cpuFlags, linkFlags, linkLibraries, tools } from './toolchain.ts';

export async function linkElf(
  objects: readonly string[],
  spec: BuildSpec,
  elf: string,
  map: string,
): Promise<void> {
  const args = [
    ...(spec.cpuFlags ?? cpuFlags),
    ...linkFlags(map),
    `-T${fromRepo(spec.linkerScript)}`,
    ...spec.linkerSearchDirs.map((dir) => `-L${fromRepo(dir)}`),
    ...Object.entries(spec.linkerSymbols ?? {}).map(
      ([name, value]) => `-Wl,--defsym=${name}=${hex(value, { lower: true, digits: 0 })}`,
    ),
    '-o',
    elf,
    ...objects,
    ...linkLibraries,
  ];
  const result = await runTool(tools.gcc, args);
  if (result.code !== 0) {
    throw new LinkError(spec.linkerScript, result.stderr || result.stdout);
  }
}

export async function extractBinary(elf: string, bin: string, spec: BuildSpec): Promise<void> {
  const result = await runTool(tools.objcopy, ['-O', 'binary', elf, bin]);
  if (result.code !== 0) {
    throw new LinkError(spec.linkerScript, `objcopy: ${result.stderr}`);
  }
}

/** `arm-none-eabi-size` output for an ELF. */
export async function sizeReport(elf: string): Promise<string> {
  const result = await runTool(tools.size, [elf]);
  if (result.code !== 0) {
    throw new Error(`${tools.size} failed on ${elf}: ${result.stderr.trim()}`);
  }
  return result.stdout;
}
