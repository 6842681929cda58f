// Host and target C builds for the differential tests: compiler flags, the build profiles a transpiled
// program is run under (host gcc at -O2 and -O0, the Cortex-R5F build at -O2 and -O0 run by user-mode
// QEMU with semihosting), a child-process runner, a small concurrency limiter (the machine has few
// cores), and helpers that transpile an entry module into an output directory, add a C `main()` calling
// the program's exported `main`, build and run it, and check the freestanding target objects.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { formatDiagnostic, transpile, type TranspileResult } from '../../../transpiler/index.ts';
import { PARALLELISM, runProcess, type ProcessResult } from '../../support/processes.ts';
import { REPO_ROOT, SUPPORT_DIR } from './corpus-programs.ts';

/** Strict flags every generated file must pass on the host (docs/DESIGN.md §3). */
export const HOST_CFLAGS = ['-std=c11', '-ffreestanding', '-Wall', '-Wextra', '-Werror', '-pedantic', '-O2'];
/** The bounds-failure hook for host harnesses of transpiled code: prints the index and length and exits
 *  with status 3 (lines of C, to join with '\n'; the harness includes <stdio.h> and <stdlib.h>). */
export const HOST_BOUNDS_FAIL_HOOK: readonly string[] = [
  '_Noreturn void bh_bounds_fail(uint32_t index, uint32_t length) {',
  '    printf("bounds %lu %lu\\n", (unsigned long)index, (unsigned long)length);',
  '    exit(3);',
  '}',
];

/** Flags for the target build (Cortex-R5F, hard-float VFPv3-D16). */
export const TARGET_CFLAGS = [
  '-mcpu=cortex-r5',
  '-mfloat-abi=hard',
  '-mfpu=vfpv3-d16',
  '-std=c11',
  '-ffreestanding',
  '-Wall',
  '-Wextra',
  '-Werror',
  '-pedantic',
];
/** The hosted support file (stdio printing, bounds hook) is built with ordinary hosted flags. */
const SUPPORT_CFLAGS = ['-std=c11', '-Wall', '-Wextra', '-Werror', '-pedantic', '-O2'];

/** One way of building and running a transpiled program: the generated C must print Node's bytes under
 *  every profile, because a conforming optimiser or another FPU must not change a result. */
export interface CBuildProfile {
  /** Short name for messages and output directories ("host-O2", "r5f-O0"). */
  readonly name: string;
  readonly compiler: string;
  /** Flags for the generated (freestanding) C. */
  readonly flags: readonly string[];
  /** Flags for the hosted support file and the link (the C library the program prints through). */
  readonly hostedFlags: readonly string[];
  /** Command prefix that runs the executable (empty: run it directly). */
  readonly runner: readonly string[];
}

const withOptimisation = (flags: readonly string[], level: string): string[] => [
  ...flags.filter((f) => !/^-O/.test(f)),
  level,
];

/** Cortex-R5F user-mode emulation: newlib's semihosting C library (rdimon) prints and exits through the
 *  emulator, so the same harness runs as on the host. */
const R5F_HOSTED = [...TARGET_CFLAGS.slice(0, 3), '--specs=rdimon.specs'];
const R5F_RUNNER = ['qemu-arm', '-cpu', 'cortex-r5f'];

export const HOST_O2: CBuildProfile = {
  name: 'host-O2',
  compiler: 'gcc',
  flags: HOST_CFLAGS,
  hostedFlags: SUPPORT_CFLAGS,
  runner: [],
};
export const HOST_O0: CBuildProfile = {
  ...HOST_O2,
  name: 'host-O0',
  flags: withOptimisation(HOST_CFLAGS, '-O0'),
};
export const R5F_O2: CBuildProfile = {
  name: 'r5f-O2',
  compiler: 'arm-none-eabi-gcc',
  flags: withOptimisation(TARGET_CFLAGS, '-O2'),
  hostedFlags: [...withOptimisation(SUPPORT_CFLAGS, '-O2'), ...R5F_HOSTED],
  runner: R5F_RUNNER,
};
export const R5F_O0: CBuildProfile = {
  ...R5F_O2,
  name: 'r5f-O0',
  flags: withOptimisation(TARGET_CFLAGS, '-O0'),
};
/** Every profile a differential comparison runs: host and Cortex-R5F, each unoptimised and at -O2. */
export const ALL_BUILD_PROFILES: readonly CBuildProfile[] = [HOST_O2, HOST_O0, R5F_O2, R5F_O0];

export const OUT_ROOT = join(REPO_ROOT, 'out/test');
/** Per-process output root: test runs may overlap (an editor run beside `npm test`). It is removed when
 *  the process exits unless a failing test asked to keep it for inspection. */
