// Generates the core's hypercall dispatch, firmware/core/hypercall-dispatch.ts (TypeScript subset,
// committed): one `case` per row of firmware/abi/hypercalls.ts that decodes the call's arguments from
// r0..r3 into typed locals, calls its handler and notes the call's pointer argument; one shared tail
// after the switch writes the returned result code to r0 and records the outcome. A call whose table
// row says otherwise (no reply after a replaced context, no hypercall record after an Ok its port
// record covers) returns from its case on that result instead, and a hot call (the table's `hot`: no
// ABI violation among its results) replies and writes its trace record in its case. Unassigned numbers
// are `UnknownCall`.
// Nothing else: there is no case for a number the table does not assign. The results that raise
// `bad-hypercall`, and those that report the pointer with it, come from the table's result codes.
import { formatAs, generatedNotice } from './format.ts';
import {
  ADDRESS_RESULTS,
  HYPERCALLS,
  RESULT_CODES,
  pointerArgument,
  type AbiType,
  type HypercallSpec,
} from '../../../firmware/abi/hypercalls.ts';

/** Repository path of the generated module. */
export const DISPATCH_MODULE = 'firmware/core/hypercall-dispatch.ts';

/** The core's domain type (firmware/core/domain.ts) for a register type. */
export const DOMAIN_TYPES: Record<AbiType, string> = {
  u32: 'u32',
  vm: 'VmIndex',
  port: 'PortIndex',
  virq: 'Virq',
  plan: 'PlanIndex',
  ticks: 'Ticks',
  address: 'GuestAddress',
  code: 'GuestAddress',
};

/** Whether result code `name` means the guest broke the ABI (a `bad-hypercall` health event follows). */
function isViolation(name: string): boolean {
  return RESULT_CODES.find((r) => r.name === name)?.violation === true;
}

/** The record of a result that is no ABI violation: its hypercall trace record alone (what
 *  `hypercallRecord` does for it). The shared tail keeps the one call of `hypercallRecord`. */
const TRACE_RECORD = 'traceEvent(TraceKind.Hypercall, vm, call, u32(result));';

/** What call `spec` does instead of the shared reply-and-record tail of the dispatch, unless `unless`
 *  holds (null: always): no r0 write after a replaced context, no hypercall record after an Ok its port
 *  record covers; a hot call replies and writes its trace record in its own case, so the tail's
 *  violation check is not on its path. Null: the call always takes the tail. */
function ownTail(spec: HypercallSpec): { unless: string | null; lines: string[] } | null {
  if (isViolation('Ok')) throw new Error('result Ok cannot be an ABI violation');
  const reply = 'ctx.r[0] = u32(result);';
  if (spec.hot === true) {
    if (spec.noReply !== undefined || spec.trace !== 'hypercall' || spec.results.some(isViolation))
      throw new Error(
        `hypercall ${spec.name}: a hot call always gets its reply and its record, and returns no ABI violation`,
      );
    return { unless: null, lines: [reply, TRACE_RECORD] };
  }
  if (spec.noReply === 'ok') return { unless: 'result !== HvResult.Ok', lines: [TRACE_RECORD] };
  if (spec.noReply === 'ok-self')
    return { unless: 'result !== HvResult.Ok || target !== vm', lines: [TRACE_RECORD] };
  if (spec.trace === 'port-record-on-ok') return { unless: 'result !== HvResult.Ok', lines: [reply] };
  return null;
}

function caseLines(spec: HypercallSpec): string[] {
  const decode = spec.args.map((a, i) => `const ${a.name}: ${DOMAIN_TYPES[a.type]} = ctx.r[${i}];`);
  const params = ['vm', ...spec.args.map((a) => a.name), ...(spec.handler.context ? ['ctx'] : [])];
  const pointer = pointerArgument(spec)?.name;
  const own = ownTail(spec);
  const toTail = [...(pointer === undefined ? [] : [`pointer = ${pointer};`]), 'break;'];
  return [
    `case u32(Hypercall.${spec.name}): {`,
    ...decode,
    `result = ${spec.handler.name}(${params.join(', ')});`,
    ...(own === null
      ? toTail
      : [
          ...(own.unless === null ? [] : [`if (${own.unless}) {`, ...toTail, '}']),
          ...own.lines,
          'return result;',
        ]),
    '}',
  ];
}

