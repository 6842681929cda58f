// The volume as `bulkhead flash` sees it: names match without regard to case and keep the volume's own
// spelling; a folder without the board's files is refused naming the folder and each missing entry,
// unless forced, when the missing folders are planned and the files only Arm's bundle has are listed;
// writes go through temporary files, so a failure leaves every destination as it was.
import assert from 'node:assert/strict';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { mps3An536 } from '../../../bsp/mps3-an536/board.ts';
import { FlashError } from '../../../cli/flash/elf.ts';
import { inspectVolume, isShortName } from '../../../cli/flash/volume.ts';
import { applyWrites } from '../../../cli/flash/write.ts';

const volume = mps3An536.volume!;

describe('cli/flash: the volume and the writes', () => {
  let tmp: string;
  beforeEach(() => {
    tmp = mkdtempSync(join(tmpdir(), 'bulkhead-flash-volume-'));
  });
  afterEach(() => rmSync(tmp, { recursive: true, force: true }));

  it("finds the files whatever their case and keeps the volume's spelling", () => {
    mkdirSync(join(tmp, 'mb', 'hbi0309c', 'an536'), { recursive: true });
    mkdirSync(join(tmp, 'Software'));
    writeFileSync(join(tmp, 'CONFIG.TXT'), '');
    writeFileSync(join(tmp, 'mb', 'hbi0309c', 'BOARD.TXT'), '');
    writeFileSync(join(tmp, 'mb', 'hbi0309c', 'an536', 'IMAGES.TXT'), '');
    const layout = inspectVolume(tmp, volume, false);
    assert.equal(layout.softwareDir, join(tmp, 'Software'));
    assert.equal(layout.imagesFile, join(tmp, 'mb', 'hbi0309c', 'an536', 'IMAGES.TXT'));
    assert.equal(layout.backupFile, join(tmp, 'mb', 'hbi0309c', 'an536', 'images.bak'));
    assert.equal(layout.imagesExists, true);
    assert.deepEqual(layout.missingDirs, []);
  });

  it('refuses a folder lacking the board files, naming each, and plans the layout when forced', () => {
    writeFileSync(join(tmp, 'config.txt'), '');
    assert.throws(
      () => inspectVolume(tmp, volume, false),
      (error: unknown) =>
        error instanceof FlashError &&
        error.message.startsWith(
          `${tmp} does not look like an MPS3 volume with the AN536 application note`,
        ) &&
        error.message.includes('no MB/HBI0309C/board.txt, no MB/HBI0309C/AN536/;') &&
        !error.message.includes('no config.txt'),
    );
    const forced = inspectVolume(tmp, volume, true);
    assert.deepEqual(forced.missingDirs, [
      join(tmp, 'MB'),
      join(tmp, 'MB', 'HBI0309C'),
      join(tmp, 'MB', 'HBI0309C', 'AN536'),
      join(tmp, 'SOFTWARE'),
    ]);
    assert.deepEqual(forced.missingFromBundle, ['MB/HBI0309C/board.txt']);
    assert.equal(forced.imagesExists, false);
    assert.throws(
      () => inspectVolume(join(tmp, 'config.txt'), volume, true),
      /config\.txt is a file, not a volume/,
    );
  });

  it('takes 8.3 names only', () => {
    assert.ok(isShortName('BULKHEAD.BIN') && isShortName('a.b'));
    assert.ok(!isShortName('BULKHEAD9.BIN') && !isShortName('BULKHEAD.BINX') && !isShortName('NOEXT'));
  });

  it('writes every file or none: a failed write leaves the destinations and no temporary file', () => {
    const kept = join(tmp, 'kept.txt');
    writeFileSync(kept, 'before');
    assert.throws(
      () =>
        applyWrites(
          [],
          [
            { path: kept, data: 'after' },
            { path: join(tmp, 'missing', 'x.bin'), data: Buffer.alloc(4) },
          ],
        ),
      (error: unknown) =>
        error instanceof FlashError &&
        error.message.includes('x.bin') &&
        /nothing was replaced/.test(error.message),
    );
    assert.equal(readFileSync(kept, 'utf8'), 'before');
    assert.deepEqual(readdirSync(tmp), ['kept.txt']);
    applyWrites(
      [join(tmp, 'missing')],
      [
        { path: kept, data: 'after' },
        { path: join(tmp, 'missing', 'x.bin'), data: 'y' },
      ],
    );
    assert.equal(readFileSync(kept, 'utf8'), 'after');
    assert.ok(existsSync(join(tmp, 'missing', 'x.bin')));
    assert.deepEqual(readdirSync(tmp).sort(), ['kept.txt', 'missing']);
  });
});
