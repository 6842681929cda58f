// Job: the one list of errors a build reports to its user (an invalid description, an unknown board, a
// failed compile or link, a wrong build description, a missing tool), turned into the message the CLI
// commands print; any other error is a fault of the tool itself and is not answered here.
import { UnknownBoardError } from '../../firmware/config/boards.ts';
import { BuildSpecError, CompileError, LinkError } from './errors.ts';
import { ToolMissingError } from './run-tool.ts';

/** The message for a build error of `shown` (the system as the user named it), or undefined when
 *  `error` is none of the build's own errors. */
export function buildErrorMessage(error: unknown, shown: string): string | undefined {
  if (error instanceof UnknownBoardError) return `${shown}: board: ${error.message}`;
  if (
    error instanceof CompileError ||
    error instanceof LinkError ||
    error instanceof BuildSpecError ||
    error instanceof ToolMissingError
  ) {
    return error.message;
  }
  return undefined;
}
