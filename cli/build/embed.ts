// Turns a raw binary (a guest partition image) into an object file whose only section has a chosen
// name, so a system's partitions.ld can place it at the partition's address:
//   .partition1_image 0x00200000 : { KEEP(*(.partition1.image)) } > PARTITION_RAM
// Symbols `_binary_<mangled file name>_start/_end/_size` mark it, as objcopy defines them.
// `imageDigest` is the CRC-32 the hypervisor checks an embedded image against (firmware/core/integrity.ts).
import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { crc32 } from 'node:zlib';
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

/** CRC-32 (IEEE 802.3, as zlib) of a binary file: the digest recorded for an embedded guest image. */
export function imageDigest(binary: string): number {
  return crc32(readFileSync(binary)) >>> 0;
}
