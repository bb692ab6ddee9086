/* The decoder tables: every pattern compiles, every line is reachable, and
 * the random-word generator used by the difftest stays inside its line. */
#include <stdio.h>
#include <string.h>

#include "decode.h"
#include "harness.h"

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint32_t next_rand(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (uint32_t)(rng_state >> 16);
}

START_TEST(every_pattern_compiles_to_32_bits)
{
    decoder_t d;
    char msg[128] = "";
    ck_assert_msg(decoder_init(&d, msg, sizeof(msg)), "decoder_init: %s", msg);
    for (unsigned i = 0; i < d.count; i++) {
        const char *bits = d.pats[i].src->bits;
        unsigned n = 0;
        for (const char *s = bits; *s; s++)
            n += *s != ' ';
        ck_assert_msg(n == 32, "%s has %u bits", d.pats[i].src->name, n);
    }
    decoder_free(&d);
}
END_TEST

START_TEST(every_line_is_reachable)
{
    decoder_t d;
    char msg[128];
    ck_assert(decoder_init(&d, msg, sizeof(msg)));
    for (unsigned i = 0; i < d.count; i++) {
        const compiled_pattern_t *p = &d.pats[i];
        unsigned hits = 0;
        for (int k = 0; k < 4000 && !hits; k++) {
            uint32_t w = (next_rand() & ~p->mask) | p->value;
            hits += decoder_match(&d, w) == p;
        }
        ck_assert_msg(hits > 0, "line %s (%s) is shadowed by earlier lines",
                      p->src->name, p->src->bits);
    }
    decoder_free(&d);
}
END_TEST

START_TEST(fields_gather_letters_msb_first)
{
    /* field 'a' is bits 31 and 0, field 'b' bits 22..1 */
    compiled_pattern_t cp;
    memset(&cp, 0, sizeof(cp));
    cp.field_mask['a' - 'a'] = 0x80000001u;
    cp.field_mask['b' - 'a'] = 0x007ffffeu;
    fields_t f;
    memset(&f, 0, sizeof(f));
    decoder_fields(&cp, 0x80000002u, &f);
    ck_assert_uint_eq(F(&f, 'a'), 2); /* bit 31 then bit 0: 0b10 */
    ck_assert_uint_eq(F(&f, 'b'), 1);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("decode");
    TCase *tc = tcase_create("tables");
    tcase_add_test(tc, every_pattern_compiles_to_32_bits);
    tcase_add_test(tc, every_line_is_reachable);
    tcase_add_test(tc, fields_gather_letters_msb_first);
    suite_add_tcase(s, tc);
    return test_main(s);
}
