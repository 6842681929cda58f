// Bad system: a guest image path leaves guests/.
// expect: vms[0].image: guest image must be a folder below guests/ such as 'control' (got '../etc')
import { mutated } from './base.ts';

export default mutated('vms[0].image', '../etc');
