// Generates the core's ABI enums, firmware/core/hypercall-numbers.ts (TypeScript subset, committed):
// the ABI version, `enum Hypercall` (the SVC immediates) and `HYPERCALL_COUNT`, `enum HvResult` (result
// codes in r0), `enum VmStatusPage` and `enum VmState`, each member with its meaning from
// firmware/abi/hypercalls.ts.
import { docComment, formatAs, generatedNotice } from './format.ts';
import {
  ABI_VERSION,
  HYPERCALLS,
  RESULT_CODES,
  VM_STATES,
  VM_STATUS_PAGES,
  type AbiEnumMember,
} from '../../../firmware/abi/hypercalls.ts';

/** Repository path of the generated module. */
export const NUMBERS_MODULE = 'firmware/core/hypercall-numbers.ts';

function enumBlock(doc: string, name: string, members: readonly AbiEnumMember[]): string[] {
  return [
    ...docComment(doc),
    `export enum ${name} {`,
    ...members.flatMap((m) => [...docComment(m.doc, '  '), `  ${m.name} = ${m.value},`]),
    '}',
    '',
  ];
}

/** The text of firmware/core/hypercall-numbers.ts. */
export async function numbersModuleText(): Promise<string> {
  const calls: AbiEnumMember[] = HYPERCALLS.map((h) => ({ name: h.name, value: h.number, doc: h.summary }));
  const results: AbiEnumMember[] = RESULT_CODES.map((r) => ({
    name: r.name,
    value: r.value,
    doc: r.meaning.charAt(0).toUpperCase() + r.meaning.slice(1) + '.',
  }));
  const text = [
    `// ${generatedNotice('cli/build/generate/hypercall-numbers.ts')}`,
    '// Hypercall numbers (the SVC immediate), result codes, `VmStatus` pages and VM states: the guest ABI',
    '// (docs/HYPERCALLS.md). Arguments arrive in r0..r3; the result code is returned in r0 and values in',
    '// r1..r3. Numbers are stable: new calls get new numbers, existing ones never change meaning.',
    '',
    '/** ABI version returned by `Version` (major << 16 | minor). */',
    `export const HYPERCALL_ABI_VERSION = 0x${ABI_VERSION.toString(16).padStart(8, '0')};`,
    '',
    ...enumBlock('Hypercall numbers: the SVC immediate.', 'Hypercall', calls),
    '/** One past the highest hypercall number. */',
    `export const HYPERCALL_COUNT = ${Math.max(...HYPERCALLS.map((h) => h.number)) + 1};`,
    '',
    ...enumBlock('Result codes in r0.', 'HvResult', results),
    ...enumBlock(
      'What `VmStatus` returns, chosen by r1 (0 before the counters page existed, so older callers get the first page). r1 holds the VM state on every page.',
      'VmStatusPage',
      VM_STATUS_PAGES,
    ),
    ...enumBlock(
      'The state of a VM, as `VmStatus` reports it in r1 (`firmware/core/partition.ts` keeps it).',
      'VmState',
      VM_STATES,
    ),
  ].join('\n');
  return formatAs(NUMBERS_MODULE, text);
}
