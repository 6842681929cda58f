// Generates the guest C ABI header `bulkhead_abi.h`: from the hypercall table
// (firmware/abi/hypercalls.ts) the ABI version, hypercall numbers, result codes, `VmStatus` pages and VM
// states, and per call its SVC wrapper `bh_svc_<name>` (r0..r3 in and out) and its typed wrapper
// `bh_call_<name>` (named arguments; the result code, and the values in a `bh_<name>_reply`); from the
// core the reserved virtual interrupt numbers (`firmware/core/virq.ts`), the virtual-CAN identifier
// flags and frame record size (`firmware/core/vcan/`) and the limits a guest must respect
// (`firmware/core/limits.ts`). The header is never written by hand and never committed: every guest
// build regenerates it under `out/` (cli/build/guest.ts).
// Run directly: `npx tsx cli/build/generate/abi-header.ts [output-dir]` (default `out/guest-sdk/include`).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { hex } from '../../../firmware/config/errors.ts';
import {
  ABI_VERSION,
  HYPERCALLS,
  RESULT_CODES,
  VM_STATES,
  VM_STATUS_PAGES,
  snakeCase,
  type AbiEnumMember,
  type HypercallSpec,
} from '../../../firmware/abi/hypercalls.ts';
import { CONSOLE_MAX_WRITE, VIRQ_COUNT } from '../../../firmware/core/limits.ts';
import { HealthEvent } from '../../../firmware/core/tables.ts';
import { VIRQ_FIRST_DEVICE, VIRQ_PORT, VIRQ_TIMER, VIRQ_VCAN } from '../../../firmware/core/virq.ts';
import { VCAN_ID_EXTENDED, VCAN_ID_REMOTE } from '../../../firmware/core/vcan/bus.ts';
import { VCAN_FRAME_RECORD_BYTES } from '../../../firmware/core/vcan/vcan-calls.ts';

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

function fromMembers(members: readonly AbiEnumMember[], enumName: string, prefix: string): AbiConstant[] {
  return members.map((m) => ({
    name: `${prefix}${macroCase(m.name)}`,
    value: m.value,
    source: `${enumName}.${m.name}`,
  }));
}

/** Hypercall numbers: `BH_HC_<NAME>` (the SVC immediate). */
export function hypercallConstants(): AbiConstant[] {
  return fromMembers(
    HYPERCALLS.map((h) => ({ name: h.name, value: h.number, doc: h.summary })),
    'Hypercall',
    'BH_HC_',
  );
}

/** Result codes: `BH_<NAME>` (`BH_OK`, `BH_BAD_ADDRESS`, ...). */
export function resultConstants(): AbiConstant[] {
  return fromMembers(
    RESULT_CODES.map((r) => ({ name: r.name, value: r.value, doc: r.meaning })),
    'HvResult',
    'BH_',
  );
}

/** VM states reported by `VmStatus` in r1: `BH_VM_STATE_<NAME>`. */
export function vmStateConstants(): AbiConstant[] {
  return fromMembers(VM_STATES, 'VmState', 'BH_VM_STATE_');
}

/** Pages of `VmStatus`, chosen by r1: `BH_VM_STATUS_PAGE_<NAME>`. */
export function vmStatusPageConstants(): AbiConstant[] {
  return fromMembers(VM_STATUS_PAGES, 'VmStatusPage', 'BH_VM_STATUS_PAGE_');
}

