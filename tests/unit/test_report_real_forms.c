/* test_report_real_forms: forms met in real public posts (session 17, the real-post grids kept outside the
 * repository), each on sentences written for this test (none copied from a post or from tests/fixtures/reports):
 *   - web typography: a CMS's non-breaking hyphen ("out‑of‑band", U+2011), no-break and narrow no-break spaces
 *     (U+00A0, U+202F before a French colon), soft hyphens and zero-width spaces read like their plain forms;
 *   - a fix that is not there yet told with "until" ("do not deploy KB1 until fixed", "bis es behoben ist", "tot
 *     het is opgelost", "修正されるまで") offers no fix: the KB it names stays the culprit;
 *   - "culprit" with a word between ("the latest culprit, the KB1 security patch") names the culprit.
 * Each case fails on 08345f9's build (checked with bench_reports --text). */
#include <stdlib.h>
#include <string.h>

#include "extract_test_util.h"

/* lang, class, title, text, the KB that must be blamed ("" none), the KB that must not be ("" none) */
typedef struct {
    const char *lang, *cls, *title, *text, *blamed, *not_blamed;
} real_case;

static const real_case cases[] = {
    /* typography: U+2011 inside "out-of-band" hid the fix noun, so the fix KB was blamed */
    {"en", PW_ADV_CLASS_FIX, "WinRE input restored",
     "The October cumulative update (KB5066835) broke USB keyboards in WinRE, forcing Microsoft to ship an "
     "emergency out\xE2\x80\x91of\xE2\x80\x91" "band update (KB5070773) a week later.",
     "KB5066835", "KB5070773"},
    {"en", PW_ADV_CLASS_FIX, "WinRE input restored",
     "The October cumulative update (KB5066835) broke USB keyboards in WinRE, forcing Microsoft to ship an "
     "emergency out\xC2\xAD-of-\xE2\x80\x8B" "band update (KB5070773) a week later.",
     "KB5066835", "KB5070773"},
    {"fr", PW_ADV_CLASS_REGRESSION, "Cluster",
     "Depuis\xC2\xA0KB5062557, nos volumes CSV ne\xE2\x80\xAF" "se\xC2\xA0" "connectent\xC2\xA0plus.", "KB5062557",
     ""},
    /* a fix not there yet ("until fixed") */
    {"en", PW_ADV_CLASS_REGRESSION, "KB5000001 wreaking havoc on SQL",
     "We will ship a hotfix. Please do not deploy KB5000001 until fixed.", "KB5000001", ""},
    {"de", PW_ADV_CLASS_REGRESSION, "KB5000001 zurückhalten",
     "KB5000001 legt den Druck lahm. Bitte nicht installieren, bis es behoben ist.", "KB5000001", ""},
    {"nl", PW_ADV_CLASS_REGRESSION, "KB5000001",
     "Installeer KB5000001 niet tot het probleem is opgelost, printen werkt niet meer.", "KB5000001", ""},
    /* "culprit" with a word between, in a story that also says "fix" */
    {"en", PW_ADV_CLASS_REGRESSION, "Microsoft forced to pull catastrophic update",
     "A catastrophic update that leaves users scrambling to fix their PCs. The latest culprit, the KB5000001 security "
     "patch that rolled out on February 11, had already caused some users to lose files.",
     "KB5000001", ""},
};

/* guards: the same words where they must keep their meaning */
static const real_case guards[] = {
    /* a plain hyphen and a real fix: the fix is still offered */
    {"en", PW_ADV_CLASS_FIX, "Out-of-band fix",
     "Microsoft released the out-of-band update KB5070773 to fix the WinRE input problem caused by KB5066835.",
     "KB5066835", "KB5070773"},
    /* "until" of time, not of a fix: "worked until KB1" blames it */
    {"en", PW_ADV_CLASS_REGRESSION, "RDP",
     "RDP worked fine until KB5000001. Since then every session drops after a minute.", "KB5000001", ""},
};

static void assert_case(const real_case *c)
{
    pw_advisory *a = read_report(c->title, c->text);
    ck_assert_msg(a->report_class && strcmp(a->report_class, c->cls) == 0, "[%s] %s / %s: class %s, want %s", c->lang,
                  c->title, c->text, a->report_class ? a->report_class : "(none)", c->cls);
    if (*c->blamed)
        ck_assert_msg(pw_strlist_has(&a->kb_affected, c->blamed), "[%s] %s / %s: %s not blamed", c->lang, c->title,
                      c->text, c->blamed);
    if (*c->not_blamed)
        ck_assert_msg(!pw_strlist_has(&a->kb_affected, c->not_blamed), "[%s] %s / %s: blames %s", c->lang, c->title,
                      c->text, c->not_blamed);
}

START_TEST(test_forms_of_real_posts_are_read)
{
    assert_case(&cases[_i]);
}
END_TEST

START_TEST(test_the_same_words_keep_their_meaning)
{
    assert_case(&guards[_i]);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("report_real_forms");
    TCase *tc = tcase_create("session 17");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, test_forms_of_real_posts_are_read, 0, (int)(sizeof cases / sizeof cases[0]));
    tcase_add_loop_test(tc, test_the_same_words_keep_their_meaning, 0, (int)(sizeof guards / sizeof guards[0]));
    suite_add_tcase(s, tc);
    return pw_test_run(s);
}
