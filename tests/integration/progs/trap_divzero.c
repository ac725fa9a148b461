/* Hostile: integer division by zero. Both operands are opaque: with a
 * constant dividend of 1 the compiler divides without a divide. */
volatile int trap_divzero_dividend = 12345;
volatile int trap_divzero_zero = 0;

int main(void) {
    return trap_divzero_dividend / trap_divzero_zero;
}
