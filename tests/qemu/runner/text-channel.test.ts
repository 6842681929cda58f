// Job: tests of TextChannel, the receive side of every runner channel, fed directly (no QEMU):
// CRLF normalisation across chunk boundaries, line delivery, expect ordering and timeouts, and the
// failure of pending expects when the channel closes.
import assert from 'node:assert/strict';
import { TextChannel } from '../../../qemu/runner/index.ts';

describe('QEMU runner: TextChannel', function () {
  it('normalises \\r\\n to \\n even when split across chunks, and keeps the raw bytes', function () {
    const channel = new TextChannel('uart0');
    const lines: string[] = [];
    channel.onLine((line) => lines.push(line));
    for (const chunk of ['one\r', '\ntwo\r\nthr', 'ee\r', 'x\n']) channel.push(Buffer.from(chunk, 'latin1'));
    assert.equal(channel.output(), 'one\ntwo\nthree\rx\n');
    assert.deepEqual(lines, ['one', 'two', 'three\rx']);
    assert.equal(channel.bytes().toString('latin1'), 'one\r\ntwo\r\nthree\rx\n');
  });

  it('decodes UTF-8 split across chunks and delivers a final unterminated line on close', function () {
    const channel = new TextChannel('uart0');
    const lines: string[] = [];
    channel.onLine((line) => lines.push(line));
    const bytes = Buffer.from('µs\nlast', 'utf8');
    channel.push(bytes.subarray(0, 1));
    channel.push(bytes.subarray(1));
    channel.close('done');
    assert.deepEqual(lines, ['µs', 'last']);
  });

  it('expect consumes: a later expect only matches after the previous match', async function () {
    const channel = new TextChannel('uart0');
    channel.push(Buffer.from('tick: 1\ntick: 2\n'));
    const first = await channel.expect(/tick: (\d)/g);
    assert.equal(first[1], '1');
    assert.equal(first.index, 0);
    const second = await channel.expect(/tick: (\d)/);
    assert.equal(second[1], '2');
    assert.equal(second.index, 8);
    await assert.rejects(channel.expect('tick: 1', { timeoutMs: 30 }), /not seen within 30 ms/);
  });

  it('resolves a pending expect when the text arrives later, in pieces', async function () {
    const channel = new TextChannel('uart1');
    const pending = channel.expect('selftest: pass', { timeoutMs: 1000 });
    channel.push(Buffer.from('selftest: pa'));
    setTimeout(() => channel.push(Buffer.from('ss\n')), 10);
    assert.equal((await pending)[0], 'selftest: pass');
  });

  it('fails pending and later expects when the channel closes, quoting the reason and the tail', async function () {
    const channel = new TextChannel('uart2');
    channel.push(Buffer.from('partial output'));
    const pending = channel.expect(/never/, { timeoutMs: 5000 });
    channel.close('QEMU exited with code 3');
    await assert.rejects(
      pending,
      /expect \/never\/ on uart2: QEMU exited with code 3 before it appeared; last output:\npartial output/,
    );
    await assert.rejects(channel.expect('again'), /QEMU exited with code 3/);
  });
});
