// Stage 3, check: walks every module and enforces the subset rules (placeholder until the rule walker lands).
import type { Context } from './context.ts';
export function checkModules(_ctx: Context): void {}
