// Byte-for-byte comparison of two program outputs with a readable report of the first difference.

/** Returns undefined when equal, else a short description of the first differing line with context. */
export function describeOutputDifference(
  expectedLabel: string,
  expected: string,
  actualLabel: string,
  actual: string,
): string | undefined {
  if (expected === actual) return undefined;
  const expectedLines = expected.split('\n');
  const actualLines = actual.split('\n');
  let line = 0;
  while (
    line < expectedLines.length &&
    line < actualLines.length &&
    expectedLines[line] === actualLines[line]
  )
    line++;
  const from = Math.max(0, line - 3);
  const show = (lines: string[]): string =>
    lines
      .slice(from, line + 2)
      .map(
        (text, i) =>
          `${from + i + 1 === line + 1 ? '>' : ' '} ${String(from + i + 1).padStart(5)} | ${JSON.stringify(text)}`,
      )
      .join('\n');
  return (
    `outputs differ at line ${line + 1} (${expectedLabel}: ${expectedLines.length - 1} lines, ${actualLabel}: ${actualLines.length - 1} lines)\n` +
    `--- ${expectedLabel}\n${show(expectedLines)}\n+++ ${actualLabel}\n${show(actualLines)}`
  );
}
