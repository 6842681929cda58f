// UDS TesterPresent (ISO 14229-1 service 0x3E) over single-frame ISO-TP (ISO 15765-2, normal
// addressing, 11-bit identifiers): decides the response to one received CAN frame. In the TS subset:
// the diagnostic guest runs it transpiled, the Node tests run it as is.
//
// Requests arrive on 0x7E0 (physical) or 0x7DF (functional); responses go out on 0x7E8, always 8
// bytes, padded with 0xAA (ISO 15765-2 leaves the padding value to the implementation; 0xAA is also
// what most testers send). Handled:
// - `02 3E 00` → `02 7E 00 AA AA AA AA AA` (positive response);
// - `02 3E 80` (suppress-positive-response bit) → no response;
// - TesterPresent with another sub-function → `03 7F 3E 12` (subFunctionNotSupported);
// - TesterPresent with a payload length other than 2 → `03 7F 3E 13` (incorrectMessageLength);
// - any other service on 0x7E0 → `03 7F <sid> 11` (serviceNotSupported); on 0x7DF no response
//   (ISO 14229-1 7.5: functional requests do not get NRC 0x11/0x12);
// - frames that are not single frames (first, consecutive, flow control), empty or with a length
//   beyond the DLC, and frames on other identifiers → no response.
import { checkIndex, u32, u8 } from '../../transpiler/runtime/index.ts';

export const UDS_PHYSICAL_REQUEST_ID = 0x7e0;
export const UDS_FUNCTIONAL_REQUEST_ID = 0x7df;
export const UDS_RESPONSE_ID = 0x7e8;
/** Byte that fills a response frame up to 8 bytes. */
export const ISOTP_PADDING: u8 = 0xaa;
/** Bytes of every response frame. */
export const UDS_RESPONSE_DLC = 8;

export const SID_TESTER_PRESENT = 0x3e;
/** Positive responses echo the service identifier plus 0x40. */
export const POSITIVE_RESPONSE_OFFSET = 0x40;
export const NEGATIVE_RESPONSE_SID = 0x7f;
export const NRC_SERVICE_NOT_SUPPORTED = 0x11;
export const NRC_SUBFUNCTION_NOT_SUPPORTED = 0x12;
export const NRC_INCORRECT_MESSAGE_LENGTH = 0x13;
/** Sub-function bit 7: the tester does not want a positive response. */
export const SUPPRESS_POSITIVE_RESPONSE = 0x80;
export const TESTER_PRESENT_ZERO_SUBFUNCTION = 0x00;

/** ISO-TP protocol control information: high nibble of byte 0; 0 is a single frame. */
const PCI_TYPE_SINGLE_FRAME = 0;

/** Fills `response` (8 bytes) with a single frame of `length` payload bytes b0..b3, padded. */
function singleFrame(response: Uint8Array, length: u32, b0: u32, b1: u32, b2: u32): u32 {
  for (let i: u32 = 0; i < 8; i++) {
    response[checkIndex(i, response.length)] = ISOTP_PADDING;
  }
  response[checkIndex(0, response.length)] = u8(length);
  response[checkIndex(1, response.length)] = u8(b0);
  response[checkIndex(2, response.length)] = u8(b1);
  if (length >= 3) {
    response[checkIndex(3, response.length)] = u8(b2);
  }
  return UDS_RESPONSE_DLC;
}

/** The response to the frame `id`/`dlc`/`data` (8 data bytes, those beyond `dlc` ignored): writes it
 *  to `response` (8 bytes) and returns its DLC (8), or returns 0 when nothing is to be sent. */
export function testerPresentRespond(id: u32, dlc: u32, data: Uint8Array, response: Uint8Array): u32 {
  const functional = id === UDS_FUNCTIONAL_REQUEST_ID;
  if (id !== UDS_PHYSICAL_REQUEST_ID && !functional) {
    return 0;
  }
  if (dlc < 2 || dlc > 8) {
    return 0;
  }
  const pci = u32(data[checkIndex(0, data.length)]);
  const length = u32(pci & 0x0f);
  if (u32(pci >>> 4) !== PCI_TYPE_SINGLE_FRAME || length === 0 || u32(length + 1) > dlc) {
    return 0;
  }
  const sid = u32(data[checkIndex(1, data.length)]);
  if (sid !== SID_TESTER_PRESENT) {
    if (functional) {
      return 0;
    }
    return singleFrame(response, 3, NEGATIVE_RESPONSE_SID, sid, NRC_SERVICE_NOT_SUPPORTED);
  }
  if (length !== 2) {
    return singleFrame(response, 3, NEGATIVE_RESPONSE_SID, sid, NRC_INCORRECT_MESSAGE_LENGTH);
  }
  const subFunction = u32(data[checkIndex(2, data.length)]);
  if (u32(subFunction & 0x7f) !== TESTER_PRESENT_ZERO_SUBFUNCTION) {
    if (functional) {
      return 0;
    }
    return singleFrame(response, 3, NEGATIVE_RESPONSE_SID, sid, NRC_SUBFUNCTION_NOT_SUPPORTED);
  }
  if (u32(subFunction & SUPPRESS_POSITIVE_RESPONSE) !== 0) {
    return 0;
  }
  return singleFrame(response, 2, u32(sid + POSITIVE_RESPONSE_OFFSET), subFunction, 0);
}
