// Negative case: a Node-only part of the runtime (the simulated MMIO bus) in transpiled code (BH1609).
import { MmioBus } from '../../../transpiler/runtime/index.ts';

export function install(bus: /*^*/MmioBus): void {} // expect: BH1609
