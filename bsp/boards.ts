// The boards Bulkhead supports: one entry per `bsp/<board>/board.ts`. Adding a board is adding its folder
// (board.ts, drivers) and its line here.
import type { BoardDescription } from './board-description.ts';
import { mps3An536 } from './mps3-an536/board.ts';
import { realviewEb } from './realview-eb/board.ts';

export const boards: readonly BoardDescription[] = [realviewEb, mps3An536];