export const PROCESS_OUT_ROOT = join(OUT_ROOT, `run-${process.pid}`);
let keepOutput = false;
process.on('exit', () => {
  if (!keepOutput) rmSync(PROCESS_OUT_ROOT, { recursive: true, force: true });
});

/** Keeps this process's output directory (call when a test fails). */
export function keepProcessOutput(): void {
  keepOutput = true;
}

export { createLimiter, runProcess, type ProcessResult } from '../../support/processes.ts';

/** Compiling a batch of thousands of generated functions on a loaded machine can take minutes. */
const COMPILE_TIMEOUT_MS = 600_000;

/** Parallel compiler jobs: one per core (at least 2). */
export const COMPILE_PARALLELISM = Math.max(2, PARALLELISM);

/** A program transpiled into `outDir`, ready to build. */
export interface TranspiledProgram {
  outDir: string;
  cFiles: string[];
  includeDirs: string[];
  /** Header of the entry module (absolute). */
  entryHeader: string;
  /** C symbol of the entry module's exported `main`. */
  mainSymbol: string;
}

/** Raised when the transpiler reports diagnostics for a program that must be accepted. */
export class TranspileRejected extends Error {}

/** Transpiles `entry` and writes the output under `outDir` (emptied first); throws TranspileRejected
 *  with the formatted diagnostics when the transpiler reports any. */
export function transpileInto(entry: string, outDir: string): TranspiledProgram {
  const result = transpile({ entries: [entry] });
  if (result.diagnostics.length > 0) {
    const text = result.diagnostics.map((d) => formatDiagnostic(d)).join('\n');
    throw new TranspileRejected(
      `transpiler reported ${result.diagnostics.length} diagnostic(s) for ${entry}:\n${text}`,
    );
  }
  return writeTranspileOutput(result, entry, outDir);
}

/** Writes an accepted transpile result under `outDir` (emptied first) and locates the entry's main. */
export function writeTranspileOutput(
  result: TranspileResult,
  entry: string,
  outDir: string,
): TranspiledProgram {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const cFiles: string[] = [];
  const includeDirs = new Set<string>();
  for (const file of result.files) {
    const path = join(outDir, file.path);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, file.contents);
    if (path.endsWith('.c')) cFiles.push(path);
    if (path.endsWith('.h')) includeDirs.add(dirname(path));
  }
  const entryModule = result.modules.find((m) => resolve(m.tsFile) === resolve(entry));
  if (entryModule === undefined) throw new Error(`transpile result has no module for the entry ${entry}`);
  const mainSymbol = entryModule.exports['main'];
  if (mainSymbol === undefined)
    throw new Error(`${entry}: the transpiled module exports no C symbol for main`);
  const entryHeader = resolve(outDir, entryModule.hFile);
  includeDirs.add(dirname(entryHeader));
  return { outDir, cFiles, includeDirs: [...includeDirs], entryHeader, mainSymbol };
}

/** Writes the C entry point that calls the program's `main` and returns its path (one file per build
 *  profile: builds of one program under several profiles run concurrently). */
export function writeHarnessMain(program: TranspiledProgram, profile: CBuildProfile = HOST_O2): string {
  const path = join(program.outDir, `harness_main-${profile.name}.c`);
  writeFileSync(
    path,
    `/* Test entry point: runs the transpiled program's main (generated by the differential tests). */\n` +
      `#include "${basename(program.entryHeader)}"\n\n` +
      `int main(void) {\n  ${program.mainSymbol}();\n  return 0;\n}\n`,
  );
  return path;
}

const supportObjects = new Map<string, Promise<string>>();

/** Compiles `support/print.c` once per process and profile into `out/test/run-<pid>/`. */
export function buildSupportObject(profile: CBuildProfile = HOST_O2): Promise<string> {
  const key = `${profile.compiler} ${profile.hostedFlags.join(' ')}`;
  let object = supportObjects.get(key);
  if (object === undefined) {
    object = (async () => {
      mkdirSync(PROCESS_OUT_ROOT, { recursive: true });
      const path = join(PROCESS_OUT_ROOT, `support-print-${supportObjects.size}.o`);
      const built = await runProcess(profile.compiler, [
        ...profile.hostedFlags,
        '-c',
        join(SUPPORT_DIR, 'print.c'),
        '-o',
        path,
      ]);
      if (built.code !== 0)
        throw new Error(`support/print.c does not compile for ${profile.name}:\n${built.stderr}`);
      return path;
    })();
    supportObjects.set(key, object);
  }
  return object;
}

/** Builds the program under `profile` (plus `extraFlags`); returns the executable or throws with the
 *  compiler's output. */
