// docs/ARCHITECTURE.md stays true to the code:
// - every repository path it writes in backticks exists in `git ls-files` (a file, or a folder holding
//   one). A bare name (`clock.ts`, `c/`) is resolved against the folders written in backticks in the
//   same `## ` section (`firmware/core/`); a name no file has must be one the transpiler or the build
//   writes (it appears quoted in transpiler/ or cli/build/). Build outputs (`out/…`) and placeholders
//   (`<system>`) are not checked. Paths inside code blocks that start with a top-level folder are
//   checked too;
// - the module table ("### Modules") lists exactly the TypeScript files of firmware/core/;
// - a figure written "`<folder>/` (about N code lines" is within 10% of the folder's code lines
//   (lines holding a token; blank and comment-only lines do not count);
// - a constant written "`NAME` = N" has that value in firmware/core/limits.ts or firmware/core/trace.ts;
// - the trace table lists one row per record kind of firmware/core/trace.ts, in kind order with the
//   module's letters, and the numbered lists in its `F`, `A`, `P` and `V` rows match the enums.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import ts from 'typescript';
import * as limits from '../../firmware/core/limits.ts';
import * as trace from '../../firmware/core/trace.ts';
import { HealthAction, HealthEvent } from '../../firmware/core/tables.ts';
import { VmState } from '../../firmware/core/hypercall-numbers.ts';

const DOC = 'docs/ARCHITECTURE.md';
const CODE_EXTENSIONS = /\.(ts|c|h|S)$/;
const FILE_EXTENSIONS = /\.(ts|tsx|js|mjs|c|h|S|ld|md|json|sh|inc|py)$/;

const tracked = execFileSync('git', ['ls-files', '-z'], { encoding: 'utf8' }).split('\0').filter(Boolean);
const trackedFiles = new Set(tracked);
const trackedFolders = new Set<string>();
for (const path of tracked) {
  const parts = path.split('/');
  for (let i = 1; i < parts.length; i++) trackedFolders.add(parts.slice(0, i).join('/'));
}
const doc = readFileSync(DOC, 'utf8');

/** True when `path` (a file, or a folder with or without its trailing slash) is in the repository. */
function exists(path: string): boolean {
  const clean = path.replace(/\/+$/, '');
  return trackedFiles.has(clean) || trackedFolders.has(clean);
}

interface Section {
  title: string;
  /** Text with fenced code blocks removed. */
  prose: string;
  /** Contents of the fenced code blocks. */
  code: string[];
}

/** The document split at its `## ` headings (the text before the first is a section too). */
function sections(text: string): Section[] {
  return text.split(/^(?=## )/m).map((chunk) => {
    const code: string[] = [];
    const prose = chunk.replace(/^```[^\n]*\n([\s\S]*?)^```$/gm, (_, body: string) => {
      code.push(body);
      return '';
    });
    return { title: chunk.split('\n')[0], prose, code };
  });
}

function codeSpans(text: string): string[] {
  return [...text.matchAll(/`([^`\n]+)`/g)].map((m) => m[1].trim());
}

/** A code span that names a repository path: no spaces, path characters only, a slash or a file
 *  extension; not a build output, a placeholder or a bare extension. */
function isPathSpan(span: string): boolean {
  if (!/^[\w.-]+(\/[\w.-]+)*\/?$/.test(span)) return false;
  if (span.startsWith('out/') || span.startsWith('.') || span.startsWith('-')) return false;
  return span.includes('/') || FILE_EXTENSIONS.test(span);
}

/** Names the transpiler or the build writes: quoted in a tracked source of transpiler/ or cli/build/. */
function isGeneratedName(name: string): boolean {
  if (name.includes('/')) return false;
  return tracked
    .filter((p) => (p.startsWith('transpiler/') || p.startsWith('cli/build/')) && p.endsWith('.ts'))
    .some((p) => {
      const text = readFileSync(p, 'utf8');
      return [`'${name}'`, `"${name}"`, `\`${name}\``].some((quoted) => text.includes(quoted));
    });
}

