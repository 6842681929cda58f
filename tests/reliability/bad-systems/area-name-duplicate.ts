// Bad system: two areas of a VM are called 'code'.
// expect: vms[0].memory[1].name: duplicate memory area name 'code' (also vms[0].memory[0].name)
import { mutated } from './base.ts';

export default mutated('vms[0].memory[1].name', 'code');
