/*
 * ARM Dual-Timer Module (SP804) register map. Each module holds two timers, the second at +0x20.
 * Follows: ARM Dual-Timer Module (SP804) Technical Reference Manual (ARM DDI 0271), chapter 3
 * "Programmers Model": 3.2 summary of registers, 3.3.1-3.3.7 TimerXLoad, TimerXValue, TimerXControl,
 * TimerXIntClr, TimerXRIS, TimerXMIS, TimerXBGLoad.
 */
#ifndef BSP_REALVIEW_EB_SP804_H
#define BSP_REALVIEW_EB_SP804_H

#include "armv7r/bits.h"

#define SP804_TIMER1_OFFSET BH_U32(0x00)
#define SP804_TIMER2_OFFSET BH_U32(0x20)

/* Registers of one timer (offsets from the timer's base) */
#define SP804_LOAD    BH_U32(0x00)
#define SP804_VALUE   BH_U32(0x04)
#define SP804_CONTROL BH_U32(0x08)
#define SP804_INTCLR  BH_U32(0x0C)
#define SP804_RIS     BH_U32(0x10)
#define SP804_MIS     BH_U32(0x14)
#define SP804_BGLOAD  BH_U32(0x18)

/* TimerXControl bits */
#define SP804_CONTROL_ONESHOT    BH_BIT(0)
#define SP804_CONTROL_SIZE_32BIT BH_BIT(1)
#define SP804_CONTROL_PRESCALE_1 BH_U32(0x0) /* bits [3:2]: clock divided by 1 */
#define SP804_CONTROL_INT_ENABLE BH_BIT(5)
#define SP804_CONTROL_PERIODIC   BH_BIT(6)
#define SP804_CONTROL_ENABLE     BH_BIT(7)

#define SP804_INT_PENDING BH_BIT(0) /* RIS/MIS bit 0 */
#define SP804_INTCLR_ANY  BH_U32(1) /* any value written to TimerXIntClr clears the interrupt */

#endif /* BSP_REALVIEW_EB_SP804_H */
