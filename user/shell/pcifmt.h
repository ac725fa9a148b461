/*
 * Text for the shell's lspci: the names of PCI classes and the lines it
 * prints for a function and its BARs, from the records the pci service
 * sends (rz/pci.h). Plain C, tested on the host (pcifmt_test.c).
 */
#ifndef RZ_USER_SHELL_PCIFMT_H
#define RZ_USER_SHELL_PCIFMT_H

#include <stddef.h>
#include <stdint.h>

#include "rz/pci.h"

/* A name for class/subclass (the subclass's when known, else the
 * class's), or NULL. */
const char *pcifmt_class_name(uint8_t class_code, uint8_t subclass);

/* Writes f's line, as `lspci -n` with the class name after it:
 *     00:02.0 0200: 8086:10d3 Ethernet controller
 * (no newline) and returns its length, as snprintf does. */
int pcifmt_function(char *buf, size_t cap, const rz_pci_function_t *f);

/* Writes the line of BAR slot i of f for `lspci -v`:
 *     BAR1: memory at 0xfebf0000 [size=4K] 32-bit
 * and returns its length; 0 (nothing written) for an unimplemented slot. */
int pcifmt_bar(char *buf, size_t cap, const rz_pci_function_t *f, unsigned i);

#endif
