// Simulated guest memory: one byte array covering an address window that holds every VM's areas.
// The hypervisor's copies (port layer) and the simulated guests' loads and stores go through it; an
// access outside the window is a bug of the simulation or of the core and throws.

export class GuestMemory {
  readonly bytes: Uint8Array;

  constructor(
    readonly base: number,
    readonly size: number,
  ) {
    this.bytes = new Uint8Array(size);
  }

  private offsetOf(address: number, length: number): number {
    const offset = address - this.base;
    if (offset < 0 || length < 0 || offset + length > this.size) {
      throw new RangeError(
        `simulated guest memory: access [0x${address.toString(16)}, +${length}) outside [0x${this.base.toString(16)}, +0x${this.size.toString(16)})`,
      );
    }
    return offset;
  }

  /** A copy of `length` bytes at `address`. */
  read(address: number, length: number): Uint8Array {
    const offset = this.offsetOf(address, length);
    return this.bytes.slice(offset, offset + length);
  }

  write(address: number, data: Uint8Array): void {
    this.bytes.set(data, this.offsetOf(address, data.length));
  }

  readU32(address: number): number {
    const b = this.read(address, 4);
    return (b[0] | (b[1] << 8) | (b[2] << 16) | (b[3] << 24)) >>> 0;
  }

  writeU32(address: number, value: number): void {
    this.write(
      address,
      Uint8Array.of(value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff, (value >>> 24) & 0xff),
    );
  }
}
