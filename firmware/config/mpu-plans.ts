// A VM's MPU plan in its CPU's own register layout: the region values the hypervisor loads as one block
// when it switches to the VM, as the words each region's registers take, in the order the CPU layer's
// block load writes them. PMSAv7 (Armv7-R, the guests' MPU): DRBAR, DRSR, DRACR per region
// (mpu-plan.ts). PMSAv8-32 (Armv8-R, the EL2 MPU confining an EL1 guest): HPRBAR, HPRLAR per region
// (mpu-plan-pmsav8.ts). The validator plans each VM once through `planVmMpu`; the build derives the
// flat word array of the run-time tables from the plan (derive.ts).
import type { BoardDescription } from './boards.ts';
import type { ConfigError } from './errors.ts';
import { planVmRegions } from './mpu-plan.ts';
import { planVmRegionsPmsav8 } from './mpu-plan-pmsav8.ts';
import type { VmDescription } from './types.ts';

export type MpuArchitecture = BoardDescription['cpu']['mpuArchitecture'];

/** Register words per region of each MPU architecture. */
export const MPU_WORDS_PER_REGION: Readonly<Record<MpuArchitecture, number>> = {
  pmsav7: 3,
  pmsav8: 2,
};

/** One planned region: the area or device it maps, the range the region covers and its register
 *  words (`wordsPerRegion` of the plan). */
export interface PlannedRegion {
  /** Memory area name or device name the region maps. */
  readonly area: string;
  readonly base: number;
  readonly size: number;
  readonly words: readonly number[];
}

/** The regions of one VM, in load order (region 0 first). */
export interface MpuPlan {
  readonly architecture: MpuArchitecture;
  readonly wordsPerRegion: number;
  readonly regions: readonly PlannedRegion[];
}

/** The regions a VM's plan may use on `board`: the guests' MPU (PMSAv7) or the EL2 MPU (PMSAv8). */
export function mpuRegionBudget(board: BoardDescription): number {
  return board.cpu.mpuArchitecture === 'pmsav8' ? board.cpu.hypervisorMpuRegions : board.mpuRegions;
}

/** The MPU plan of `vm` on `board` with the planner's errors (paths prefixed with `vmPath`). Devices
 *  the board does not have are skipped; the validator reports them. */
export function planVmMpu(
  vm: VmDescription,
  board: BoardDescription,
  vmPath = 'vm',
): { plan: MpuPlan; errors: ConfigError[] } {
  if (board.cpu.mpuArchitecture === 'pmsav8') {
    const budget = { boardName: board.name, regions: mpuRegionBudget(board) };
    const { regions, errors } = planVmRegionsPmsav8(vm, board, budget, vmPath);
    return {
      plan: {
        architecture: 'pmsav8',
        wordsPerRegion: MPU_WORDS_PER_REGION.pmsav8,
        regions: regions.map((r) => ({
          area: r.area,
          base: r.base,
          size: r.size,
          words: [r.prbar, r.prlar],
        })),
      },
      errors,
    };
  }
  const { regions, errors } = planVmRegions(vm, board, vmPath);
  return {
    plan: {
      architecture: 'pmsav7',
      wordsPerRegion: MPU_WORDS_PER_REGION.pmsav7,
      regions: regions.map((r) => ({
        area: r.area,
        base: r.base,
        size: r.size,
        words: [r.drbar, r.drsr, r.dracr],
      })),
    },
    errors,
  };
}

/** An empty plan for `board`'s MPU (a VM whose description cannot be planned). */
export function emptyMpuPlan(board: BoardDescription): MpuPlan {
  const architecture = board.cpu.mpuArchitecture;
  return { architecture, wordsPerRegion: MPU_WORDS_PER_REGION[architecture], regions: [] };
}

/** The plan's register words, region 0 first, as unsigned 32-bit values. */
export function mpuPlanWords(plan: MpuPlan): number[] {
  return plan.regions.flatMap((region) => region.words.map((word) => word >>> 0));
}
