// Builds a hypervisor image for the core's QEMU tests: the transpiled core and the system's run-time
// tables (emitted as a subset module), the port layer's C side (firmware/port/c), the BSP, and one
// guest per VM placed at its code area, with a second copy of each guest image as the pristine copy
// that cold restarts restore. Uses the build library (cli/build) and the guest SDK build.
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { bspPart } from '../../../cli/build/bsp-sources.ts';
import { embedBinary } from '../../../cli/build/embed.ts';
import { buildGuest } from '../../../cli/build/guest.ts';
import { buildImage, type BuiltImage } from '../../../cli/build/image.ts';
import { privilegedCFlags } from '../../../cli/build/toolchain.ts';
import { getBoard } from '../../../firmware/config/boards.ts';
import { deriveTables, tablesModuleSource } from '../../../firmware/config/derive.ts';
import type { SystemDescription } from '../../../firmware/config/types.ts';
import { formatDiagnostic, transpile, writeTranspileResult } from '../../../transpiler/index.ts';

/** Where pristine copies of guest images go: high in RAM, far from every test VM. */
const PRISTINE_BASE = 0x0700_0000;
const PRISTINE_STRIDE = 0x0010_0000;

export interface GuestChoice {
  /** Guest folder below `guests/`. */
  image: string;
  defines?: Record<string, string | number | true>;
}

/**
 * Workaround for a known defect outside the core, applied only while it is present: the generated
 * `bh_runtime.h` declares `bh_bounds_fail(uint32_t, uint32_t)` while `bsp/include/bsp.h` declares
 * `bh_bounds_fail(void)`, so no file can include both.
 */
export function applyKnownWorkarounds(cDir: string): string[] {
  const applied: string[] = [];
  const runtimeH = join(cDir, 'bh_runtime.h');
  const runtime = readFileSync(runtimeH, 'utf8');
  const bsp = readFileSync(resolve('bsp/include/bsp.h'), 'utf8');
  if (
    runtime.includes('bh_bounds_fail(uint32_t index, uint32_t length)') &&
    bsp.includes('bh_bounds_fail(void)')
  ) {
    writeFileSync(
      runtimeH,
      runtime
        .replace(
          '_Noreturn void bh_bounds_fail(uint32_t index, uint32_t length);',
          '_Noreturn void bh_bounds_fail(void);',
        )
        .replace(/bh_bounds_fail\(index, length\)/g, 'bh_bounds_fail()'),
    );
    applied.push('bh_bounds_fail signature');
  }
  return applied;
}

/** Builds the image of `desc` with `guests[vm]` for each VM into `outDir`. */
export async function buildHypervisorImage(
  desc: SystemDescription,
  guests: Record<string, GuestChoice>,
  outDir: string,
): Promise<BuiltImage> {
  const out = resolve(outDir);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(join(out, 'gen'), { recursive: true });
  const objects: string[] = [];
  const placements: string[] = [];
  const pristine: string[] = [];
  for (const [index, vm] of desc.vms.entries()) {
    const choice = guests[vm.name];
    if (choice === undefined) throw new Error(`no guest chosen for VM '${vm.name}'`);
    const built = await buildGuest(desc, vm.name, {
      outRoot: join(out, 'guests'),
      image: choice.image,
      defines: choice.defines ?? {},
    });
    const size = readFileSync(built.bin).length;
    for (const [kind, address] of [
      ['image', vm.entry],
      ['pristine', PRISTINE_BASE + index * PRISTINE_STRIDE],
    ] as const) {
      // Distinct file names: embedBinary's symbols are named after the file.
      const bin = join(out, `${kind}${index}.bin`);
      copyFileSync(built.bin, bin);
      const object = join(out, 'obj-guests', `${kind}${index}.o`);
      await embedBinary(bin, `.partition${index}.${kind}`, object);
      objects.push(object);
      placements.push(
        `.partition${index}_${kind} 0x${address.toString(16)} : { KEEP(*(.partition${index}.${kind})) } > PARTITION_RAM`,
      );
    }
    pristine.push(
      `    { 0x${vm.entry.toString(16)}u, 0x${(PRISTINE_BASE + index * PRISTINE_STRIDE).toString(16)}u, ${size}u },`,
    );
  }
  writeFileSync(
    join(out, 'partitions.ld'),
    `/* Guest images and their pristine copies (generated). */\n${placements.join('\n')}\n`,
  );

  const tablesFile = join(out, 'gen', 'system-tables.ts');
  const relativeCore = resolve('firmware/core/tables.ts');
  writeFileSync(
    tablesFile,
    tablesModuleSource(
      deriveTables(desc, getBoard(desc.board)),
      relativeImport(tablesFile, relativeCore),
      desc.name,
    ),
  );
  const result = transpile({ entries: [resolve('firmware/core/hypervisor.ts'), tablesFile] });
  if (result.diagnostics.length > 0) throw new Error(result.diagnostics.map(formatDiagnostic).join('\n'));
  const cDir = join(out, 'c');
  writeTranspileResult(result, cDir);
  applyKnownWorkarounds(cDir);
  const tablesModule = result.modules.find((m) => m.tsFile.endsWith('system-tables.ts'))!;
  const tablesSymbol = /extern const struct \w+ (\w+);/.exec(
    readFileSync(join(cDir, tablesModule.hFile), 'utf8'),
  )![1];
  writeFileSync(
    join(cDir, 'image-glue.c'),
    [
      '/* Image glue (generated for a test image): the system tables and the pristine-image copy. */',
      '#include <stdint.h>',
      `#include "${tablesModule.hFile}"`,
      '#include "image_tables.h"',
      '#include "memory.h"',
      `const struct tables_system_tables *bh_port_system_tables(void) { return &${tablesSymbol}; }`,
      'static const struct { uint32_t base; uint32_t pristine; uint32_t size; } images[] = {',
      ...pristine,
      '};',
      'void bh_port_restore_pristine_image(uint32_t vm)',
      '{',
      '    if (vm >= sizeof images / sizeof images[0]) return;',
      '    volatile uint8_t *to = (volatile uint8_t *)(uintptr_t)images[vm].base;',
      '    const volatile uint8_t *from = (const volatile uint8_t *)(uintptr_t)images[vm].pristine;',
      '    for (uint32_t i = 0u; i < images[vm].size; i++) to[i] = from[i];',
      '}',
      '',
    ].join('\n'),
  );
  const bsp = bspPart(desc.board);
  return buildImage(
    {
      name: desc.name,
      sources: [
        ...bsp.sources,
        'firmware/port/c/bsp-port.c',
        'firmware/port/c/hypervisor-main.c',
        ...result.files.filter((f) => f.path.endsWith('.c')).map((f) => join(cDir, f.path)),
        join(cDir, 'image-glue.c'),
      ],
      includeDirs: [...bsp.includeDirs, cDir],
      defines: {},
      extraCFlags: privilegedCFlags,
      objects,
      linkerScript: bsp.linkerScript,
      linkerSearchDirs: [out],
    },
    join(out, 'image'),
  );
}

function relativeImport(from: string, to: string): string {
  const fromParts = resolve(from, '..').split('/');
  const toParts = resolve(to).split('/');
  let common = 0;
  while (common < fromParts.length && fromParts[common] === toParts[common]) common++;
  const up = fromParts.slice(common).map(() => '..');
  const path = [...up, ...toParts.slice(common)].join('/');
  return path.startsWith('.') ? path : `./${path}`;
}
