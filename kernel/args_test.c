/*
 * Program arguments: the form process_spawn accepts, counting them and
 * walking from one to the next, never past the given length.
 */
#include "kernel/args.h"

#include "ktest.h"

KTEST(args, empty_is_well_formed_and_holds_none) {
    KT_EXPECT(t, args_well_formed("", 0));
    KT_EXPECT_EQ(t, args_count("", 0), 0);
}

KTEST(args, last_byte_must_be_nul) {
    KT_EXPECT(t, args_well_formed("a\0b c\0", 6));
    KT_EXPECT(t, !args_well_formed("a\0b c", 5));
    KT_EXPECT(t, !args_well_formed("ab", 2));
    KT_EXPECT(t, args_well_formed("\0", 1)); /* one empty argument */
}

KTEST(args, counts_one_per_nul_empty_arguments_included) {
    KT_EXPECT_EQ(t, args_count("a\0b c\0\0", 7), 3);
    KT_EXPECT_EQ(t, args_count("\0", 1), 1);
    KT_EXPECT_EQ(t, args_count("abc\0", 4), 1);
}

KTEST(args, next_walks_each_argument_in_turn) {
    const char a[] = "a\0b c\0\0"; /* "a", "b c", "" */
    uint32_t len = 7;
    uint32_t off = args_next(a, len, 0);
    KT_EXPECT_EQ(t, off, 2);
    off = args_next(a, len, off);
    KT_EXPECT_EQ(t, off, 6);
    off = args_next(a, len, off);
    KT_EXPECT_EQ(t, off, 7);
}

KTEST(args, next_stops_at_len_without_a_final_nul) {
    /* The spawn syscall refuses such bytes; the walk still stays inside. */
    KT_EXPECT_EQ(t, args_next("abc", 3, 0), 3);
    KT_EXPECT_EQ(t, args_next("abc", 3, 3), 3);
}
