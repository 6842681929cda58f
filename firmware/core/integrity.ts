// Image integrity: the CRC-32 (`crc32.ts`: IEEE 802.3, as zlib's `crc32`) of each VM's guest image,
// recorded by the system build, is compared with the digest of the image in memory: at boot (the run
// copy and the pristine copy) and before every cold restart (the pristine copy, which a cold restart
// copies over the VM). The digest is computed here from bytes the port layer reads out of the image in
// chunks; the health monitor (`health.ts`) turns a mismatch into an `integrity` event and a halted VM.
import { u32 } from '../../transpiler/runtime/index.ts';
import { CRC32_INITIAL, crc32Finish, crc32Update } from './crc32.ts';

/** Which copy of a VM image to read. */
export enum ImageCopy {
  /** The copy linked outside every VM area that cold restarts copy back. */
  Pristine = 0,
  /** The copy at the VM's entry address (only pristine before the VM first runs). */
  Running = 1,
}

/** Bytes read from an image per port-layer call. */
export const IMAGE_CHUNK_BYTES = 64;

const chunk: Uint8Array = new Uint8Array(64);
/** Digest computed by the last `imageDigest` call. */
let lastDigest: u32 = 0;

/** Length in bytes of VM `vm`'s guest image (0 when the image has none recorded).
 *  @extern bh_port_image_length */
export function portImageLength(vm: u32): u32 {
  const hook = (
    globalThis as unknown as { bulkheadSelfCheck?: { images?: readonly { running: Uint8Array }[] } }
  ).bulkheadSelfCheck;
  return hook?.images?.[vm]?.running.length ?? 0;
}

/** CRC-32 the system build recorded for VM `vm`'s guest image.
 *  @extern bh_port_image_expected_digest */
export function portImageExpectedDigest(vm: u32): u32 {
  const hook = (globalThis as unknown as { bulkheadSelfCheck?: { images?: readonly { expected: number }[] } })
    .bulkheadSelfCheck;
  return hook?.images?.[vm]?.expected ?? 0;
}

/** Copies `length` bytes at `offset` of copy `copy` (`ImageCopy`) of VM `vm`'s image into `dst[0..]`
 *  (the caller keeps `offset + length` within the image and `length` within `dst`).
 *  @extern bh_port_image_read */
export function portImageRead(vm: u32, copy: u32, offset: u32, dst: Uint8Array, length: u32): void {
  const hook = (
    globalThis as unknown as {
      bulkheadSelfCheck?: { images?: readonly { running: Uint8Array; pristine: Uint8Array }[] };
    }
  ).bulkheadSelfCheck;
  const image = hook?.images?.[vm];
  if (image === undefined) throw new Error(`self-check simulation: no image for VM ${vm}`);
  const bytes = copy === ImageCopy.Pristine ? image.pristine : image.running;
  dst.set(bytes.subarray(offset, offset + length), 0);
}

/** CRC-32 of copy `copy` of VM `vm`'s image as it is in memory now. */
export function imageDigest(vm: u32, copy: ImageCopy): u32 {
  const length = portImageLength(vm);
  let crc: u32 = CRC32_INITIAL;
  let offset: u32 = 0;
  while (offset < length) {
    let count = u32(length - offset);
    if (count > IMAGE_CHUNK_BYTES) {
      count = IMAGE_CHUNK_BYTES;
    }
    portImageRead(vm, u32(copy), offset, chunk, count);
    crc = crc32Update(crc, chunk, count);
    offset = u32(offset + count);
  }
  lastDigest = crc32Finish(crc);
  return lastDigest;
}

/** The CRC-32 the build recorded for VM `vm`'s image. */
export function imageExpectedDigest(vm: u32): u32 {
  return portImageExpectedDigest(vm);
}

/** True when copy `copy` of VM `vm`'s image matches its recorded digest (`integrityLastDigest` then
 *  holds the digest found). */
export function imageIntact(vm: u32, copy: ImageCopy): boolean {
  return imageDigest(vm, copy) === portImageExpectedDigest(vm);
}

/** Digest found by the last check. */
export function integrityLastDigest(): u32 {
  return lastDigest;
}
