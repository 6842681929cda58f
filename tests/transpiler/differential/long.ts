// Long-running differential fuzzing of the transpiler (`npm run fuzz:transpiler`): millions of random
// expressions and thousands of random programs, Node vs transpiled host C, in rounds of batches until the
// requested counts are reached. Options (environment): BH_DIFF_SEED (default: time-based, printed so a
// failure can be replayed), BH_FUZZ_EXPRESSIONS (default 1,000,000), BH_FUZZ_PROGRAMS (default 50,000).
// Exits 1 on the first round with a disagreement, after printing the shrunk case.
import { expressionCaseKind } from './expression-cases.ts';
import { programCaseKind } from './program-cases.ts';
import {
  countFromEnvironment,
  describeFailure,
  runDifferential,
  seedFromEnvironment,
  type CaseKind,
  type DifferentialReport,
} from './runner.ts';

const EXPRESSIONS_PER_BATCH = 1000;
const PROGRAMS_PER_BATCH = 300;
const BATCHES_PER_ROUND = 4;

async function fuzz<T>(
  kind: CaseKind<T>,
  total: number,
  casesPerBatch: number,
  vectors: number,
  seed: number,
): Promise<boolean> {
  let done = 0;
  let round = 0;
  while (done < total) {
    const batches = Math.min(BATCHES_PER_ROUND, Math.ceil((total - done) / casesPerBatch));
    const roundSeed = (seed + round * 104729) | 0;
    const report: DifferentialReport = await runDifferential(kind, {
      seed: roundSeed,
      batches,
      casesPerBatch,
      vectors,
      maxShrunk: 1,
    });
    done += report.cases;
    round++;
    const rate = Math.round((report.cases * 1000) / Math.max(1, report.milliseconds));
    console.log(
      `${kind.name}: round ${round} (seed ${roundSeed}) ${report.cases} cases, ${report.failingCases} failing, ${rate}/s; total ${done}/${total}`,
    );
    if (report.batchErrors.length > 0 || report.failingCases > 0) {
      for (const e of report.batchErrors) console.log(`batch error: ${e}`);
      for (const f of report.failures) console.log(describeFailure(f));
      console.log(`replay: BH_DIFF_SEED=${roundSeed} (one round of ${batches} batches of ${casesPerBatch})`);
      return false;
    }
  }
  return true;
}

async function main(): Promise<number> {
  const seed = seedFromEnvironment(Date.now() % 2_000_000_000);
  const expressions = countFromEnvironment('BH_FUZZ_EXPRESSIONS', 1_000_000);
  const programs = countFromEnvironment('BH_FUZZ_PROGRAMS', 50_000);
  console.log(`transpiler fuzzing: seed ${seed}, ${expressions} expressions, ${programs} programs`);
  const expressionsOk = await fuzz(expressionCaseKind(6), expressions, EXPRESSIONS_PER_BATCH, 6, seed);
  if (!expressionsOk) return 1;
  const programsOk = await fuzz(programCaseKind(3), programs, PROGRAMS_PER_BATCH, 4, seed);
  return programsOk ? 0 : 1;
}

process.exitCode = await main();
