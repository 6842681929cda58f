// The docs' generated sections (cli/docs/): every document that carries them is current with the code's
// descriptions (`npm run generate` leaves nothing to do), a section is found between its two markers and
// only its content is replaced, and a section without its end marker or with an unknown key is named.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { repoRoot } from '../../../cli/build/paths.ts';
import { generatedSections, regenerateSections } from '../../../cli/docs/generated-sections.ts';
import { documentsWithSections, generateSection } from '../../../cli/docs/sections.ts';

describe('cli/docs: generated doc sections', () => {
  it('keeps every generated doc section current (npm run generate)', () => {
    for (const document of documentsWithSections) {
      const text = readFileSync(join(repoRoot, document), 'utf8');
      assert.ok(generatedSections(text).length > 0, `${document} has no generated section`);
      assert.equal(
        regenerateSections(text, generateSection),
        text,
        `${document} is out of date: npm run generate`,
      );
    }
  });

  it('replaces only the content between the markers', () => {
    const text = [
      'before',
      '<!-- generated: demo (npm run generate) -->',
      'old',
      '<!-- end generated: demo -->',
      'after',
      '',
    ].join('\n');
    assert.deepEqual(
      generatedSections(text).map((s) => s.key),
      ['demo'],
    );
    assert.equal(
      regenerateSections(text, (key) => `new ${key}`),
      text.replace('old\n', '\nnew demo\n\n'),
    );
  });

  it('names a section without its end marker and an unknown key', () => {
    assert.throws(
      () => generatedSections('<!-- generated: lost (npm run generate) -->\ntext\n'),
      /'lost' has no end marker/,
    );
    assert.throws(() => generateSection('board:nowhere'), /board:nowhere/);
  });
});
