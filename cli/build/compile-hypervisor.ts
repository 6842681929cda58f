// Compiles the hypervisor's sources (BSP, port layer C, transpiled core) into an object folder, in
// parallel, or reuses the objects there while the content digest of the flags, the sources and every
// file of the folders they include from is unchanged (content-cache.ts). The per-image glue is not part
// of this step: it changes with every guest and is compiled with the image.
import { mkdirSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, join } from 'node:path';

import { compileArgs, compileSource } from './compile.ts';
import { cachedRecord, contentDigest, filesUnder, writeRecord } from './content-cache.ts';
import { fromRepo } from './paths.ts';
import type { BuildSpec } from './spec.ts';
import { tools } from './toolchain.ts';

/** Compiles `sources` with `spec`'s flags into `objDir`; `inputDirs` hold every file they may include
 *  (files named in `ignored` there, such as the glue and the cache's own records, do not count). */
export async function compileHypervisor(
  sources: readonly string[],
  spec: BuildSpec,
  objDir: string,
  inputDirs: readonly string[],
  ignored: readonly string[],
): Promise<string[]> {
  const digest = contentDigest({
    files: inputDirs.flatMap((dir) => filesUnder(fromRepo(dir), (name) => !ignored.includes(name))),
    settings: [
      tools.gcc,
      compileArgs('x.c', 'x.o', spec),
      compileArgs('x.S', 'x.o', spec),
      sources.map((source) => fromRepo(source)),
    ],
  });
  const objects = sources.map((source, index) => join(objDir, `${index}_${basename(source)}.o`));
  const recordFile = join(objDir, 'compiled.json');
  if (cachedRecord<{ objects: string[] }>(recordFile, digest, (record) => record.objects) !== undefined)
    return objects;
  rmSync(objDir, { recursive: true, force: true });
  mkdirSync(objDir, { recursive: true });
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < sources.length) {
      const index = next++;
      await compileSource(sources[index], objects[index], spec);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, availableParallelism()) }, worker));
  writeRecord(recordFile, digest, { objects });
  return objects;
}
