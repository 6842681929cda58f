// Negative case: a typed array created without its length argument (BH1411).
export const buffer = /*^*/new Uint8Array(); // expect: BH1411
