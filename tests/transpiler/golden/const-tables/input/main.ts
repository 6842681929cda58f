// Golden case: readonly configuration data typed by interfaces (const tables with nested arrays),
// enums, and a switch over them.
import { u8, u16, u32, cstr, bool, checkIndex } from '../../../../../transpiler/runtime/index.ts';

export enum Access {
  None,
  Read,
  ReadWrite = 3,
}

export interface Region {
  readonly base: u32;
  readonly size: u32;
  readonly access: Access;
}

export interface Partition {
  readonly name: cstr;
  readonly id: u8;
  readonly privileged: bool;
  readonly regions: readonly Region[];
}

export const PARTITIONS: readonly Partition[] = [
  {
    name: 'diag',
    id: 0,
    privileged: true,
    regions: [
      { base: 0x00100000, size: 0x10000, access: Access.ReadWrite },
      { base: 0x40009000, size: 0x1000, access: Access.Read },
    ],
  },
  { name: 'control', id: 1, privileged: false, regions: [{ base: 0x00200000, size: 0x8000, access: Access.ReadWrite }] },
] as const;

export const CRC16_SEEDS: readonly u16[] = [0xffff, 0x1d0f, 0x0000] as const;

export function writableBytes(index: u32): u32 {
  const partition = PARTITIONS[checkIndex(index, PARTITIONS.length)];
  let total: u32 = 0;
  for (const region of partition.regions) {
    switch (region.access) {
      case Access.ReadWrite:
        total = u32(total + region.size);
        break;
      case Access.Read:
      case Access.None:
        break;
    }
  }
  return total;
}
