// Trace: a ring of fixed-size hypervisor event records (slot switches, hypercalls, interrupts, faults,
// health actions, port operations, plan switches, upcalls, VM state changes), each stamped with the tick
// and the PMU cycles since the tick began (24 bits; `traceTickStart` notes the count at each tick). The
// system description's trace filter (`SystemTables.traceKindMask`, `traceVmMask`, `traceHypercallMask`,
// copied at `traceReset`) is applied first: a record it excludes is neither written nor counted. Recording is all an exception path does (a few stores, no
// I/O). The stream is drained outside every exception path: by the idle thread (`traceDrainIdle`, at
// most `TRACE_DRAIN_BYTES_PER_TICK` bytes per tick) as text lines on the trace UART, documented in
// docs/ARCHITECTURE.md "Trace format": `@tttttttt.cccccc K vv aaaaaaaa bbbbbbbb\n` (lower-case hex).
//
// The ring has one producer (the hypervisor's entry points, which run to completion with interrupts
// masked) and one consumer (the idle thread, which those entry points interrupt). The producer only
// advances `recorded` and never overwrites an event the consumer has not streamed. The ring is shared
// out: each VM, and the hypervisor for its own records (slot switches, applied plan switches, events
// against no VM), may hold at most an equal share of it unstreamed, so no VM's records can crowd out
// another's or the schedule's. A record whose writer's share is full is dropped and counted against
// that writer, and the writer's next record that finds room for two is preceded by a `Lost` record
// carrying its count, so a gap is always visible in the stream where and for whom it happened.
import { arrayOf, checkIndex, div, u32, u8 } from '../../transpiler/runtime/index.ts';
import { VmIndex } from './domain.ts';
import { now } from './clock.ts';
import { NO_UART } from './tables.ts';
import { MAX_VMS, NO_VM, TRACE_DRAIN_BYTES_PER_TICK, TRACE_RING_EVENTS } from './limits.ts';
import { systemTables } from './system.ts';
import { portUartPutByte, portUartTxRoom } from '../port/uart.ts';
import { portReadCycles } from '../port/cpu.ts';

export enum TraceKind {
  /** vm = new slot owner (ff: idle gap); a = window index; b = plan index. */
  SlotSwitch = 0,
  /** vm = caller; a = hypercall number; b = result code. */
  Hypercall = 1,
  /** vm = VM the interrupt was routed to (ff: none); a = interrupt ID; b = virtual interrupt. */
  Irq = 2,
  /** vm = faulting VM; a = health event; b = address (or detail). */
  Fault = 3,
  /** vm = VM acted on; a = health action; b = restart count after the action. */
  HealthAction = 4,
  /** vm = VM; a = port index | operation << 16; b = length or result code. */
  Port = 5,
  /** vm = requesting VM (ff: applied at the frame boundary); a = plan index; b = 0 requested, 1 applied. */
  PlanSwitch = 6,
  /** vm = VM; a = virtual interrupt delivered; b = handler address. */
  Upcall = 7,
  /** vm = VM; a = new state (VmState); b = 0. */
  VmState = 8,
  /** vm = the writer whose events were dropped (ff: the hypervisor's own records); a = its events
   *  dropped since its previous record (its share of the ring was full); b = its events dropped in all. */
  Lost = 9,
}

/** Port operations in `TraceKind.Port` events. */
export enum PortOp {
  SamplingWrite = 1,
  SamplingRead = 2,
  QueuingSend = 3,
  QueuingReceive = 4,
  /** b = destination VM whose queue was full. */
  Overflow = 5,
}

/** Words per record in the ring: tick, kind | vm << 4 | cycles into the tick << 8, a, b. The VM field
 *  has 4 bits: VM indexes are below `MAX_VMS` and `NO_VM` (0xff) keeps its low bits, `RECORD_NO_VM`. */
const RECORD_WORDS = 4;
const RECORD_NO_VM: u32 = 0xf;
/** `TRACE_RING_EVENTS` is a power of two: a sequence number masked by this is its ring slot. */
const SLOT_MASK = TRACE_RING_EVENTS - 1;
/** Bytes of one streamed text line: `@`, 8 digits, `.`, 6 digits, space, letter, space, 2 digits,
 *  space, 8 digits, space, 8 digits, newline. */
