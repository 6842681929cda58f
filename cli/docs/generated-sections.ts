// Generated sections of the docs: a Markdown file may carry blocks that a generator writes from the
// code's own descriptions (a board's memory map, the hypercall table), between the lines
//   <!-- generated: <key> (npm run generate) -->   and   <!-- end generated: <key> -->.
// This module finds and replaces those blocks; cli/docs/sections.ts lists the generators.

/** One generated block found in a text. */
export interface GeneratedSection {
  key: string;
  /** The text between the two marker lines. */
  content: string;
}

const beginMarker = (key: string): string => `<!-- generated: ${key} (npm run generate) -->`;
const endMarker = (key: string): string => `<!-- end generated: ${key} -->`;
const beginPattern = /^<!-- generated: (\S+) \(npm run generate\) -->$/gm;

/** Every generated section of `text`; throws naming the key of a section without its end marker. */
export function generatedSections(text: string): GeneratedSection[] {
  const sections: GeneratedSection[] = [];
  for (const match of text.matchAll(beginPattern)) {
    const key = match[1];
    const start = (match.index ?? 0) + match[0].length + 1;
    const end = text.indexOf(`\n${endMarker(key)}`, start - 1);
    if (end < 0) throw new Error(`generated section '${key}' has no end marker '${endMarker(key)}'`);
    sections.push({ key, content: text.slice(start, end + 1) });
  }
  return sections;
}

/** `text` with every generated section's content replaced by `generate(key)`. */
export function regenerateSections(text: string, generate: (key: string) => string): string {
  let result = text;
  for (const section of generatedSections(text)) {
    const block = `${beginMarker(section.key)}\n${section.content}${endMarker(section.key)}`;
    // A blank line on each side of the generated text, as Markdown formatters keep it.
    const fresh = `\n${generate(section.key).trim()}\n\n`;
    result = result.replace(block, `${beginMarker(section.key)}\n${fresh}${endMarker(section.key)}`);
  }
  return result;
}
