// The generators of the docs' generated sections (cli/docs/generated-sections.ts), by key, and the files
// that carry such sections. `npm run generate` rewrites them; a test checks they are current.
import { boards } from '../../bsp/boards.ts';
import { boardFactsMarkdown } from '../build/generate/board-docs.ts';

/** Files (repository-relative) that may carry generated sections. */
export const documentsWithSections: readonly string[] = [
  'docs/CONFIG.md',
  ...boards.map((b) => `bsp/${b.name}/README.md`),
];

/** Generators by section key: `board:<name>` is a board's facts and device table. */
export const sectionGenerators: ReadonlyMap<string, () => string> = new Map(
  boards.map((board) => [`board:${board.name}`, () => boardFactsMarkdown(board)] as const),
);

/** The content of section `key`; throws naming an unknown key and the known ones. */
export function generateSection(key: string): string {
  const generator = sectionGenerators.get(key);
  if (generator === undefined) {
    throw new Error(
      `unknown generated section '${key}' (known: ${[...sectionGenerators.keys()].join(', ')})`,
    );
  }
  return generator();
}
