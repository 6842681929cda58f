// Negative case: assigning an array as a whole (BH1309).

let current = new Uint8Array(4);
const spare = new Uint8Array(4);

export function swap(): void {
  /*^*/current = spare; // expect: BH1309
}
