// Batch evaluation for the property-based differential tests: renders many generated cases into ONE
// subset module (each case a function, run over a few input vectors held in module variables), runs it
// in Node and as transpiled host C, and reports per case whether both sides printed the same values, or
// whether the transpiler rejected it. The C runs under every build profile (host and Cortex-R5F, -O2 and
// -O0): a case agrees only when all of them print Node's values. One transpile and one build per profile
// and batch keeps thousands of cases within seconds. Cases may bring module-level declarations (arrays,
// classes, helper functions); a batch with a case that may fail a bounds check runs guarded: each case
// and input vector runs under print.ts `runGuardedCase`, so a failed check prints `c<i>.bounds` (Node
// catches BoundsError, C longjmps out of bh_bounds_fail) and the batch goes on.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { formatDiagnostic, transpile } from '../../../transpiler/index.ts';
import {
  ALL_BUILD_PROFILES,
  buildProgram,
  type CBuildProfile,
  COMPILE_PARALLELISM,
  createLimiter,
  keepProcessOutput,
  PROCESS_OUT_ROOT,
  runProgram,
  writeTranspileOutput,
} from '../support/c-build.ts';
import { REPO_ROOT, SUPPORT_DIR } from '../support/corpus-programs.ts';
import { runCaptured, runCapturedGuarded } from '../support/print-capture.ts';
import { FLOAT_TYPES, INT_RANGE, INT_TYPES, type NumericType, type Scope } from './subset-generators.ts';

/** Extra host flags and libraries of the differential builds: none. The random code compares constant
 *  expressions, folds constants through narrowing casts and calls Math.sqrt on run-time values; the
 *  generated C must still build with the strict flags and without libm (as the corpus programs
 *  constant-comparisons, signed-bitwise-constants, unsigned-complement-compare and sqrt-runtime check
 *  one by one). */
export const DIFFERENTIAL_EXTRA_CFLAGS: readonly string[] = [];
export const DIFFERENTIAL_LIBRARIES: readonly string[] = [];

/** The build profiles every batch runs under: all of them, or those named in BH_DIFF_PROFILES
 *  (comma-separated, e.g. "host-O2" for a quick local run). */
export function differentialProfiles(): readonly CBuildProfile[] {
  const wanted = process.env['BH_DIFF_PROFILES'];
  if (wanted === undefined || wanted === '') return ALL_BUILD_PROFILES;
  const names = wanted.split(',').map((n) => n.trim());
  const chosen = ALL_BUILD_PROFILES.filter((p) => names.includes(p.name));
  if (chosen.length !== names.length)
    throw new Error(
      `BH_DIFF_PROFILES=${wanted}: known profiles are ${ALL_BUILD_PROFILES.map((p) => p.name).join(', ')}`,
    );
  return chosen;
}

/** Module variables every case may read: two per integer type, set from the input vectors. */
export const INPUT_NAMES: Scope = Object.fromEntries(
  [...INT_TYPES, ...FLOAT_TYPES].map((t) => [t, [`a_${t}`, `b_${t}`]]),
) as unknown as Scope;

/** One input vector: a value for each input variable. */
export type InputVector = Record<string, number>;

/** A case rendered to TS: the function body statements (declaring nothing at module level) and the
 *  values it prints. `resultType` set: the body is `return <expr>;` and the result is printed. */
export interface RenderedCase {
  /** Function body lines (without the braces). */
  body: string[];
  /** Return type when the case returns a value that main prints; undefined for a void case. */
  resultType: NumericType | undefined;
  /** The case may lie outside the subset (permissive generator): a transpiler rejection is expected. */
  permissive?: boolean;
  /** Module-level lines of the case (arrays, classes, helper functions). When present, every `#` in
   *  them and in `body` becomes the case's index, so that each case declares its own names. */
  declarations?: string[];
  /** The case may fail a bounds check: its batch runs guarded and prints `c<i>.bounds` for a failure. */
  guarded?: boolean;
}

