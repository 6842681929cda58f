// The diagnostic guest's start banner in Node (harness/diag-bench.ts): it says the guest is a UDS
// server, names its addresses, and lists exactly the services the dispatcher has, in hex.
import assert from 'node:assert/strict';
import { serviceSupported } from '../../../../guests/diag/uds/dispatcher.ts';
import { DiagBench } from './harness/diag-bench.ts';

describe('diag guest: start banner', () => {
  it('names the UDS server, its CAN identifiers and every supported service', () => {
    const bench = new DiagBench();
    bench.run(30);
    const banner =
      /^\[diag\] diag: UDS server \(ISO 14229-1\) on 0x7E0\/0x7DF, responses on 0x7E8; services((?: [0-9A-F]{2})+)$/m.exec(
        bench.console(),
      );
    assert.ok(banner !== null, bench.console());
    const listed = banner[1].trim().split(' ');
    const supported: string[] = [];
    for (let sid = 0; sid < 256; sid++) {
      if (serviceSupported(sid)) supported.push(sid.toString(16).toUpperCase().padStart(2, '0'));
    }
    assert.deepEqual(listed, supported);
    assert.deepEqual(listed, ['10', '11', '14', '19', '22', '27', '2E', '31', '3E', '85']);
  });
});
