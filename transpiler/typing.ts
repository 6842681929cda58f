// placeholder
import type { SubsetType } from './types.ts';
export interface ExprInfo { type: SubsetType; min: number; max: number; unwrapped: boolean; constant?: number }
