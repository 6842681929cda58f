/*
 * Port layer of the hypervisor's self-checks and image integrity check (externs of
 * firmware/port/stack-canary.ts and guest-image.ts): the stack canaries from the BSP (mode stacks and the idle
 * thread's stack), the guest images from the generated image glue (image.h).
 * Follows: ARM DDI 0406C A3.5.3 (the hypervisor reads both image copies as normal memory through the
 * PMSAv7 background region, B5.3.1 SCTLR.BR); ISO/IEC 8802-3 CRC-32 (the digest the core recomputes).
 */
#include <stdint.h>

#include "image.h"
#include "stack_canary.h"

uint32_t bh_port_stack_canaries_broken(void);
uint32_t bh_port_idle_stack_canary_broken(void);
uint32_t bh_port_image_length(uint32_t vm);
void bh_port_image_read(uint32_t vm, uint32_t copy, uint32_t offset, uint8_t *dst, uint32_t dst_len,
                        uint32_t length);

/* `copy` argument of bh_port_image_read (ImageCopy in firmware/core/integrity.ts). */
#define IMAGE_COPY_PRISTINE 0u

uint32_t bh_port_stack_canaries_broken(void) { return bsp_stack_canaries_broken(); }

uint32_t bh_port_idle_stack_canary_broken(void) { return bsp_idle_stack_canary_broken(); }

uint32_t bh_port_image_length(uint32_t vm)
{
    if (vm >= bh_vm_image_count) {
        return 0u;
    }
    return (uint32_t)(bh_vm_images[vm].pristine_end - bh_vm_images[vm].pristine);
}

void bh_port_image_read(uint32_t vm, uint32_t copy, uint32_t offset, uint8_t *dst, uint32_t dst_len,
                        uint32_t length)
{
    uint32_t image_length = bh_port_image_length(vm);
    if (offset > image_length || length > image_length - offset || length > dst_len) {
        return; /* the core keeps every read inside the image and its buffer */
    }
    const bh_vm_image *image = &bh_vm_images[vm];
    const volatile uint8_t *from = (copy == IMAGE_COPY_PRISTINE ? image->pristine : image->run) + offset;
    for (uint32_t i = 0u; i < length; i++) {
        dst[i] = from[i];
    }
}
