/* Hostile: an indirect call through a pointer of the wrong function type:
 * the signature check traps. */
typedef int (*binary_fn)(int, int);

static void nothing(void) {
}

int main(void) {
    binary_fn volatile wrong = (binary_fn)(void *)nothing;
    return wrong(1, 2);
}
