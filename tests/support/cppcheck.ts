// The one cppcheck invocation of the static-analysis tests (BSP, guest SDK and test guests, control
// guest): warning, style and portability checks, C11, 32-bit target, inline suppressions honoured,
// freestanding (missing system headers are not reported), compiled as by arm-none-eabi-gcc for C.
// Each test adds its own include folders and defines; the result is the exit status and the text.
import { spawnSync } from 'node:child_process';

/** Settings shared by every cppcheck run of the tests. */
export const CPPCHECK_SETTINGS: readonly string[] = [
  '--error-exitcode=1',
  '--enable=warning,style,portability',
  '--std=c11',
  '--platform=unix32',
  '--inline-suppr',
  '--quiet',
  '--suppress=missingIncludeSystem',
  '-D__GNUC__',
  '-D__arm__',
  '-U__ASSEMBLER__',
];

export interface CppcheckInputs {
  /** Folders for `-I`, in search order. */
  includeDirs: readonly string[];
  /** Extra preprocessor definitions for `-D` (`NAME` or `NAME=VALUE`). */
  defines?: readonly string[];
  /** Paths below the target left out (`-i`), e.g. sources of another CPU's configuration. */
  ignore?: readonly string[];
}

export interface CppcheckResult {
  /** Exit status: 0 when nothing was reported, 1 (`--error-exitcode`) when something was. */
  status: number | null;
  /** stdout followed by stderr, untrimmed. */
  output: string;
}

/** The full argument list for checking `target` (a file or a folder). */
export function cppcheckArgs(target: string, inputs: CppcheckInputs): string[] {
  return [
    ...CPPCHECK_SETTINGS,
    ...(inputs.defines ?? []).map((define) => `-D${define}`),
    ...inputs.includeDirs.map((dir) => `-I${dir}`),
    ...(inputs.ignore ?? []).map((path) => `-i${path}`),
    target,
  ];
}

/** Runs cppcheck on `target`; throws when cppcheck cannot be started. */
export function runCppcheck(target: string, inputs: CppcheckInputs): CppcheckResult {
  const result = spawnSync('cppcheck', cppcheckArgs(target, inputs), { encoding: 'utf8' });
  if (result.error !== undefined)
    throw new Error(`cannot run cppcheck: ${result.error.message} (install it with \`npm run toolchain\`)`);
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}
