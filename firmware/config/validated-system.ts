// A system description that passed validation, together with its board and the MPU regions planned for
// each VM while validating: the one value the build passes to every later step (table derivation, guest
// builds), so a description is validated once and its MPU planned once.
import { getBoard, UnknownBoardError, type BoardDescription } from './boards.ts';
import { formatConfigErrors, type ConfigError } from './errors.ts';
import type { MpuPlan } from './mpu-plans.ts';
import type { SystemDescription } from './types.ts';
import { checkSystem } from './validate.ts';

declare const validatedBrand: unique symbol;

export interface ValidatedSystem {
  readonly desc: SystemDescription;
  readonly board: BoardDescription;
  /** MPU plan per VM, in VM order, in the board CPU's register layout. */
  readonly mpuPlans: readonly MpuPlan[];
  /** Only `validatedSystem` makes one. */
  readonly [validatedBrand]: true;
}

/** A description that does not validate; `errors` carry config paths. */
export class InvalidSystemError extends Error {
  constructor(
    readonly system: string,
    readonly errors: readonly ConfigError[],
  ) {
    super(`system '${system}' is not valid:\n${formatConfigErrors(errors)}`);
    this.name = 'InvalidSystemError';
  }
}

/** `desc` validated on its board; throws an `InvalidSystemError` listing every problem (an unknown
 *  board is one, at path `board`). */
export function validatedSystem(desc: SystemDescription): ValidatedSystem {
  let board: BoardDescription;
  try {
    board = getBoard(desc.board);
  } catch (error) {
    if (error instanceof UnknownBoardError) {
      throw new InvalidSystemError(desc.name, [{ path: 'board', message: error.message }]);
    }
    throw error;
  }
  const { errors, mpuPlans } = checkSystem(desc, board);
  if (errors.length > 0) throw new InvalidSystemError(desc.name, errors);
  return { desc, board, mpuPlans } as unknown as ValidatedSystem;
}