/** Scalar constants: ABI version, counts, reserved virtual interrupts, limits. */
export function scalarConstants(): AbiConstant[] {
  return [
    { name: 'BH_ABI_VERSION', value: ABI_VERSION, source: 'HYPERCALL_ABI_VERSION' },
    {
      name: 'BH_HYPERCALL_COUNT',
      value: Math.max(...HYPERCALLS.map((h) => h.number)) + 1,
      source: 'HYPERCALL_COUNT',
    },
    { name: 'BH_VIRQ_TIMER', value: VIRQ_TIMER, source: 'VIRQ_TIMER' },
    { name: 'BH_VIRQ_PORT', value: VIRQ_PORT, source: 'VIRQ_PORT' },
    { name: 'BH_VIRQ_VCAN', value: VIRQ_VCAN, source: 'VIRQ_VCAN' },
    { name: 'BH_VIRQ_FIRST_DEVICE', value: VIRQ_FIRST_DEVICE, source: 'VIRQ_FIRST_DEVICE' },
    { name: 'BH_VIRQ_COUNT', value: VIRQ_COUNT, source: 'VIRQ_COUNT' },
    { name: 'BH_CONSOLE_MAX_WRITE', value: CONSOLE_MAX_WRITE, source: 'CONSOLE_MAX_WRITE' },
    { name: 'BH_CAN_ID_EXTENDED', value: VCAN_ID_EXTENDED, source: 'VCAN_ID_EXTENDED' },
    { name: 'BH_CAN_ID_REMOTE', value: VCAN_ID_REMOTE, source: 'VCAN_ID_REMOTE' },
    { name: 'BH_CAN_FRAME_RECORD_BYTES', value: VCAN_FRAME_RECORD_BYTES, source: 'VCAN_FRAME_RECORD_BYTES' },
    // The health events a guest may report with FaultReport.
    { name: 'BH_EVENT_MPU_VIOLATION', value: HealthEvent.MpuViolation, source: 'HealthEvent.MpuViolation' },
    {
      name: 'BH_EVENT_UNDEFINED_INSTRUCTION',
      value: HealthEvent.UndefinedInstruction,
      source: 'HealthEvent.UndefinedInstruction',
    },
    {
      name: 'BH_EVENT_PREFETCH_ABORT',
      value: HealthEvent.PrefetchAbort,
      source: 'HealthEvent.PrefetchAbort',
    },
  ];
}

