// Bad system: the system has 17 ports (at most 16).
// expect: ports: 17 ports; at most 16 are allowed
import { derived } from './base.ts';

export default derived((s) => {
  for (let i = 2; i < 17; i++) s.ports.push({ ...s.ports[1], name: `s${i}`, maxMessageSize: 4 });
});
