// diag: the diagnostic guest of the demo system (systems/demo.ts), first version, in the TS subset.
// It joins the virtual CAN bus and answers UDS TesterPresent on 0x7E0/0x7DF with 0x7E8
// (tester-present.ts), prints the vehicle speed from the `vehicle_status` sampling port once per
// second and every fault the control guest reports on the `control_faults` queuing port. It sleeps in
// WaitEvent between events: a CAN frame (VIRQ_VCAN), a port message (VIRQ_PORT) or its 1 s virtual
// timer (VIRQ_TIMER); without an upcall handler, WaitEvent returns and consumes the pending mask.
import { u32, u8 } from '../../transpiler/runtime/index.ts';
import { HvResult } from '../../firmware/core/hypercall-numbers.ts';
import {
  bhCanReceive,
  bhCanSend,
  bhConsoleWrite,
  bhConsoleWriteBytes,
  bhQueuingReceive,
  bhSamplingRead,
  bhTimerSet,
  bhVirqEnable,
  bhWaitEvent,
} from '../sdk/ts/bulkhead.ts';
import { testerPresentRespond, UDS_RESPONSE_ID } from './tester-present.ts';
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
/** Port indices in systems/demo.ts (declaration order; the Node test checks them). */
export const VEHICLE_STATUS_PORT = 0;
export const CONTROL_FAULTS_PORT = 1;
/** Report period in ticks (1 s at the demo's 1 ms tick). */
export const REPORT_PERIOD_TICKS = 1000;

/** Bit 31 of the frame record's identifier word: 29-bit identifier. */
const CAN_ID_EXTENDED = 0x80000000;
/** Bit 30: remote frame. */
const CAN_ID_REMOTE = 0x40000000;
const ASCII_NEWLINE: u8 = 0x0a;

const events: Uint32Array = new Uint32Array(1);
const values: Uint32Array = new Uint32Array(3);
const record: Uint8Array = new Uint8Array(16);
const requestData: Uint8Array = new Uint8Array(8);
const response: Uint8Array = new Uint8Array(8);
const status: Uint8Array = new Uint8Array(VEHICLE_STATUS_BYTES);
const fault: Uint8Array = new Uint8Array(CONTROL_FAULT_BYTES);
const digits: Uint8Array = new Uint8Array(16);
const newline: Uint8Array = new Uint8Array(1);

function wordAt(offset: u32): u32 {
  return u32(
    u32(record[offset & 15]) |
      u32(u32(record[u32(offset + 1) & 15]) << 8) |
      u32(u32(record[u32(offset + 2) & 15]) << 16) |
      u32(u32(record[u32(offset + 3) & 15]) << 24),
  );
}

function responseWord(offset: u32): u32 {
  return u32(
    u32(response[offset & 7]) |
      u32(u32(response[u32(offset + 1) & 7]) << 8) |
      u32(u32(response[u32(offset + 2) & 7]) << 16) |
      u32(u32(response[u32(offset + 3) & 7]) << 24),
  );
}

function printDecimal(value: u32): void {
  bhConsoleWriteBytes(digits, writeDecimal(value, digits));
}

function printCentis(value: u32): void {
  bhConsoleWriteBytes(digits, writeCentis(value, digits));
}

function endLine(): void {
  newline[0] = ASCII_NEWLINE;
  bhConsoleWriteBytes(newline, 1);
}

/** Answers every frame queued for this VM (standard data frames only). */
function serveBus(): void {
  while (bhCanReceive(record, values) === u32(HvResult.Ok)) {
    const idWord = wordAt(0);
    if (u32(idWord & u32(CAN_ID_EXTENDED | CAN_ID_REMOTE)) !== 0) {
      continue;
    }
    for (let i: u32 = 0; i < 8; i++) {
      requestData[i] = record[u32(i + 8) & 15];
    }
    const dlc = testerPresentRespond(idWord, wordAt(4), requestData, response);
    if (dlc !== 0) {
      const sent = bhCanSend(UDS_RESPONSE_ID, dlc, responseWord(0), responseWord(4));
      if (sent !== u32(HvResult.Ok)) {
        bhConsoleWrite('diag: response refused, code ');
        printDecimal(sent);
        endLine();
      }
    }
  }
}

/** Prints every fault message waiting on `control_faults`. */
function printFaults(): void {
  while (bhQueuingReceive(CONTROL_FAULTS_PORT, fault, values) === u32(HvResult.Ok)) {
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

export function main(): void {
  bhConsoleWrite('diag: UDS TesterPresent on 0x7E0/0x7DF, responses on 0x7E8\n');
  bhVirqEnable(DIAG_VIRQ_VCAN);
  bhVirqEnable(DIAG_VIRQ_PORT);
  bhVirqEnable(DIAG_VIRQ_TIMER);
  bhTimerSet(REPORT_PERIOD_TICKS, REPORT_PERIOD_TICKS);
  for (;;) {
    events[0] = 0;
    bhWaitEvent(events);
    serveBus();
    printFaults();
    if (u32(events[0] & u32(1 << DIAG_VIRQ_TIMER)) !== 0) {
      printStatus();
    }
  }
}
