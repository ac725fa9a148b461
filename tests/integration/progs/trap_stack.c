/* Hostile: recursion without end (the result feeds back in so that it
 * cannot become a loop): the call stack is exhausted. */
volatile int trap_stack_seed = 3;

static int descend(int n) {
    if (n == -1) {
        return 0; /* never: n only grows */
    }
    int below = descend(n + trap_stack_seed);
    return below * n + trap_stack_seed;
}

int main(void) {
    return descend(1);
}
