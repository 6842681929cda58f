// Builds an image: compiles every source of a BuildSpec (in parallel), links the ELF with its map,
// writes the raw binary. `buildSystem(name)` does this for a named system into
// `<outRoot>/<name>/bulkhead.{elf,bin,map}` (objects under `obj/`). The old image is removed before the
// build starts, the new one is linked under a temporary name and renamed when complete, and a failed
// build removes what it made: a failed or interrupted build leaves no image to boot.
import { existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join, relative, resolve } from 'node:path';

import { compileSource } from './compile.ts';
import { BuildSpecError } from './errors.ts';
import { extractBinary, linkElf } from './link.ts';
import { defaultOutRoot, fromRepo } from './paths.ts';
import { type BuildProgress, silentProgress } from './progress.ts';
import type { BuildSpec, BuiltImage } from './spec.ts';
import { systemSpec } from './systems.ts';

export type { BuildSpec, BuiltImage } from './spec.ts';

export const imageBaseName = 'bulkhead';

/** Object path for a source: its repository path with separators flattened. */
function objectPathFor(source: string, objDir: string): string {
  const flat = source
    .replace(/^\/+/, '')
    .replace(/[\\/]/g, '__')
    .replace(/\.(c|S)$/, '_$1');
  return join(objDir, `${flat}.o`);
}

async function runLimited<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const errors: unknown[] = [];
  async function worker(): Promise<void> {
    while (next < items.length) {
      const item = items[next++];
      try {
        await work(item);
      } catch (error) {
        errors.push(error);
      }
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  if (errors.length > 0) throw errors[0];
}

const imageExtensions = ['elf', 'bin', 'map'] as const;

/** Removes the image files `<baseName>.{elf,bin,map}` of `dir` and those of a link in progress. */
export function removeImage(dir: string, baseName = imageBaseName): void {
  for (const name of [baseName, partialName(baseName)]) {
    for (const ext of imageExtensions) rmSync(join(dir, `${name}.${ext}`), { force: true });
  }
}

/** Where a link writes before its image is complete (renamed to `baseName` then). */
function partialName(baseName: string): string {
  return `${baseName}.partial`;
}

/** Builds `spec` into `dir` (created; its obj/ is rebuilt from scratch) as `<baseName>.{elf,bin,map}`.
 *  The old image is removed first; the new one is linked under a temporary name and renamed once
 *  complete (the ELF last), so a failed or interrupted build leaves no image. */
export async function buildImage(
  spec: BuildSpec,
  dir: string,
  baseName = imageBaseName,
): Promise<BuiltImage> {
  removeImage(dir, baseName);
  try {
    const partial = await compileAndLink(spec, dir, partialName(baseName));
    const image: BuiltImage = {
      name: spec.name,
      dir,
      elf: join(dir, `${baseName}.elf`),
      bin: join(dir, `${baseName}.bin`),
      map: join(dir, `${baseName}.map`),
    };
    renameSync(partial.map, image.map);
    renameSync(partial.bin, image.bin);
    renameSync(partial.elf, image.elf);
    return image;
  } catch (error) {
    removeImage(dir, baseName);
    throw error;
  }
}

async function compileAndLink(spec: BuildSpec, dir: string, baseName: string): Promise<BuiltImage> {
  for (const source of spec.sources) {
    if (!existsSync(fromRepo(source))) throw new BuildSpecError(`source not found: ${source}`);
  }
  if (!existsSync(fromRepo(spec.linkerScript))) {
    throw new BuildSpecError(`linker script not found: ${spec.linkerScript}`);
  }
  const objDir = join(dir, 'obj');
  await rm(objDir, { recursive: true, force: true });
  await mkdir(objDir, { recursive: true });
  const objects = spec.sources.map((source) => objectPathFor(source, objDir));
  const jobs = spec.sources.map((source, index) => ({ source, object: objects[index] }));
  await runLimited(jobs, availableParallelism(), (job) => compileSource(job.source, job.object, spec));

  const image: BuiltImage = {
    name: spec.name,
    dir,
    elf: join(dir, `${baseName}.elf`),
    bin: join(dir, `${baseName}.bin`),
    map: join(dir, `${baseName}.map`),
  };
  for (const object of spec.objects ?? []) {
    if (!existsSync(fromRepo(object))) throw new BuildSpecError(`object not found: ${object}`);
  }
  await linkElf(
    [...objects, ...(spec.objects ?? []).map((object) => fromRepo(object))],
    spec,
    image.elf,
    image.map,
  );
  await extractBinary(image.elf, image.bin, spec);
  return image;
}

/** Builds a named system (see systems.ts) into `<outRoot>/<name>/`, telling `progress` each step. */
export async function buildSystem(
  name: string,
  opts?: { outRoot?: string; progress?: BuildProgress },
): Promise<BuiltImage> {
  const progress = opts?.progress ?? silentProgress;
  const spec = systemSpec(name);
  const outRoot = resolve(opts?.outRoot ?? defaultOutRoot);
  progress(`compiling and linking BSP image '${name}' (${spec.sources.length} sources)`);
  const image = await buildImage(spec, join(outRoot, name));
  progress(`image ${relative(process.cwd(), image.elf)}: ${statSync(image.bin).size} bytes`);
  return image;
}
