/*
 * Program status register (CPSR/SPSR) fields of an ARMv7-R core, usable from C and assembly.
 * Follows: ARM Architecture Reference Manual ARMv7-A/R (ARM DDI 0406C), B1.3.3 "Program Status
 * Registers (PSRs)" and B1.3.1 "ARM processor modes" (mode encodings).
 */
#ifndef BSP_ARMV7R_PSR_H
#define BSP_ARMV7R_PSR_H

#include "armv7r/bits.h"

/* PSR.M[4:0]: processor mode. */
#define PSR_MODE_MASK BH_U32(0x1F)
#define PSR_MODE_USR  BH_U32(0x10)
#define PSR_MODE_FIQ  BH_U32(0x11)
#define PSR_MODE_IRQ  BH_U32(0x12)
#define PSR_MODE_SVC  BH_U32(0x13)
#define PSR_MODE_ABT  BH_U32(0x17)
#define PSR_MODE_UND  BH_U32(0x1B)
#define PSR_MODE_SYS  BH_U32(0x1F)

/* Mask and state bits. */
#define PSR_T_BIT BH_BIT(5) /* Thumb execution state */
#define PSR_F_BIT BH_BIT(6) /* FIQ masked */
#define PSR_I_BIT BH_BIT(7) /* IRQ masked */
#define PSR_A_BIT BH_BIT(8) /* asynchronous abort masked */
#define PSR_E_BIT BH_BIT(9) /* big-endian data */

#endif /* BSP_ARMV7R_PSR_H */
