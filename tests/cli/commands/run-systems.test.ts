// Job: `bulkhead run <system>` builds and boots any system the way `build` and `start` name them — a
// name under systems/ (the demo), a path to a description (systems/test-one-vm.ts), a test system
// whose guest needs defines (test-isolation) — printing the build steps on stderr and the guests'
// console lines on stdout, in real QEMU, until --timeout stops it (exit 124).
import assert from 'node:assert/strict';

import { requireQemuForTests } from '../../e2e/helpers/require-qemu.ts';
import { runBulkhead, type CliAnswer } from '../../support/bulkhead-cli.ts';

const bulkhead = (args: readonly string[]): Promise<CliAnswer> => runBulkhead(args);

const TIMED_OUT = 124;

describe('bulkhead run <system> (real QEMU)', function () {
  this.timeout(300_000);

  before(() => requireQemuForTests());

  it('builds and boots the demo by name', async () => {
    const answer = await bulkhead(['run', 'demo', '--timeout', '6']);
    assert.equal(answer.code, TIMED_OUT, answer.stderr);
    assert.match(answer.stderr, /^bulkhead run: building guest of VM 'control' \(guests\/control\)$/m);
    assert.match(answer.stderr, /^bulkhead run: image out\/demo\/bulkhead\.elf: \d+ bytes$/m);
    assert.match(answer.stderr, /^bulkhead run: QEMU pid \d+/m);
    assert.match(answer.stdout, /^\[control\] cruise control: /m);
    assert.match(answer.stdout, /^\[diag\] diag: UDS server/m);
  });

  it('builds and boots a description given by path', async () => {
    const answer = await bulkhead(['run', 'systems/test-one-vm.ts', '--timeout', '4']);
    assert.equal(answer.code, TIMED_OUT, answer.stderr);
    assert.match(answer.stdout, /^\[solo\] ping \d+ tick \d+$/m);
  });

  it('builds and boots a test system whose guest needs defines (test-isolation)', async () => {
    const answer = await bulkhead(['run', 'test-isolation', '--timeout', '6']);
    assert.equal(answer.code, TIMED_OUT, answer.stderr);
    assert.match(answer.stderr, /^bulkhead run: building guest of VM 'alpha' \(guests\/test\/intruder\)$/m);
    assert.match(answer.stdout, /^\[alpha\] intruder: attempt 0 writes 0x[0-9a-f]+ \(other vm\)$/m);
    assert.match(answer.stdout, /^\[beta\] ping \d+ tick \d+$/m);
  });
});
