// Job: every command `bulkhead --help` lists, run as a real process with bad arguments (an unknown
// option, a missing value, a nonexistent file or system, a malformed value): each must exit non-zero (2
// for a usage error) with a message on stderr that names the bad input, and never print a stack trace.
// A command added to the CLI without cases here fails the test; so does the last-resort handler of
// cli/main.ts printing a stack without BULKHEAD_DEBUG=1.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { repoRoot } from '../../../cli/build/paths.ts';
import { lastResortMessage } from '../../../cli/main.ts';
import { runBulkhead, type CliAnswer } from '../../support/bulkhead-cli.ts';

function bulkhead(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<CliAnswer> {
  return runBulkhead(args, { BULKHEAD_DEBUG: '', ...env });
}

/** A stack frame line as Node prints them. */
const STACK_FRAME = /^\s+at .+(:\d+:\d+\)?|\(native\)|<anonymous>\)?)$/m;

// out/ does not exist in a fresh clone before the first build.
mkdirSync(join(repoRoot, 'out'), { recursive: true });
const scratch = mkdtempSync(join(repoRoot, 'out', 'bad-arguments-'));
const notElf = join(scratch, 'not-an-elf.elf');
const brokenSystem = join(scratch, 'broken-system.ts');
const throwingSystem = join(scratch, 'throwing-system.ts');
const volume = join(scratch, 'volume');
const garbageTrace = join(scratch, 'garbage-trace.txt');

interface BadCase {
  args: string[];
  /** What stderr's first line must contain (the bad input named). */
  names: string | RegExp;
  /** Exit code; 2 when not given (a usage error). */
  code?: number;
}

/** The cases per command; every command `bulkhead --help` lists must have some. */
const cases: Record<string, BadCase[]> = {
  build: [
    { args: ['build', '--bogus'], names: "unknown option '--bogus'" },
    { args: ['build', '--out'], names: '--out needs a directory' },
    { args: ['build', 'no-such-system'], names: "unknown system 'no-such-system'" },
    { args: ['build', 'systems/no-such.ts'], names: "'systems/no-such.ts' does not exist" },
    { args: ['build', '--board', 'zynq'], names: "--board 'zynq' is not a board" },
    { args: ['build', 'demo', 'extra'], names: "unexpected argument 'extra'" },
    { args: ['build', brokenSystem], names: `cannot load '${brokenSystem}'`, code: 1 },
  ],
  can: [
    { args: ['can', 'dump', '--bogus'], names: "unknown option '--bogus'" },
    { args: ['can', 'send', '--port'], names: '--port needs a value' },
    { args: ['can', 'dump', '--port', 'abc'], names: "--port 'abc' must be an integer" },
    { args: ['can', 'send', '--port', '1', 'zz'], names: "'zz' is not <id>#<data>" },
    { args: ['can', 'frobnicate'], names: "unknown subcommand 'frobnicate'" },
  ],
  check: [
    { args: ['check', '--bogus'], names: "unknown option '--bogus'" },
    { args: ['check', 'systems/no-such.ts'], names: "'systems/no-such.ts' does not exist" },
    { args: ['check', 'a.ts', 'b.ts'], names: 'expected one system description, got 2 arguments' },
    { args: ['check', brokenSystem], names: `cannot load '${brokenSystem}'` },
    { args: ['check', throwingSystem], names: `cannot load '${throwingSystem}': boom` },
  ],
  flash: [
    { args: ['flash', '--bogus'], names: "unknown option '--bogus'" },
    { args: ['flash', '--board'], names: '--board needs a value' },
    { args: ['flash', '--board', 'zynq', volume, '--image', notElf], names: "--board 'zynq' is not a board" },
    {
      args: ['flash', '--board', 'mps3-an536', volume, '--image', join(scratch, 'no-such.elf')],
      names: `${join(scratch, 'no-such.elf')}`,
      code: 1,
    },
    {
      args: ['flash', '--board', 'mps3-an536', volume, '--system', 'no-such-system'],
      names: "unknown system 'no-such-system'",
    },
  ],
  run: [
    { args: ['run', '--bogus'], names: "unknown option '--bogus'" },
    { args: ['run', 'demo', '--timeout'], names: '--timeout needs a value' },
    { args: ['run', 'demo', '--icount', 'fast'], names: "--icount: 'fast' is not a shift" },
    { args: ['run', 'demo', '--board', 'zynq'], names: "--board: 'zynq' is not a board" },
    { args: ['run', 'no-such-system'], names: "unknown system 'no-such-system'" },
    { args: ['run', 'systems/no-such.ts'], names: "'systems/no-such.ts' does not exist" },
    { args: ['run', join(scratch, 'no-such.elf')], names: `'${join(scratch, 'no-such.elf')}' is not a file` },
    { args: ['run', notElf], names: `'${notElf}' is not an ELF image` },
    { args: ['run', 'package.json'], names: "'package.json' is not an ELF image" },
    { args: ['run', brokenSystem], names: `cannot load '${brokenSystem}'` },
  ],
  start: [
    { args: ['start', '--bogus'], names: "unknown option '--bogus'" },
    { args: ['start', '--duration'], names: '--duration needs a value' },
    { args: ['start', '--duration', 'soon'], names: "--duration 'soon' is not a positive number" },
    { args: ['start', 'no-such-system'], names: "system 'no-such-system' is neither a file nor a name" },
    { args: ['start', '--board', 'zynq'], names: "--board 'zynq' is not a board" },
  ],
  trace: [
    { args: ['trace', 'frobnicate'], names: "unknown action 'frobnicate'" },
    { args: ['trace', 'summary', '--bogus'], names: "unknown option '--bogus'" },
    {
      args: ['trace', 'summary', 'no-such-trace.txt'],
      names: "'no-such-trace.txt' is neither a trace file nor a system",
    },
    { args: ['trace', 'perfetto', garbageTrace], names: 'perfetto needs -o OUT.json' },
    { args: ['trace', 'summary', garbageTrace], names: /garbage-trace\.txt:1: not a trace line: "hello"/ },
  ],
  ts2c: [
    { args: ['ts2c', '--bogus'], names: "unknown option '--bogus'" },
    { args: ['ts2c', 'x.ts', '-o'], names: "'-o' needs a directory" },
    { args: ['ts2c', 'no-such.ts', '-o', join(scratch, 'c')], names: "'no-such.ts' does not exist" },
  ],
  uds: [
    { args: ['uds', 'read', 'vin', '--bogus'], names: "unknown option '--bogus'" },
    { args: ['uds', 'read', 'vin', '--port'], names: '--port needs a value' },
    { args: ['uds', 'read', 'vin', '--port', 'abc'], names: "--port 'abc' must be an integer" },
    { args: ['uds', 'frobnicate', '--port', '1'], names: "unknown command 'frobnicate'" },
  ],
};