export const TRACE_LINE_BYTES = 40;

const ring: Uint32Array = new Uint32Array(TRACE_RING_EVENTS * RECORD_WORDS);
/** Writers of the ring: each VM, and (index `MAX_VMS`) the hypervisor. */
const TRACE_WRITERS = MAX_VMS + 1;
const HYPERVISOR_WRITER = MAX_VMS;
/** Records ever written (producer). */
let recorded: u32 = 0;
/** Records streamed (consumer). */
let streamed: u32 = 0;
/** One writer's counters. `put` and `streamed` have one writer each (producer, consumer), so the two
 *  sides need no lock; their difference is what the writer holds in the ring. */
export class TraceWriter {
  /** Records written (producer). */
  put: u32 = 0;
  /** Records streamed (consumer). */
  streamed: u32 = 0;
  /** Events dropped because the writer's share was full, in all and since its last `Lost` record
   *  (producer). */
  lost: u32 = 0;
  pendingLost: u32 = 0;
}

const writers: TraceWriter[] = arrayOf(TRACE_WRITERS, () => new TraceWriter());
/** VMs of the system (at most `MAX_VMS`): a record naming a VM index at or above it is the hypervisor's. */
let vmWriters: u32 = 0;
/** Records one writer may hold unstreamed: the ring shared equally by the system's VMs and the
 *  hypervisor. */
let share: u32 = TRACE_RING_EVENTS;
let traceUart: u32 = NO_UART;
/** The trace filter of the system tables. */
let kindMask: u32 = 0;
let vmMask: u32 = 0;
let hypercallMask: u32 = 0;
/** Bit k set: the filter may exclude records of `TraceKind` k (`traceWanted` decides); clear: all kept. */
let filteredKinds: u32 = 0;
const ALL_BITS: u32 = 0xffffffff;
/** PMU cycle count at the start of the current tick. */
let tickStartCycles: u32 = 0;
/** Largest sub-tick stamp (the record's 24-bit field). */
const SUBTICK_MAX: u32 = 0xffffff;
/** Tick whose drain budget `budgetLeft` is (consumer). */
let budgetTick: u32 = 0;
let budgetLeft: u32 = 0;

/** Empties the ring, shares it out among the system's VMs and the hypervisor, and selects the UART the
 *  stream goes to (`NO_UART`: none). */
export function traceReset(uart: u32): void {
  recorded = 0;
  streamed = 0;
  for (let i: u32 = 0; i < writers.length; i++) {
    const w = writers[i];
    w.put = 0;
    w.streamed = 0;
    w.lost = 0;
    w.pendingLost = 0;
  }
  let vms = systemTables().vms.length;
  if (vms > MAX_VMS) {
    vms = MAX_VMS;
  }
  vmWriters = vms;
  share = u32(div(TRACE_RING_EVENTS, u32(vms + 1)));
  traceUart = uart;
  const tables = systemTables();
  kindMask = tables.traceKindMask;
  vmMask = tables.traceVmMask;
  hypercallMask = tables.traceHypercallMask;
  filteredKinds = u32(~kindMask);
  const allVms = u32(u32(u32(1) << vms) - 1);
  if (u32(vmMask & allVms) !== allVms) {
    filteredKinds = u32(filteredKinds | u32(~u32(u32(1) << u32(TraceKind.SlotSwitch))));
  }
  if (hypercallMask !== ALL_BITS) {
    filteredKinds = u32(filteredKinds | u32(u32(1) << u32(TraceKind.Hypercall)));
  }
  tickStartCycles = portReadCycles();
  budgetTick = now();
  budgetLeft = TRACE_DRAIN_BYTES_PER_TICK;
}

/** Notes the PMU cycle count at the start of a tick (the tick handler, right after the clock advanced):
 *  the origin of the records' sub-tick stamps. */
export function traceTickStart(): void {
  tickStartCycles = portReadCycles();
}

/** The writer a record counts against: the hypervisor for slot switches and records naming no VM of
 *  the system, else the VM it names. The consumer applies the same rule to the records it streams. */
function writerOf(kind: u32, vm: VmIndex): u32 {
  if (kind === u32(TraceKind.SlotSwitch) || vm >= vmWriters) {
    return HYPERVISOR_WRITER;
  }
  return vm;
}

