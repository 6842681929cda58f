// diag: the diagnostic guest of the demo system (systems/demo.ts), in the TS subset. A UDS
// (ISO 14229-1) server over ISO-TP (isotp.ts, ISO 15765-2) on the virtual CAN bus: requests on 0x7E0
// (physical, segmented allowed) and 0x7DF (functional, single frames only), responses on 0x7E8; the
// services are in uds/ (dispatcher.ts). It turns the hypervisor's fault log and the control guest's
// `control_faults` messages into DTCs kept in its retained memory area, prints the vehicle status
// once per second and every control fault as it arrives. It sleeps in WaitEvent between events: a CAN
// frame (VIRQ_VCAN), a port message (VIRQ_PORT) or its virtual timer (VIRQ_TIMER), which runs every
// tick while a transfer or a long routine is in progress and every COARSE_PERIOD_TICKS otherwise.
// `diagStart` and `diagServe` are the whole behaviour; `main` loops over them (the Node harness calls
// them from its simulated VM).
import { bool, u32, u8 } from '../../transpiler/runtime/index.ts';
import { HvResult } from '../../firmware/core/hypercall-numbers.ts';
import {
  bhCanReceive,
  bhCanSend,
  bhConsoleWrite,
  bhConsoleWriteBytes,
  bhQueuingReceive,
  bhSamplingRead,
  bhTicks,
  bhTimerSet,
  bhVirqEnable,
  bhWaitEvent,
} from '../sdk/ts/bulkhead.ts';
import {
  ISOTP_EVENT_NONE,
  ISOTP_EVENT_RX_COMPLETE,
  ISOTP_EVENT_TX_COMPLETE,
  IsoTp,
  IsoTpRxState,
  PCI_SINGLE_FRAME,
} from './isotp.ts';
import {
  CONTROL_FAULTS_PORT,
  SERVER_BLOCK_SIZE,
  SERVER_PADDING,
  SERVER_ST_MIN,
  VEHICLE_STATUS_PORT,
} from './uds/config.ts';
import { serviceSupported, udsHandleRequest, udsInit, udsPoll, udsResponseSent } from './uds/dispatcher.ts';
import { dtcControlFault, dtcPollFaultLog } from './uds/dtc-store.ts';
import { ecuResetDue, ecuResetPerform } from './uds/ecu-reset.ts';
import { UdsResponse } from './uds/protocol.ts';
import { retainedLoad } from './uds/retained.ts';
import { routineRunning } from './uds/routines.ts';
import {
  CONTROL_FAULT_BYTES,
  faultCode,
  faultPeriod,
  faultSpeedCentiKmh,
  statusFaultFlags,
  statusMode,
  statusSetpointCentiKmh,
  statusSpeedCentiKmh,
  VEHICLE_STATUS_BYTES,
  writeCentis,
  writeDecimal,
} from './vehicle-report.ts';

/** Reserved virtual interrupts (docs/HYPERCALLS.md; the Node test checks them against the core). */
export const DIAG_VIRQ_TIMER = 0;
export const DIAG_VIRQ_PORT = 1;
export const DIAG_VIRQ_VCAN = 2;
/** Report period in ticks (1 s at the demo's 1 ms tick). */
export const REPORT_PERIOD_TICKS = 1000;
/** Timer period while nothing is in progress (S3 and security delays need no finer resolution). */
export const COARSE_PERIOD_TICKS = 50;
/** Timer period while a transfer or a long routine is in progress: every tick. */
export const FINE_PERIOD_TICKS = 1;
/** Identifiers of the diagnostic contract (docs/DESIGN.md §5). */
export const UDS_PHYSICAL_REQUEST_ID = 0x7e0;
export const UDS_FUNCTIONAL_REQUEST_ID = 0x7df;
export const UDS_RESPONSE_ID = 0x7e8;
/** ISO-TP N_Bs / N_Cr timeouts of the server (ms). */
const ISOTP_TIMEOUT_MS = 1000;
/** Ticks per millisecond: the demo's tick is 1 ms (`tickMicroseconds: 1000`; a Node test checks it). */
export const TICKS_PER_MS = 1;

/** Bit 31 of the frame record's identifier word: 29-bit identifier. */
const CAN_ID_EXTENDED = 0x80000000;
/** Bit 30: remote frame. */
const CAN_ID_REMOTE = 0x40000000;
const CAN_ID_MASK = 0x7ff;
const ASCII_NEWLINE: u8 = 0x0a;
const ASCII_SPACE: u8 = 0x20;
const ASCII_ZERO = 0x30;
const ASCII_CAPITAL_A = 0x41;
/** Service identifiers are one byte. */
const SID_COUNT = 256;

/** Physical requests and every response. */
const physical: IsoTp = new IsoTp();
/** Functional requests (single frames; its own frames are never sent). */
const functional: IsoTp = new IsoTp();
const response: UdsResponse = new UdsResponse();

