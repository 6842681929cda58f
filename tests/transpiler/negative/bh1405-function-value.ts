// Negative case: a function used as a value (BH1405).

function handler(): void {}

export function install(): void {
  const callback = /*^*/handler; // expect: BH1405
}
