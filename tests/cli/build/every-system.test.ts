// Job: every system description under systems/ builds with `bulkhead build <name>` as documented in
// systems/README.md (test systems whose guests need defines take them from the description module's
// `guestDefines` export), each is listed in that README, and the build prints its steps on stderr —
// generating, transpiling, compiling the hypervisor, each guest, linking, the image size — for a
// system description (the demo) and for a BSP image (selftest). Each system is built once, into out/
// so the build cache of earlier builds is reused.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { repoRoot } from '../../../cli/build/paths.ts';
import { runBulkhead, type CliAnswer } from '../../support/bulkhead-cli.ts';

const bulkhead = (args: readonly string[]): Promise<CliAnswer> => runBulkhead(args);

const systemNames = readdirSync(join(repoRoot, 'systems'))
  .filter((file) => file.endsWith('.ts') && file !== 'parts.ts')
  .map((file) => file.slice(0, -'.ts'.length))
  .sort();

const builds = new Map<string, Promise<CliAnswer>>();
/** `bulkhead build <name>`, run once per name. */
function buildOnce(name: string): Promise<CliAnswer> {
  let answer = builds.get(name);
  if (answer === undefined) {
    answer = bulkhead(['build', name]);
    builds.set(name, answer);
  }
  return answer;
}

/** The lines `bulkhead build` printed as its steps (`bulkhead build: <step>`). */
function steps(stderr: string): string[] {
  return stderr
    .split('\n')
    .filter((line) => line.startsWith('bulkhead build: '))
    .map((line) => line.slice('bulkhead build: '.length));
}

describe('bulkhead build: every system under systems/', function () {
  this.timeout(1_500_000);

  it('lists at least the demo and ten test systems, each in systems/README.md', () => {
    assert.ok(systemNames.includes('demo'), systemNames.join(', '));
    assert.ok(systemNames.length >= 11, systemNames.join(', '));
    const readme = readFileSync(join(repoRoot, 'systems', 'README.md'), 'utf8');
    for (const name of systemNames) assert.ok(readme.includes(`${name}.ts`), `${name}.ts missing`);
  });

  it('prints the build steps of `bulkhead build demo` on stderr, in order', async () => {
    const answer = await buildOnce('demo');
    assert.equal(answer.code, 0, answer.stderr);
    const printed = steps(answer.stderr);
    const expected = [
      /^loading systems\/demo\.ts$/,
      /^validating system 'demo'$/,
      /^building guest of VM 'control' \(guests\/control\)$/,
      /^building guest of VM 'diag' \(guests\/diag\)$/,
      /^generating the system tables and limits$/,
      /^transpiling the core to C$/,
      /^compiling the hypervisor \(\d+ sources\)$/,
      /^linking$/,
      /^linking again with the sized stacks$/,
      /^image out\/demo\/bulkhead\.elf: \d+ bytes$/,
    ];
    assert.equal(printed.length, expected.length, printed.join('\n'));
    printed.forEach((line, index) => assert.match(line, expected[index]));
  });

  it('prints the steps of a BSP image build (selftest)', async () => {
    const answer = await bulkhead(['build', 'selftest']);
    assert.equal(answer.code, 0, answer.stderr);
    const printed = steps(answer.stderr);
    assert.match(printed[0] ?? '', /^compiling and linking BSP image 'selftest' \(\d+ sources\)$/);
    assert.match(printed[1] ?? '', /^image out\/selftest\/bulkhead\.elf: \d+ bytes$/);
  });

  for (const name of systemNames) {
    it(`builds ${name} with \`bulkhead build ${name}\``, async () => {
      const answer = await buildOnce(name);
      assert.equal(answer.code, 0, `bulkhead build ${name}:\n${answer.stderr}`);
      assert.match(answer.stdout, new RegExp(`^built ${name}: out/${name}/bulkhead\\.elf`, 'm'));
      for (const ext of ['elf', 'bin', 'map', 'hex']) {
        assert.ok(existsSync(join(repoRoot, 'out', name, `bulkhead.${ext}`)), `${name}: bulkhead.${ext}`);
      }
    });
  }
});
