// Job: the build's progress reports: the callback type every build entry point takes (one call per
// step: generating, transpiling, compiling, each guest, linking, the image size) and the reporter the
// CLI commands pass, which prints each step as one `bulkhead <command>: <step>` line on stderr.

/** Called once per build step with a short description of what starts (or, last, what was made). */
export type BuildProgress = (step: string) => void;

/** Ignores every step (the default of the build functions). */
export const silentProgress: BuildProgress = () => undefined;

/** Prints each step as `<prefix>: <step>` on `write` (default: stderr). */
export function printedProgress(
  prefix: string,
  write: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): BuildProgress {
  return (step) => write(`${prefix}: ${step}`);
}
