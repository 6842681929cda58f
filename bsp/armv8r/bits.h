/*
 * Integer-constant helpers shared by C and assembly headers: C gets unsigned literals, the GNU
 * assembler (which rejects the `u` suffix) gets plain numbers.
 * Follows: ISO/IEC 9899:2011 6.4.4.1 (integer constants); GNU as "Integer expressions".
 */
#ifndef BSP_ARMV8R_BITS_H
#define BSP_ARMV8R_BITS_H

#ifdef __ASSEMBLER__
#define BH_U32(value) value
#else
#define BH_U32(value) value##u
#endif

#define BH_BIT(n) (BH_U32(1) << (n))

#endif /* BSP_ARMV8R_BITS_H */
