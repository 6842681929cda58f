// SLCAN codec tests: every command and frame form decodes to the right result, every malformed form to
// the right error, the formatter writes the documented lines, and random byte streams never throw and
// leave the parser able to decode a valid line afterwards.
import assert from 'node:assert/strict';
import {
  CanFrame,
  SlcanCommand,
  SlcanError,
  SlcanParser,
  SlcanWriter,
  slcanFeed,
  slcanPutFrame,
  slcanPutSerial,
  slcanPutStatus,
  slcanPutVersion,
  slcanWriterClear,
} from '../../../../firmware/core/vcan/slcan.ts';

/** Feeds `line` plus CR and returns the parser after the completed line. */
function parse(line: string, acceptTimestamps = false): SlcanParser {
  const p = new SlcanParser();
  p.acceptTimestamps = acceptTimestamps;
  let completed = 0;
  for (const b of Buffer.from(line + '\r', 'latin1')) if (slcanFeed(p, b)) completed++;
  assert.equal(completed, 1, `exactly one line completes for ${JSON.stringify(line)}`);
  return p;
}

function written(fill: (w: SlcanWriter) => void): string {
  const w = new SlcanWriter();
  slcanWriterClear(w);
  fill(w);
  return Buffer.from(w.bytes.subarray(0, w.length)).toString('latin1');
}

function frameOf(p: SlcanParser) {
  const f = p.frame;
  return {
    id: f.id,
    extended: f.extended,
    remote: f.remote,
    dlc: f.dlc,
    data: Array.from(f.data.subarray(0, f.dlc)),
  };
}

