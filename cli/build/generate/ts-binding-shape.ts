// The shape of one TypeScript SDK binding (firmware/abi/hypercalls.ts `TsBinding`): its parameters and
// its C symbol. Shared by the two generators that must agree on it, the TypeScript module
// (ts-sdk.ts) and the C bodies (ts-bindings-c.ts).
import { snakeCase, type HypercallSpec, type TsBinding } from '../../../firmware/abi/hypercalls.ts';

/** A parameter of a binding, with its subset type. */
export interface BindingParam {
  name: string;
  ts: 'u32' | 'cstr' | 'Uint8Array' | 'Uint32Array';
}

/** `bhConsoleWriteBytes` → `bh_ts_console_write_bytes`. */
export function externName(fn: string): string {
  return `bh_ts_${snakeCase(fn.replace(/^bh/, ''))}`;
}

/** The binding's parameters in order. */
export function bindingParams(spec: HypercallSpec, binding: TsBinding): BindingParam[] {
  const bufferAt = spec.args.findIndex((a) => a.type === 'address');
  const leading: BindingParam[] = spec.args.slice(0, bufferAt).map((a) => ({ name: a.name, ts: 'u32' }));
  const values: BindingParam[] = spec.values.length > 0 ? [{ name: 'values', ts: 'Uint32Array' }] : [];
  switch (binding.kind) {
    case 'registers':
      return [
        ...spec.args
          .filter((a) => binding.fixed?.[a.name] === undefined)
          .map((a): BindingParam => ({ name: a.name, ts: 'u32' })),
        ...values,
      ];
    case 'input':
      return [...leading, { name: binding.data, ts: 'Uint8Array' }, { name: 'length', ts: 'u32' }];
    case 'output':
      return [...leading, { name: binding.data, ts: 'Uint8Array' }, ...values];
    case 'sdk':
      return binding.params.map((p) => ({ name: p.name, ts: p.ts }));
  }
}
