// Inter-VM ports, ARINC 653 style, copy-based through the hypervisor's port pool. Sampling ports keep
// the latest message with its length and timestamp; a reader gets its age and whether it is still
// valid (age within the refresh period). Queuing ports keep one bounded FIFO per destination; a send
// that finds a destination queue full is counted in that queue's overflow counter, traced and reported
// to the sender: never silent. Each delivered message raises `VIRQ_PORT` at the destination.
import { arrayOf, checkIndex, mul, u16, u32, u8 } from '../../transpiler/runtime/index.ts';
import { GuestAddress, PortIndex, VmIndex } from './domain.ts';
import { now, ticksSince } from './clock.ts';
import { checkGuestRange } from './guest-access.ts';
import { HvResult } from './hypercall-numbers.ts';
import { MAX_PORTS, MAX_VMS, NO_VM, PORT_POOL_BYTES, QUEUE_STATE_ENTRIES } from './limits.ts';
import { QUEUE_SLOT_HEADER, portPoolBytes, queueBytes, queueSlotStride } from './port-layout.ts';
import { systemTables } from './system.ts';
import { AREA_READ, AREA_WRITE, PortEntry, PortKind } from './tables.ts';
import { PortOp, TraceKind, traceEvent } from './trace.ts';
import { VcpuContext } from './vcpu-context.ts';
import { VIRQ_PORT, virqRaise } from './virq.ts';
import { portCopyFromGuest, portCopyToGuest } from '../port/memory.ts';

export class SamplingState {
  written: boolean = false;
  length: u32 = 0;
  timestamp: u32 = 0;
  writes: u32 = 0;
}

const pool: Uint8Array = new Uint8Array(PORT_POOL_BYTES);
const sampling: SamplingState[] = arrayOf(MAX_PORTS, () => new SamplingState());
/** Per (port, destination VM), at `queueIndex`: index of the oldest message, messages queued, overflows,
 *  and the pool offset of that destination's queue (fixed by the tables, computed at `portsReset`). */
const queueHead: Uint16Array = new Uint16Array(QUEUE_STATE_ENTRIES);
const queueCount: Uint16Array = new Uint16Array(QUEUE_STATE_ENTRIES);
const queueOverflow: Uint32Array = new Uint32Array(QUEUE_STATE_ENTRIES);
const queueBase: Uint32Array = new Uint32Array(QUEUE_STATE_ENTRIES);

/** Empties every port and places each queuing destination's queue in the pool (at `hvInit`, once the
 *  tables are known): destinations in ascending VM order, one `queueBytes` block each. */
export function portsReset(): void {
  for (let i: u32 = 0; i < sampling.length; i++) {
    const s = sampling[i];
    s.written = false;
    s.length = 0;
    s.timestamp = 0;
    s.writes = 0;
  }
  for (let i: u32 = 0; i < queueHead.length; i++) {
    queueHead[i] = 0;
    queueCount[i] = 0;
    queueOverflow[i] = 0;
    queueBase[i] = 0;
  }
  const tables = systemTables();
  const ports: u32 = tables.ports.length < MAX_PORTS ? tables.ports.length : MAX_PORTS;
  for (let port: PortIndex = 0; port < ports; port = u32(port + 1)) {
    const entry = tables.ports[checkIndex(port, tables.ports.length)];
    if (entry.kind === PortKind.Queuing) {
      const perQueue = queueBytes(entry.maxMessageSize, entry.depth);
      let offset: u32 = entry.bufferOffset;
      for (let vm: VmIndex = 0; vm < MAX_VMS; vm = u32(vm + 1)) {
        if (u32(entry.destinations & u32(1 << vm)) !== 0) {
          queueBase[checkIndex(queueIndex(port, vm), queueBase.length)] = offset;
          offset = u32(offset + perQueue);
        }
      }
    }
  }
}

/** Checks that every port's storage fits the pool; returns the index of the first port that does not,
 *  or the port count when all fit. */
export function firstPortOutsidePool(): u32 {
  const tables = systemTables();
  for (let i: u32 = 0; i < tables.ports.length; i++) {
    const port = tables.ports[checkIndex(i, tables.ports.length)];
    const bytes = portPoolBytes(port.kind, port.maxMessageSize, port.depth, destinationCount(port));
    if (port.bufferOffset > PORT_POOL_BYTES || bytes > u32(PORT_POOL_BYTES - port.bufferOffset)) {
      return i;
    }
  }
  return tables.ports.length;
}

