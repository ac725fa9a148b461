/* The program bench/sip/host_bench spawns: it exits at once. Linked
 * statically so that the figure is the kernel's process cost, not the
 * dynamic loader's. */
int main(void) {
    return 0;
}