function put(kind: u32, vm: VmIndex, a: u32, b: u32, w: TraceWriter): void {
  const base = u32(u32(recorded & SLOT_MASK) * RECORD_WORDS);
  const vmField = u32(vm & RECORD_NO_VM);
  let subTick = u32(portReadCycles() - tickStartCycles);
  if (subTick > SUBTICK_MAX) {
    subTick = SUBTICK_MAX;
  }
  ring[checkIndex(base, ring.length)] = now();
  ring[checkIndex(u32(base + 1), ring.length)] = u32(
    u32(u32(kind & 0xf) | u32(vmField << 4)) | u32(subTick << 8),
  );
  ring[checkIndex(u32(base + 2), ring.length)] = a;
  ring[checkIndex(u32(base + 3), ring.length)] = b;
  w.put = u32(w.put + 1);
  recorded = u32(recorded + 1);
}

/** True when the trace filter keeps a record of `kind` naming `vm` with first word `a`: its kind is
 *  selected, a record naming a VM of the system names a selected one (slot switches are kept for every
 *  owner), and a hypercall record's call is selected (numbers from 32 are always kept). */
function traceWanted(kind: u32, vm: VmIndex, a: u32): boolean {
  if (u32(kindMask & u32(u32(1) << kind)) === 0) {
    return false;
  }
  if (vm < vmWriters && kind !== u32(TraceKind.SlotSwitch) && u32(vmMask & u32(u32(1) << vm)) === 0) {
    return false;
  }
  return kind !== u32(TraceKind.Hypercall) || a >= 32 || u32(hypercallMask & u32(u32(1) << a)) !== 0;
}

/** Records one event, unless the trace filter excludes it, or drops and counts it when its writer's
 *  share of the ring is full (see the file header). */
export function traceEvent(kind: TraceKind, vm: VmIndex, a: u32, b: u32): void {
  // The trace filter first: one test for the kinds it can exclude nothing of.
  if (u32(filteredKinds & u32(u32(1) << u32(kind))) !== 0 && !traceWanted(u32(kind), vm, a)) {
    return;
  }
  const writer = writerOf(u32(kind), vm);
  const w = writers[checkIndex(writer, writers.length)];
  const held = u32(w.put - w.streamed);
  const pending = w.pendingLost;
  if ((pending !== 0 && u32(held + 2) > share) || held >= share) {
    w.pendingLost = u32(pending + 1);
    w.lost = u32(w.lost + 1);
    return;
  }
  if (pending !== 0) {
    put(u32(TraceKind.Lost), writer === HYPERVISOR_WRITER ? NO_VM : writer, pending, w.lost, w);
    w.pendingLost = 0;
  }
  put(u32(kind), vm, a, b, w);
}

/** Records ever written to the ring (events and `Lost` records). */
export function traceRecorded(): u32 {
  return recorded;
}

/** Records not streamed yet. */
export function tracePending(): u32 {
  return u32(recorded - streamed);
}

/** Events dropped because their writer's share of the ring was full, all writers together. */
export function traceLost(): u32 {
  let total: u32 = 0;
  for (let i: u32 = 0; i < writers.length; i++) {
    total = u32(total + writers[i].lost);
  }
  return total;
}

/** Events of VM `vm` (`NO_VM`: the hypervisor's own) dropped because its share was full. */
export function traceLostOf(vm: VmIndex): u32 {
  return writers[checkIndex(vm < MAX_VMS ? vm : HYPERVISOR_WRITER, writers.length)].lost;
}

/** Records one writer may hold unstreamed in the ring. */
export function traceShare(): u32 {
  return share;
}

/** Word `word` (0 tick, 1 kind, 2 vm (`NO_VM` for none), 3 a, 4 b, 5 cycles into the tick) of record
 *  number `sequence`, which must be one of the last `TRACE_RING_EVENTS` recorded. */
export function traceWord(sequence: u32, word: u32): u32 {
  const base = u32(u32(sequence & SLOT_MASK) * RECORD_WORDS);
  if (word === 0) {
    return ring[checkIndex(base, ring.length)];
  }
  const packed = ring[checkIndex(u32(base + 1), ring.length)];
  if (word === 1) {
    return u32(packed & 0xf);
  }
  if (word === 2) {
    const vmField = u32(u32(packed >>> 4) & 0xf);
    return vmField === RECORD_NO_VM ? NO_VM : vmField;
  }
  if (word === 5) {
    return u32(packed >>> 8);
  }
  return ring[checkIndex(u32(base + u32(word - 1)), ring.length)];
}