/** Number of destinations of `port`. */
export function destinationCount(port: PortEntry): u32 {
  let count: u32 = 0;
  for (let vm: VmIndex = 0; vm < MAX_VMS; vm++) {
    if (u32(port.destinations & u32(1 << vm)) !== 0) {
      count = u32(count + 1);
    }
  }
  return count;
}

/** Position of VM `vm` among the destinations of `port` (ascending VM order), or `NO_VM` when it is not
 *  a destination. */
export function destinationOrdinal(port: PortEntry, vm: VmIndex): u32 {
  if (vm >= MAX_VMS || u32(port.destinations & u32(1 << vm)) === 0) {
    return NO_VM;
  }
  let ordinal: u32 = 0;
  for (let other: u32 = 0; other < vm; other = u32(other + 1)) {
    if (u32(port.destinations & u32(1 << (other & 31))) !== 0) {
      ordinal = u32(ordinal + 1);
    }
  }
  return ordinal;
}

/** Index of the queue state of destination VM `vm` (< `MAX_VMS`) on `port`. */
function queueIndex(port: PortIndex, vm: VmIndex): u32 {
  return u32(u32(mul(port, MAX_VMS)) + vm);
}

/** True when VM `vm` is one of the destinations of `port`. */
function isDestination(port: PortEntry, vm: VmIndex): boolean {
  return vm < MAX_VMS && u32(port.destinations & u32(1 << vm)) !== 0;
}

function portAt(port: PortIndex): PortEntry {
  const tables = systemTables();
  return tables.ports[checkIndex(port, tables.ports.length)];
}

/** Word `a` of a `TraceKind.Port` record: the port index and the operation (trace.ts). */
function portRecord(port: PortIndex, op: PortOp): u32 {
  return u32(port | u32(u32(op) << 16));
}

/** Validates the port index and kind. */
function checkPort(port: PortIndex, kind: PortKind): HvResult {
  const tables = systemTables();
  if (port >= tables.ports.length) {
    return HvResult.BadPort;
  }
  if (tables.ports[checkIndex(port, tables.ports.length)].kind !== kind) {
    return HvResult.BadPort;
  }
  return HvResult.Ok;
}

/** A slot's length word is little-endian and a length is at most the port's `maxMessageSize`, which
 *  `hvInit` has checked to fit the port pool (`PORT_POOL_BYTES` < 2^16): only its two low bytes ever
 *  carry bits. The two high bytes are zero from reset and are never written (the pool
 *  is written only at message positions and by `writeLength`), so a length is stored and loaded as its
 *  two low bytes. */
function writeLength(offset: u32, length: u32): void {
  pool[checkIndex(offset, pool.length)] = u8(length);
  pool[checkIndex(u32(offset + 1), pool.length)] = u8(length >>> 8);
}

function readLength(offset: u32): u32 {
  const low = u32(pool[checkIndex(offset, pool.length)]);
  return u32(low | u32(u32(pool[checkIndex(u32(offset + 1), pool.length)]) << 8));
}

/** Checks a write by VM `vm` to `port` of `kind`: the port exists and has that kind, `vm` is its source,
 *  the message fits, and `length` bytes at `address` are readable in the caller's own areas. */
function checkSourceWrite(
  vm: VmIndex,
  port: PortIndex,
  kind: PortKind,
  address: GuestAddress,
  length: u32,
): HvResult {
  const valid = checkPort(port, kind);
  if (valid !== HvResult.Ok) {
    return valid;
  }
  const entry = portAt(port);
  if (entry.source !== vm) {
    return HvResult.NotPermitted;
  }
  if (length > entry.maxMessageSize) {
    return HvResult.BadLength;
  }
  return checkGuestRange(vm, address, length, AREA_READ);
}

