// The DTC store of the diagnostic guest: records (3-byte DTC + ISO 14229-1 D.2 status byte) kept in the
// retained store, fed by the hypervisor's fault log (health-monitor events, DTC 0xB1vvee) and by the
// control guest's `control_faults` messages (DTC 0xC100cc); the fault log is read from the sequence
// number saved with the DTCs, so after a restart of this guest nothing is counted twice or missed; a
// log shorter than that number means the hypervisor itself restarted (a new operation cycle).
// ControlDTCSetting off (0x85 02) stops status updates. Numbering and bits: docs/UDS.md. TS subset.
import { bool, loadU32LE, u32, u8 } from '../../../transpiler/runtime/index.ts';
import { HvResult } from '../../../firmware/core/hypercall-numbers.ts';
import { bhFaultLogRead } from '../../sdk/ts/bulkhead.ts';
import { DTC_STORE_CAPACITY, FAULT_LOG_READS_PER_PASS } from './config.ts';
import {
  retainedGet,
  retainedSave,
  retainedSet,
  WORD_DTC_BASE,
  WORD_DTC_COUNT,
  WORD_DTC_DROPPED,
  WORD_NEXT_FAULT_SEQUENCE,
} from './retained.ts';

/** Status bits (ISO 14229-1 D.2). */
export const STATUS_TEST_FAILED = 0x01;
export const STATUS_TEST_FAILED_THIS_CYCLE = 0x02;
export const STATUS_PENDING = 0x04;
export const STATUS_CONFIRMED = 0x08;
export const STATUS_TEST_FAILED_SINCE_CLEAR = 0x20;
/** Every bit but testFailed. */
const TEST_FAILED_CLEAR_MASK = 0xfffffffe;
/** Every bit but testFailedThisOperationCycle. */
const THIS_CYCLE_CLEAR_MASK = 0xfffffffd;
/** Bits this server supports (DTCStatusAvailabilityMask). */
export const DTC_AVAILABILITY_MASK = 0x2f;
/** Bits a detected fault sets. */
export const STATUS_ON_FAULT = 0x2f;

/** DTC of health-monitor event `event` of VM `vm`: 0xB10000 | vm << 8 | event. */
export const DTC_HEALTH_BASE = 0xb10000;
/** DTC of control-guest fault code `code`: 0xC10000 | code. */
export const DTC_CONTROL_BASE = 0xc10000;
/** Control fault codes: 1 sensor timeout … 6 link errors; 4 reports the sensor recovered. */
export const CONTROL_FAULT_SENSOR_TIMEOUT = 1;
export const CONTROL_FAULT_SENSOR_RECOVERED = 4;
export const CONTROL_FAULT_CODE_COUNT = 6;

/** Fault-log entry: 24 bytes, little-endian words (docs/HYPERCALLS.md). */
const FAULT_ENTRY_BYTES = 24;
const FAULT_WORD_SEQUENCE = 0;
const FAULT_WORD_WHO = 2;

/** Module-level so the C array is word-aligned, as FaultLogRead requires. */
const faultEntry: Uint8Array = new Uint8Array(FAULT_ENTRY_BYTES);
const faultValues: Uint32Array = new Uint32Array(3);
let settingEnabled: bool = true;

/** Back to the state after a start: DTC setting on (records stay in the retained store). */
export function dtcStoreInit(): void {
  settingEnabled = true;
}

/** ControlDTCSetting: on (true) or off. */
export function dtcSetting(enabled: bool): void {
  settingEnabled = enabled;
}

export function dtcSettingEnabled(): bool {
  return settingEnabled;
}

/** Records in use. */
export function dtcCount(): u32 {
  const count = retainedGet(WORD_DTC_COUNT);
  return count <= DTC_STORE_CAPACITY ? count : DTC_STORE_CAPACITY;
}

/** DTC of record `index`. */
export function dtcAt(index: u32): u32 {
  return u32(retainedGet(u32(WORD_DTC_BASE + index)) >>> 8);
}

/** Status byte of record `index`. */
export function dtcStatusAt(index: u32): u32 {
  return u32(retainedGet(u32(WORD_DTC_BASE + index)) & 0xff);
}

/** Status byte of `dtc` (0 when it has no record). */
export function dtcStatusOf(dtc: u32): u32 {
  const count = dtcCount();
  for (let i: u32 = 0; i < DTC_STORE_CAPACITY; i++) {
    if (i < count && dtcAt(i) === dtc) {
      return dtcStatusAt(i);
    }
  }
  return 0;
}

/** Faults not stored because the store was full. */
export function dtcDropped(): u32 {
  return retainedGet(WORD_DTC_DROPPED);
}

