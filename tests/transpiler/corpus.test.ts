// Differential corpus test: every program under tests/transpiler/corpus/<name>/main.ts runs in Node and,
// transpiled to C, under every build profile (host gcc at -O2 and -O0, the Cortex-R5F build at -O2 and
// -O0 run by user-mode QEMU; strict flags); the printed outputs must be byte-for-byte equal, including a
// bounds failure (same line, C exit code 86). The target objects must need no library. Programs with an
// `expected.txt` (an external reference such as a published test vector) must print exactly that in Node.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  ALL_BUILD_PROFILES,
  buildProgram,
  checkTargetObjects,
  type CBuildProfile,
  COMPILE_PARALLELISM,
  createLimiter,
  keepProcessOutput,
  PROCESS_OUT_ROOT,
  runProgram,
  transpileInto,
  type TranspiledProgram,
} from './support/c-build.ts';
import { listCorpusPrograms, runMainInNode } from './support/corpus-programs.ts';
import { describeOutputDifference } from './support/compare-output.ts';
import { BOUNDS_FAIL_EXIT_CODE } from './support/print-capture.ts';
import type { NodeRun } from './support/print-capture.ts';

/** The outcome of one program on both sides. */
interface ProgramOutcome {
  node: NodeRun;
  cOutput: string;
  cExitCode: number;
  cStderr: string;
}

const programs = listCorpusPrograms();
const limit = createLimiter(COMPILE_PARALLELISM);
/** Each program runs once in Node: module state persists in the module cache, so a second run of the
 *  same module instance would not start from reset values. */
const nodeRuns = new Map<string, Promise<NodeRun>>();
/** Outcomes by program name and profile name. */
const outcomes = new Map<string, Promise<ProgramOutcome>>();

/** Compiles and runs one program under one profile with bounded parallelism. */
async function runUnder(
  profile: CBuildProfile,
  nodeRun: Promise<NodeRun>,
  transpiled: Promise<TranspiledProgram>,
): Promise<ProgramOutcome> {
  const node = await nodeRun;
  const program = await transpiled;
  const executable = await limit(() => buildProgram(program, profile));
  const run = await runProgram(profile, executable, 30_000);
  if (profile.compiler === 'arm-none-eabi-gcc') await checkTargetObjects(program, profile);
  return { node, cOutput: run.stdout, cExitCode: run.code, cStderr: run.stderr };
}

describe('transpiler corpus: Node and transpiled C print the same bytes', function () {
  this.timeout(240_000);

  before(function () {
    assert.ok(programs.length >= 40, `the corpus must hold at least 40 programs, found ${programs.length}`);
    // Start every program now: Node runs and transpilation interleave on the event loop while the
    // compilers (bounded by the limiter) run in child processes.
    for (const program of programs) {
      const nodeRun = runMainInNode(program.entry);
      const transpiled = nodeRun.then(() =>
        transpileInto(program.entry, join(PROCESS_OUT_ROOT, 'corpus', program.name)),
      );
      for (const p of [nodeRun, transpiled]) p.catch(() => undefined); // reported by the tests
      nodeRuns.set(program.name, nodeRun);
      for (const profile of ALL_BUILD_PROFILES) {
        const outcome = runUnder(profile, nodeRun, transpiled);
        outcome.catch(() => undefined);
        outcomes.set(`${program.name} ${profile.name}`, outcome);
      }
    }
  });

  after(function () {
    // Keep the generated C of a failing run for inspection; otherwise remove this run's output.
    const failed =
      this.test?.parent?.tests.some((t) => t.state === 'failed') === true ||
      this.test?.parent?.suites.some((suite) => suite.tests.some((t) => t.state === 'failed')) === true;
    if (failed) keepProcessOutput();
    else rmSync(join(PROCESS_OUT_ROOT, 'corpus'), { recursive: true, force: true });
  });

  for (const program of programs) {
    describe(program.name, function () {
      if (program.expected !== undefined) {
        it('Node output matches the external reference (expected.txt)', async function () {
          const node = await nodeRuns.get(program.name)!;
          const difference = describeOutputDifference(
            'expected.txt',
            program.expected ?? '',
            'Node',
            node.output,
          );
          assert.equal(difference, undefined, difference);
        });
      }

      for (const profile of ALL_BUILD_PROFILES) {
        it(`C output (${profile.name}) equals Node output byte for byte`, async function () {
          const outcome = await outcomes.get(`${program.name} ${profile.name}`)!;
          const difference = describeOutputDifference('Node', outcome.node.output, 'C', outcome.cOutput);
          assert.equal(difference, undefined, difference);
          const expectedExit = outcome.node.boundsFailed ? BOUNDS_FAIL_EXIT_CODE : 0;
          assert.equal(
            outcome.cExitCode,
            expectedExit,
            `C exit code ${outcome.cExitCode}, expected ${expectedExit}; stderr:\n${outcome.cStderr}`,
          );
          assert.ok(
            outcome.node.output.length > 0,
            'the program printed nothing: it cannot detect a difference',
          );
        });
      }
    });
  }
});