const events: Uint32Array = new Uint32Array(1);
const values: Uint32Array = new Uint32Array(3);
/** Module-level so the C array is word-aligned. */
const record: Uint8Array = new Uint8Array(16);
const frameData: Uint8Array = new Uint8Array(8);
const outFrame: Uint8Array = new Uint8Array(8);
const status: Uint8Array = new Uint8Array(VEHICLE_STATUS_BYTES);
const fault: Uint8Array = new Uint8Array(CONTROL_FAULT_BYTES);
const digits: Uint8Array = new Uint8Array(16);
const newline: Uint8Array = new Uint8Array(1);

let lastReport: u32 = 0;
let timerPeriod: u32 = 0;
/** Responses the transport refused (still sending the previous one), frames refused by the bus. */
let responsesDropped: u32 = 0;
let framesRefused: u32 = 0;

function wordAt(offset: u32): u32 {
  return u32(
    u32(record[offset & 15]) |
      u32(u32(record[u32(offset + 1) & 15]) << 8) |
      u32(u32(record[u32(offset + 2) & 15]) << 16) |
      u32(u32(record[u32(offset + 3) & 15]) << 24),
  );
}

function outWord(offset: u32): u32 {
  return u32(
    u32(outFrame[offset & 7]) |
      u32(u32(outFrame[u32(offset + 1) & 7]) << 8) |
      u32(u32(outFrame[u32(offset + 2) & 7]) << 16) |
      u32(u32(outFrame[u32(offset + 3) & 7]) << 24),
  );
}

function printDecimal(value: u32): void {
  bhConsoleWriteBytes(digits, writeDecimal(value, digits));
}

function printCentis(value: u32): void {
  bhConsoleWriteBytes(digits, writeCentis(value, digits));
}

/** ` XX` (upper-case hex) for every service identifier the server has, in ascending order. */
function printServices(): void {
  for (let sid: u32 = 0; sid < SID_COUNT; sid++) {
    if (serviceSupported(sid)) {
      digits[0] = ASCII_SPACE;
      digits[1] = hexDigit(u32(sid >>> 4));
      digits[2] = hexDigit(u32(sid & 0x0f));
      bhConsoleWriteBytes(digits, 3);
    }
  }
}

function hexDigit(nibble: u32): u8 {
  return nibble < 10 ? u8(ASCII_ZERO + nibble) : u8(u32(ASCII_CAPITAL_A + nibble) - 10);
}

function endLine(): void {
  newline[0] = ASCII_NEWLINE;
  bhConsoleWriteBytes(newline, 1);
}

/** Hands the response left by the server to the transport (unless suppressed). */
function sendResponse(): void {
  if (response.suppressed || response.length === 0) {
    return;
  }
  if (!physical.send(response.data, response.length)) {
    responsesDropped = u32(responsesDropped + 1);
  }
}

/** Serves every complete request the two transport endpoints hold. */
function serveRequests(now: u32): void {
  for (let event = physical.nextEvent(); event !== ISOTP_EVENT_NONE; event = physical.nextEvent()) {
    if (event === ISOTP_EVENT_RX_COMPLETE) {
      udsHandleRequest(physical.rxBuffer, physical.rxMessageLength, false, response, now);
      sendResponse();
    } else if (event === ISOTP_EVENT_TX_COMPLETE) {
      udsResponseSent(now);
    }
  }
  for (let event = functional.nextEvent(); event !== ISOTP_EVENT_NONE; event = functional.nextEvent()) {
    if (event === ISOTP_EVENT_RX_COMPLETE) {
      udsHandleRequest(functional.rxBuffer, functional.rxMessageLength, true, response, now);
      sendResponse();
    }
  }
}

/** Takes every frame queued for this VM (standard data frames on the request identifiers). */
function receiveFrames(now: u32): void {
  while (bhCanReceive(record, values) === u32(HvResult.Ok)) {
    const idWord = wordAt(0);
    if (u32(idWord & u32(CAN_ID_EXTENDED | CAN_ID_REMOTE)) !== 0) {
      continue;
    }
    const dlc = wordAt(4);
    for (let i: u32 = 0; i < 8; i++) {
      frameData[i] = record[u32(i + 8) & 15];
    }
    const id = u32(idWord & CAN_ID_MASK);
    if (id === UDS_PHYSICAL_REQUEST_ID) {
      physical.receiveFrame(frameData, dlc, now);
    } else if (
      id === UDS_FUNCTIONAL_REQUEST_ID &&
      dlc !== 0 &&
      u32(frameData[0] >>> 4) === PCI_SINGLE_FRAME
    ) {
      functional.receiveFrame(frameData, dlc, now);
    }
    serveRequests(now);
  }
}

