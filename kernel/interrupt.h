/*
 * Interrupt objects: an IRQ line delivered to a driver process as a
 * signal. When the line fires the kernel masks it and sets
 * RZ_SIG_SIGNALED; the driver waits for the signal, services its device,
 * and acknowledges with interrupt_ack, which clears the signal and
 * unmasks the line. So a driver never sees a second interrupt before it
 * has dealt with the first, and a slow driver cannot storm the kernel.
 * The line is masked and released when the object's last handle goes.
 * Who may create one: docs/drivers.md (the IRQ must be in the caller's
 * claimed manifest).
 */
#ifndef RZ_KERNEL_INTERRUPT_H
#define RZ_KERNEL_INTERRUPT_H

#include "kernel/object.h"

/* A new interrupt object for ISA IRQ irq, its line unmasked: RZ_OK, or
 * RZ_ERR_BAD_STATE when the kernel or another object uses the line,
 * RZ_ERR_NO_MEMORY. */
int interrupt_create(unsigned irq, struct kobject **out);

/* Clears RZ_SIG_SIGNALED and unmasks the line. */
void interrupt_ack(struct kobject *obj);

#endif
