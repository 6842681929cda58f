// Every BSP source compiles on its own with the build's flags (-Werror -Wconversion -pedantic), and
// the build reports bad input clearly: a compile error names the file and carries gcc's message, a
// warning fails the build, a failing link names the linker script, an unknown system is named.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

import { compileArgs, compileSource } from '../../../cli/build/compile.ts';
import { BuildSpecError, CompileError, LinkError } from '../../../cli/build/errors.ts';
import { buildImage, buildSystem } from '../../../cli/build/image.ts';
import { repoRoot } from '../../../cli/build/paths.ts';
import type { BuildSpec } from '../../../cli/build/spec.ts';
import { knownSystems, systemBoard, systemSpec } from '../../../cli/build/systems.ts';
import { getBoard } from '../../../firmware/config/boards.ts';
import { cFlags } from '../../../cli/build/toolchain.ts';

function bspSourcesOnDisk(dir = join(repoRoot, 'bsp')): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...bspSourcesOnDisk(path));
    else if (/\.(c|S)$/.test(entry.name)) found.push(relative(repoRoot, path));
  }
  return found.sort();
}

describe('cli/build: compiling the BSP', function () {
  this.timeout(120_000);
  let scratch: string;

  before(() => {
    scratch = mkdtempSync(join(tmpdir(), 'bulkhead-bsp-compile-'));
  });
  after(() => rmSync(scratch, { recursive: true, force: true }));

  it('uses warnings-as-errors, -pedantic and -Wconversion for C', () => {
    for (const flag of [
      '-Werror',
      '-Wall',
      '-Wextra',
      '-pedantic',
      '-Wconversion',
      '-ffreestanding',
      '-std=c11',
    ]) {
      assert.ok(cFlags.includes(flag), `C flags lack ${flag}`);
    }
  });

  it("builds every .c and .S file under bsp/ into some system, and every file of its board's CPU and board layers into each", () => {
    const built = new Set(knownSystems().flatMap((name) => systemSpec(name).sources));
    assert.deepEqual([...built].sort(), bspSourcesOnDisk());
    for (const name of knownSystems()) {
      const board = getBoard(systemBoard(name));
      const layers = new RegExp(`^bsp/(${board.cpu.bspDir}|${board.name})/`);
      const shared = bspSourcesOnDisk().filter((s) => layers.test(s));
      assert.ok(shared.length >= 8, `${name}: only ${shared.length} CPU and board sources`);
      const sources = systemSpec(name).sources;
      for (const source of shared) assert.ok(sources.includes(source), `${name} does not build ${source}`);
    }
  });

  it('compiles each BSP source on its own with -Werror, with the CPU flags of a system that builds it', async () => {
    const sources = bspSourcesOnDisk();
    assert.ok(sources.length >= 15, `only ${sources.length} BSP sources found`);
    const specs = knownSystems().map((name) => systemSpec(name));
    await Promise.all(
      sources.map((source, i) =>
        compileSource(
          source,
          join(scratch, 'each', `${i}.o`),
          specs.find((s) => s.sources.includes(source))!,
        ),
      ),
    );
    const r5 = compileArgs('bsp/armv7r/mpu.c', 'x.o', systemSpec('selftest'));
    for (const flag of ['-Werror', '-mcpu=cortex-r5', '-marm', '-mgeneral-regs-only']) {
      assert.ok(r5.includes(flag), `R5F BSP sources are compiled without ${flag}`);
    }
    const r52 = compileArgs('bsp/armv8r/mpu.c', 'x.o', systemSpec('el2-selftest'));
    for (const flag of ['-Werror', '-Wconversion', '-mcpu=cortex-r52', '-marm', '-mgeneral-regs-only']) {
      assert.ok(r52.includes(flag), `R52 BSP sources are compiled without ${flag}`);
    }
    assert.ok(
      r52.some((arg) => arg.endsWith('bsp/armv8r')),
      'bsp/armv8r is not on the include path',
    );
  });

  function scratchSpec(name: string, files: Record<string, string>, partitions = ''): BuildSpec {
    const dir = join(scratch, name);
    mkdirSync(dir, { recursive: true });
    for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
    writeFileSync(join(dir, 'partitions.ld'), partitions);
    const base = systemSpec('selftest');
    return {
      ...base,
      name,
      sources: [
        ...base.sources.filter((s) => !s.startsWith('bsp/selftest/')),
        ...Object.keys(files).map((f) => join(dir, f)),
      ],
      linkerSearchDirs: [...base.linkerSearchDirs.filter((d) => d !== 'bsp/selftest'), dir],
    };
  }

  it('reports a compile error with the file and the compiler message', async () => {
    const spec = scratchSpec('broken', { 'main.c': 'int main(void) { return undefined_name; }\n' });
    await assert.rejects(buildImage(spec, join(scratch, 'out-broken')), (error: unknown) => {
      assert.ok(error instanceof CompileError);
      assert.ok(error.file.endsWith('broken/main.c'), error.file);
      assert.match(error.message, /main\.c:1:\d+: error: 'undefined_name' undeclared/);
      return true;
    });
  });

  it('fails the build on a warning', async () => {
    const spec = scratchSpec('warning', { 'main.c': 'int main(void) { int unused = 1; return 0; }\n' });
    await assert.rejects(buildImage(spec, join(scratch, 'out-warning')), (error: unknown) => {
      assert.ok(error instanceof CompileError);
      assert.match(error.message, /unused variable 'unused'/);
      return true;
    });
  });

  it('reports a failed link with the linker script and the linker message', async () => {
    const spec = scratchSpec(
      'overflow',
      { 'main.c': '#include "bsp.h"\nint main(void) { return BSP_EXIT_OK; }\n' },
      '.too_big 0x000F0000 : { . += 0x20000; } > HYPERVISOR_RAM\n',
    );
    await assert.rejects(buildImage(spec, join(scratch, 'out-overflow')), (error: unknown) => {
      assert.ok(error instanceof LinkError);
      assert.equal(error.linkerScript, 'bsp/armv7r/image.ld');
      assert.match(error.message, /HYPERVISOR_RAM/);
      return true;
    });
  });

  it('names an unknown system and lists the known ones', async () => {
    await assert.rejects(buildSystem('no-such-system', { outRoot: scratch }), (error: unknown) => {
      assert.ok(error instanceof BuildSpecError);
      assert.match(
        error.message,
        /unknown system 'no-such-system' \(known systems: el2-selftest, selftest, uart-echo, uart-echo-an536\)/,
      );
      return true;
    });
  });

  it('names a missing source', async () => {
    const spec = { ...systemSpec('selftest'), sources: ['bsp/armv7r/does-not-exist.c'] };
    await assert.rejects(
      buildImage(spec, join(scratch, 'out-missing')),
      /source not found: bsp\/armv7r\/does-not-exist\.c/,
    );
  });
});
