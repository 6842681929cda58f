// Image integrity: the CRC-32 (`crc32.ts`: IEEE 802.3, as zlib's `crc32`) of each VM's guest image,
// recorded by the system build, is compared with the digest of the image in memory: at boot (the run
// copy and the pristine copy) and before every cold restart (the pristine copy, which a cold restart
// copies over the VM, step by step: `restart.ts`). The digest is computed here from bytes the port
// layer reads out of the image in chunks; the health monitor (`health.ts`) turns a mismatch into an `integrity` event and a halted VM.
import { u32 } from '../../transpiler/runtime/index.ts';
import { VmIndex } from './domain.ts';
import { CRC32_INITIAL, crc32Finish, crc32Update } from './crc32.ts';
import { portImageLength, portImageRead } from '../port/guest-image.ts';
import { vmEntry } from './system.ts';

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

/** Adds `count` bytes at `offset` of copy `copy` of VM `vm`'s image to the running CRC `crc` (chunk by
 *  chunk through the port layer) and returns the new running CRC. */
export function imageDigestUpdate(vm: VmIndex, copy: ImageCopy, offset: u32, count: u32, crc: u32): u32 {
  let running = crc;
  let done: u32 = 0;
  while (done < count) {
    let n = u32(count - done);
    if (n > IMAGE_CHUNK_BYTES) {
      n = IMAGE_CHUNK_BYTES;
    }
    portImageRead(vm, u32(copy), u32(offset + done), chunk, n);
    running = crc32Update(running, chunk, n);
    done = u32(done + n);
  }
  return running;
}

/** Records `digest` as the digest the last check found (`integrityLastDigest`). */
export function integrityNoteDigest(digest: u32): void {
  lastDigest = digest;
}

/** CRC-32 of copy `copy` of VM `vm`'s image as it is in memory now. */
export function imageDigest(vm: VmIndex, copy: ImageCopy): u32 {
  lastDigest = crc32Finish(imageDigestUpdate(vm, copy, 0, portImageLength(vm), CRC32_INITIAL));
  return lastDigest;
}

/** The CRC-32 the build recorded for VM `vm`'s image. */
export function imageExpectedDigest(vm: VmIndex): u32 {
  return vmEntry(vm).imageDigest;
}

/** True when copy `copy` of VM `vm`'s image matches its recorded digest (`integrityLastDigest` then
 *  holds the digest found). */
export function imageIntact(vm: VmIndex, copy: ImageCopy): boolean {
  return imageDigest(vm, copy) === vmEntry(vm).imageDigest;
}

/** Digest found by the last check. */
export function integrityLastDigest(): u32 {
  return lastDigest;
}
