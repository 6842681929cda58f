// The validator's checks of a VM's virtual-CAN access: transmit and receive filters (identifier ranges,
// count), filters only with a bus, and the receive queue depth.
import {
  CAN_EXTENDED_ID_MAX,
  CAN_STANDARD_ID_MAX,
  MAX_CAN_FILTERS,
  MAX_CAN_RX_DEPTH,
  MIN_CAN_RX_DEPTH,
} from './limits.ts';
import type { CanFilter, SystemDescription, VmDescription } from './types.ts';
import { hex } from './errors.ts';
import { arrayAt, checkInteger, type ErrorSink, show } from './validate-sink.ts';

export function checkCanFilters(
  sink: ErrorSink,
  filters: readonly CanFilter[],
  path: string,
  what: string,
): void {
  if (filters.length > MAX_CAN_FILTERS)
    sink.add(path, `${filters.length} ${what} filters; at most ${MAX_CAN_FILTERS} are allowed`);
  filters.forEach((filter, index) => {
    const filterPath = `${path}[${index}]`;
    if (typeof filter.extended !== 'boolean') {
      sink.add(
        `${filterPath}.extended`,
        `must be true (29-bit identifiers) or false (11-bit) (got ${show(filter.extended)})`,
      );
      return;
    }
    const max = filter.extended ? CAN_EXTENDED_ID_MAX : CAN_STANDARD_ID_MAX;
    const kind = filter.extended ? '29-bit' : '11-bit';
    for (const field of ['match', 'mask'] as const) {
      const value = filter[field];
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
        sink.add(`${filterPath}.${field}`, `${field} must be a non-negative integer (got ${show(value)})`);
      } else if (value > max) {
        sink.add(
          `${filterPath}.${field}`,
          `${field} ${hex(value, { digits: 0 })} exceeds the ${kind} identifier range (max ${hex(max, { digits: 0 })})`,
        );
      }
    }
  });
}

export function checkCan(sink: ErrorSink, vm: VmDescription, vmPath: string, desc: SystemDescription): void {
  const tx = arrayAt(sink, `${vmPath}.canTx`, vm.canTx);
  const rx = arrayAt(sink, `${vmPath}.canRx`, vm.canRx);
  checkCanFilters(sink, tx, `${vmPath}.canTx`, 'transmit');
  checkCanFilters(sink, rx, `${vmPath}.canRx`, 'receive');
  if (desc.vcanUart === -1) {
    if (tx.length > 0)
      sink.add(
        `${vmPath}.canTx`,
        `VM '${vm.name}' has CAN filters but the system has no virtual CAN bus (vcanUart -1)`,
      );
    if (rx.length > 0)
      sink.add(
        `${vmPath}.canRx`,
        `VM '${vm.name}' has CAN filters but the system has no virtual CAN bus (vcanUart -1)`,
      );
  }
  const depthPath = `${vmPath}.canRxDepth`;
  if (rx.length === 0) {
    if (vm.canRxDepth !== 0)
      sink.add(
        depthPath,
        `receive depth ${show(vm.canRxDepth)} without receive filters; use 0 (no receive queue)`,
      );
  } else {
    checkInteger(
      sink,
      depthPath,
      vm.canRxDepth,
      MIN_CAN_RX_DEPTH,
      MAX_CAN_RX_DEPTH,
      'virtual-CAN receive depth (frames)',
    );
  }
}