/** The C symbol of the dispatcher `runCase` of a guarded batch module `cases.ts` (print.c calls it). */
const GUARDED_DISPATCHER_SYMBOL = 'cases_run_case';

export interface CaseVerdict {
  index: number;
  /** Node lines of this case (all vectors), or undefined when the transpiler rejected it. */
  node: string[];
  /** C lines of this case under `profile`: the first profile whose lines differ from Node's, else the
   *  first profile's. */
  c: string[];
  profile: string;
  rejected: string | undefined;
  /** Which stage rejected the case. */
  rejectedBy: 'transpiler' | 'gcc' | 'run' | undefined;
  /** The case's TS text (function declaration). */
  source: string;
  permissive: boolean;
}

export interface BatchResult {
  verdicts: CaseVerdict[];
  /** Diagnostics or build errors not attributable to one case. */
  batchError: string | undefined;
}

function printCall(type: NumericType, label: string, value: string): string {
  if (type === 'f64') return `printF64("${label}", ${value});`;
  if (type === 'f32') return `printF32("${label}", ${value});`;
  return INT_RANGE[type].signed ? `printI32("${label}", ${value});` : `printU32("${label}", ${value});`;
}

interface RenderedModule {
  source: string;
  /** 1-based [first, last] source lines of each case: its function, and its declarations if any. */
  caseLines: [number, number][][];
  caseSources: string[];
  /** The module runs its cases guarded (`runCase` dispatcher, `runGuardedCase` per case). */
  guarded: boolean;
}

/** The case whose lines hold 1-based source line `line`, or -1. */
function caseAtLine(module: RenderedModule, line: number): number {
  return module.caseLines.findIndex((ranges) =>
    ranges.some(([first, last]) => line >= first && line <= last),
  );
}

