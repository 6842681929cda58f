// Generates the guest C ABI header `bulkhead_abi.h` from the hypervisor's own TypeScript definitions:
// hypercall numbers, result codes and `VmStatus` pages (`firmware/core/hypercall-numbers.ts`), the ABI
// version, the reserved virtual interrupt numbers (`firmware/core/virq.ts`), the virtual-CAN identifier
// flags and frame record size (`firmware/core/vcan/`), the VM states `VmStatus` reports
// (`firmware/core/partition.ts`) and the limits a guest must respect (`firmware/core/limits.ts`).
// The header is never written by hand and never committed: every build regenerates it under `out/`.
// Run directly: `npx tsx guests/sdk/gen-abi.ts [output-dir]` (default `out/guest-sdk/include`).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import {
  HYPERCALL_ABI_VERSION,
  HYPERCALL_COUNT,
  Hypercall,
  HvResult,
  VmStatusPage,
  VmState,
} from '../../firmware/core/hypercall-numbers.ts';
import { CONSOLE_MAX_WRITE, VIRQ_COUNT } from '../../firmware/core/limits.ts';
import { VIRQ_FIRST_DEVICE, VIRQ_PORT, VIRQ_TIMER, VIRQ_VCAN } from '../../firmware/core/virq.ts';
import { VCAN_ID_EXTENDED, VCAN_ID_REMOTE } from '../../firmware/core/vcan/bus.ts';
import { VCAN_FRAME_RECORD_BYTES } from '../../firmware/core/vcan/vcan-calls.ts';

/** File name of the generated header. */
export const ABI_HEADER_NAME = 'bulkhead_abi.h';

/** Default output directory (repository-relative). */
export const DEFAULT_ABI_DIR = 'out/guest-sdk/include';

/** One `#define` of the generated header. */
export interface AbiConstant {
  /** C macro name, e.g. `BH_HC_CONSOLE_WRITE`. */
  name: string;
  value: number;
  /** The TypeScript definition it comes from, e.g. `Hypercall.ConsoleWrite`. */
  source: string;
}

/** `ConsoleWrite` → `CONSOLE_WRITE`, `VmHalt` → `VM_HALT`. */
export function macroCase(pascal: string): string {
  return pascal
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1_$2')
    .toUpperCase();
}

/** Members of a numeric TypeScript enum (the runtime object also maps values back to names). */
export function enumMembers(enumObject: Record<string, string | number>): [string, number][] {
  return Object.entries(enumObject).filter(
    (entry): entry is [string, number] => typeof entry[1] === 'number',
  );
}

function fromEnum(
  enumObject: Record<string, string | number>,
  enumName: string,
  prefix: string,
): AbiConstant[] {
  return enumMembers(enumObject).map(([member, value]) => ({
    name: `${prefix}${macroCase(member)}`,
    value,
    source: `${enumName}.${member}`,
  }));
}

/** Hypercall numbers: `BH_HC_<NAME>` (the SVC immediate). */
export function hypercallConstants(): AbiConstant[] {
  return fromEnum(Hypercall, 'Hypercall', 'BH_HC_');
}

/** Result codes: `BH_<NAME>` (`BH_OK`, `BH_BAD_ADDRESS`, ...). */
export function resultConstants(): AbiConstant[] {
  return fromEnum(HvResult, 'HvResult', 'BH_');
}

/** VM states reported by `VmStatus` in r1: `BH_VM_STATE_<NAME>`. */
export function vmStateConstants(): AbiConstant[] {
  return fromEnum(VmState, 'VmState', 'BH_VM_STATE_');
}

/** Pages of `VmStatus`, chosen by r1: `BH_VM_STATUS_PAGE_<NAME>`. */
export function vmStatusPageConstants(): AbiConstant[] {
  return fromEnum(VmStatusPage, 'VmStatusPage', 'BH_VM_STATUS_PAGE_');
}