export async function buildProgram(
  program: TranspiledProgram,
  profile: CBuildProfile,
  extraFlags: readonly string[] = [],
  libraries: readonly string[] = [],
): Promise<string> {
  const harness = writeHarnessMain(program, profile);
  const executable = join(program.outDir, `program-${profile.name}`);
  const objectDir = join(program.outDir, `obj-${profile.name}`);
  mkdirSync(objectDir, { recursive: true });
  const includes = program.includeDirs.map((d) => `-I${d}`);
  // The generated files with the profile's strict freestanding flags; the harness and the link with
  // the hosted ones (the C library that prints).
  const compiled = await runProcess(
    profile.compiler,
    [...profile.flags, ...extraFlags, ...includes, '-c', ...program.cFiles],
    { cwd: objectDir, timeoutMs: COMPILE_TIMEOUT_MS },
  );
  if (compiled.code !== 0)
    throw new Error(
      `${profile.name}: ${profile.compiler} rejected the generated C in ${program.outDir}:\n${compiled.stderr}`,
    );
  const objects = program.cFiles.map((c) => join(objectDir, basename(c).replace(/\.c$/, '.o')));
  const linked = await runProcess(
    profile.compiler,
    [
      ...profile.hostedFlags,
      ...includes,
      harness,
      ...objects,
      await buildSupportObject(profile),
      ...libraries,
      '-o',
      executable,
    ],
    { timeoutMs: COMPILE_TIMEOUT_MS },
  );
  if (linked.code !== 0)
    throw new Error(`${profile.name}: the harness does not link in ${program.outDir}:\n${linked.stderr}`);
  return executable;
}

/** Runs an executable built under `profile`. */
export function runProgram(
  profile: CBuildProfile,
  executable: string,
  timeoutMs = 60_000,
): Promise<ProcessResult> {
  const [command, ...args] = [...profile.runner, executable];
  return runProcess(command, args, { timeoutMs });
}

/** Builds the program natively with the strict flags at -O2 (plus `extraFlags`); returns the executable
 *  or throws with gcc's output. */
export function buildHost(
  program: TranspiledProgram,
  extraFlags: readonly string[] = [],
  libraries: readonly string[] = [],
): Promise<string> {
  return buildProgram(program, HOST_O2, extraFlags, libraries);
}

/** Symbols generated code may leave undefined on the target: the BSP's hooks and port-layer externs
 *  (`bh_` prefix), the compiler's support routines (libgcc: `__aeabi_*`, `__gnu_*`) and the four memory
 *  functions GCC may call even in freestanding code. Anything else (e.g. libm's `sqrt`) would not link
 *  into the freestanding image. */
const TARGET_ALLOWED_UNDEFINED = /^(bh_\w+|__aeabi_\w+|__gnu_\w+|memcpy|memset|memmove|memcmp)$/;

/** Checks that the target objects of a program built under `profile` (a Cortex-R5F profile, by
 *  buildProgram) need no library beyond TARGET_ALLOWED_UNDEFINED; throws with the offending symbols. */
export async function checkTargetObjects(program: TranspiledProgram, profile: CBuildProfile): Promise<void> {
  if (profile.compiler !== 'arm-none-eabi-gcc') throw new Error(`${profile.name} is not a target profile`);
  const objectDir = join(program.outDir, `obj-${profile.name}`);
  const objects = program.cFiles.map((c) => join(objectDir, basename(c).replace(/\.c$/, '.o')));
  const undefinedSymbols = await runProcess('arm-none-eabi-nm', [
    '--undefined-only',
    '--format=posix',
    ...objects,
  ]);
  const definedSymbols = await runProcess('arm-none-eabi-nm', [
    '--defined-only',
    '--extern-only',
    '--format=posix',
    ...objects,
  ]);
  if (undefinedSymbols.code !== 0 || definedSymbols.code !== 0)
    throw new Error(`arm-none-eabi-nm failed:\n${undefinedSymbols.stderr}${definedSymbols.stderr}`);
  const symbolNames = (text: string): Set<string> =>
    new Set(
      text
        .split('\n')
        .map((line) => line.split(' ')[0] ?? '')
        .filter((name) => name !== '' && !name.endsWith(':')),
    );
  const defined = symbolNames(definedSymbols.stdout);
  const missing = [...symbolNames(undefinedSymbols.stdout)].filter(
    (name) => !defined.has(name) && !TARGET_ALLOWED_UNDEFINED.test(name),
  );
  if (missing.length > 0) {
    throw new Error(
      `the generated C for the target needs symbols no freestanding image provides: ${missing.sort().join(', ')} (${program.outDir})`,
    );
  }
}
