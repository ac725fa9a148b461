/* Exits at once with status 0: the child of spawncycle's 1000 cycles. */
int main(void) {
    return 0;
}
