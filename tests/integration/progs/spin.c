/* Hostile: an endless loop without a syscall; only a kill ends it. */
volatile unsigned spin_counter;

int main(void) {
    for (;;) {
        spin_counter++;
    }
}