/** Renders the batch module. Case `i` is function `case${i}`; its output lines start with `c${i}`. */
export function renderBatchModule(
  cases: RenderedCase[],
  vectors: InputVector[],
  moduleDir: string,
): RenderedModule {
  const runtime = relative(moduleDir, join(REPO_ROOT, 'transpiler/runtime/index.ts')).split('\\').join('/');
  const print = relative(moduleDir, join(SUPPORT_DIR, 'print.ts')).split('\\').join('/');
  const guarded = cases.some((c) => c.guarded === true);
  const runtimeNames = [
    'arrayOf',
    'checkIndex',
    'div',
    'f32',
    'f64',
    'i8',
    'i16',
    'i32',
    'mul',
    'rem',
    'u8',
    'u16',
    'u32',
  ];
  const printNames = ['printF32', 'printF64', 'printI32', 'printU32'];
  if (guarded) {
    runtimeNames.push('checkRange', 'loadU16BE', 'loadU16LE', 'loadU32BE', 'loadU32LE');
    printNames.push('printElement', 'runGuardedCase');
  }
  const lines: string[] = [
    '// Generated by tests/transpiler/differential: random subset cases evaluated in Node and in C.',
    `import { ${runtimeNames.join(', ')} } from '${runtime.startsWith('.') ? runtime : `./${runtime}`}';`,
    `import { ${printNames.join(', ')} } from '${print.startsWith('.') ? print : `./${print}`}';`,
    '',
  ];
  for (const t of [...INT_TYPES, ...FLOAT_TYPES]) {
    for (const name of INPUT_NAMES[t]) {
      lines.push(`let ${name}: ${t} = 0;`);
      lines.push(
        `const IN_${name}: readonly ${t}[] = [${vectors.map((v) => v[name] ?? 0).join(', ')}] as const;`,
      );
    }
  }
  // The evaluation trail: note_<type>(x) returns x and mixes it into `trail`, printed after each case.
  lines.push('let trail: u32 = 0;');
  for (const t of INT_TYPES) {
    lines.push(
      `function note_${t}(x: ${t}): ${t} {`,
      '  trail = u32(u32(mul(trail, 31)) + u32(x));',
      '  return x;',
      '}',
    );
  }
  lines.push('');
  const caseLines: [number, number][][] = [];
  const caseSources: string[] = [];
  cases.forEach((c, i) => {
    const ranges: [number, number][] = [];
    // With declarations, every `#` names this case; otherwise only the labels `"c#.` do.
    const named = (l: string): string =>
      c.declarations !== undefined ? l.split('#').join(String(i)) : l.split('"c#.').join(`"c${i}.`);
    const declarationLines = (c.declarations ?? []).map(named);
    if (declarationLines.length > 0) {
      ranges.push([lines.length + 1, lines.length + declarationLines.length]);
      lines.push(...declarationLines);
    }
    const first = lines.length + 1;
    const fnLines = [
      `function case${i}(): ${c.resultType ?? 'void'} {`,
      ...c.body.map((l) => `  ${named(l)}`),
      '}',
    ];
    lines.push(...fnLines);
    ranges.push([first, lines.length]);
    caseLines.push(ranges);
    caseSources.push([...declarationLines, ...fnLines].join('\n'));
  });
  // Inputs are reloaded before every case, so that a case that wrongly modifies them (a C side effect
  // that JavaScript does not have) shows up in that case only.
  lines.push('', 'function load(k: u32): void {');
  for (const t of [...INT_TYPES, ...FLOAT_TYPES])
    for (const name of INPUT_NAMES[t])
      lines.push(`  ${name} = IN_${name}[checkIndex(k, IN_${name}.length)];`);
  lines.push('}', '');
  const runLines = (c: RenderedCase, i: number, indent: string): string[] => [
    `${indent}load(k);`,
    c.resultType === undefined
      ? `${indent}case${i}();`
      : `${indent}${printCall(c.resultType, `c${i}`, `case${i}()`)}`,
    ...(caseSources[i].includes('note_')
      ? [`${indent}printU32("c${i}.trail", trail);`, `${indent}trail = 0;`]
      : []),
  ];
  if (guarded) {
    // Case `c` with vector `k`, called by runGuardedCase (print.ts; print.c in C) under its guard.
    lines.push('export function runCase(k: u32, c: u32): void {', '  switch (c) {');
    cases.forEach((c, i) =>
      lines.push(`    case ${i}: {`, ...runLines(c, i, '      '), '      break;', '    }'),
    );
    lines.push('    default:', '      break;', '  }', '}', '');
    lines.push(
      'export function main(): void {',
      `  for (let k: u32 = 0; k < ${vectors.length}; k++) {`,
      `    for (let c: u32 = 0; c < ${cases.length}; c++) {`,
      '      runGuardedCase(k, c);',
      '    }',
      '  }',
      '}',
      '',
    );
    return { source: lines.join('\n'), caseLines, caseSources, guarded };
  }
  lines.push('export function main(): void {', `  for (let k: u32 = 0; k < ${vectors.length}; k++) {`);
  cases.forEach((c, i) => lines.push(...runLines(c, i, '    ')));
  lines.push('  }', '}', '');
  return { source: lines.join('\n'), caseLines, caseSources, guarded };
}

/** Groups printed lines by case label prefix `c<i>` (a void case prints `c<i>.<local>=...`). */
function linesByCase(output: string, caseCount: number): string[][] {
  const grouped: string[][] = Array.from({ length: caseCount }, () => []);
  for (const line of output.split('\n')) {
    const match = /^c(\d+)[.=]/.exec(line);
    if (match !== null) grouped[Number(match[1])]?.push(line);
  }
  return grouped;
}

let batchCounter = 0;

