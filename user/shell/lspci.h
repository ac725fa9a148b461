/*
 * The shell's lspci: the PCI functions the pci service found
 * (docs/pci.md), one line each; -v adds their BARs and interrupt pin.
 */
#ifndef RZ_USER_SHELL_LSPCI_H
#define RZ_USER_SHELL_LSPCI_H

#include "user/shell/parse.h"

void lspci_run(const struct shell_cmd *cmd);

#endif