/** Sends every frame the physical endpoint has due; the functional endpoint's are discarded. */
function transmitFrames(now: u32): void {
  for (let dlc = physical.poll(now, outFrame); dlc !== 0; dlc = physical.poll(now, outFrame)) {
    const sent = bhCanSend(UDS_RESPONSE_ID, dlc, outWord(0), outWord(4));
    if (sent !== u32(HvResult.Ok)) {
      framesRefused = u32(framesRefused + 1);
    }
  }
  while (functional.poll(now, outFrame) !== 0) {
    // Flow control for a functional request cannot happen (single frames only); nothing to send.
  }
  serveRequests(now);
}

/** Prints and records every fault message waiting on `control_faults`. */
function takeControlFaults(): void {
  while (bhQueuingReceive(CONTROL_FAULTS_PORT, fault, values) === u32(HvResult.Ok)) {
    dtcControlFault(u8(faultCode(fault)));
    bhConsoleWrite('diag: control fault code ');
    printDecimal(faultCode(fault));
    bhConsoleWrite(' at period ');
    printDecimal(faultPeriod(fault));
    bhConsoleWrite(', speed ');
    printCentis(faultSpeedCentiKmh(fault));
    bhConsoleWrite(' km/h');
    endLine();
  }
}

/** Prints the latest `vehicle_status` message (or why there is none). */
function printStatus(): void {
  const read = bhSamplingRead(VEHICLE_STATUS_PORT, status, values);
  if (read === u32(HvResult.NoMessage)) {
    bhConsoleWrite('diag: no vehicle status yet\n');
    return;
  }
  if (read !== u32(HvResult.Ok)) {
    bhConsoleWrite('diag: vehicle status read failed, code ');
    printDecimal(read);
    endLine();
    return;
  }
  bhConsoleWrite('diag: speed ');
  printCentis(statusSpeedCentiKmh(status));
  bhConsoleWrite(' km/h, set-point ');
  printCentis(statusSetpointCentiKmh(status));
  bhConsoleWrite(' km/h, mode ');
  printDecimal(statusMode(status));
  bhConsoleWrite(', fault flags ');
  printDecimal(statusFaultFlags(status));
  if (values[2] === 0) {
    bhConsoleWrite(' (stale)');
  }
  endLine();
}

/** True while something needs service every tick. */
export function diagBusy(): bool {
  return (
    physical.sending() || physical.rxState === IsoTpRxState.Receiving || routineRunning() || ecuResetDue()
  );
}

/** Start of the guest: transport endpoints configured, retained store loaded (DTCs of the previous
 *  run), server in its initial state. */
export function diagStart(): void {
  const ticksPerMs: u32 = TICKS_PER_MS;
  physical.reset();
  functional.reset();
  physical.configureReceiver(SERVER_BLOCK_SIZE, SERVER_ST_MIN);
  physical.configurePadding(true, SERVER_PADDING);
  physical.configureTiming(ticksPerMs, ISOTP_TIMEOUT_MS, ISOTP_TIMEOUT_MS);
  functional.configurePadding(true, SERVER_PADDING);
  functional.configureTiming(ticksPerMs, ISOTP_TIMEOUT_MS, ISOTP_TIMEOUT_MS);
  const now = bhTicks();
  const valid = retainedLoad();
  udsInit(now, ticksPerMs, now);
  lastReport = now;
  timerPeriod = 0;
  responsesDropped = 0;
  framesRefused = 0;
  bhConsoleWrite('diag: UDS server (ISO 14229-1) on 0x7E0/0x7DF, responses on 0x7E8; services');
  printServices();
  endLine();
  if (!valid) {
    bhConsoleWrite('diag: retained DTC store formatted\n');
  }
}

/** One pass of service at the current tick: bus, ports, fault log, server timers, reports, and a reset
 *  armed by ECUReset once its response has gone out. */
export function diagServe(): void {
  const now = bhTicks();
  receiveFrames(now);
  takeControlFaults();
  dtcPollFaultLog();
  if (udsPoll(response, now)) {
    sendResponse();
  }
  transmitFrames(now);
  if (u32(now - lastReport) >= REPORT_PERIOD_TICKS) {
    lastReport = now;
    printStatus();
  }
  if (ecuResetDue() && !physical.sending()) {
    ecuResetPerform();
  }
}

/** Keeps the virtual timer at the rate the current work needs. */
function pace(): void {
  const period: u32 = diagBusy() ? FINE_PERIOD_TICKS : COARSE_PERIOD_TICKS;
  if (period !== timerPeriod) {
    timerPeriod = period;
    bhTimerSet(period, period);
  }
}

export function main(): void {
  bhVirqEnable(DIAG_VIRQ_VCAN);
  bhVirqEnable(DIAG_VIRQ_PORT);
  bhVirqEnable(DIAG_VIRQ_TIMER);
  diagStart();
  for (;;) {
    pace();
    events[0] = 0;
    bhWaitEvent(events);
    diagServe();
  }
}
