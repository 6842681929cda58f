// Fast start of `bulkhead ts2c`: the transpiler and the ts2c command bundled into one CommonJS file
// (esbuild, TypeScript left external) under node_modules/.cache/bulkhead/, rebuilt whenever a source of
// it is newer, and loaded with V8's code cache for the TypeScript compiler (v8-compile-cache): a call
// then starts in about half a second instead of compiling every module through tsx. Returns the
// command's `run`, or undefined when the bundle cannot be made (the caller then loads the sources).
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
const cacheDir = join(repoRoot, 'node_modules', '.cache', 'bulkhead');
const bundlePath = join(cacheDir, 'ts2c.cjs');
const entry = join(repoRoot, 'cli', 'commands', 'ts2c.ts');
/** The one module of the bundle that reads its own location (to find the runtime and the type roots). */
const locatingModule = join(repoRoot, 'transpiler', 'load.ts');

/** Newest modification time of the bundle's sources (the transpiler's modules and the command). */
function newestSource() {
  let newest = statSync(entry).mtimeMs;
  const dir = join(repoRoot, 'transpiler');
  for (const name of readdirSync(dir)) {
    if (name.endsWith('.ts')) newest = Math.max(newest, statSync(join(dir, name)).mtimeMs);
  }
  return newest;
}

async function buildBundle() {
  const esbuild = require('esbuild');
  mkdirSync(cacheDir, { recursive: true });
  const result = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['typescript'],
    outfile: bundlePath,
    metafile: true,
    logLevel: 'silent',
    define: { 'import.meta.url': JSON.stringify(pathToFileURL(locatingModule).href) },
  });
  // Only load.ts may ask for its own location: any other module doing so would be given load.ts's.
  for (const input of Object.keys(result.metafile.inputs)) {
    const path = join(repoRoot, input);
    if (
      path !== locatingModule &&
      input.endsWith('.ts') &&
      readFileSync(path, 'utf8').includes('import.meta')
    )
      throw new Error(`${input} uses import.meta: it cannot be bundled`);
  }
}

export async function loadBundledTs2c() {
  try {
    if (!existsSync(bundlePath) || statSync(bundlePath).mtimeMs < newestSource()) await buildBundle();
    require('v8-compile-cache');
    return require(bundlePath).run;
  } catch {
    return undefined;
  }
}
