// The demo system as the real build transpiles it, built once per test process (under the process's
// output root, removed when it exits) for the tests that examine its generated C: the comparison-warning
// check and the MISRA check.
import { join, resolve } from 'node:path';

import { buildHypervisorSystem } from '../../../cli/build/system.ts';
import { PROCESS_OUT_ROOT } from './c-build.ts';

let demo: ReturnType<typeof buildHypervisorSystem> | undefined;

/** The built demo (hypervisor core and guests); the first call builds it, later calls share it. */
export function demoBuild(): ReturnType<typeof buildHypervisorSystem> {
  demo ??= buildHypervisorSystem(resolve('systems/demo.ts'), {
    outRoot: join(PROCESS_OUT_ROOT, 'demo-build'),
  });
  return demo;
}
