/* The boot page tables as the rest of the kernel relies on them. */
#include "arch/x86_64/arch.h"

#include "arch/x86_64/layout.h"
#include "ktest.h"

KTEST(arch, direct_map_covers_usable_memory) {
    size_t checked = 0;
    for (size_t i = 0; i < boot_info.mem_count; i++) {
        const struct boot_mem_region *r = &boot_info.mem[i];
        if (r->type != BOOT_MEM_USABLE || r->length == 0) {
            continue;
        }
        /* A fault here is a failure the runner sees: the machine stops. */
        volatile const uint8_t *first = phys_to_virt(r->base);
        volatile const uint8_t *last = phys_to_virt(r->base + r->length - 1);
        (void)*first;
        (void)*last;
        checked++;
    }
    KT_EXPECT(t, checked >= 1);
}

KTEST(arch, kernel_image_is_where_the_linker_put_it) {
    extern char kmain[];
    KT_EXPECT_EQ(t, boot_info.kernel_phys_start, KERNEL_PHYS);
    KT_EXPECT(t, kernel_virt_to_phys(kmain) >= boot_info.kernel_phys_start);
    KT_EXPECT(t, kernel_virt_to_phys(kmain) < boot_info.kernel_phys_end);
    /* The same byte through the image mapping and through the direct map. */
    KT_EXPECT_EQ(t, *(volatile uint8_t *)phys_to_virt(kernel_virt_to_phys(kmain)),
                 *(volatile uint8_t *)kmain);
}
