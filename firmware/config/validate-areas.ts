// The validator's checks of a VM's memory: its areas (RAM bounds, the hypervisor's reserved range,
// overlaps within and across VMs), its entry and stack top, and its MPU regions through the planner.
import type { BoardDescription } from './boards.ts';
import { describeRange, hex } from './errors.ts';
import { MAX_AREAS_PER_VM, STACK_ALIGNMENT } from './limits.ts';
import { checkAreaGeometry } from './mpu-plan.ts';
import { emptyMpuPlan, type MpuPlan, planVmMpu } from './mpu-plans.ts';
import type { MemoryArea, VmDescription } from './types.ts';
import {
  arrayAt,
  checkInteger,
  checkName,
  checkUnique,
  type ErrorSink,
  isList,
  rangesOverlap,
} from './validate-sink.ts';

/** A memory area with valid geometry, remembered for the overlap checks. */
export interface PlacedArea {
  readonly vmIndex: number;
  readonly areaIndex: number;
  readonly area: MemoryArea;
}

export function checkMemoryAreas(
  sink: ErrorSink,
  vm: VmDescription,
  vmPath: string,
  vmIndex: number,
  board: BoardDescription,
  placed: PlacedArea[],
): void {
  const memory = arrayAt(sink, `${vmPath}.memory`, vm.memory);
  if (memory.length === 0) sink.add(`${vmPath}.memory`, `VM '${vm.name}' has no memory areas`);
  if (memory.length > MAX_AREAS_PER_VM) {
    sink.add(
      `${vmPath}.memory`,
      `VM '${vm.name}' declares ${memory.length} memory areas; at most ${MAX_AREAS_PER_VM} are allowed`,
    );
  }
  memory.forEach((area, areaIndex) => {
    const path = `${vmPath}.memory[${areaIndex}]`;
    checkName(sink, `${path}.name`, area.name, 'memory area');
    // Geometry and access errors come from the planner (see checkRegions).
    if (checkAreaGeometry(area.base, area.size) !== null) return;
    const ramEnd = board.ram.base + board.ram.size;
    if (area.base < board.ram.base || area.base + area.size > ramEnd) {
      sink.add(
        `${path}.base`,
        `area ${describeRange(area.name, area.base, area.size)} lies outside RAM ${hex(board.ram.base)}..${hex(ramEnd - 1)}`,
      );
      return;
    }
    if (rangesOverlap(area.base, area.size, board.hypervisor.base, board.hypervisor.size)) {
      sink.add(
        `${path}.base`,
        `area ${describeRange(area.name, area.base, area.size)} overlaps the hypervisor's reserved range ` +
          `${hex(board.hypervisor.base)}..${hex(board.hypervisor.base + board.hypervisor.size - 1)}`,
      );
      return;
    }
    for (const other of placed) {
      if (rangesOverlap(area.base, area.size, other.area.base, other.area.size)) {
        sink.add(
          `${path}.base`,
          `${hex(area.base)}..${hex(area.base + area.size - 1)} overlaps vms[${other.vmIndex}].memory[${other.areaIndex}] ` +
            `(${describeRange(other.area.name, other.area.base, other.area.size)})`,
        );
      }
    }
    placed.push({ vmIndex, areaIndex, area });
  });
  checkUnique(
    sink,
    memory.map((a) => a.name),
    (i) => `${vmPath}.memory[${i}].name`,
    'memory area',
  );
}

function areaContaining(
  vm: VmDescription,
  address: number,
  wanted: (area: MemoryArea) => boolean,
  endInclusive: boolean,
): MemoryArea | undefined {
  return (isList(vm.memory) ? vm.memory : []).find(
    (a) =>
      wanted(a) &&
      (endInclusive
        ? address > a.base && address <= a.base + a.size
        : address >= a.base && address < a.base + a.size),
  );
}

export function checkEntryAndStack(sink: ErrorSink, vm: VmDescription, vmPath: string): void {
  const isExecutable = (a: MemoryArea) => a.access === 'rx' || a.access === 'rwx';
  const isWritable = (a: MemoryArea) => a.access === 'rw' || a.access === 'rwx';
  if (checkInteger(sink, `${vmPath}.entry`, vm.entry, 0, 0xffff_ffff, 'entry address')) {
    const address = vm.entry - (vm.entry % 2); // bit 0 selects Thumb state
    if (vm.entry % 2 === 0 && vm.entry % 4 !== 0) {
      sink.add(
        `${vmPath}.entry`,
        `ARM entry ${hex(vm.entry)} is not 4-byte aligned (set bit 0 for a Thumb entry)`,
      );
    } else if (areaContaining(vm, address, isExecutable, false) === undefined) {
      const holder = areaContaining(vm, address, () => true, false);
      sink.add(
        `${vmPath}.entry`,
        holder === undefined
          ? `entry ${hex(vm.entry)} is not inside any memory area of VM '${vm.name}'`
          : `entry ${hex(vm.entry)} lies in area '${holder.name}' whose access '${holder.access}' is not executable (use rx or rwx)`,
      );
    }
  }
  if (checkInteger(sink, `${vmPath}.stackTop`, vm.stackTop, 0, 2 ** 32, 'stack top')) {
    if (vm.stackTop % STACK_ALIGNMENT !== 0) {
      sink.add(
        `${vmPath}.stackTop`,
        `stack top ${hex(vm.stackTop)} is not ${STACK_ALIGNMENT}-byte aligned (AAPCS)`,
      );
    } else if (areaContaining(vm, vm.stackTop, isWritable, true) === undefined) {
      sink.add(
        `${vmPath}.stackTop`,
        `stack top ${hex(vm.stackTop)} is not inside or at the end of a writable (rw/rwx) area of VM '${vm.name}'`,
      );
    }
  }
}

/** Plans the VM's MPU regions (the one time a build plans them) in its CPU's register layout, reporting
 *  the planner's errors: the guests' MPU on a PMSAv7 board, the EL2 MPU on a PMSAv8 board. */
export function checkRegions(
  sink: ErrorSink,
  vm: VmDescription,
  vmPath: string,
  board: BoardDescription,
): MpuPlan {
  if (!isList(vm.memory) || !isList(vm.devices)) return emptyMpuPlan(board);
  const { plan, errors } = planVmMpu(vm, board, vmPath);
  for (const error of errors) sink.add(error.path, error.message);
  return plan;
}