/** Evaluates `cases` over `vectors` in Node and in C. `name` names the output directory. */
export async function evaluateBatch(
  name: string,
  cases: RenderedCase[],
  vectors: InputVector[],
): Promise<BatchResult> {
  const dir = join(PROCESS_OUT_ROOT, 'differential', `${name}-${batchCounter++}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const sourceDir = join(dir, 'ts');
  mkdirSync(sourceDir, { recursive: true });
  const module = renderBatchModule(cases, vectors, sourceDir);
  const entry = join(sourceDir, 'cases.ts');
  writeFileSync(entry, module.source);

  const verdicts: CaseVerdict[] = cases.map((_, index) => ({
    index,
    node: [],
    c: [],
    profile: '',
    rejected: undefined,
    rejectedBy: undefined,
    source: module.caseSources[index],
    permissive: cases[index].permissive === true,
  }));

  // Cases the transpiler rejects are identified by the line of each diagnostic.
  const transpiled = transpile({ entries: [entry] });
  if (transpiled.diagnostics.length > 0) {
    let unattributed = '';
    for (const d of transpiled.diagnostics) {
      const text = formatDiagnostic(d);
      const inCases = resolve(d.file) === resolve(entry);
      const owner = inCases ? caseAtLine(module, d.line) : -1;
      if (owner >= 0) {
        verdicts[owner].rejected = (verdicts[owner].rejected ?? '') + text + '\n';
        verdicts[owner].rejectedBy = 'transpiler';
      } else unattributed += text + '\n';
    }
    if (unattributed !== '')
      return { verdicts, batchError: `transpiler diagnostics outside any case:\n${unattributed}` };
    return evaluateRemaining(name, cases, vectors, verdicts);
  }

  const loaded = (await import(pathToFileURL(entry).href)) as {
    main: () => void;
    runCase?: (vector: number, index: number) => void;
  };
  if (module.guarded) {
    const dispatcher = transpiled.modules.find((m) => resolve(m.tsFile) === resolve(entry))?.exports[
      'runCase'
    ];
    if (dispatcher !== GUARDED_DISPATCHER_SYMBOL || loaded.runCase === undefined)
      return {
        verdicts,
        batchError: `the guarded batch's runCase is C symbol ${dispatcher ?? '(none)'}, print.c calls ${GUARDED_DISPATCHER_SYMBOL}`,
      };
  }
  const nodeRun =
    module.guarded && loaded.runCase !== undefined
      ? runCapturedGuarded(loaded.main, loaded.runCase)
      : runCaptured(loaded.main);
  if (nodeRun.boundsFailed) return { verdicts, batchError: 'a generated case failed a bounds check in Node' };

  const program = writeTranspileOutput(transpiled, entry, join(dir, 'c'));
  const profiles = differentialProfiles();
  const builds = await Promise.allSettled(
    profiles.map((profile) =>
      buildProgram(program, profile, DIFFERENTIAL_EXTRA_CFLAGS, DIFFERENTIAL_LIBRARIES),
    ),
  );
  const buildErrors = builds.flatMap((b) => (b.status === 'rejected' ? [(b.reason as Error).message] : []));
  if (buildErrors.length > 0) {
    // gcc reports errors at the TS lines of the #line directives: attribute them to cases.
    const message = buildErrors.join('\n');
    const owners = new Set<number>();
    for (const match of message.matchAll(/cases\.ts:(\d+):\d+: error/g)) {
      const owner = caseAtLine(module, Number(match[1]));
      if (owner >= 0) owners.add(owner);
    }
    if (owners.size === 0) return { verdicts, batchError: message.slice(0, 4000) };
    for (const owner of owners) {
      verdicts[owner].rejected = `gcc rejected the generated C:\n${message.slice(0, 3000)}`;
      verdicts[owner].rejectedBy = 'gcc';
    }
    return evaluateRemaining(name, cases, vectors, verdicts);
  }
  const executables = builds.map((b) => (b as PromiseFulfilledResult<string>).value);
  // A program killed by a signal (a read or write far past an array) is a crash like a non-zero exit.
  const runs = await Promise.all(
    profiles.map((profile, k) =>
      runProgram(profile, executables[k]).catch((error: unknown) => ({
        code: -2,
        stdout: '',
        stderr: error instanceof Error ? error.message : String(error),
      })),
    ),
  );
  const crashed = runs.findIndex((run) => run.code !== 0);
  if (crashed >= 0) {
    const run = runs[crashed];
    if (cases.length === 1) {
      verdicts[0].rejected = `the C program (${profiles[crashed].name}) exited with ${run.code} (Node completed): ${run.stderr.slice(0, 2000)}`;
      verdicts[0].rejectedBy = 'run';
      verdicts[0].profile = profiles[crashed].name;
      return { verdicts, batchError: undefined };
    }
    // Find the crashing case(s) by halving the batch.
    const half = Math.ceil(cases.length / 2);
    const first = await evaluateBatch(name, cases.slice(0, half), vectors);
    const second = await evaluateBatch(name, cases.slice(half), vectors);
    const merged = [...first.verdicts, ...second.verdicts].map((v, i) => ({
      ...v,
      index: i,
      source: module.caseSources[i],
      permissive: cases[i].permissive === true,
    }));
    return { verdicts: merged, batchError: first.batchError ?? second.batchError };
  }
  const nodeLines = linesByCase(nodeRun.output, cases.length);
  const cLines = runs.map((run) => linesByCase(run.stdout, cases.length));
  verdicts.forEach((v, i) => {
    v.node = nodeLines[i]!;
    const differing = cLines.findIndex((lines) => !sameLines(v.node, lines[i]));
    const shown = differing >= 0 ? differing : 0;
    v.c = cLines[shown][i]!;
    v.profile = profiles[shown].name;
  });
  return { verdicts, batchError: undefined };
}

