// Job: tests of the GDB remote-protocol client (qemu/runner/gdb-remote.ts) against a scripted stub on a
// real TCP socket: packet framing and checksums, escapes and run-length encoding, stop replies, the
// one-write "read PC, set PC, continue" resume, no acknowledgement ever sent, error replies named.
import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';

import {
  decodePacketBody,
  encodePacket,
  GdbRemote,
  packetChecksum,
  parseStopReply,
} from '../../../qemu/runner/gdb-remote.ts';

/** A stub that answers each packet body through `answer` and records every byte it received. */
async function scriptedStub(
  answer: (packet: string, socket: Socket) => string | null,
): Promise<{ server: Server; port: number; received: () => string }> {
  let received = '';
  const server = createServer((socket) => {
    let buffer = '';
    socket.on('data', (bytes: Buffer) => {
      received += bytes.toString('latin1');
      buffer += bytes.toString('latin1');
      for (let match = /\$([^#]*)#[0-9a-f]{2}/.exec(buffer); match !== null;) {
        buffer = buffer.slice(match.index + match[0].length);
        socket.write('+');
        const reply = answer(decodePacketBody(match[1]), socket);
        if (reply !== null) socket.write(encodePacket(reply));
        match = /\$([^#]*)#[0-9a-f]{2}/.exec(buffer);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return { server, port: address.port, received: () => received };
}

describe('QEMU runner: GDB remote-protocol client', function () {
  it('frames packets with the modulo-256 checksum and escapes the special characters', () => {
    assert.equal(packetChecksum('OK'), '9a');
    assert.equal(encodePacket('c'), '$c#63');
    assert.equal(encodePacket('a#b'), '$a}\x03b#' + packetChecksum('a}\x03b'));
    assert.equal(decodePacketBody('a}\x03b'), 'a#b');
    // "0* " is '0' repeated 32 - 29 = 3 more times.
    assert.equal(decodePacketBody('0* '), '0000');
  });

  it('parses stop replies: signal, watchpoint address, end of the target', () => {
    assert.deepEqual(parseStopReply('T05thread:01;'), {
      raw: 'T05thread:01;',
      signal: 5,
      watchAddress: null,
      ended: false,
    });
    assert.equal(parseStopReply('T05thread:01;watch:140008;').watchAddress, 0x140008);
    assert.equal(parseStopReply('S02').signal, 2);
    assert.equal(parseStopReply('W00').ended, true);
    assert.throws(() => parseStopReply('OK'), /'OK' is not a stop reply/);
  });

  it('sets breakpoints, reads memory and registers, resumes in one write, and never acknowledges', async () => {
    let pc = 0x101418;
    let running = false;
    const writes: string[] = [];
    const stub = await scriptedStub((packet, socket) => {
      writes.push(packet);
      if (packet.startsWith('qSupported')) return 'PacketSize=1000';
      if (packet === '?') return 'T05thread:01;';
      if (packet.startsWith('Z1,')) return 'OK';
      if (packet === 'm10000018,4') return '90000000';
      if (packet === 'm0,4') return 'E14';
      if (packet === 'pf') return Buffer.from(Uint32Array.of(pc).buffer).toString('hex');
      if (packet.startsWith('Pf=')) {
        pc = Buffer.from(packet.slice(3), 'hex').readUInt32LE(0);
        return 'OK';
      }
      if (packet === 'c') {
        running = true;
        setTimeout(() => {
          running = false;
          socket.write(encodePacket('T05thread:01;'));
        }, 10);
        return null;
      }
      return '';
    });
    const gdb = await GdbRemote.connect(stub.port);
    try {
      assert.equal((await gdb.haltReason()).signal, 5);
      await gdb.insertBreakpoint(0x101418);
      assert.equal(await gdb.readWord(0x10000018), 0x90);
      await assert.rejects(gdb.readWord(0), /'m0,4' failed with E14/);
      assert.equal(await gdb.readRegister(15), 0x101418);
      const resumed = gdb.resumeAt(15, 0x10141c);
      assert.equal(await resumed.pcBefore, 0x101418);
      assert.equal((await resumed.stop).signal, 5);
      assert.equal(running, false);
      assert.equal(pc, 0x10141c);
      assert.deepEqual(writes.slice(-3), ['pf', 'Pf=1c141000', 'c']);
      // The three resume packets went out back to back, and no '+' was ever sent.
      assert.ok(stub.received().includes('$pf#d6$Pf=1c141000#ad$c#63'), stub.received());
      assert.ok(!stub.received().includes('+'), stub.received());
    } finally {
      gdb.close();
      stub.server.close();
    }
  });

  it('fails a command clearly when the stub goes away', async () => {
    const stub = await scriptedStub((packet, socket) => {
      if (packet.startsWith('qSupported')) return '';
      socket.destroy();
      return null;
    });
    const gdb = await GdbRemote.connect(stub.port);
    await assert.rejects(gdb.readRegister(15), /connection closed/);
    gdb.close();
    stub.server.close();
  });
});
