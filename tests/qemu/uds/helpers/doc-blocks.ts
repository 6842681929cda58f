// Job: the code blocks of docs/UDS-TOOLS.md that tests run: a fenced python block whose first line is
// `# bulkhead-doc: <tag>`, returned verbatim so the documented code is exactly the code tested.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { repoRoot } from '../../../../qemu/runner/index.ts';

export const UDS_TOOLS_DOC = join(repoRoot, 'docs', 'UDS-TOOLS.md');

/** The python block tagged `tag`; throws naming the tag when the page has none. */
export function pythonBlock(tag: string): string {
  const text = readFileSync(UDS_TOOLS_DOC, 'utf8');
  for (const match of text.matchAll(/```python\n([\s\S]*?)```/g)) {
    const body = match[1];
    if (body.startsWith(`# bulkhead-doc: ${tag}\n`)) return body;
  }
  throw new Error(`docs/UDS-TOOLS.md has no python block tagged '# bulkhead-doc: ${tag}'`);
}