/** Runs `work` over `items`, `limit` at a time (the machine's cores are shared). */
async function eachLimited<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: limit }, worker));
}

describe('bulkhead: bad arguments of every command get a message and an exit code, never a stack trace', function () {
  this.timeout(300_000);
  let listed: string[];
  const answers = new Map<BadCase, CliAnswer>();

  before(async function () {
    mkdirSync(volume, { recursive: true });
    writeFileSync(notElf, 'not an ELF image\n');
    writeFileSync(brokenSystem, 'export default {\n');
    writeFileSync(throwingSystem, "throw new Error('boom');\n");
    writeFileSync(garbageTrace, 'hello\n');
    const help = await bulkhead(['--help']);
    assert.equal(help.code, 0, help.stderr);
    listed = [...help.stdout.matchAll(/^ {2}([a-z0-9-]+) {2,}/gm)].map((m) => m[1]);
    await eachLimited(Object.values(cases).flat(), 2, async (badCase) => {
      answers.set(badCase, await bulkhead(badCase.args));
    });
  });
  after(() => rmSync(scratch, { recursive: true, force: true }));

  it('has cases for every command `bulkhead --help` lists', () => {
    assert.ok(listed.length >= 8, `commands listed: ${listed.join(', ')}`);
    assert.deepEqual(listed, Object.keys(cases).sort());
  });

  for (const [command, list] of Object.entries(cases)) {
    it(`${command}: each bad input is named on stderr with its exit code, without a stack trace`, () => {
      for (const badCase of list) {
        const answer = answers.get(badCase)!;
        const shown = `bulkhead ${badCase.args.join(' ')} → exit ${answer.code}\n${answer.stderr}`;
        assert.equal(answer.code, badCase.code ?? 2, shown);
        const firstLine = answer.stderr.split('\n')[0];
        assert.ok(firstLine.startsWith(`bulkhead ${command}: `), shown);
        if (typeof badCase.names === 'string') assert.ok(answer.stderr.includes(badCase.names), shown);
        else assert.match(answer.stderr, badCase.names, shown);
        assert.doesNotMatch(answer.stderr + answer.stdout, STACK_FRAME, shown);
      }
    });
  }

  it('an unknown command exits 2 naming it', async () => {
    const answer = await bulkhead(['frobnicate']);
    assert.equal(answer.code, 2);
    assert.match(answer.stderr, /^bulkhead: unknown command 'frobnicate'/);
  });

  it('the last-resort handler prints one message line, the stack only with BULKHEAD_DEBUG=1', () => {
    const error = new Error('disk on fire');
    const plain = lastResortMessage('bulkhead run', error, false);
    assert.equal(plain, 'bulkhead run: disk on fire (BULKHEAD_DEBUG=1 prints the stack trace)');
    assert.doesNotMatch(plain, STACK_FRAME);
    assert.match(lastResortMessage('bulkhead run', error, true), STACK_FRAME);
    assert.equal(lastResortMessage('bulkhead', 'text', false), 'bulkhead: text');
  });
});
