// A raw partition image embedded as an object (cli/build/embed.ts) lands at the address the system's
// partitions.ld gives it, in the ELF and in the .bin; a bad section name is refused by name.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { embedBinary } from '../../../cli/build/embed.ts';
import { buildImage } from '../../../cli/build/image.ts';
import { systemSpec } from '../../../cli/build/systems.ts';

describe('cli/build: embedding a partition image', function () {
  this.timeout(120_000);
  let scratch: string;

  before(() => {
    scratch = mkdtempSync(join(tmpdir(), 'bulkhead-bsp-embed-'));
  });
  after(() => rmSync(scratch, { recursive: true, force: true }));

  it('places an embedded binary at the address partitions.ld gives it', async () => {
    const dir = join(scratch, 'system');
    mkdirSync(dir, { recursive: true });
    const payload = Buffer.from('guest image bytes: 0123456789abcdef');
    writeFileSync(join(dir, 'guest.bin'), payload);
    writeFileSync(join(dir, 'main.c'), '#include "bsp.h"\nint main(void) { return BSP_EXIT_OK; }\n');
    writeFileSync(
      join(dir, 'partitions.ld'),
      '/* test */\n.partition1_image 0x00200000 : { KEEP(*(.partition1.image)) } > PARTITION_RAM\n',
    );
    await embedBinary(join(dir, 'guest.bin'), '.partition1.image', join(dir, 'guest.o'));
    const base = systemSpec('uart-echo');
    const image = await buildImage(
      {
        ...base,
        name: 'embed',
        sources: [...base.sources.filter((s) => !s.startsWith('bsp/uart-echo/')), join(dir, 'main.c')],
        linkerSearchDirs: [...base.linkerSearchDirs.filter((d) => d !== 'bsp/uart-echo'), dir],
        objects: [join(dir, 'guest.o')],
      },
      join(dir, 'out'),
    );
    const bin = readFileSync(image.bin);
    assert.deepEqual(bin.subarray(0x00200000, 0x00200000 + payload.length), payload);
    await assert.rejects(
      embedBinary(join(dir, 'guest.bin'), 'no dot', join(dir, 'x.o')),
      /invalid section name 'no dot'/,
    );
  });
});
