// Which files of a project are subset code: the plugin reports subset diagnostics only for files that
// match the plugin's `include` globs and none of its `exclude` globs (relative to the project's
// directory), so Node-only code in the same tsconfig (tests, CLI, runner) is left alone.

/** The plugin's options, as written in tsconfig `compilerOptions.plugins`. */
export interface SubsetPluginConfig {
  /** Globs of subset source files, relative to the tsconfig's directory. */
  include?: readonly string[];
  /** Globs removed from `include`. */
  exclude?: readonly string[];
}

/** Folders that hold transpiled code in this repository (firmware/README.md, guests/README.md), used
 *  when `include` is absent. firmware/config and firmware/sim are Node code, as are the build scripts
 *  of guests/sdk. */
export const defaultInclude: readonly string[] = [
  'firmware/core/**/*.ts',
  'firmware/port/**/*.ts',
  'guests/sdk/ts/**/*.ts',
  'guests/diag/**/*.ts',
  'tests/transpiler/corpus/**/*.ts',
  'tests/transpiler/negative/**/*.ts',
];

/** Node-side files inside those folders, used when `exclude` is absent. */
export const defaultExclude: readonly string[] = ['**/*.test.ts', '**/*.d.ts', '**/node_modules/**'];

/** Converts a glob (`**` any folders, `*` and `?` within one path segment) into an anchored regex. */
export function globToRegExp(glob: string): RegExp {
  let pattern = '';
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i];
    if (char === '*' && glob[i + 1] === '*') {
      const followedBySlash = glob[i + 2] === '/';
      pattern += followedBySlash ? '(?:.*/)?' : '.*';
      i += followedBySlash ? 2 : 1;
    } else if (char === '*') {
      pattern += '[^/]*';
    } else if (char === '?') {
      pattern += '[^/]';
    } else {
      pattern += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${pattern}$`);
}

/** Rejects option values that are not arrays of strings, naming the option. */
function readGlobs(
  config: Record<string, unknown>,
  key: 'include' | 'exclude',
): readonly string[] | undefined {
  const value = config[key];
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw new Error(
      `bulkhead-subset-plugin: option '${key}' must be an array of glob strings, got ${JSON.stringify(value)}`,
    );
  }
  return value;
}

/** A predicate telling whether an absolute file name is subset code of the project in `projectDirectory`. */
export function createScope(
  projectDirectory: string,
  config: Record<string, unknown>,
): (fileName: string) => boolean {
  const include = (readGlobs(config, 'include') ?? defaultInclude).map(globToRegExp);
  const exclude = (readGlobs(config, 'exclude') ?? defaultExclude).map(globToRegExp);
  const root = projectDirectory.replace(/\\/g, '/').replace(/\/+$/, '') + '/';
  return (fileName: string): boolean => {
    const normalized = fileName.replace(/\\/g, '/');
    if (!normalized.startsWith(root)) return false;
    const relative = normalized.slice(root.length);
    return include.some((re) => re.test(relative)) && !exclude.some((re) => re.test(relative));
  };
}