const ASCII_AT: u8 = 0x40;
const ASCII_DOT: u8 = 0x2e;
const ASCII_SPACE: u8 = 0x20;
const ASCII_NEWLINE: u8 = 0x0a;
const ASCII_ZERO: u8 = 0x30;
const ASCII_LOWER_A: u8 = 0x61;

/** The letter of an event kind in the text stream. */
export function traceLetter(kind: u32): u8 {
  switch (kind) {
    case 0:
      return 0x53; // S
    case 1:
      return 0x48; // H
    case 2:
      return 0x49; // I
    case 3:
      return 0x46; // F
    case 4:
      return 0x41; // A
    case 5:
      return 0x50; // P
    case 6:
      return 0x4c; // L
    case 7:
      return 0x55; // U
    case 8:
      return 0x56; // V
    case 9:
      return 0x58; // X
    default:
      return 0x3f; // ?
  }
}

function putHex(value: u32, digits: u32): void {
  let shift: u32 = u32(u32(digits - 1) * 4);
  for (let i: u32 = 0; i < digits; i++) {
    const nibble = u8((value >>> shift) & 0xf);
    portUartPutByte(traceUart, nibble < 10 ? u8(ASCII_ZERO + nibble) : u8(ASCII_LOWER_A + u8(nibble - 10)));
    shift = u32(shift - 4);
  }
}

/** Streams the oldest unstreamed record as one text line. The record is read before the slot is
 *  released (`streamed` advances last), so the producer cannot reuse it meanwhile. */
function streamOne(): void {
  const tick = traceWord(streamed, 0);
  const kind = traceWord(streamed, 1);
  const vm = traceWord(streamed, 2);
  const a = traceWord(streamed, 3);
  const b = traceWord(streamed, 4);
  const cycles = traceWord(streamed, 5);
  if (traceUart !== NO_UART) {
    portUartPutByte(traceUart, ASCII_AT);
    putHex(tick, 8);
    portUartPutByte(traceUart, ASCII_DOT);
    putHex(cycles, 6);
    portUartPutByte(traceUart, ASCII_SPACE);
    portUartPutByte(traceUart, traceLetter(kind));
    portUartPutByte(traceUart, ASCII_SPACE);
    putHex(vm, 2);
    portUartPutByte(traceUart, ASCII_SPACE);
    putHex(a, 8);
    portUartPutByte(traceUart, ASCII_SPACE);
    putHex(b, 8);
    portUartPutByte(traceUart, ASCII_NEWLINE);
  }
  const w = writers[checkIndex(writerOf(kind, vm), writers.length)];
  w.streamed = u32(w.streamed + 1);
  streamed = u32(streamed + 1);
}

/** The idle thread's share of the stream: streams records while this tick's budget of
 *  `TRACE_DRAIN_BYTES_PER_TICK` bytes lasts (a new tick renews it) and the trace UART's transmit ring
 *  has room for a whole line. Runs in thread mode with interrupts
 *  enabled; never called from an exception path. Returns the records still waiting. */
export function traceDrainIdle(): u32 {
  const tick = now();
  if (tick !== budgetTick) {
    budgetTick = tick;
    budgetLeft = TRACE_DRAIN_BYTES_PER_TICK;
  }
  while (streamed !== recorded && budgetLeft >= TRACE_LINE_BYTES && roomForLine()) {
    streamOne();
    budgetLeft = u32(budgetLeft - TRACE_LINE_BYTES);
  }
  return u32(recorded - streamed);
}

/** True when the trace UART's transmit ring takes a whole line now (or there is no trace UART). */
function roomForLine(): boolean {
  return traceUart === NO_UART || portUartTxRoom(traceUart) >= TRACE_LINE_BYTES;
}

/** Streams every record not yet streamed, without a budget, as far as the trace UART's transmit ring
 *  has room (the idle thread streams the rest): for the boot thread when the hypervisor refuses to
 *  start, and for hosts (the Node simulation) that read the whole stream. */
export function traceFlush(): void {
  while (streamed !== recorded && roomForLine()) {
    streamOne();
  }
}
