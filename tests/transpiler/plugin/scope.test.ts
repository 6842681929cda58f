// The plugin's file scope: glob matching (`**`, `*`, `?`), include/exclude precedence, the defaults
// (transpiled folders in, tests and declarations out), and clear errors for malformed options.
import { strict as assert } from 'node:assert';
import { createScope, globToRegExp } from '../../../transpiler/plugin/scope.ts';

describe('language-service plugin scope', () => {
  it('matches globs segment by segment', () => {
    assert.ok(globToRegExp('firmware/**/*.ts').test('firmware/core/scheduler.ts'));
    assert.ok(globToRegExp('firmware/**/*.ts').test('firmware/main.ts'));
    assert.ok(!globToRegExp('firmware/*.ts').test('firmware/core/scheduler.ts'));
    assert.ok(globToRegExp('guests/?/x.ts').test('guests/a/x.ts'));
    assert.ok(!globToRegExp('guests/?/x.ts').test('guests/ab/x.ts'));
    assert.ok(!globToRegExp('a.ts').test('aXts'), 'dots are literal');
    assert.ok(globToRegExp('**/*.test.ts').test('tests/firmware/ports.test.ts'));
  });

  it('applies the default include and exclude globs relative to the project folder', () => {
    const inScope = createScope('/repo', {});
    assert.ok(inScope('/repo/firmware/core/ports.ts'));
    assert.ok(inScope('/repo/firmware/port/mpu.ts'));
    assert.ok(inScope('/repo/guests/diag/uds.ts'));
    assert.ok(inScope('/repo/guests/sdk/ts/hypercalls.ts'));
    assert.ok(!inScope('/repo/firmware/config/validate.ts'), 'build-time Node code');
    assert.ok(!inScope('/repo/firmware/sim/machine.ts'), 'simulation Node code');
    assert.ok(!inScope('/repo/guests/sdk/gen-abi.ts'), 'build script');
    assert.ok(inScope('/repo/tests/transpiler/negative/bh1101-any.ts'));
    assert.ok(!inScope('/repo/firmware/core/ports.test.ts'), 'tests are Node code');
    assert.ok(!inScope('/repo/cli/main.ts'));
    assert.ok(!inScope('/repo/transpiler/runtime/index.ts'));
    assert.ok(!inScope('/elsewhere/firmware/core/ports.ts'), 'files outside the project');
  });

  it('uses the include and exclude options when given', () => {
    const inScope = createScope('/repo/', { include: ['src/**/*.ts'], exclude: ['src/sim/**'] });
    assert.ok(inScope('/repo/src/a.ts'));
    assert.ok(!inScope('/repo/src/sim/a.ts'));
    assert.ok(!inScope('/repo/firmware/a.ts'));
  });

  it('rejects malformed options naming them', () => {
    assert.throws(
      () => createScope('/repo', { include: 'firmware/**' }),
      /option 'include' must be an array of glob strings, got "firmware\/\*\*"/,
    );
    assert.throws(() => createScope('/repo', { exclude: [1] }), /option 'exclude'/);
  });
});
