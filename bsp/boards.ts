// The boards Bulkhead supports: one entry per `bsp/<board>/board.ts`. Adding a board is adding its folder
// (board.ts, drivers) and its line here.
import type { BoardDescription } from './board-description.ts';
import { realviewEb } from './realview-eb/board.ts';

export const boards: readonly BoardDescription[] = [realviewEb];
