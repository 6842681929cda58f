/*
 * Program status register (CPSR/SPSR) fields of an Armv8-R AArch32 core, usable from C and assembly.
 * Follows: Arm Architecture Reference Manual Supplement Armv8, for the Armv8-R AArch32 architecture
 * profile (ARM DDI 0568) and ARM DDI 0487 part G, AArch32 processor modes (mode encodings, Hyp mode is EL2)
 * and the Program Status Registers.
 */
#ifndef BSP_ARMV8R_PSR_H
#define BSP_ARMV8R_PSR_H

#include "armv8r/bits.h"

/* PSR.M[4:0]: processor mode. USR is EL0; FIQ, IRQ, SVC, ABT, UND and SYS are EL1; HYP is EL2. */
#define PSR_MODE_MASK BH_U32(0x1F)
#define PSR_MODE_USR  BH_U32(0x10)
#define PSR_MODE_FIQ  BH_U32(0x11)
#define PSR_MODE_IRQ  BH_U32(0x12)
#define PSR_MODE_SVC  BH_U32(0x13)
#define PSR_MODE_ABT  BH_U32(0x17)
#define PSR_MODE_HYP  BH_U32(0x1A)
#define PSR_MODE_UND  BH_U32(0x1B)
#define PSR_MODE_SYS  BH_U32(0x1F)

/* Mask and state bits. */
#define PSR_T_BIT BH_BIT(5) /* Thumb execution state */
#define PSR_F_BIT BH_BIT(6) /* FIQ masked */
#define PSR_I_BIT BH_BIT(7) /* IRQ masked */
#define PSR_A_BIT BH_BIT(8) /* SError (asynchronous abort) masked */
#define PSR_E_BIT BH_BIT(9) /* big-endian data */

#endif /* BSP_ARMV8R_PSR_H */