/** Large values (versions, masks) in hex; numbers and codes in decimal, as in docs/HYPERCALLS.md. */
function defineLines(constants: readonly AbiConstant[]): string[] {
  const width = Math.max(...constants.map((c) => c.name.length));
  return constants.map(
    (c) =>
      `#define ${c.name.padEnd(width)} ${c.value < 0x10000 ? String(c.value) : hex(c.value, { lower: true })} /* ${c.source} */`,
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

/** The C register types and the SVC wrapper macro the per-call wrappers use. */
function registerTypes(): string[] {
  return [
    '#include <stdint.h>',
    '',
    '/* A result code of the ABI (BH_OK, BH_BAD_ADDRESS, ...). */',
    'typedef uint32_t bh_result;',
    '',
    '/* r0-r3 as the hypervisor left them after a hypercall. */',
    'typedef struct {',
    '    uint32_t r0;',
    '    uint32_t r1;',
    '    uint32_t r2;',
    '    uint32_t r3;',
    '} bh_regs;',
    '',
    '/*',
    ' * BH_DEFINE_SVC(name, number) defines `static inline bh_regs name(a0, a1, a2, a3)` issuing',
    ' * `svc #number` (`hvc #number` on Armv8-R) with a0-a3 in r0-r3 and returning r0-r3 afterwards.',
    ' * `number` must be a constant: it is encoded in the instruction (ARM DDI 0406C A8.8.228; HVC: ARM',
    ' * DDI 0487 part G, a 16-bit immediate). One is defined per hypercall below; a test guest may define',
    ' * its own for numbers the ABI does not assign.',
    ' */',
    '#define BH_DEFINE_SVC(name, number)                                                             \\',
    '    static inline bh_regs name(uint32_t a0, uint32_t a1, uint32_t a2, uint32_t a3)              \\',
    '    {                                                                                           \\',
    '        register uint32_t r0 __asm__("r0") = a0;                                                \\',
    '        register uint32_t r1 __asm__("r1") = a1;                                                \\',
    '        register uint32_t r2 __asm__("r2") = a2;                                                \\',
    '        register uint32_t r3 __asm__("r3") = a3;                                                \\',
    '        __asm__ volatile(BH_HYPERCALL_INSTRUCTION " %[imm]"                                     \\',
    '                         : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3)                               \\',
    '                         : [imm] "i"(number)                                                    \\',
    '                         : "memory");                                                           \\',
    '        bh_regs out = {r0, r1, r2, r3};                                                         \\',
    '        return out;                                                                             \\',
    '    }',
  ];
}

/** The comment, SVC wrapper, reply type and typed wrapper of one call. */
export function callWrapperLines(spec: HypercallSpec): string[] {
  const name = snakeCase(spec.name);
  const macro = `BH_HC_${macroCase(spec.name)}`;
  const args = spec.args.map((a, i) => `r${i} ${snakeCase(a.name)}`).join(', ') || 'no arguments';
  const values = spec.values.map((v, i) => `r${i + 1} ${snakeCase(v.name)}`).join(', ');
  const on = (spec.valuesOn ?? ['Ok']).map((r) => `BH_${macroCase(r)}`).join(', ');
  const lines = [
    '/*',
    ` * ${spec.name} (${spec.number}): ${spec.summary}`,
    ` * ${args}${values === '' ? '' : ` -> ${values} (on ${on})`}.`,
    ` * Results: ${spec.results.map((r) => `BH_${macroCase(r)}`).join(', ')}.`,
    ...(spec.capability === '–' ? [] : [` * Needs: ${spec.capability.replace(/`/g, '')}.`]),
    ' */',
    `BH_DEFINE_SVC(bh_svc_${name}, ${macro})`,
  ];
  const params = spec.args.map((a) => `uint32_t ${snakeCase(a.name)}`).join(', ') || 'void';
  const registers = [0, 1, 2, 3].map((i) =>
    spec.args[i] === undefined ? '0u' : snakeCase(spec.args[i].name),
  );
  const call = `bh_svc_${name}(${registers.join(', ')})`;
  if (spec.values.length === 0) {
    lines.push(`static inline bh_result bh_call_${name}(${params})`, '{', `    return ${call}.r0;`, '}', '');
    return lines;
  }
  const type = `bh_${name}_reply`;
  lines.push(
    'typedef struct {',
    '    bh_result result;',
    ...spec.values.map((v) => `    uint32_t ${snakeCase(v.name)};`),
    `} ${type};`,
    `static inline ${type} bh_call_${name}(${params})`,
    '{',
    `    bh_regs out = ${call};`,
    `    ${type} reply = {${['out.r0', ...spec.values.map((_, i) => `out.r${i + 1}`)].join(', ')}};`,
    '    return reply;',
    '}',
    '',
  );
  return lines;
}

/** The complete text of `bulkhead_abi.h` (deterministic: the same definitions give the same bytes). */
export function abiHeaderText(): string {
  const results = resultConstants();
  return [
    '/*',
    ' * bulkhead_abi.h: the Bulkhead guest ABI (hypercall numbers = SVC immediates, result codes in r0,',
    ' * VM states, reserved virtual interrupts, limits) and one SVC wrapper and one typed wrapper per',
    " * hypercall. GENERATED by cli/build/generate/abi-header.ts from firmware/abi/hypercalls.ts and the core's",
    ' * virq.ts, vcan/ and limits.ts. Do not edit; do not commit. The constants are usable from C and',
    ' * from assembly, the wrappers from C.',
    ' * Follows: docs/HYPERCALLS.md (register ABI: arguments r0-r3, result r0, values r1-r3); ARM DDI',
    ' * 0406C A8.8.228 (SVC: the immediate is part of the instruction); AAPCS (IHI 0042) 5.1.1.',
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
    '/*',
    ' * The instruction of a hypercall: SVC for a guest in USR mode (Armv7-R, hypervisor at PL1), HVC for',
    ' * a guest at EL1 (Armv8-R, hypervisor at EL2). The guest build defines BH_HYPERCALL_HVC for a board',
    ' * whose CPU takes hypercalls by HVC (cli/build/guest.ts). Assembly writes `BH_HYPERCALL #number`.',
    ' */',
    '#if defined(BH_HYPERCALL_HVC)',
    '#define BH_HYPERCALL             hvc',
    '#define BH_HYPERCALL_INSTRUCTION "hvc"',
    '#else',
    '#define BH_HYPERCALL             svc',
    '#define BH_HYPERCALL_INSTRUCTION "svc"',
    '#endif',
    '',
    '#ifndef __ASSEMBLER__',
    ...registerTypes(),
    '',
    ...resultNameFunction(results),
    '',
    '/* One SVC wrapper and one typed wrapper per hypercall. */',
    '',
    ...[...HYPERCALLS].sort((a, b) => a.number - b.number).flatMap(callWrapperLines),
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
