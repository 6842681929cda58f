// Job: load and validate a board's QEMU profile (`bsp/<board>/qemu-board.json`): which QEMU binary,
// machine, CPU, memory size, how many UARTs the board has and which environment QEMU needs.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface BoardProfile {
  /** Board name, the folder under `bsp/`. */
  name: string;
  /** Path of the JSON file the profile came from (for error messages). */
  file: string;
  qemuBinary: string;
  machine: string;
  cpu: string;
  /** Memory size as QEMU's `-m` accepts it, e.g. `128M`. */
  memory: string;
  /** Number of UARTs; UART0 goes to the caller, UART1..n-1 to TCP ports. */
  uarts: number;
  /** Environment variables QEMU is started with (e.g. `QEMU_AUDIO_DRV=none`). */
  env: Record<string, string>;
}

/** The repository root: this file lives in `<root>/qemu/runner/`. */
export const repoRoot: string = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

const boardNamePattern = /^[a-z0-9][a-z0-9-]*$/;

export function boardProfilePath(board: string, root: string = repoRoot): string {
  if (!boardNamePattern.test(board)) {
    throw new Error(`board name '${board}' is not valid (expected lower-case letters, digits and '-')`);
  }
  return join(root, 'bsp', board, 'qemu-board.json');
}

function requireString(raw: Record<string, unknown>, field: string, file: string): string {
  const value = raw[field];
  if (typeof value !== 'string' || value.length === 0) {
    throw new Error(`${file}: field '${field}' must be a non-empty string (got ${JSON.stringify(value)})`);
  }
  return value;
}

/** Validates parsed JSON as a board profile; every error names the file and the field. */
export function parseBoardProfile(raw: unknown, name: string, file: string): BoardProfile {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new Error(`${file}: expected a JSON object`);
  }
  const record = raw as Record<string, unknown>;
  const memory = requireString(record, 'memory', file);
  if (!/^[1-9][0-9]*[KMG]?$/.test(memory)) {
    throw new Error(`${file}: field 'memory' must look like '128M' (got '${memory}')`);
  }
  const uarts = record['uarts'];
  if (typeof uarts !== 'number' || !Number.isInteger(uarts) || uarts < 1 || uarts > 8) {
    throw new Error(`${file}: field 'uarts' must be an integer from 1 to 8 (got ${JSON.stringify(uarts)})`);
  }
  const envRaw = record['env'] ?? {};
  if (typeof envRaw !== 'object' || envRaw === null || Array.isArray(envRaw)) {
    throw new Error(`${file}: field 'env' must be an object of strings`);
  }
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(envRaw)) {
    if (typeof value !== 'string') {
      throw new Error(`${file}: field 'env.${key}' must be a string (got ${JSON.stringify(value)})`);
    }
    env[key] = value;
  }
  return {
    name,
    file,
    qemuBinary: requireString(record, 'qemuBinary', file),
    machine: requireString(record, 'machine', file),
    cpu: requireString(record, 'cpu', file),
    memory,
    uarts,
    env,
  };
}

export function loadBoardProfile(board: string, root: string = repoRoot): BoardProfile {
  const file = boardProfilePath(board, root);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`board '${board}': cannot read its QEMU profile ${file} (${(err as Error).message})`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new Error(`${file}: not valid JSON (${(err as Error).message})`);
  }
  return parseBoardProfile(raw, board, file);
}
