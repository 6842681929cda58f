// Negative case: 'any' in a parameter type (BH1101).

export function store(value: /*^*/any): void { // expect: BH1101
}