/** A test of `dtc` failed: sets STATUS_ON_FAULT in its record (created if needed). Returns false when
 *  nothing changed (setting off, store full). The caller saves the retained store. */
function markFailed(dtc: u32): bool {
  if (!settingEnabled) {
    return false;
  }
  const count = dtcCount();
  for (let i: u32 = 0; i < DTC_STORE_CAPACITY; i++) {
    if (i < count && dtcAt(i) === dtc) {
      const word = u32(WORD_DTC_BASE + i);
      retainedSet(word, u32(retainedGet(word) | STATUS_ON_FAULT));
      return true;
    }
  }
  if (count >= DTC_STORE_CAPACITY) {
    retainedSet(WORD_DTC_DROPPED, u32(retainedGet(WORD_DTC_DROPPED) + 1));
    return true;
  }
  retainedSet(u32(WORD_DTC_BASE + count), u32(u32(u32(dtc & 0xffffff) << 8) | STATUS_ON_FAULT));
  retainedSet(WORD_DTC_COUNT, u32(count + 1));
  return true;
}

/** A test of `dtc` passed: clears testFailed (the other bits stay until ClearDTC). */
function markPassed(dtc: u32): bool {
  if (!settingEnabled) {
    return false;
  }
  const count = dtcCount();
  for (let i: u32 = 0; i < DTC_STORE_CAPACITY; i++) {
    if (i < count && dtcAt(i) === dtc) {
      const word = u32(WORD_DTC_BASE + i);
      retainedSet(word, u32(retainedGet(word) & TEST_FAILED_CLEAR_MASK));
      return true;
    }
  }
  return false;
}

/** A `control_faults` message with fault code `code` arrived. */
export function dtcControlFault(code: u8): void {
  let changed: bool = false;
  if (u32(code) === CONTROL_FAULT_SENSOR_RECOVERED) {
    changed = markPassed(u32(DTC_CONTROL_BASE | CONTROL_FAULT_SENSOR_TIMEOUT));
  } else {
    changed = markFailed(u32(DTC_CONTROL_BASE | u32(code)));
  }
  if (changed) {
    retainedSave();
  }
}

/** ClearDiagnosticInformation (all groups): removes every record. */
export function dtcClearAll(): void {
  for (let i: u32 = 0; i < DTC_STORE_CAPACITY; i++) {
    retainedSet(u32(WORD_DTC_BASE + i), 0);
  }
  retainedSet(WORD_DTC_COUNT, 0);
  retainedSet(WORD_DTC_DROPPED, 0);
  retainedSave();
}

/** A new operation cycle (the hypervisor restarted): the fault log is read from its start again and
 *  testFailedThisOperationCycle is cleared in every record. */
function newOperationCycle(): void {
  retainedSet(WORD_NEXT_FAULT_SEQUENCE, 0);
  const count = dtcCount();
  for (let i: u32 = 0; i < DTC_STORE_CAPACITY; i++) {
    if (i < count) {
      const word = u32(WORD_DTC_BASE + i);
      retainedSet(word, u32(retainedGet(word) & THIS_CYCLE_CLEAR_MASK));
    }
  }
  retainedSave();
}

/** Reads new entries of the hypervisor's fault log (at most FAULT_LOG_READS_PER_PASS) into DTCs.
 *  Entries overwritten before they could be read are counted as dropped. Returns entries read. */
export function dtcPollFaultLog(): u32 {
  let read: u32 = 0;
  while (read < FAULT_LOG_READS_PER_PASS) {
    const wanted = retainedGet(WORD_NEXT_FAULT_SEQUENCE);
    const result = bhFaultLogRead(wanted, faultEntry, faultValues);
    if (result === u32(HvResult.Empty) && faultValues[0] < wanted) {
      // The hypervisor logged fewer entries than we already read: it started afresh while the
      // retained area kept its content (a new operation cycle).
      newOperationCycle();
      break;
    }
    if (result !== u32(HvResult.Ok)) {
      break;
    }
    const sequence = loadU32LE(faultEntry, FAULT_WORD_SEQUENCE * 4);
    if (sequence < wanted) {
      break;
    }
    if (sequence > wanted) {
      retainedSet(WORD_DTC_DROPPED, u32(retainedGet(WORD_DTC_DROPPED) + u32(sequence - wanted)));
    }
    const who = loadU32LE(faultEntry, FAULT_WORD_WHO * 4);
    const vm = u32(who & 0xff);
    const event = u32(u32(who >>> 8) & 0xff);
    markFailed(u32(u32(DTC_HEALTH_BASE | u32(vm << 8)) | event));
    retainedSet(WORD_NEXT_FAULT_SEQUENCE, u32(sequence + 1));
    retainedSave();
    read = u32(read + 1);
  }
  return read;
}