/** `SamplingWrite`: VM `vm` (the source) replaces the port's message with `length` bytes at `address`. */
export function samplingWrite(vm: VmIndex, port: PortIndex, address: GuestAddress, length: u32): HvResult {
  const valid = checkSourceWrite(vm, port, PortKind.Sampling, address, length);
  if (valid !== HvResult.Ok) {
    return valid;
  }
  const entry = portAt(port);
  portCopyFromGuest(pool, entry.bufferOffset, address, length);
  const s = sampling[checkIndex(port, sampling.length)];
  s.written = true;
  s.length = length;
  s.timestamp = now();
  s.writes = u32(s.writes + 1);
  traceEvent(TraceKind.Port, vm, portRecord(port, PortOp.SamplingWrite), length);
  for (let dest: VmIndex = 0; dest < MAX_VMS; dest++) {
    if (u32(entry.destinations & u32(1 << dest)) !== 0) {
      virqRaise(dest, VIRQ_PORT);
    }
  }
  return HvResult.Ok;
}

/** `SamplingRead`: VM `vm` (a destination) copies the latest message into `[address, address +
 *  capacity)`. Outputs r1 = length, r2 = age in ticks, r3 = 1 when valid (age within the refresh
 *  period, or no refresh period), else 0. */
export function samplingRead(
  vm: VmIndex,
  port: PortIndex,
  address: GuestAddress,
  capacity: u32,
  ctx: VcpuContext,
): HvResult {
  const valid = checkPort(port, PortKind.Sampling);
  if (valid !== HvResult.Ok) {
    return valid;
  }
  const entry = portAt(port);
  if (!isDestination(entry, vm)) {
    return HvResult.NotPermitted;
  }
  const access = checkGuestRange(vm, address, capacity, AREA_WRITE);
  if (access !== HvResult.Ok) {
    return access;
  }
  const s = sampling[checkIndex(port, sampling.length)];
  if (!s.written) {
    return HvResult.NoMessage;
  }
  if (capacity < s.length) {
    return HvResult.TooSmall;
  }
  portCopyToGuest(address, pool, entry.bufferOffset, s.length);
  const age = ticksSince(s.timestamp);
  ctx.r[1] = s.length;
  ctx.r[2] = age;
  ctx.r[3] = entry.refreshTicks === 0 || age <= entry.refreshTicks ? 1 : 0;
  traceEvent(TraceKind.Port, vm, portRecord(port, PortOp.SamplingRead), s.length);
  return HvResult.Ok;
}

/** `QueuingSend`: VM `vm` (the source) appends `length` bytes at `address` to every destination's queue.
 *  A full queue does not take the message; its overflow counter grows and the result is `Full`. */
export function queuingSend(vm: VmIndex, port: PortIndex, address: GuestAddress, length: u32): HvResult {
  const valid = checkSourceWrite(vm, port, PortKind.Queuing, address, length);
  if (valid !== HvResult.Ok) {
    return valid;
  }
  const entry = portAt(port);
  const stride = queueSlotStride(entry.maxMessageSize);
  const depth = entry.depth;
  let result: HvResult = HvResult.Ok;
  for (let dest: VmIndex = 0; dest < MAX_VMS; dest++) {
    if (u32(entry.destinations & u32(1 << dest)) !== 0) {
      const q = queueIndex(port, dest);
      const count = u32(queueCount[checkIndex(q, queueCount.length)]);
      if (count >= depth) {
        queueOverflow[checkIndex(q, queueOverflow.length)] = u32(
          queueOverflow[checkIndex(q, queueOverflow.length)] + 1,
        );
        result = HvResult.Full;
        traceEvent(TraceKind.Port, vm, portRecord(port, PortOp.Overflow), dest);
      } else {
        // head < depth and count < depth: the tail slot is below 2 * depth, one subtraction wraps it.
        let slot = u32(u32(queueHead[checkIndex(q, queueHead.length)]) + count);
        if (slot >= depth) {
          slot = u32(slot - depth);
        }
        const offset = u32(queueBase[checkIndex(q, queueBase.length)] + u32(mul(stride, slot)));
        writeLength(offset, length);
        portCopyFromGuest(pool, u32(offset + QUEUE_SLOT_HEADER), address, length);
        queueCount[checkIndex(q, queueCount.length)] = u16(count + 1);
        virqRaise(dest, VIRQ_PORT);
      }
    }
  }
  traceEvent(TraceKind.Port, vm, portRecord(port, PortOp.QueuingSend), length);
  return result;
}

