// Long fuzzing of the virtual CAN bus's host side (`npm run fuzz:bus [-- --runs N] [--seed S]`): the
// property of bus-fuzz-property.ts over many more streams than `npm test` runs, from a seed printed
// first so a failure can be replayed. Exits 1 with fast-check's counterexample on any disagreement.
import { fuzzBus } from './bus-fuzz-property.ts';

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(name);
  if (at < 0) return fallback;
  const value = Number(process.argv[at + 1]);
  if (!Number.isSafeInteger(value) || value < 0) {
    console.error(`fuzz:bus: ${name} needs a non-negative integer (got '${process.argv[at + 1] ?? ''}')`);
    process.exit(2);
  }
  return value;
}

const runs = option('--runs', 20_000);
const seed = option('--seed', Math.floor(Math.random() * 2 ** 31));
console.log(`fuzz:bus: ${runs} streams, seed ${seed}`);
const started = Date.now();
try {
  const stats = fuzzBus(runs, seed);
  console.log(
    `fuzz:bus: passed in ${((Date.now() - started) / 1000).toFixed(1)} s: ${stats.streams} streams, ${stats.chunks} chunks, ` +
      `${stats.bytes} bytes, ${stats.refused} refused, ${stats.accepted} accepted, ${stats.framesQueued} frames delivered, ` +
      `${stats.overflows} overflows`,
  );
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  console.error(`fuzz:bus: FAILED (replay with --seed ${seed} --runs ${runs})`);
  process.exit(1);
}