describe('firmware/core/vcan SLCAN codec', () => {
  describe('commands', () => {
    const cases: [string, SlcanCommand, number][] = [
      ['O', SlcanCommand.Open, 0],
      ['L', SlcanCommand.ListenOnly, 0],
      ['C', SlcanCommand.Close, 0],
      ['V', SlcanCommand.Version, 0],
      ['N', SlcanCommand.Serial, 0],
      ['F', SlcanCommand.Status, 0],
      ['S0', SlcanCommand.Bitrate, 0],
      ['S6', SlcanCommand.Bitrate, 6],
      ['S8', SlcanCommand.Bitrate, 8],
      ['Z0', SlcanCommand.Timestamps, 0],
      ['Z1', SlcanCommand.Timestamps, 1],
      ['', SlcanCommand.Empty, 0],
    ];
    for (const [line, command, argument] of cases) {
      it(`decodes ${JSON.stringify(line)}`, () => {
        const p = parse(line);
        assert.equal(p.command, command);
        assert.equal(p.error, SlcanError.None);
        assert.equal(p.argument, argument);
        assert.equal(p.errors, 0);
      });
    }
  });

  describe('frames', () => {
    it('standard data frame', () => {
      assert.deepEqual(frameOf(parse('t1002112A')), {
        id: 0x100,
        extended: false,
        remote: false,
        dlc: 2,
        data: [0x11, 0x2a],
      });
    });
    it('lower-case hex digits and the largest standard ID with 8 bytes', () => {
      assert.deepEqual(frameOf(parse('t7ff80102030405060aff')), {
        id: 0x7ff,
        extended: false,
        remote: false,
        dlc: 8,
        data: [1, 2, 3, 4, 5, 6, 0x0a, 0xff],
      });
    });
    it('zero-length data frame', () => {
      assert.deepEqual(frameOf(parse('t7E00')), {
        id: 0x7e0,
        extended: false,
        remote: false,
        dlc: 0,
        data: [],
      });
    });
    it('extended data frame and the largest extended ID', () => {
      assert.deepEqual(frameOf(parse('T18DAF1103021003')), {
        id: 0x18daf110,
        extended: true,
        remote: false,
        dlc: 3,
        data: [0x02, 0x10, 0x03],
      });
      assert.equal(parse('T1FFFFFFF0').frame.id, 0x1fffffff);
    });
    it('remote frames carry a DLC and no data', () => {
      assert.deepEqual(frameOf(parse('r1238')), {
        id: 0x123,
        extended: false,
        remote: true,
        dlc: 8,
        data: [0, 0, 0, 0, 0, 0, 0, 0],
      });
      assert.deepEqual(frameOf(parse('R000001232')).extended, true);
    });
    it('a trailing timestamp only where accepted (the host side)', () => {
      const p = parse('t10021122EA5F', true);
      assert.equal(p.command, SlcanCommand.Frame);
      assert.equal(p.frame.timestamp, 0xea5f);
      assert.equal(p.frame.hasTimestamp, true);
      assert.equal(parse('t10021122EA5F').error, SlcanError.BadLength);
    });
  });

  describe('errors', () => {
    const cases: [string, SlcanError][] = [
      ['X', SlcanError.UnknownCommand],
      ['s011C', SlcanError.UnknownCommand],
      ['O1', SlcanError.BadLength],
      ['CC', SlcanError.BadLength],
      ['S', SlcanError.BadLength],
      ['S9', SlcanError.BadArgument],
      ['SA', SlcanError.BadArgument],
      ['S10', SlcanError.BadLength],
      ['Z2', SlcanError.BadArgument],
      ['t10', SlcanError.BadLength],
      ['t100', SlcanError.BadLength],
      ['t1G01', SlcanError.BadHex],
      ['t1001G0', SlcanError.BadHex],
      ['t8000', SlcanError.IdOutOfRange],
      ['tFFF0', SlcanError.IdOutOfRange],
      ['T200000000', SlcanError.IdOutOfRange],
      ['t1009', SlcanError.DlcOutOfRange],
      ['t100F', SlcanError.DlcOutOfRange],
      ['t1002AA', SlcanError.BadLength],
      ['t1001AABB', SlcanError.BadLength],
      ['t1001A', SlcanError.BadLength],
      ['r1002AA', SlcanError.BadLength],
      ['T1230', SlcanError.BadLength],
      ['t100 1AA', SlcanError.BadHex],
    ];
    for (const [line, error] of cases) {
      it(`refuses ${JSON.stringify(line)} with ${SlcanError[error]}`, () => {
        const p = parse(line);
        assert.equal(p.command, SlcanCommand.Error);
        assert.equal(p.error, error);
        assert.equal(p.errors, 1);
      });
    }

    it('refuses an overlong line whole and resynchronises at its CR', () => {
      const p = new SlcanParser();
      const results: SlcanCommand[] = [];
      for (const b of Buffer.from('t100' + '8'.repeat(200) + '\rt1001AB\r', 'latin1')) {
        if (slcanFeed(p, b)) results.push(p.command);
      }
      assert.deepEqual(results, [SlcanCommand.Error, SlcanCommand.Frame]);
      assert.equal(p.errors, 1);
      assert.deepEqual(Array.from(p.frame.data.subarray(0, 1)), [0xab]);
    });

    it('a line of exactly the buffer size is decoded, one more is overlong', () => {
      const p = new SlcanParser();
      for (const b of Buffer.from('V'.repeat(32) + '\r')) slcanFeed(p, b);
      assert.equal(p.error, SlcanError.BadLength);
      for (const b of Buffer.from('V'.repeat(33) + '\r')) slcanFeed(p, b);
      assert.equal(p.error, SlcanError.Overlong);
    });

    it('skips a line feed at the start of a line (CR LF senders) but not inside one', () => {
      const p = new SlcanParser();
      const commands: SlcanCommand[] = [];
      for (const b of Buffer.from('O\r\nV\r\nt1\n000\r')) if (slcanFeed(p, b)) commands.push(p.command);
      assert.deepEqual(commands, [SlcanCommand.Open, SlcanCommand.Version, SlcanCommand.Error]);
      assert.equal(p.error, SlcanError.BadHex);
    });
  });

  describe('formatter', () => {
    it('writes standard, extended and remote frames, with and without a timestamp', () => {
      const f = new CanFrame();
      f.id = 0x100;
      f.dlc = 3;
      f.data.set([0x01, 0xab, 0xff]);
      assert.equal(
        written((w) => slcanPutFrame(w, f, false, 0)),
        't100301ABFF\r',
      );
      assert.equal(
        written((w) => slcanPutFrame(w, f, true, 0x1234)),
        't100301ABFF1234\r',
      );
      f.extended = true;
      f.id = 0x18daf110;
      assert.equal(
        written((w) => slcanPutFrame(w, f, false, 0)),
        'T18DAF110301ABFF\r',
      );
      f.remote = true;
      assert.equal(
        written((w) => slcanPutFrame(w, f, false, 0)),
        'R18DAF1103\r',
      );
    });
    it('writes version, serial and status replies', () => {
      assert.equal(written(slcanPutVersion), 'V0101\r');
      assert.equal(written(slcanPutSerial), 'NBH01\r');
      assert.equal(
        written((w) => slcanPutStatus(w, 0x08)),
        'F08\r',
      );
    });
    it('every formatted frame parses back to itself (host-side parser)', () => {
      const f = new CanFrame();
      const p = new SlcanParser();
      p.acceptTimestamps = true;
      let seed = 12345;
      const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
      for (let n = 0; n < 500; n++) {
        f.extended = (next() & 1) === 1;
        f.remote = (next() & 7) === 0;
        f.id = f.extended ? next() & 0x1fffffff : next() & 0x7ff;
        f.dlc = next() % 9;
        for (let i = 0; i < 8; i++) f.data[i] = i < f.dlc && !f.remote ? next() & 0xff : 0;
        const stamp = next() % 60000;
        const text = written((w) => slcanPutFrame(w, f, (n & 1) === 1, stamp));
        let done = false;
        for (const b of Buffer.from(text, 'latin1')) done = slcanFeed(p, b);
        assert.ok(done);
        assert.equal(p.command, SlcanCommand.Frame, text);
        assert.deepEqual(
          [
            p.frame.id,
            p.frame.extended,
            p.frame.remote,
            p.frame.dlc,
            Array.from(p.frame.data),
            p.frame.hasTimestamp,
          ],
          [f.id, f.extended, f.remote, f.dlc, Array.from(f.data), (n & 1) === 1],
          text,
        );
      }
    });
  });

  it('fuzz: random byte streams never throw and a valid line decodes afterwards', () => {
    let seed = 0xc0ffee;
    const next = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0);
    const alphabet = Buffer.from('tTrRSOLCVNFZ0123456789abcdefABCDEFG\r\n\x07 \xff', 'latin1');
    const p = new SlcanParser();
    for (let round = 0; round < 2000; round++) {
      const length = next() % 80;
      for (let i = 0; i < length; i++) {
        const byte = (next() & 3) === 0 ? next() & 0xff : alphabet[next() % alphabet.length];
        slcanFeed(p, byte);
        assert.ok(p.length <= p.line.length);
      }
      // A CR ends whatever was pending; the next valid line must decode exactly.
      slcanFeed(p, 0x0d);
      let done = false;
      for (const b of Buffer.from('T18DAF1102AA55\r', 'latin1')) done = slcanFeed(p, b);
      assert.ok(done);
      assert.equal(p.command, SlcanCommand.Frame, `round ${round}`);
      assert.equal(p.frame.id, 0x18daf110);
      assert.deepEqual(Array.from(p.frame.data.subarray(0, 2)), [0xaa, 0x55]);
    }
    assert.ok(p.errors > 100, 'the fuzz produced refused lines');
  });
});
