/*
 * Port layer, cold restart: bh_port_image_restore (extern of firmware/port/guest-image.ts) copies one step
 * (a range) of a VM's pristine image, linked outside every VM area so no guest can alter it, back over
 * the VM's code; the core calls it step by step in the VM's own slots (firmware/core/restart.ts).
 * The guest's crt0 then re-initialises .data and .bss from that code area, as after reset.
 * Follows: ARM DDI 0406C A3.5.3 (normal memory: plain word stores; the hypervisor reaches all RAM
 * through the PMSAv7 background region, B5.3.1 SCTLR.BR) and B2.2.7 (no instruction cache is enabled
 * on this board, so no cache maintenance is needed after rewriting code); on Armv8-R the guest's EL2
 * regions are taken out around the copy (port_cpu_code_write_begin/end, port_cpu.h of the CPU).
 */
#include <stdint.h>

#include "image.h"
#include "port_cpu.h"

void bh_port_image_restore(uint32_t vm, uint32_t offset, uint32_t length);

/* Bytes per word copied (images are linked word-aligned, and the core's steps are whole words). */
#define PRISTINE_WORD_BYTES 4u
#define PRISTINE_WORD_MASK  3u

void bh_port_image_restore(uint32_t vm, uint32_t offset, uint32_t length)
{
    if (vm >= bh_vm_image_count) {
        return; /* the core only passes VM indices of its own tables */
    }
    const bh_vm_image *image = &bh_vm_images[vm];
    uint32_t image_length = (uint32_t)(image->pristine_end - image->pristine);
    if (offset > image_length || length > image_length - offset) {
        return; /* the core keeps every step inside the image */
    }
    volatile uint8_t *to = (volatile uint8_t *)(uintptr_t)image->run + offset;
    const uint8_t *from = image->pristine + offset;
    uint32_t saved = port_cpu_code_write_begin();
    uint32_t i = 0u;
    if (((offset | (uint32_t)(uintptr_t)image->run | (uint32_t)(uintptr_t)image->pristine) &
         PRISTINE_WORD_MASK) == 0u) {
        for (; i + PRISTINE_WORD_BYTES <= length; i += PRISTINE_WORD_BYTES) {
            *(volatile uint32_t *)(uintptr_t)(to + i) = *(const uint32_t *)(const void *)(from + i);
        }
    }
    for (; i < length; i++) {
        to[i] = from[i];
    }
    port_cpu_code_write_end(saved, (uint32_t)(uintptr_t)to, length);
}
