// References to the design record: every mention of a design document in a tracked file names
// `docs/DESIGN.md` (the repository's own record; no document outside the repository is cited; inside
// docs/, the bare `DESIGN.md` is the same file), and every section it cites (`docs/DESIGN.md §5`,
// `§3 and §10`) is a numbered heading of docs/DESIGN.md. Inside docs/DESIGN.md, every `§N` names one
// of its own sections.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const DESIGN_PATH = 'docs/DESIGN.md';
/** This file spells the bare word out in its patterns; it is the checker, not a reference. */
const SELF = 'tests/repo/design-references.test.ts';

/** A mention of a design document: the upper-case word, or the file name in any case. */
const MENTION = /DESIGN|[Dd][Ee][Ss][Ii][Gg][Nn]\.[Mm][Dd]/g;
/** A proper reference: the repository path, then optionally the sections it cites (`§5`, `§3, §10`,
 *  `§3 and §10`). */
const REFERENCE = /docs\/DESIGN\.md((?:(?:\s*,\s*|\s+and\s+|\s+)§\d+)*)/g;
const SECTION = /§(\d+)/g;
/** In a file of docs/ itself, the name alone is the same file (a path relative to the document). */
const SIBLING = /(?<![\w./-])DESIGN\.md((?:(?:\s*,\s*|\s+and\s+|\s+)§\d+)*)/g;

function trackedTextFiles(): { path: string; text: string }[] {
  const paths = execFileSync('git', ['ls-files', '-z'], { encoding: 'utf8' }).split('\0').filter(Boolean);
  const files: { path: string; text: string }[] = [];
  for (const path of paths) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(path);
    } catch {
      continue; // deleted in the work tree, not yet in the index
    }
    if (bytes.includes(0)) continue; // binary
    files.push({ path, text: bytes.toString('utf8') });
  }
  return files;
}

/** Section numbers of docs/DESIGN.md: its `## N. Title` headings. */
function designSections(text: string): Set<number> {
  const sections = new Set<number>();
  for (const match of text.matchAll(/^## (\d+)\. \S/gm)) sections.add(Number(match[1]));
  return sections;
}

function lineOf(text: string, index: number): number {
  return text.slice(0, index).split('\n').length;
}

describe('repository: references to docs/DESIGN.md', () => {
  const files = trackedTextFiles();
  const design = files.find((f) => f.path === DESIGN_PATH);

  it('docs/DESIGN.md is tracked and has numbered sections 1..N without gaps', () => {
    assert.ok(design, `${DESIGN_PATH} is not tracked`);
    const sections = [...designSections(design.text)].sort((a, b) => a - b);
    assert.ok(sections.length > 0, `${DESIGN_PATH} has no '## N. Title' headings`);
    assert.deepEqual(
      sections,
      sections.map((_, i) => i + 1),
      'section numbers must run 1, 2, 3, … (stable numbers: a new decision gets the next one)',
    );
  });

  it('every mention of a design document is docs/DESIGN.md', () => {
    const bad: string[] = [];
    for (const file of files) {
      if (file.path === SELF || file.path === DESIGN_PATH) continue;
      const proper = new Set<number>();
      for (const match of file.text.matchAll(REFERENCE)) proper.add(match.index + 'docs/'.length);
      if (file.path.startsWith('docs/')) {
        for (const match of file.text.matchAll(SIBLING)) proper.add(match.index);
      }
      for (const match of file.text.matchAll(MENTION)) {
        if (!proper.has(match.index)) {
          const line = lineOf(file.text, match.index);
          bad.push(`${file.path}:${line}: ${file.text.split('\n')[line - 1].trim()}`);
        }
      }
    }
    assert.deepEqual(bad, [], `mentions that do not name ${DESIGN_PATH}:\n${bad.join('\n')}`);
  });

  it('every cited section exists in docs/DESIGN.md', () => {
    assert.ok(design);
    const sections = designSections(design.text);
    const bad: string[] = [];
    for (const file of files) {
      if (file.path === SELF) continue;
      const citations: { index: number; list: string }[] =
        file.path === DESIGN_PATH
          ? [{ index: 0, list: design.text }]
          : [
              ...file.text.matchAll(REFERENCE),
              ...(file.path.startsWith('docs/') ? file.text.matchAll(SIBLING) : []),
            ].map((m) => ({ index: m.index, list: m[1] ?? '' }));
      for (const { index, list } of citations) {
        for (const section of list.matchAll(SECTION)) {
          if (!sections.has(Number(section[1]))) {
            bad.push(`${file.path}:${lineOf(file.text, index + section.index)}: §${section[1]}`);
          }
        }
      }
    }
    assert.deepEqual(bad, [], `sections cited but not headings of ${DESIGN_PATH}:\n${bad.join('\n')}`);
  });
});
