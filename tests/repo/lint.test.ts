// Repository-wide lint: ESLint with typescript-eslint's type-aware rules (eslint.config.js) over every
// TypeScript and JavaScript file, through ESLint's Node API; not one error or warning may remain
// (the same check as `npm run lint`).
import assert from 'node:assert/strict';
import { ESLint } from 'eslint';

describe('repository: lint', function () {
  // Type-aware linting builds the whole program: about a minute and a half on two busy cores.
  this.timeout(600_000);

  it('has no ESLint error or warning (eslint --max-warnings 0 .)', async function () {
    const eslint = new ESLint();
    const results = await eslint.lintFiles(['.']);
    const findings = results.flatMap((r) =>
      r.messages.map((m) => `${r.filePath}:${m.line}:${m.column} ${m.ruleId ?? 'parse'}: ${m.message}`),
    );
    assert.equal(findings.length, 0, `ESLint findings (run npm run lint):\n${findings.join('\n')}`);
  });
});
