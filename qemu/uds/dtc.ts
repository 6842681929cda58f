// Job: DTC records of ReadDTCInformation (0x19) responses: 3-byte DTC numbers with the ISO 14229-1
// status byte (annex D.2) decoded into named bits, the diagnostic guest's DTC families (health monitor
// 0xB1vvee, control guest 0xC100cc), and parsing the 0x01 / 0x02 / 0x0A responses.

export const DTC_STATUS_BITS = [
  'testFailed',
  'testFailedThisOperationCycle',
  'pendingDTC',
  'confirmedDTC',
  'testNotCompletedSinceLastClear',
  'testFailedSinceLastClear',
  'testNotCompletedThisOperationCycle',
  'warningIndicatorRequested',
] as const;
export type DtcStatusBit = (typeof DTC_STATUS_BITS)[number];

/** Bits a fault sets in the guest (0, 1, 2, 3, 5). */
export const DTC_STATUS_FAULT = 0x2f;
/** The guest's DTC status availability mask. */
export const DTC_AVAILABILITY_MASK = 0x2f;

export const DTC_HEALTH_BASE = 0xb10000;
export const DTC_CONTROL_BASE = 0xc10000;
/** VM index the health monitor logs its own internal errors under. */
export const HYPERVISOR_SELF_VM = 0xff;
/** Health events of firmware/core/tables.ts `HealthEvent`. */
export const HEALTH_EVENT_NAMES: readonly string[] = [
  'mpu-violation',
  'undefined-instruction',
  'prefetch-abort',
  'bad-hypercall',
  'watchdog',
  'internal-error',
];

export interface DtcRecord {
  dtc: number;
  status: number;
  bits: DtcStatusBit[];
}

/** The DTC for health event `event` of VM `vm`. */
export function healthDtc(vm: number, event: number): number {
  return DTC_HEALTH_BASE | ((vm & 0xff) << 8) | (event & 0xff);
}

/** The DTC for control-guest fault code `code`. */
export function controlDtc(code: number): number {
  return DTC_CONTROL_BASE | (code & 0xffff);
}

export function statusBits(status: number): DtcStatusBit[] {
  return DTC_STATUS_BITS.filter((_, bit) => (status & (1 << bit)) !== 0);
}

/** `B10200` etc. */
export function formatDtcNumber(dtc: number): string {
  return dtc.toString(16).toUpperCase().padStart(6, '0');
}

/** What a DTC number means in this system. */
export function describeDtc(dtc: number): string {
  if ((dtc & 0xff0000) === DTC_HEALTH_BASE) {
    const event = dtc & 0xff;
    const vm = (dtc >> 8) & 0xff;
    const who = vm === HYPERVISOR_SELF_VM ? 'the hypervisor itself' : `VM ${vm}`;
    return `health monitor: ${who}, ${HEALTH_EVENT_NAMES[event] ?? `event ${event}`}`;
  }
  if ((dtc & 0xff0000) === DTC_CONTROL_BASE) return `control guest fault code ${dtc & 0xffff}`;
  return 'unknown family';
}

/** Parses `count` 4-byte records (DTC high, middle, low, status). */
export function parseDtcRecords(bytes: Uint8Array): DtcRecord[] {
  if (bytes.length % 4 !== 0)
    throw new Error(`DTC records: ${bytes.length} bytes is not a multiple of 4 (DTC + status)`);
  const records: DtcRecord[] = [];
  for (let at = 0; at < bytes.length; at += 4) {
    const dtc = (bytes[at] << 16) | (bytes[at + 1] << 8) | bytes[at + 2];
    const status = bytes[at + 3];
    records.push({ dtc, status, bits: statusBits(status) });
  }
  return records;
}

/** One line: `C10001 status 0x2F (testFailed, ...) control guest fault code 1`. */
export function formatDtcRecord(record: DtcRecord): string {
  return `${formatDtcNumber(record.dtc)} status 0x${record.status.toString(16).toUpperCase().padStart(2, '0')} (${record.bits.join(', ') || 'none'}) ${describeDtc(record.dtc)}`;
}