/** Scalar constants: ABI version, counts, reserved virtual interrupts, limits. */
export function scalarConstants(): AbiConstant[] {
  return [
    { name: 'BH_ABI_VERSION', value: HYPERCALL_ABI_VERSION, source: 'HYPERCALL_ABI_VERSION' },
    { name: 'BH_HYPERCALL_COUNT', value: HYPERCALL_COUNT, source: 'HYPERCALL_COUNT' },
    { name: 'BH_VIRQ_TIMER', value: VIRQ_TIMER, source: 'VIRQ_TIMER' },
    { name: 'BH_VIRQ_PORT', value: VIRQ_PORT, source: 'VIRQ_PORT' },
    { name: 'BH_VIRQ_VCAN', value: VIRQ_VCAN, source: 'VIRQ_VCAN' },
    { name: 'BH_VIRQ_FIRST_DEVICE', value: VIRQ_FIRST_DEVICE, source: 'VIRQ_FIRST_DEVICE' },
    { name: 'BH_VIRQ_COUNT', value: VIRQ_COUNT, source: 'VIRQ_COUNT' },
    { name: 'BH_CONSOLE_MAX_WRITE', value: CONSOLE_MAX_WRITE, source: 'CONSOLE_MAX_WRITE' },
    { name: 'BH_CAN_ID_EXTENDED', value: VCAN_ID_EXTENDED, source: 'VCAN_ID_EXTENDED' },
    { name: 'BH_CAN_ID_REMOTE', value: VCAN_ID_REMOTE, source: 'VCAN_ID_REMOTE' },
    { name: 'BH_CAN_FRAME_RECORD_BYTES', value: VCAN_FRAME_RECORD_BYTES, source: 'VCAN_FRAME_RECORD_BYTES' },
  ];
}

/** Large values (versions, masks) in hex; numbers and codes in decimal, as in docs/HYPERCALLS.md. */
function hex(value: number): string {
  return `0x${(value >>> 0).toString(16).padStart(8, '0')}`;
}

function defineLines(constants: readonly AbiConstant[]): string[] {
  const width = Math.max(...constants.map((c) => c.name.length));
  return constants.map(
    (c) =>
      `#define ${c.name.padEnd(width)} ${c.value < 0x10000 ? String(c.value) : hex(c.value)} /* ${c.source} */`,
  );
}

function resultNameFunction(results: readonly AbiConstant[]): string[] {
  const lines = [
    '/* Name of a result code (e.g. "BAD_ADDRESS"), or "?" for a value the ABI does not define. */',
    'static inline const char *bh_result_name(unsigned int result)',
    '{',
    '    switch (result) {',
  ];
  for (const r of results) {
    lines.push(`    case ${r.name}: return "${r.name.slice('BH_'.length)}";`);
  }
  lines.push('    default: return "?";', '    }', '}');
  return lines;
}

/** The complete text of `bulkhead_abi.h` (deterministic: the same definitions give the same bytes). */
export function abiHeaderText(): string {
  const results = resultConstants();
  return [
    '/*',
    ' * bulkhead_abi.h: the Bulkhead guest ABI constants (hypercall numbers = SVC immediates, result',
    ' * codes in r0, VM states, reserved virtual interrupts, limits).',
    ' * GENERATED by guests/sdk/gen-abi.ts from firmware/core/hypercall-numbers.ts, virq.ts,',
    ' * partition.ts, vcan/ and limits.ts. Do not edit; do not commit. Usable from C and from assembly.',
    ' * Follows: docs/HYPERCALLS.md (register ABI: arguments r0-r3, result r0, values r1-r3).',
    ' */',
    '#ifndef BULKHEAD_ABI_H',
    '#define BULKHEAD_ABI_H',
    '',
    '/* ABI version, counts, reserved virtual interrupts, limits */',
    ...defineLines(scalarConstants()),
    '',
    '/* Hypercall numbers (the SVC immediate) */',
    ...defineLines(hypercallConstants()),
    '',
    '/* Result codes (r0 after a hypercall) */',
    ...defineLines(results),
    '',
    '/* VM states (r1 after VmStatus) */',
    ...defineLines(vmStateConstants()),
    '',
    '/* Pages of VmStatus (r1 when calling) */',
    ...defineLines(vmStatusPageConstants()),
    '',
    '#ifndef __ASSEMBLER__',
    ...resultNameFunction(results),
    '#endif /* __ASSEMBLER__ */',
    '',
    '#endif /* BULKHEAD_ABI_H */',
    '',
  ].join('\n');
}

/** Writes `bulkhead_abi.h` into `dir` (created if needed) and returns the file's path. */
export function writeAbiHeader(dir: string): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, ABI_HEADER_NAME);
  writeFileSync(file, abiHeaderText());
  return file;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const file = writeAbiHeader(resolve(process.argv[2] ?? DEFAULT_ABI_DIR));
  console.log(`wrote ${file}`);
}
