// Loads a system description module (`systems/*.ts`) by path: imports it (the caller runs under tsx,
// which compiles TypeScript on import) and takes its default export, or else its `system` export, and
// the preprocessor defines its guests need to build (`export const guestDefines`, per VM name; test
// systems use them to point a test guest at another VM's memory). Errors name the file and say what
// was expected.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { SystemDescription } from './types.ts';

export class SystemLoadError extends Error {}

/** Preprocessor defines per VM name for its guest's sources (`NAME: value`, or `true` for `-DNAME`). */
export type GuestDefines = Record<string, Record<string, string | number | true>>;

/** What a system description module exports. */
export interface SystemModule {
  description: SystemDescription;
  /** Its `guestDefines` export, or `{}`. */
  guestDefines: GuestDefines;
}

/** The system description exported by the module at `path` (relative to the working directory). */
export async function loadSystemDescription(path: string): Promise<SystemDescription> {
  return (await loadSystemModule(path)).description;
}

/** The system description and the guest defines exported by the module at `path`. */
export async function loadSystemModule(path: string): Promise<SystemModule> {
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
  return { description: description as SystemDescription, guestDefines: guestDefinesOf(path, module) };
}

/** The module's `guestDefines` export, checked: an object of objects of strings, numbers or `true`. */
function guestDefinesOf(path: string, module: Record<string, unknown>): GuestDefines {
  const exported = module['guestDefines'];
  if (exported === undefined) return {};
  const isRecord = (value: unknown): value is Record<string, unknown> =>
    typeof value === 'object' && value !== null && !Array.isArray(value);
  const bad = (what: string): SystemLoadError =>
    new SystemLoadError(
      `'${path}': guestDefines${what} must map VM names to { NAME: string | number | true } objects`,
    );
  if (!isRecord(exported)) throw bad('');
  for (const [vm, defines] of Object.entries(exported)) {
    if (!isRecord(defines)) throw bad(`.${vm}`);
    for (const [name, value] of Object.entries(defines)) {
      if (typeof value !== 'string' && typeof value !== 'number' && value !== true)
        throw bad(`.${vm}.${name}`);
    }
  }
  return exported as GuestDefines;
}
