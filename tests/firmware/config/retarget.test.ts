// retargetSystem (firmware/config/retarget.ts): a system description moved to another board keeps every
// area's offset in the partition RAM, its entry and stack top with them, and is named for the board; the
// result validates on the new board; an address outside the source partition RAM is refused with its
// path; the same board leaves the description as it is.
import assert from 'node:assert/strict';

import { getBoard, partitionRam, UnknownBoardError } from '../../../firmware/config/boards.ts';
import { RetargetError, retargetSystem } from '../../../firmware/config/retarget.ts';
import type { SystemDescription } from '../../../firmware/config/types.ts';
import { validateSystem } from '../../../firmware/config/validate.ts';
import demo from '../../../systems/demo.ts';

const from = partitionRam(getBoard('realview-eb'));
const to = partitionRam(getBoard('mps3-an536'));

describe('retargetSystem: a system description moved to another board', () => {
  it('moves every area, entry and stack top by the distance between the partition RAMs', () => {
    const moved = retargetSystem(demo, 'mps3-an536');
    assert.equal(moved.name, 'demo-mps3-an536');
    assert.equal(moved.board, 'mps3-an536');
    const shift = to.base - from.base;
    moved.vms.forEach((vm, i) => {
      const original = demo.vms[i];
      assert.equal(vm.entry, original.entry + shift);
      assert.equal(vm.stackTop, original.stackTop + shift);
      assert.deepEqual(
        vm.memory.map((a) => [a.name, a.base, a.size, a.access]),
        original.memory.map((a) => [a.name, a.base + shift, a.size, a.access]),
      );
      assert.deepEqual(vm.devices, original.devices, 'devices are named, not moved');
    });
    assert.deepEqual(moved.plans, demo.plans);
    assert.deepEqual(moved.ports, demo.ports);
    assert.deepEqual(validateSystem(moved, getBoard('mps3-an536')), [], 'valid on the new board');
  });

  it('leaves a description on its own board unchanged', () => {
    assert.equal(retargetSystem(demo, 'realview-eb'), demo);
  });

  it('refuses an area or address outside the partition RAM, naming its path', () => {
    const outside: SystemDescription = {
      ...demo,
      vms: [
        { ...demo.vms[0], memory: [{ ...demo.vms[0].memory[0], base: from.base - 0x1000 }] },
        demo.vms[1],
      ],
    };
    assert.throws(
      () => retargetSystem(outside, 'mps3-an536'),
      (e: unknown) =>
        e instanceof RetargetError && /^vms\[0\]\.memory\[0\]: 0x[0-9a-f]+ is outside/.test(e.message),
    );
    const beyond: SystemDescription = {
      ...demo,
      vms: [{ ...demo.vms[0], stackTop: from.base + from.size + 0x1000 }, demo.vms[1]],
    };
    assert.throws(
      () => retargetSystem(beyond, 'mps3-an536'),
      (e: unknown) =>
        e instanceof RetargetError && /^vms\[0\]\.stackTop: 0x[0-9a-f]+ is outside/.test(e.message),
    );
    assert.throws(() => retargetSystem(demo, 'no-such-board'), UnknownBoardError);
  });
});
