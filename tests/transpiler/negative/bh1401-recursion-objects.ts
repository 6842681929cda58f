// Negative case: indirect recursion through methods of two classes that reference each other (BH1401).
import { u32 } from '../../../transpiler/runtime/index.ts';

class Left {
  right: Right | null = null;
  count: u32 = 0;
  run(): void {
    if (this.right !== null) {
      this.right.run();
    }
  }
}

class Right {
  left: Left | null = null;
  count: u32 = 0;
  run(): void {
    if (this.left !== null) {
      /*^*/this.left.run(); // expect: BH1401
    }
  }
}

export const left = new Left();
