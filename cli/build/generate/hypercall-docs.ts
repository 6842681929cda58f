// Generates the two tables of docs/HYPERCALLS.md — the calls (number, name, argument registers, values,
// result codes, capability) and the result codes — from firmware/abi/hypercalls.ts. Each table sits
// between a pair of marker comments; the prose around them is written by hand and left as it is.
import { formatAs } from './format.ts';
import { HYPERCALLS, RESULT_CODES, type HypercallSpec } from '../../../firmware/abi/hypercalls.ts';

/** Repository path of the document. */
export const DOCS_FILE = 'docs/HYPERCALLS.md';

/** The marker pair around the generated table `name`. */
export function markers(name: string): [string, string] {
  return [
    `<!-- generated: ${name} (cli/build/generate/hypercall-docs.ts from firmware/abi/hypercalls.ts; npm run generate) -->`,
    `<!-- end generated: ${name} -->`,
  ];
}

function row(cells: string[]): string {
  return `| ${cells.join(' | ')} |`;
}

function callRow(spec: HypercallSpec): string {
  const registers = [0, 1, 2, 3].map((i) => spec.args[i]?.doc ?? '–');
  const values =
    spec.valuesDoc ?? (spec.values.length === 0 ? '–' : spec.values.map((v) => v.doc).join(', '));
  const results = spec.results.map((r) => `\`${r}\``).join(', ');
  return row([String(spec.number), `\`${spec.name}\``, ...registers, values, results, spec.capability]);
}

/** The calls table (without markers). */
export function callsTable(): string[] {
  return [
    row(['n', 'name', 'r0', 'r1', 'r2', 'r3', 'values (r1, r2, r3)', 'results (r0)', 'capability']),
    row(Array.from({ length: 9 }, () => '---')),
    ...[...HYPERCALLS].sort((a, b) => a.number - b.number).map(callRow),
  ];
}

/** The result codes table (without markers). */
export function resultsTable(): string[] {
  return [
    row(['code', 'name', 'meaning']),
    row(['---', '---', '---']),
    ...RESULT_CODES.map((r) => row([String(r.value), `\`${r.name}\``, r.meaning])),
  ];
}

function splice(document: string, name: string, table: string[]): string {
  const [begin, end] = markers(name);
  const from = document.indexOf(begin);
  const to = document.indexOf(end);
  if (from < 0 || to < from) throw new Error(`${DOCS_FILE}: markers of the generated ${name} table missing`);
  return `${document.slice(0, from + begin.length)}\n\n${table.join('\n')}\n\n${document.slice(to)}`;
}

/** `document` (the current docs/HYPERCALLS.md) with both tables regenerated, formatted. */
export async function docsText(document: string): Promise<string> {
  const spliced = splice(splice(document, 'calls', callsTable()), 'result codes', resultsTable());
  return formatAs(DOCS_FILE, spliced);
}