function importLines(): string[] {
  const byModule = new Map<string, Set<string>>();
  const add = (module: string, name: string): void => {
    const names = byModule.get(module) ?? new Set<string>();
    names.add(name);
    byModule.set(module, names);
  };
  add('../../transpiler/runtime/index.ts', 'u32');
  for (const spec of HYPERCALLS) {
    add(spec.handler.module, spec.handler.name);
    for (const arg of spec.args) {
      if (arg.type !== 'u32') add('./domain.ts', DOMAIN_TYPES[arg.type]);
    }
  }
  add('./domain.ts', 'VmIndex');
  add('./domain.ts', 'GuestAddress');
  add('./hypercall-numbers.ts', 'Hypercall');
  add('./hypercall-numbers.ts', 'HvResult');
  add('./health.ts', 'healthRaise');
  add('./limits.ts', 'NO_VM');
  add('./tables.ts', 'HealthEvent');
  add('./trace.ts', 'TraceKind');
  add('./trace.ts', 'traceEvent');
  add('./system.ts', 'isVm');
  add('./vcpu-context.ts', 'VcpuContext');
  const order = (m: string): string =>
    m.startsWith('../../') ? `0${m}` : m.startsWith('./vcan') ? `2${m}` : `1${m}`;
  return [...byModule.entries()]
    .sort(([a], [b]) => order(a).localeCompare(order(b)))
    .map(([module, names]) => `import { ${[...names].sort().join(', ')} } from '${module}';`);
}

/** The text of firmware/core/hypercall-dispatch.ts. */
export async function dispatchModuleText(): Promise<string> {
  const text = [
    `// ${generatedNotice('cli/build/generate/hypercall-dispatch.ts')}`,
    '// Hypercall dispatch: decodes the call number (the SVC immediate) and the arguments in r0..r3 of the',
    "// caller's saved context as the hypercall table lists them, runs the call's handler, writes the result",
    "// code it returns to r0 (not when the call replaced the caller's context: an upcall return, a restart",
    '// of the caller itself) and records the outcome: a hypercall trace record, and for a result that means',
    "// the guest broke the ABI a `bad-hypercall` health event (address: the call's pointer argument for an",
    "// address result, else 0; detail: number | result << 16). Handlers write the call's values to r1..r3.",
    '// The reply and the record are one tail after the switch; a call that skips part of it on a result',
    '// (no reply after a replaced context, no hypercall record for an Ok its port record covers) returns',
    '// from its case, as does a hot call (the null call, a yield, a queue poll), which replies in its case.',
    '// Where the result cannot be an ABI violation (a hot call, an Ok) the record is the trace record alone.',
    ...importLines(),
    '',
    '/** True for results that mean the guest broke the ABI (a `bad-hypercall` health event follows). */',
    'function isAbiViolation(result: HvResult): boolean {',
    `return ${RESULT_CODES.filter((r) => r.violation === true)
      .map((r) => `result === HvResult.${r.name}`)
      .join(' || ')};`,
    '}',
    '',
    '/** True for violations about a pointer argument: the `bad-hypercall` event reports the pointer. */',
    'function isAddressResult(result: HvResult): boolean {',
    `return ${ADDRESS_RESULTS.map((r) => `result === HvResult.${r}`).join(' || ')};`,
    '}',
    '',
    '/** Records call `call` of VM `vm` with its hypercall trace record and raises `bad-hypercall` when',
    " *  `result` is an ABI violation (`pointer`: the call's pointer argument, 0 when it has none). */",
    'function hypercallRecord(vm: VmIndex, call: u32, result: HvResult, pointer: GuestAddress): void {',
    'traceEvent(TraceKind.Hypercall, vm, call, u32(result));',
    'if (isAbiViolation(result)) {',
    'const address = isAddressResult(result) ? pointer : 0;',
    'healthRaise(vm, HealthEvent.BadHypercall, address, u32(call | u32(u32(result) << 16)));',
    '}',
    '}',
    '',
    '/** Runs hypercall `call` (the SVC immediate: any number; unassigned ones are `UnknownCall`) for VM `vm`',
    ' *  on its saved context `ctx`. Returns the result code. */',
    'export function hypercallDispatch(vm: VmIndex, call: u32, ctx: VcpuContext): HvResult {',
    'if (!isVm(vm)) {',
    'healthRaise(NO_VM, HealthEvent.InternalError, 0, call);',
    'return HvResult.UnknownCall;',
    '}',
    'let result: HvResult = HvResult.UnknownCall;',
    'let pointer: GuestAddress = 0;',
    'switch (call) {',
    ...[...HYPERCALLS].sort((a, b) => a.number - b.number).flatMap(caseLines),
    'default: {',
    'break;',
    '}',
    '}',
    'ctx.r[0] = u32(result);',
    'hypercallRecord(vm, call, result, pointer);',
    'return result;',
    '}',
    '',
  ].join('\n');
  return formatAs(DISPATCH_MODULE, text);
}
