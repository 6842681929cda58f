// Generates guests/sdk/src/ts_bindings.c (C11, committed): the C bodies of the `@extern` functions of
// the TypeScript guest SDK (guests/sdk/ts/bulkhead.ts), one per binding of firmware/abi/hypercalls.ts,
// each over the call's SVC wrapper in the generated bulkhead_abi.h (or, for a binding of kind `sdk`,
// over the C SDK function the table names). Prototypes follow the transpiler's extern convention: a
// typed array is (pointer, length); a receive buffer's length is its capacity; values a call returns
// in r1..r3 go to `values[0..]` as far as `values_len` allows.
import { generatedNotice } from './format.ts';
import {
  HYPERCALLS,
  RESULT_CODES,
  snakeCase,
  type HypercallSpec,
  type TsBinding,
} from '../../../firmware/abi/hypercalls.ts';
import { macroCase } from './abi-header.ts';
import { bindingParams, externName, type BindingParam } from './ts-binding-shape.ts';

/** Repository path of the generated file. */
export const TS_BINDINGS_C = 'guests/sdk/src/ts_bindings.c';

function cParams(params: BindingParam[]): string {
  if (params.length === 0) return 'void';
  return params
    .map((p) => {
      const name = snakeCase(p.name);
      switch (p.ts) {
        case 'u32':
          return `uint32_t ${name}`;
        case 'cstr':
          return `const char *${name}`;
        case 'Uint8Array':
          return `uint8_t *${name}, uint32_t ${name}_len`;
        case 'Uint32Array':
          return `uint32_t *${name}, uint32_t ${name}_len`;
      }
    })
    .join(', ');
}

function prototype(binding: TsBinding, spec: HypercallSpec): string {
  return `uint32_t ${externName(binding.fn)}(${cParams(bindingParams(spec, binding))})`;
}

/** The condition under which r1..r3 hold values (table `valuesOn`, default Ok). */
function valuesCondition(spec: HypercallSpec): string {
  return (spec.valuesOn ?? ['Ok']).map((r) => `out.r0 == BH_${macroCase(r)}`).join(' || ');
}

function svc(spec: HypercallSpec, registers: string[]): string {
  const all = [0, 1, 2, 3].map((i) => registers[i] ?? '0u');
  return `bh_svc_${snakeCase(spec.name)}(${all.join(', ')})`;
}

function storeLines(spec: HypercallSpec): string[] {
  return [`    if (${valuesCondition(spec)}) {`, '        store_values(out, values, values_len);', '    }'];
}

function body(spec: HypercallSpec, binding: TsBinding): string[] {
  const bufferAt = spec.args.findIndex((a) => a.type === 'address');
  const leading = spec.args.slice(0, Math.max(bufferAt, 0)).map((a) => snakeCase(a.name));
  const hasCapacity = bufferAt >= 0 && spec.args.length > bufferAt + 1;
  switch (binding.kind) {
    case 'registers': {
      const registers = spec.args.map((a) => {
        const fixed = binding.fixed?.[a.name];
        return fixed === undefined ? snakeCase(a.name) : `${fixed}u`;
      });
      if (spec.values.length === 0) return [`    return ${svc(spec, registers)}.r0;`];
      return [`    bh_regs out = ${svc(spec, registers)};`, ...storeLines(spec), '    return out.r0;'];
    }
    case 'input': {
      const data = snakeCase(binding.data);
      return [
        `    if (length > ${data}_len) {`,
        '        return BH_BAD_LENGTH;',
        '    }',
        `    return ${svc(spec, [...leading, `bh_address(${data})`, 'length'])}.r0;`,
      ];
    }
    case 'output': {
      const data = snakeCase(binding.data);
      if (binding.aligned === undefined) {
        return [
          `    bh_regs out = ${svc(spec, [...leading, `bh_address(${data})`, ...(hasCapacity ? [`${data}_len`] : [])])};`,
          ...storeLines(spec),
          '    return out.r0;',
        ];
      }
      // A byte array need not be word-aligned: the call writes a word-aligned local, copied out after.
      const bytes = binding.aligned;
      return [
        `    uint32_t aligned[${bytes / 4}u];`,
        ...(hasCapacity
          ? [`    uint32_t capacity = ${data}_len < ${bytes}u ? ${data}_len : ${bytes}u;`]
          : []),
        `    bh_regs out = ${svc(spec, [...leading, 'bh_address(aligned)', ...(hasCapacity ? ['capacity'] : [])])};`,
        '    if (out.r0 == BH_OK) {',
        '        const uint8_t *bytes = (const uint8_t *)aligned;',
        `        for (uint32_t i = 0u; i < ${data}_len && i < ${bytes}u; i++) {`,
        `            ${data}[i] = bytes[i];`,
        '        }',
        '    }',
        ...storeLines(spec),
        '    return out.r0;',
      ];
    }
    case 'sdk':
      return [`    return ${binding.c};`];
  }
}

/** The text of guests/sdk/src/ts_bindings.c. */
export function tsBindingsCText(): string {
  const bindings = [...HYPERCALLS]
    .sort((a, b) => a.number - b.number)
    .flatMap((spec) => spec.bindings.map((binding) => ({ spec, binding })));
  // BH_OK is referenced by name, so the table's result codes must have it.
  if (!RESULT_CODES.some((r) => r.name === 'Ok')) throw new Error('no Ok result code');
  return [
    '/*',
    ` * ${generatedNotice('cli/build/generate/ts-bindings-c.ts')}`,
    ' * ts_bindings.c: C implementations of the `@extern` functions of guests/sdk/ts/bulkhead.ts, the',
    ' * hypercall API of guests written in the TypeScript subset. The transpiler passes a typed array as',
    " * (pointer, length); a receive buffer's length is its capacity; values a call returns in r1..r3 go to",
    ' * `values[0..]` as far as `values_len` allows. Each function is one SVC wrapper of bulkhead_abi.h',
    " * or one C SDK function of bulkhead.h. The prototypes are the transpiler's (checked by",
    ' * tests/guests/sdk/ts/ts-sdk.test.ts).',
    ' * Follows: docs/HYPERCALLS.md (registers and results of each call); docs/TS-SUBSET.md (externs).',
    ' */',
    '#include "bulkhead.h"',
    '',
    ...bindings.map(({ spec, binding }) => `${prototype(binding, spec)};`),
    '',
    '/* r1, r2, r3 into values[0], values[1], values[2], as far as values_len allows. */',
    'static void store_values(bh_regs out, uint32_t *values, uint32_t values_len)',
    '{',
    '    const uint32_t registers[3] = {out.r1, out.r2, out.r3};',
    '    for (uint32_t i = 0u; i < values_len && i < 3u; i++) {',
    '        values[i] = registers[i];',
    '    }',
    '}',
    '',
    ...bindings.flatMap(({ spec, binding }) => [
      `/* ${binding.doc.replace(/\*\//g, '* /')} */`,
      prototype(binding, spec),
      '{',
      ...body(spec, binding),
      '}',
      '',
    ]),
  ]
    .join('\n')
    .replace(/\n+$/, '\n');
}
