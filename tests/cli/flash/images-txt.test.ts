// The MCC image list as `bulkhead flash` rewrites it: a new file is the title and an [IMAGES] section
// with the one image; an existing file keeps every line but the section's TOTALIMAGES and IMAGEn… lines
// (returned as replaced), its line ends and its other sections; the marker comment tells a later flash
// that the file is already Bulkhead's.
import assert from 'node:assert/strict';

import { editImagesTxt, type ImageEntry } from '../../../cli/flash/images-txt.ts';

const entry: ImageEntry = {
  address: 0x2000_0000,
  update: 'AUTO',
  file: '\\SOFTWARE\\BULKHEAD.BIN',
  note: 'mps3-an536 image from demo/bulkhead.elf',
};

const OURS = [
  'TOTALIMAGES: 1',
  'IMAGE0UPDATE: AUTO',
  'IMAGE0ADDRESS: 0x20000000',
  'IMAGE0FILE: \\SOFTWARE\\BULKHEAD.BIN',
];

describe('cli/flash: images.txt', () => {
  it('writes a new list: title, [IMAGES], the marker and the one image, CRLF line ends', () => {
    const edit = editImagesTxt(undefined, entry);
    const lines = edit.text.split('\r\n');
    assert.match(lines[0], /^TITLE: /);
    assert.equal(lines[2], '[IMAGES]');
    assert.match(lines[3], /^; bulkhead flash: mps3-an536 image from demo\/bulkhead\.elf$/);
    assert.deepEqual(lines.slice(4, 8), OURS);
    assert.equal(edit.text.replace(/\r\n/g, '').includes('\n'), false, 'a bare LF');
    assert.deepEqual(edit.replaced, []);
    assert.equal(edit.previousWasBulkhead, false);
  });

  it('replaces only the image lines of the [IMAGES] section and keeps the rest as it was', () => {
    const previous = [
      'TITLE: Versatile Express Images Configuration File',
      '; a comment of the bundle',
      '[IMAGES]',
      'TOTALIMAGES: 2                     ;Number of Images (Max: 32)',
      'IMAGE0PORT: 1',
      'IMAGE0ADDRESS: 0x00000000',
      'imagE0file: \\SOFTWARE\\old.bin    ;case does not matter',
      '; kept',
      'IMAGE1ADDRESS: 0x00040000',
      'IMAGE1FILE: \\SOFTWARE\\data.bin',
      '[OTHER]',
      'IMAGE0ADDRESS: 0x12345678',
      '',
    ].join('\n');
    const edit = editImagesTxt(previous, entry);
    const lines = edit.text.split('\n');
    assert.deepEqual(lines.slice(0, 3), previous.split('\n').slice(0, 3));
    assert.match(lines[3], /^; bulkhead flash: /);
    assert.deepEqual(lines.slice(4, 8), OURS);
    assert.deepEqual(lines.slice(8), ['; kept', '[OTHER]', 'IMAGE0ADDRESS: 0x12345678', '']);
    assert.deepEqual(edit.replaced, [
      'TOTALIMAGES: 2                     ;Number of Images (Max: 32)',
      'IMAGE0PORT: 1',
      'IMAGE0ADDRESS: 0x00000000',
      'imagE0file: \\SOFTWARE\\old.bin    ;case does not matter',
      'IMAGE1ADDRESS: 0x00040000',
      'IMAGE1FILE: \\SOFTWARE\\data.bin',
    ]);
    assert.equal(edit.text.includes('\r'), false, 'kept the file LF');
  });

  it("keeps a CRLF file's line ends and adds an [IMAGES] section to a list without one", () => {
    const edit = editImagesTxt('TITLE: x\r\n; no images yet\r\n', entry);
    assert.deepEqual(edit.text.split('\r\n'), [
      'TITLE: x',
      '; no images yet',
      '',
      '[IMAGES]',
      `; bulkhead flash: ${entry.note}`,
      ...OURS,
      '',
    ]);
  });

  it('recognises its own list and replaces its marker instead of adding a second one', () => {
    const first = editImagesTxt(undefined, entry).text;
    const second = editImagesTxt(first, { ...entry, address: 0x2100_0000, note: 'again' });
    assert.equal(second.previousWasBulkhead, true);
    assert.equal(second.text.match(/bulkhead flash/g)?.length, 1);
    assert.match(second.text, /; bulkhead flash: again\r\n/);
    assert.match(second.text, /IMAGE0ADDRESS: 0x21000000\r\n/);
    assert.deepEqual(second.replaced, OURS);
    assert.equal(editImagesTxt('TITLE: x\n', entry).previousWasBulkhead, false);
  });
});