/** `QueuingReceive`: VM `vm` (a destination) takes the oldest message of its queue into `[address,
 *  address + capacity)`. Outputs r1 = length, r2 = messages still queued. */
export function queuingReceive(
  vm: VmIndex,
  port: PortIndex,
  address: GuestAddress,
  capacity: u32,
  ctx: VcpuContext,
): HvResult {
  const valid = checkPort(port, PortKind.Queuing);
  if (valid !== HvResult.Ok) {
    return valid;
  }
  const entry = portAt(port);
  if (!isDestination(entry, vm)) {
    return HvResult.NotPermitted;
  }
  const access = checkGuestRange(vm, address, capacity, AREA_WRITE);
  if (access !== HvResult.Ok) {
    return access;
  }
  const q = queueIndex(port, vm);
  const count = u32(queueCount[checkIndex(q, queueCount.length)]);
  if (count === 0) {
    return HvResult.Empty;
  }
  const head = u32(queueHead[checkIndex(q, queueHead.length)]);
  const offset = u32(
    queueBase[checkIndex(q, queueBase.length)] + u32(mul(queueSlotStride(entry.maxMessageSize), head)),
  );
  const length = readLength(offset);
  if (capacity < length) {
    return HvResult.TooSmall;
  }
  portCopyToGuest(address, pool, u32(offset + QUEUE_SLOT_HEADER), length);
  const next = u32(head + 1);
  queueHead[checkIndex(q, queueHead.length)] = u16(next === entry.depth ? 0 : next);
  queueCount[checkIndex(q, queueCount.length)] = u16(count - 1);
  ctx.r[1] = length;
  ctx.r[2] = u32(count - 1);
  traceEvent(TraceKind.Port, vm, portRecord(port, PortOp.QueuingReceive), length);
  return HvResult.Ok;
}

/** `QueuingStatus`: for a destination, r1 = messages in its queue, r2 = its overflow count; for the
 *  source, the sums over all destinations. */
export function queuingStatus(vm: VmIndex, port: PortIndex, ctx: VcpuContext): HvResult {
  const valid = checkPort(port, PortKind.Queuing);
  if (valid !== HvResult.Ok) {
    return valid;
  }
  const entry = portAt(port);
  if (isDestination(entry, vm)) {
    const q = queueIndex(port, vm);
    ctx.r[1] = u32(queueCount[checkIndex(q, queueCount.length)]);
    ctx.r[2] = queueOverflow[checkIndex(q, queueOverflow.length)];
    return HvResult.Ok;
  }
  if (entry.source !== vm) {
    return HvResult.NotPermitted;
  }
  let queued: u32 = 0;
  let overflows: u32 = 0;
  for (let dest: VmIndex = 0; dest < MAX_VMS; dest = u32(dest + 1)) {
    if (u32(entry.destinations & u32(1 << dest)) !== 0) {
      const q = queueIndex(port, dest);
      queued = u32(queued + u32(queueCount[checkIndex(q, queueCount.length)]));
      overflows = u32(overflows + queueOverflow[checkIndex(q, queueOverflow.length)]);
    }
  }
  ctx.r[1] = queued;
  ctx.r[2] = overflows;
  return HvResult.Ok;
}

/** Overflow count of the queue of destination `vm` on `port` (0 when `vm` is not a destination). */
export function queueOverflowCount(port: PortIndex, vm: VmIndex): u32 {
  return isDestination(portAt(port), vm)
    ? queueOverflow[checkIndex(queueIndex(port, vm), queueOverflow.length)]
    : 0;
}

/** Index of the oldest message in the queue of destination `vm` on `port` (0 when `vm` is not a
 *  destination); always below the port's depth. */
export function queueHeadIndex(port: PortIndex, vm: VmIndex): u32 {
  return isDestination(portAt(port), vm)
    ? u32(queueHead[checkIndex(queueIndex(port, vm), queueHead.length)])
    : 0;
}

/** Messages queued for destination `vm` on `port` (0 when `vm` is not a destination). */
export function queueMessageCount(port: PortIndex, vm: VmIndex): u32 {
  return isDestination(portAt(port), vm)
    ? u32(queueCount[checkIndex(queueIndex(port, vm), queueCount.length)])
    : 0;
}
