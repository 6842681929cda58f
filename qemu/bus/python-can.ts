// Job: find a Python interpreter that has python-can, for the line `bulkhead start` prints: the one
// named by BULKHEAD_PYTHON, then every python3 / python3.N / python on PATH (in PATH order), then
// Debian's /usr/bin/python3 (where the python3-can package installs), each asked once, in parallel,
// to `import can`. When none has it, the advice names how to get it.
import { execFile } from 'node:child_process';
import { readdirSync, realpathSync } from 'node:fs';
import { delimiter, join } from 'node:path';

export const PYTHON_CAN_ADVICE =
  'install it with `apt-get install python3-can` (Debian/Ubuntu, for /usr/bin/python3) or `pip install python-can`';

/** Generous: version-manager shims (pyenv) start slowly on a loaded machine. */
const PROBE_TIMEOUT_MS = 15_000;
const DEBIAN_PYTHON = '/usr/bin/python3';

function realPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/** Interpreters to ask, in order of preference, without repeats (links to the same file count once). */
export function pythonCandidates(env: NodeJS.ProcessEnv = process.env): string[] {
  const found: string[] = [];
  const seen = new Set<string>();
  const add = (path: string): void => {
    const real = realPath(path);
    if (seen.has(real)) return;
    seen.add(real);
    found.push(path);
  };
  const chosen = env['BULKHEAD_PYTHON'];
  if (chosen !== undefined && chosen !== '') add(chosen);
  for (const dir of (env['PATH'] ?? '').split(delimiter)) {
    if (dir === '') continue;
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      continue;
    }
    const pythons = names.filter((n) => /^python3(\.\d+)?$/.test(n) || n === 'python').sort();
    // python3 before python3.N before python.
    const rank = (n: string): number => (n === 'python3' ? 0 : n === 'python' ? 2 : 1);
    pythons.sort((a, b) => rank(a) - rank(b));
    for (const name of pythons) add(join(dir, name));
  }
  add(DEBIAN_PYTHON);
  return found;
}

function hasPythonCan(interpreter: string): Promise<boolean> {
  return new Promise((resolve) => {
    execFile(interpreter, ['-c', 'import can'], { timeout: PROBE_TIMEOUT_MS }, (err) =>
      resolve(err === null),
    );
  });
}

export interface PythonCanSearch {
  /** The first interpreter that imports `can`, or null. */
  interpreter: string | null;
  /** Every interpreter asked. */
  tried: string[];
}

async function firstWithPythonCan(interpreters: string[]): Promise<string | null> {
  const results = await Promise.all(interpreters.map(hasPythonCan));
  const at = results.indexOf(true);
  return at < 0 ? null : interpreters[at];
}

/** Asks the likely interpreters first (BULKHEAD_PYTHON, the first python3 on PATH, Debian's), then,
 *  if none has python-can, the others; each once, in parallel within a round. Returns the first, in
 *  order of preference, that has it. */
export async function findPythonCan(env: NodeJS.ProcessEnv = process.env): Promise<PythonCanSearch> {
  const all = pythonCandidates(env);
  const chosen = env['BULKHEAD_PYTHON'];
  const likely = all.filter(
    (p) => p === chosen || p === DEBIAN_PYTHON || p === all.find((q) => /\/python3$/.test(q)),
  );
  const found = await firstWithPythonCan(likely);
  if (found !== null) return { interpreter: found, tried: likely };
  const others = all.filter((p) => !likely.includes(p));
  return { interpreter: await firstWithPythonCan(others), tried: all };
}
