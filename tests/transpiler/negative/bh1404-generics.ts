// Negative case: a generic function (BH1404); its type parameter is not a subset type either (BH1105).
/*^*/export function identity<T>( // expect: BH1404
  value: /*^*/T, // expect: BH1105
): /*^*/T { // expect: BH1105
  return value;
}
