// Generates a guest's linker script from its VM's description: code (`.text`, `.rodata`, the load copy
// of `.data`) from the VM's entry address to the end of the executable area holding it; `.data` and
// `.bss` at the start of the writable area holding the stack top; the stack as the last
// `stackBytes` below the stack top the hypervisor loads into sp; `.noinit` (data crt0 leaves alone,
// so it survives a warm restart) after `.bss`. crt0 (section `.text.bh_start`) is
// placed first, so the entry address of the description is the ELF's entry. When one `rwx` area holds
// both, code, data and stack share it in that order. Every placement is also checked by the linker
// (ASSERTs), so a guest that outgrows its areas fails to link with a message naming the area.
// Follows: GNU ld manual ch. 3 (MEMORY, SECTIONS, AT>, LOADADDR, ASSERT).
import { hex } from '../../../firmware/config/errors.ts';
import type { MemoryArea, VmDescription } from '../../../firmware/config/types.ts';

/** Default stack reserved below the VM's stack top. */
export const DEFAULT_STACK_BYTES = 4096;

/** A guest placement that cannot work: names the VM field at fault. */
export class GuestLayoutError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GuestLayoutError';
  }
}

/** Where the guest's parts go, derived from the VM's areas. */
export interface GuestLayout {
  vm: string;
  entry: number;
  stackTop: number;
  stackBytes: number;
  /** Area holding the entry (executable). */
  codeArea: MemoryArea;
  /** Area holding the stack (writable); also holds `.data` and `.bss`. */
  dataArea: MemoryArea;
  /** Code, data and stack share one `rwx` area. */
  shared: boolean;
  /** [base, end) of the code placement (from the entry). */
  code: { base: number; end: number };
  /** [base, end) of `.data` + `.bss` (when `shared`, the same range as the code: they follow it). */
  data: { base: number; end: number };
  /** [base, end) of the stack. */
  stack: { base: number; end: number };
}

const lowerHex = (value: number): string => hex(value, { lower: true });

function contains(area: MemoryArea, address: number, allowEnd: boolean): boolean {
  const end = area.base + area.size;
  return address >= area.base && (address < end || (allowEnd && address === end));
}

/** Computes the layout of VM `vm`'s guest; throws `GuestLayoutError` naming the field at fault. */
export function guestLayout(vm: VmDescription, stackBytes: number = DEFAULT_STACK_BYTES): GuestLayout {
  if (!Number.isInteger(stackBytes) || stackBytes <= 0 || stackBytes % 8 !== 0) {
    throw new GuestLayoutError(
      `VM '${vm.name}': stack size ${stackBytes} must be a positive multiple of 8 bytes`,
    );
  }
  if (vm.entry % 2 !== 0) {
    throw new GuestLayoutError(
      `vms['${vm.name}'].entry: ${lowerHex(vm.entry)} selects Thumb state; SDK guests are built in ARM state (word-aligned entry)`,
    );
  }
  const codeArea = vm.memory.find((a) => a.access.includes('x') && contains(a, vm.entry, false));
  if (codeArea === undefined) {
    throw new GuestLayoutError(
      `vms['${vm.name}'].entry: ${lowerHex(vm.entry)} is not inside an executable memory area`,
    );
  }
  const dataArea = vm.memory.find(
    (a) => a.access.includes('w') && a.base < vm.stackTop && contains(a, vm.stackTop, true),
  );
  if (dataArea === undefined) {
    throw new GuestLayoutError(
      `vms['${vm.name}'].stackTop: ${lowerHex(vm.stackTop)} is not inside or at the end of a writable memory area`,
    );
  }
  const stackBase = vm.stackTop - stackBytes;
  if (stackBase < dataArea.base) {
    throw new GuestLayoutError(
      `vms['${vm.name}'].stackTop: a ${stackBytes}-byte stack below ${lowerHex(vm.stackTop)} does not fit in area '${dataArea.name}'`,
    );
  }
  const shared = codeArea === dataArea;
  if (shared && vm.entry >= stackBase) {
    throw new GuestLayoutError(
      `vms['${vm.name}'].entry: ${lowerHex(vm.entry)} lies at or above the stack (${lowerHex(stackBase)}) in area '${codeArea.name}'`,
    );
  }
  const code = { base: vm.entry, end: shared ? stackBase : codeArea.base + codeArea.size };
  const data = { base: shared ? vm.entry : dataArea.base, end: stackBase };
  return {
    vm: vm.name,
    entry: vm.entry,
    stackTop: vm.stackTop,
    stackBytes,
    codeArea,
    dataArea,
    shared,
    code,
    data,
    stack: { base: stackBase, end: vm.stackTop },
  };
}

