// Configuration of the diagnostic guest's UDS (ISO 14229-1) server: identification data, the security
// secret, timing parameters (P2, P2*, S3, response-pending repeat, security delay), limits of the
// services and of the DTC store. In the TS subset; every value here is documented in docs/UDS.md.
import { u8 } from '../../../transpiler/runtime/index.ts';

/** Port indices in the system description (declaration order in systems/demo.ts; a Node test checks
 *  them). */
export const VEHICLE_STATUS_PORT = 0;
export const CONTROL_FAULTS_PORT = 1;
export const SETPOINT_CMD_PORT = 2;

/** Secret of the security-access key algorithm (docs/UDS.md "Security access"):
 *  key = u32(rotl32(seed XOR SECURITY_SECRET, 5) + SECURITY_KEY_ADDEND). */
export const SECURITY_SECRET = 0xb01dface;
export const SECURITY_KEY_ADDEND = 0x0badf00d;
export const SECURITY_KEY_ROTATION = 5;
/** Wrong keys in a row that lock security access for SECURITY_DELAY_MS. */
export const SECURITY_MAX_ATTEMPTS = 3;
/** Lock-out after SECURITY_MAX_ATTEMPTS wrong keys, and at start when the counter was exhausted. */
export const SECURITY_DELAY_MS = 10000;

/** P2server and P2*server (ms), sent in the DiagnosticSessionControl positive response (P2* in 10 ms
 *  units on the wire). */
export const P2_SERVER_MS = 50;
export const P2_STAR_SERVER_MS = 5000;
export const P2_STAR_WIRE_UNIT_MS = 10;
/** S3server: a non-default session without requests for this long returns to the default session. */
export const S3_SERVER_MS = 5000;
/** Response pending (NRC 0x78) is repeated at least this often while a long operation runs. */
export const RESPONSE_PENDING_REPEAT_MS = 2000;

/** ISO-TP parameters of the server: flow control we announce (BS 8, STmin 1 ms), padding byte. */
export const SERVER_BLOCK_SIZE: u8 = 8;
export const SERVER_ST_MIN: u8 = 0x01;
export const SERVER_PADDING: u8 = 0xaa;

/** Self-test routine 0xF000: lasts at least this long (the code CRC is computed in chunks meanwhile). */
export const SELF_TEST_DURATION_MS = 300;
/** Code bytes checksummed per service pass during the self-test. */
export const SELF_TEST_CHUNK_BYTES = 2048;

/** Highest writable cruise set-point (DID 0x0101), 0.01 km/h: the highest set-point the control guest
 *  accepts (`CONTROL_MAX_SETPOINT_KMH`, 180 km/h, in guests/control/control_app.h; it refuses a higher
 *  one with fault code 5), so the server answers NRC 0x31 instead of forwarding a command that would
 *  be refused. tests/guests/diag/uds/dids.test.ts checks the two against each other. */
export const SETPOINT_MAX_CENTI_KMH = 18000;
/** Flags sent with a set-point on `setpoint_cmd`: bit 0 cruise engaged. */
export const SETPOINT_FLAGS_ENGAGED: u8 = 0x01;

/** Version of this server, reported in DID 0xF195 as `diag <major>.<minor>.<patch>`. */
export const DIAG_VERSION_MAJOR = 1;
export const DIAG_VERSION_MINOR = 0;
export const DIAG_VERSION_PATCH = 0;

/** VIN (DID 0xF190), ASCII `WBULKHEAD0DEMO001`. */
export const VIN: readonly u8[] = [
  0x57, 0x42, 0x55, 0x4c, 0x4b, 0x48, 0x45, 0x41, 0x44, 0x30, 0x44, 0x45, 0x4d, 0x4f, 0x30, 0x30, 0x31,
];
/** ECU serial number (DID 0xF18C), ASCII `BH0000000001`. */
export const ECU_SERIAL: readonly u8[] = [
  0x42, 0x48, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x31,
];

/** DTC records the retained store holds (distinct DTCs). */
export const DTC_STORE_CAPACITY = 32;
/** VMs whose fault counts the retained store keeps (DID 0x0110). */
export const TRACKED_VMS = 8;
/** Fault-log entries read per service pass. */
export const FAULT_LOG_READS_PER_PASS = 8;