/** Lines of a source that hold at least one token (TypeScript's scanner, which reads C comments the
 *  same way). */
function codeLines(text: string): number {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, false, ts.LanguageVariant.Standard, text);
  const newlines: number[] = [];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) newlines.push(i);
  /** Lines are numbered by the newlines before `pos` (binary search). */
  const lineOf = (pos: number): number => {
    let low = 0;
    let high = newlines.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (newlines[mid] < pos) low = mid + 1;
      else high = mid;
    }
    return low;
  };
  const lines = new Set<number>();
  const trivia = new Set([
    ts.SyntaxKind.WhitespaceTrivia,
    ts.SyntaxKind.NewLineTrivia,
    ts.SyntaxKind.SingleLineCommentTrivia,
    ts.SyntaxKind.MultiLineCommentTrivia,
  ]);
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    if (trivia.has(kind)) continue;
    for (let line = lineOf(scanner.getTokenStart()); line <= lineOf(scanner.getTokenEnd()); line++) {
      lines.add(line);
    }
  }
  return lines.size;
}

function folderCodeLines(folder: string): number {
  const prefix = folder.endsWith('/') ? folder : `${folder}/`;
  return tracked
    .filter((p) => p.startsWith(prefix) && CODE_EXTENSIONS.test(p))
    .reduce((sum, p) => sum + codeLines(readFileSync(p, 'utf8')), 0);
}

function number(text: string): number {
  return Number(text.replace(/,/g, ''));
}

/** Members of a numeric enum, by value. */
function enumMembers(e: object): Map<number, string> {
  const members = new Map<number, string>();
  for (const [name, value] of Object.entries(e)) if (typeof value === 'number') members.set(value, name);
  return members;
}

/** `MpuViolation`, `mpu-violation` and `mpu violation` all become `mpuviolation`. */
function normalized(name: string): string {
  return name.toLowerCase().replace(/[- ]/g, '');
}

