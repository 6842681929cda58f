// Trace: a ring buffer of hypervisor events (slot switches, hypercalls, interrupts, faults, health
// actions, port operations, plan switches, upcalls), each stamped with the tick, streamed as text lines
// on the trace UART at the end of every hypervisor entry. The line format is documented in
// docs/ARCHITECTURE.md, "Trace format": `@tttttttt K vv aaaaaaaa bbbbbbbb\n` (lower-case hex).
import { checkIndex, mul, rem, u32, u8 } from '../../transpiler/runtime/index.ts';
import { now } from './clock.ts';
import { NO_UART } from './tables.ts';
import { TRACE_RING_EVENTS, TRACE_RING_WORDS } from './limits.ts';
import { portUartPutByte } from '../port/uart.ts';

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

/** Words per event in the ring: tick, kind, vm, a, b. */
const EVENT_WORDS = 5;

const ring: Uint32Array = new Uint32Array(TRACE_RING_WORDS);
/** Events ever recorded. */
let recorded: u32 = 0;
/** Events streamed (or skipped as lost) so far. */
let streamed: u32 = 0;
/** Events overwritten before they were streamed. */
let lost: u32 = 0;
let traceUart: u32 = NO_UART;

/** Empties the ring and selects the UART the stream goes to (`NO_UART`: none). */
export function traceReset(uart: u32): void {
  recorded = 0;
  streamed = 0;
  lost = 0;
  traceUart = uart;
}

/** Records one event. */
export function traceEvent(kind: TraceKind, vm: u32, a: u32, b: u32): void {
  if (u32(recorded - streamed) >= TRACE_RING_EVENTS) {
    streamed = u32(streamed + 1);
    lost = u32(lost + 1);
  }
  const base = u32(mul(remU32(recorded), EVENT_WORDS));
  ring[checkIndex(base, ring.length)] = now();
  ring[checkIndex(u32(base + 1), ring.length)] = u32(kind);
  ring[checkIndex(u32(base + 2), ring.length)] = vm;
  ring[checkIndex(u32(base + 3), ring.length)] = a;
  ring[checkIndex(u32(base + 4), ring.length)] = b;
  recorded = u32(recorded + 1);
}

function remU32(sequence: u32): u32 {
  return u32(rem(sequence, TRACE_RING_EVENTS));
}

/** Events ever recorded. */
export function traceRecorded(): u32 {
  return recorded;
}

/** Events lost because the ring overflowed before they were streamed. */
export function traceLost(): u32 {
  return lost;
}

/** Word `word` (0 tick, 1 kind, 2 vm, 3 a, 4 b) of event number `sequence`, which must be one of the
 *  last `TRACE_RING_EVENTS` recorded. */
export function traceWord(sequence: u32, word: u32): u32 {
  const base = u32(mul(remU32(sequence), EVENT_WORDS));
  return ring[checkIndex(u32(base + word), ring.length)];
}

const ASCII_AT: u8 = 0x40;
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
    default:
      return 0x3f; // ?
  }
}

function putHex(value: u32, digits: u32): void {
  let shift: u32 = u32(mul(u32(digits - 1), 4));
  for (let i: u32 = 0; i < digits; i++) {
    const nibble = u8((value >>> shift) & 0xf);
    portUartPutByte(traceUart, nibble < 10 ? u8(ASCII_ZERO + nibble) : u8(ASCII_LOWER_A + u8(nibble - 10)));
    shift = u32(shift - 4);
  }
}

/** Streams every recorded event not yet streamed to the trace UART (nothing when there is none). */
export function traceFlush(): void {
  while (streamed !== recorded) {
    if (traceUart !== NO_UART) {
      portUartPutByte(traceUart, ASCII_AT);
      putHex(traceWord(streamed, 0), 8);
      portUartPutByte(traceUart, ASCII_SPACE);
      portUartPutByte(traceUart, traceLetter(traceWord(streamed, 1)));
      portUartPutByte(traceUart, ASCII_SPACE);
      putHex(traceWord(streamed, 2), 2);
      portUartPutByte(traceUart, ASCII_SPACE);
      putHex(traceWord(streamed, 3), 8);
      portUartPutByte(traceUart, ASCII_SPACE);
      putHex(traceWord(streamed, 4), 8);
      portUartPutByte(traceUart, ASCII_NEWLINE);
    }
    streamed = u32(streamed + 1);
  }
}
