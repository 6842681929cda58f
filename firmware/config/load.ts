// Loads a system description module (`systems/*.ts`) by path: imports it (the caller runs under tsx,
// which compiles TypeScript on import) and takes its default export, or else its `system` export.
// Errors name the file and say what was expected.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { SystemDescription } from './types.ts';

export class SystemLoadError extends Error {}

/** The system description exported by the module at `path` (relative to the working directory). */
export async function loadSystemDescription(path: string): Promise<SystemDescription> {
  const absolute = resolve(path);
  if (!existsSync(absolute))
    throw new SystemLoadError(
      `'${path}' does not exist (expected a system description such as systems/demo.ts)`,
    );
  let module: Record<string, unknown>;
  try {
    module = (await import(pathToFileURL(absolute).href)) as Record<string, unknown>;
  } catch (err) {
    throw new SystemLoadError(`cannot load '${path}': ${err instanceof Error ? err.message : String(err)}`);
  }
  const description = module['default'] ?? module['system'];
  if (typeof description !== 'object' || description === null || Array.isArray(description)) {
    throw new SystemLoadError(
      `'${path}' must export its system description as the default export or as \`export const system\``,
    );
  }
  return description as SystemDescription;
}
