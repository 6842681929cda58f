// Tests of the MPU plans in the CPU's register layout: a PMSAv7 board's plan carries DRBAR, DRSR,
// DRACR per region and a PMSAv8 board's HPRBAR, HPRLAR (the planners' values, in that order); the
// validated system holds one plan per VM; the derived tables carry the flat words and the words per
// region, the image's limits are sized to them, and the simulation's MPU model decodes either layout.
import assert from 'node:assert/strict';
import { getBoard } from '../../../firmware/config/boards.ts';
import { deriveTables, systemLimits } from '../../../firmware/config/derive.ts';
import { planVmRegions } from '../../../firmware/config/mpu-plan.ts';
import { planVmRegionsPmsav8 } from '../../../firmware/config/mpu-plan-pmsav8.ts';
import {
  MPU_WORDS_PER_REGION,
  mpuPlanWords,
  mpuRegionBudget,
  planVmMpu,
} from '../../../firmware/config/mpu-plans.ts';
import { validatedSystem } from '../../../firmware/config/validated-system.ts';
import { FSR_BACKGROUND, FSR_PERMISSION, FSR_WNR, MpuModel } from '../../../firmware/sim/mpu-model.ts';
import testOneVm from '../../../systems/test-one-vm.ts';
import testOneVmAn536 from '../../../systems/test-one-vm-an536.ts';

describe('firmware/config MPU plans in the CPU layout', () => {
  it('PMSAv7 board: DRBAR, DRSR, DRACR per region, the planner values', () => {
    const board = getBoard('realview-eb');
    const vm = testOneVm.vms[0];
    const { plan, errors } = planVmMpu(vm, board);
    assert.deepEqual(errors, []);
    assert.equal(plan.architecture, 'pmsav7');
    assert.equal(plan.wordsPerRegion, 3);
    const expected = planVmRegions(vm, board).regions;
    assert.deepEqual(
      plan.regions,
      expected.map((r) => ({ area: r.area, base: r.base, size: r.size, words: [r.drbar, r.drsr, r.dracr] })),
    );
    assert.equal(mpuRegionBudget(board), board.mpuRegions);
  });

  it('PMSAv8 board: HPRBAR, HPRLAR per region of the EL2 MPU, the planner values', () => {
    const board = getBoard('mps3-an536');
    const vm = testOneVmAn536.vms[0];
    const { plan, errors } = planVmMpu(vm, board);
    assert.deepEqual(errors, []);
    assert.equal(plan.architecture, 'pmsav8');
    assert.equal(plan.wordsPerRegion, 2);
    const budget = { boardName: board.name, regions: board.cpu.hypervisorMpuRegions };
    const expected = planVmRegionsPmsav8(vm, board, budget).regions;
    assert.deepEqual(
      plan.regions,
      expected.map((r) => ({ area: r.area, base: r.base, size: r.size, words: [r.prbar, r.prlar] })),
    );
    assert.equal(mpuRegionBudget(board), board.cpu.hypervisorMpuRegions);
  });

  it('a validated system holds one plan per VM; the tables carry its flat words', () => {
    for (const desc of [testOneVm, testOneVmAn536]) {
      const system = validatedSystem(desc);
      const architecture = system.board.cpu.mpuArchitecture;
      assert.equal(system.mpuPlans.length, desc.vms.length);
      assert.equal(system.mpuPlans[0].architecture, architecture);
      const tables = deriveTables(system);
      assert.equal(tables.mpuWordsPerRegion, MPU_WORDS_PER_REGION[architecture]);
      assert.deepEqual(tables.vms[0].mpuWords, mpuPlanWords(system.mpuPlans[0]));
      assert.equal(tables.vms[0].mpuWords.length, 2 * tables.mpuWordsPerRegion, 'code and data');
      const limits = systemLimits(tables);
      assert.equal(limits.MPU_WORDS_PER_REGION, tables.mpuWordsPerRegion);
      assert.equal(limits.MAX_MPU_REGIONS, 2);
    }
  });

  it('the MPU model confines an EL1 guest with its EL2 MPU pairs', () => {
    const tables = deriveTables(validatedSystem(testOneVmAn536));
    const words = tables.vms[0].mpuWords;
    const mpu = new MpuModel();
    mpu.load(words, tables.mpuWordsPerRegion, words.length / tables.mpuWordsPerRegion);
    assert.equal(mpu.check(0x2010_0000, 'execute').allowed, true, 'code is executable');
    assert.equal(mpu.check(0x2010_fffc, 'read').allowed, true);
    assert.deepEqual(mpu.check(0x2010_0000, 'write'), {
      allowed: false,
      status: FSR_PERMISSION | FSR_WNR,
      region: 0,
    });
    assert.equal(mpu.check(0x2011_0000, 'write').allowed, true, 'data is writable');
    assert.equal(mpu.check(0x2011_0000, 'execute').allowed, false, 'data is execute-never');
    assert.deepEqual(mpu.check(0x2012_0000, 'read'), { allowed: false, status: FSR_BACKGROUND, region: -1 });
    assert.deepEqual(mpu.check(0x2000_0000, 'read'), { allowed: false, status: FSR_BACKGROUND, region: -1 });
  });

  it('overlapping PMSAv8 regions fault', () => {
    const mpu = new MpuModel();
    const pair = [0x2010_0000 | (0b01 << 1), 0x2010_ffc0 | 1];
    mpu.load([...pair, ...pair], 2, 2);
    assert.equal(mpu.check(0x2010_0040, 'read').allowed, false);
  });
});