function sameLines(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((line, i) => line === b[i]);
}

/** Re-evaluates the cases not yet marked rejected and merges their verdicts into `verdicts`. */
async function evaluateRemaining(
  name: string,
  cases: RenderedCase[],
  vectors: InputVector[],
  verdicts: CaseVerdict[],
): Promise<BatchResult> {
  const acceptedIndices = verdicts.filter((v) => v.rejected === undefined).map((v) => v.index);
  if (acceptedIndices.length === 0) return { verdicts, batchError: undefined };
  const sub = await evaluateBatch(
    name,
    acceptedIndices.map((i) => cases[i]),
    vectors,
  );
  sub.verdicts.forEach((v, k) => {
    const target = verdicts[acceptedIndices[k]];
    target.node = v.node;
    target.c = v.c;
    target.profile = v.profile;
    target.rejected = v.rejected;
    target.rejectedBy = v.rejectedBy;
  });
  return { verdicts, batchError: sub.batchError };
}

/** How a case failed: 'mismatch' when both sides ran and printed different values. */
export type FailureKind = 'none' | 'mismatch' | 'transpiler' | 'gcc' | 'run';

export function failureKind(v: CaseVerdict): FailureKind {
  if (v.rejected !== undefined && v.permissive && (v.rejectedBy ?? 'transpiler') === 'transpiler')
    return 'none';
  if (v.rejected !== undefined) return v.rejectedBy ?? 'transpiler';
  return sameLines(v.node, v.c) ? 'none' : 'mismatch';
}

/** Batches evaluated at once over every differential run of the process: one per core. Runs started
 *  together (the tests of one suite start theirs at once) share it, so that one batch's transpilation
 *  (on this thread) overlaps another's compilers and programs (child processes) without flooding the
 *  machine. */
export const limitBatch = createLimiter(COMPILE_PARALLELISM);

let activeRuns = 0;
let keepDifferentialOutput = false;

/** Marks the start of a differential run (a call of runDifferential or runIndexDifferential). */
export function startDifferentialRun(): void {
  activeRuns++;
}

/** Marks the end of a differential run: a failing run keeps this process's output for inspection;
 *  when the last run in flight ends and none failed, the batches' output is removed. */
export function finishDifferentialRun(failed: boolean): void {
  activeRuns--;
  if (failed) {
    keepDifferentialOutput = true;
    keepProcessOutput();
  }
  if (activeRuns === 0 && !keepDifferentialOutput)
    rmSync(join(PROCESS_OUT_ROOT, 'differential'), { recursive: true, force: true });
}
