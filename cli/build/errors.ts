// Errors of the image build, each naming the input that caused it.

/** A source failed to compile or assemble: the file and the compiler's own message. */
export class CompileError extends Error {
  constructor(
    public readonly file: string,
    public readonly compilerOutput: string,
  ) {
    super(`compile failed: ${file}\n${compilerOutput.trimEnd()}`);
    this.name = 'CompileError';
  }
}

/** The link (or objcopy) failed: the linker script and the linker's message. */
export class LinkError extends Error {
  constructor(
    public readonly linkerScript: string,
    public readonly linkerOutput: string,
  ) {
    super(`link failed (linker script ${linkerScript})\n${linkerOutput.trimEnd()}`);
    this.name = 'LinkError';
  }
}

/** The build description itself is wrong (unknown system, missing source, unknown file type). */
export class BuildSpecError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BuildSpecError';
  }
}