/** The sub-section of the document from `heading` to the next heading. */
function subsection(heading: string): string {
  const start = doc.indexOf(`\n${heading}\n`);
  assert.ok(start >= 0, `${DOC} has no heading '${heading}'`);
  const rest = doc.slice(start + heading.length + 2);
  const end = rest.search(/^#/m);
  return end < 0 ? rest : rest.slice(0, end);
}

/** Table rows (`| … |` lines) of a text, as cells, header and separator left out. */
function tableRows(text: string): string[][] {
  const rows = text
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .map((line) =>
      line
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((cell) => cell.trim()),
    );
  return rows.slice(2);
}

describe('repository: docs/ARCHITECTURE.md matches the code', () => {
  it('every path in backticks exists in the repository', () => {
    const missing: string[] = [];
    for (const section of sections(doc)) {
      const spans = codeSpans(section.prose).filter(isPathSpan);
      const folders = spans.filter((s) => s.includes('/') && trackedFolders.has(s.replace(/\/+$/, '')));
      for (const span of spans) {
        if (exists(span)) continue;
        if (folders.some((folder) => exists(`${folder.replace(/\/+$/, '')}/${span}`))) continue;
        if (isGeneratedName(span)) continue;
        missing.push(`${section.title}: \`${span}\``);
      }
    }
    assert.deepEqual(missing, [], `paths in ${DOC} that are not in the repository:\n${missing.join('\n')}`);
  });

  it('every path in its code blocks that starts with a top-level folder exists', () => {
    const topLevel = [...trackedFolders].filter((f) => !f.includes('/'));
    const pattern = new RegExp(`(?<![\\w./<-])(?:${topLevel.join('|')})/[\\w./-]*`, 'g');
    const missing: string[] = [];
    for (const section of sections(doc)) {
      for (const block of section.code) {
        for (const match of block.matchAll(pattern)) {
          const path = match[0].replace(/[.]+$/, '');
          if (!exists(path)) missing.push(`${section.title}: ${path}`);
        }
      }
    }
    assert.deepEqual(
      missing,
      [],
      `paths in ${DOC}'s diagrams that are not in the repository:\n${missing.join('\n')}`,
    );
  });

  it('the module table lists exactly the TypeScript files of firmware/core/', () => {
    const listed = new Set(tableRows(subsection('### Modules')).flatMap((row) => codeSpans(row[0] ?? '')));
    const actual = new Set(
      tracked.filter((p) => p.startsWith('firmware/core/') && p.endsWith('.ts')).map((p) => p.slice(14)),
    );
    const unlisted = [...actual].filter((m) => !listed.has(m)).sort();
    const extra = [...listed].filter((m) => !actual.has(m)).sort();
    assert.deepEqual(
      { unlisted, extra },
      { unlisted: [], extra: [] },
      `${DOC} "### Modules": add a row for each unlisted module, remove each extra one`,
    );
  });

  it('line counts ("`<folder>/` (about N code lines") are within 10% of the code', () => {
    const figures = [...doc.matchAll(/`([\w./-]+\/)` \(about ([\d,]+) code lines/g)];
    assert.ok(
      figures.some((f) => f[1] === 'firmware/core/'),
      `${DOC} states no "\`firmware/core/\` (about N code lines" figure`,
    );
    for (const [, folder, stated] of figures) {
      const measured = folderCodeLines(folder);
      const claimed = number(stated);
      assert.ok(
        Math.abs(measured - claimed) <= measured * 0.1,
        `${DOC}: \`${folder}\` has ${measured} code lines, the document says about ${stated}`,
      );
    }
  });

  it('constants ("`NAME` = N") have the stated values', () => {
    const values = new Map<string, number>();
    for (const module of [limits, trace]) {
      for (const [name, value] of Object.entries(module))
        if (typeof value === 'number') values.set(name, value);
    }
    const wrong: string[] = [];
    const statements = [...doc.matchAll(/`([A-Z][A-Z0-9_]*)` = ([\d,]+)/g)];
    assert.ok(statements.length > 0, `${DOC} states no constant as "\`NAME\` = N"`);
    for (const [, name, stated] of statements) {
      const value = values.get(name);
      if (value === undefined) wrong.push(`${name}: not a constant of firmware/core/limits.ts or trace.ts`);
      else if (value !== number(stated)) wrong.push(`${name} = ${value}, the document says ${stated}`);
    }
    assert.deepEqual(wrong, [], `${DOC}:\n${wrong.join('\n')}`);
  });

  describe('trace record table', () => {
    const rows = tableRows(subsection('## Trace format'));
    const rowOf = (letter: string): string => {
      const row = rows.find((r) => r[0] === `\`${letter}\``);
      assert.ok(row, `no row for \`${letter}\``);
      return row.join(' | ');
    };

    it('has one row per record kind, in kind order, with the letters the stream uses', () => {
      const kinds = [...enumMembers(trace.TraceKind).keys()].sort((a, b) => a - b);
      const letters = kinds.map((kind) => String.fromCharCode(trace.traceLetter(kind)));
      assert.deepEqual(
        rows.map((row) => row[0]),
        letters.map((letter) => `\`${letter}\``),
      );
    });

    const lists: [string, string, object, boolean][] = [
      ['F', 'HealthEvent', HealthEvent, true],
      ['A', 'HealthAction', HealthAction, true],
      ['P', 'PortOp', trace.PortOp, true],
      // Only the states the life cycle records: Running and Waiting never appear in a `V` record.
      ['V', 'VmState', VmState, false],
    ];
    for (const [letter, enumName, values, complete] of lists) {
      it(`the \`${letter}\` row's numbered values are ${enumName}${complete ? ', all of it' : ''}`, () => {
        const stated = [...rowOf(letter).matchAll(/(\d+) ([a-z][a-z-]*(?: [a-z][a-z-]*)*)/g)].map(
          ([, value, name]) => `${value} ${normalized(name)}`,
        );
        const members = [...enumMembers(values)].map(([value, name]) => `${value} ${normalized(name)}`);
        if (complete) {
          assert.deepEqual(stated, members);
        } else {
          const unknown = stated.filter((s) => !members.includes(s));
          assert.deepEqual(unknown, [], `not members of ${enumName}`);
        }
      });
    }
  });
});
