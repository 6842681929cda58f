// Turns a raw binary (a guest partition image) into an object file whose only section has a chosen
// name, so a system's partitions.ld can place it at the partition's address:
//   .partition1_image 0x00200000 : { KEEP(*(.partition1.image)) } > PARTITION_RAM
// Symbols `_binary_<mangled file name>_start/_end/_size` mark it, as objcopy defines them.
import { mkdir } from 'node:fs/promises';
import { basename, dirname } from 'node:path';

import { BuildSpecError, LinkError } from './errors.ts';
import { runTool } from './run-tool.ts';
import { tools } from './toolchain.ts';

const sectionName = /^\.[A-Za-z0-9_.]+$/;

export async function embedBinary(binary: string, section: string, object: string): Promise<void> {
  if (!sectionName.test(section)) {
    throw new BuildSpecError(
      `invalid section name '${section}' for ${binary} (expected e.g. .partition1.image)`,
    );
  }
  await mkdir(dirname(object), { recursive: true });
  const result = await runTool(
    tools.objcopy,
    [
      '-I',
      'binary',
      '-O',
      'elf32-littlearm',
      '-B',
      'arm',
      `--rename-section`,
      `.data=${section},alloc,load,readonly,data,contents`,
      basename(binary),
      object,
    ],
    dirname(binary),
  );
  if (result.code !== 0) {
    throw new LinkError(binary, `objcopy: ${result.stderr.trim()}`);
  }
}