/** The linker script text for `layout` (deterministic). */
export function linkerScriptText(layout: GuestLayout): string {
  const codeRegion = layout.shared ? 'GUEST_IMAGE' : 'GUEST_CODE';
  const dataRegion = layout.shared ? 'GUEST_IMAGE' : 'GUEST_DATA';
  const memory = layout.shared
    ? [
        `    GUEST_IMAGE (rwx) : ORIGIN = ${lowerHex(layout.code.base)}, LENGTH = ${lowerHex(layout.code.end - layout.code.base)}`,
      ]
    : [
        `    GUEST_CODE  (rx)  : ORIGIN = ${lowerHex(layout.code.base)}, LENGTH = ${lowerHex(layout.code.end - layout.code.base)}`,
        `    GUEST_DATA  (rw)  : ORIGIN = ${lowerHex(layout.data.base)}, LENGTH = ${lowerHex(layout.data.end - layout.data.base)}`,
      ];
  return [
    '/*',
    ` * Guest linker script for VM '${layout.vm}'. GENERATED by cli/build/generate/guest-linker-script.ts from the system`,
    ' * description; do not edit.',
    ` *   code  ${lowerHex(layout.code.base)}..${lowerHex(layout.code.end)}  area '${layout.codeArea.name}' (entry first)`,
    layout.shared
      ? ` *   data  follows the code in the same area`
      : ` *   data  ${lowerHex(layout.data.base)}..${lowerHex(layout.data.end)}  area '${layout.dataArea.name}'`,
    ` *   stack ${lowerHex(layout.stack.base)}..${lowerHex(layout.stack.end)}  area '${layout.dataArea.name}' (sp = stack top)`,
    ' * Follows: GNU ld manual ch. 3 "Linker Scripts".',
    ' */',
    'ENTRY(bh_start)',
    '',
    'MEMORY',
    '{',
    ...memory,
    `    GUEST_STACK (rw)  : ORIGIN = ${lowerHex(layout.stack.base)}, LENGTH = ${lowerHex(layout.stackBytes)}`,
    '}',
    '',
    'SECTIONS',
    '{',
    '    .text :',
    '    {',
    '        KEEP(*(.text.bh_start))',
    '        *(.text .text.*)',
    '        *(.glue_7 .glue_7t .vfp11_veneer .v4_bx)',
    `    } > ${codeRegion}`,
    '',
    '    .rodata : ALIGN(8)',
    '    {',
    '        *(.rodata .rodata.*)',
    `    } > ${codeRegion}`,
    '',
    '    .ARM.exidx : ALIGN(4)',
    '    {',
    '        *(.ARM.exidx .ARM.exidx.*)',
    `    } > ${codeRegion}`,
    '',
    '    .data : ALIGN(8)',
    '    {',
    '        __bh_data_start = .;',
    '        *(.data .data.*)',
    '        . = ALIGN(4);',
    '        __bh_data_end = .;',
    `    } > ${dataRegion} AT> ${codeRegion}`,
    '    __bh_data_load = LOADADDR(.data);',
    '',
    '    .bss (NOLOAD) : ALIGN(8)',
    '    {',
    '        __bh_bss_start = .;',
    '        *(.bss .bss.* COMMON)',
    '        . = ALIGN(4);',
    '        __bh_bss_end = .;',
    `    } > ${dataRegion}`,
    '',
    '    .noinit (NOLOAD) : ALIGN(8)',
    '    {',
    '        *(.noinit .noinit.*)',
    `    } > ${dataRegion}`,
    '',
    '    .stack (NOLOAD) :',
    '    {',
    '        __bh_stack_bottom = .;',
    `        . += ${lowerHex(layout.stackBytes)};`,
    '        __bh_stack_top = .;',
    '    } > GUEST_STACK',
    '',
    '    /DISCARD/ :',
    '    {',
    '        *(.note.GNU-stack .comment)',
    '    }',
    '}',
    '',
    `ASSERT(bh_start == ${lowerHex(layout.entry)}, "crt0 (bh_start) must sit at the entry address of VM '${layout.vm}'")`,
    `ASSERT(__bh_stack_top == ${lowerHex(layout.stackTop)}, "the stack must end at the stack top of VM '${layout.vm}'")`,
    '',
  ].join('\n');
}
