/* test_signature: the signature miner's promises: typed masking, Drain-style grouping, ids that depend
 * only on the template (stable across runs, miners, insertion order and save/load), rule-named Windows
 * signatures that ignore record ids and times but keep the NTSTATUS, and the cluster cap. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/pw_hash.h"
#include "correlate/signature.h"
#include "pw_test.h"
#include "rules/rules.h"

static pw_sig_miner *miner(void)
{
    pw_error err = {0};
    pw_sig_miner *m = pw_sig_miner_new(NULL, NULL, &err);
    ck_assert_msg(m != NULL, "%s", err.msg);
    return m;
}

static void expect_mask(pw_sig_miner *m, const char *in, const char *want)
{
    char out[512];
    pw_sig_mask_text(m, in, strlen(in), out, sizeof out);
    ck_assert_msg(strcmp(out, want) == 0, "mask(%s) = '%s', want '%s'", in, out, want);
}

START_TEST(test_masking_types_each_become_their_placeholder)
{
    pw_sig_miner *m = miner();
    expect_mask(m, "volume {6F9619FF-8B86-D011-B42D-00C04FC964FF} offline", "volume <GUID> offline");
    expect_mask(m, "id 6f9619ff-8b86-d011-b42d-00c04fc964ff", "id <GUID>");
    expect_mask(m, "user S-1-5-21-3623811015-3361044348-30300820-1013 denied", "user <SID> denied");
    expect_mask(m, "Installing KB5062557 failed", "Installing <KB> failed");
    expect_mask(m, "rhost=218.188.2.4 port 22", "rhost=<IP> port <NUM>");
    expect_mask(m, "from 10.251.73.220:50010 done.", "from <IP> done.");
    expect_mask(m, "peer fe80::1ff:fe23:4567:890a up", "peer <IP> up");
    expect_mask(m, "peer 2001:0db8:85a3:0000:0000:8a2e:0370:7334 up", "peer <IP> up");
    expect_mask(m, "std::vector stays", "std::vector stays");
    expect_mask(m, "open /var/log/syslog.1 failed", "open <PATH> failed");
    expect_mask(m, "load C:\\Windows\\System32\\drivers\\x.sys", "load <PATH>");
    expect_mask(m, "share \\\\srv01\\c$\\data missing", "share <PATH> missing");
    expect_mask(m, "GET https://example.com/a?b=1 ok", "GET <URL> ok");
    expect_mask(m, "on 2025-07-08 at 12:34:56.123", "on <DATE> at <TIME>");
    expect_mask(m, "at 2025-07-08T12:34:56.123456Z ok", "at <DATE> ok");
    expect_mask(m, "connection at Fri Jul  1 07:57:30 2005 closed", "connection at <DATE> closed");
    expect_mask(m, "hive \\REGISTRY\\MACHINE\\SYSTEM flushed", "hive <PATH> flushed");
    expect_mask(m, "from ns.example.com (24-54-76-216.bflony.adelphia.net)", "from <HOST> (<HOST>)");
    expect_mask(m, "class org.apache.hadoop.Foo and mapred.task.id stay", "class org.apache.hadoop.Foo and mapred.task.id stay");
    expect_mask(m, "addr 0x7fed806eb5d status c00000b5", "addr <HEX> status <HEX>");
    expect_mask(m, "b6e75000-b6e9a000 r-xp mapped", "<HEX> r-xp mapped"); /* an address range is one value */
    expect_mask(m, "state 6 took -12 and 3.5s", "state <NUM> took <NUM> and <NUM>");
    expect_mask(m, "worker2 and HTTP/1.1 unchanged", "worker2 and HTTP/1.1 unchanged");
    pw_sig_miner_free(m);
}
END_TEST

START_TEST(test_masks_are_configurable)
{
    static const pw_sig_mask_def masks[] = {{"BLK", "blk_-?[0-9]+", 0, NULL}, {"NUM", "\\b[0-9]+\\b", 1, "0123456789"}};
    pw_sig_config c;
    pw_error err = {0};
    pw_sig_config_default(&c);
    c.masks = masks;
    c.nmasks = 2;
    pw_sig_miner *m = pw_sig_miner_new(&c, NULL, &err);
    ck_assert_msg(m != NULL, "%s", err.msg);
    expect_mask(m, "block blk_-123 of 7", "block <BLK> of <NUM>");
    pw_sig_miner_free(m);
    static const pw_sig_mask_def bad[] = {{"X", "(unclosed", 0, NULL}};
    c.masks = bad;
    c.nmasks = 1;
    ck_assert_ptr_null(pw_sig_miner_new(&c, NULL, &err));
    ck_assert_msg(strstr(err.msg, "mask X") != NULL, "%s", err.msg);
}
END_TEST

/* `needs` and `word_start` only make masking faster: the same masks without those promises (every line
 * scanned with the full alternation, at every position) give byte-identical output. */
START_TEST(test_mask_promises_never_change_the_result)
{
    size_t n;
    const pw_sig_mask_def *b = pw_sig_builtin_masks(&n);
    pw_sig_mask_def plain[PW_SIG_MAX_MASKS];
    for (size_t i = 0; i < n; i++) plain[i] = (pw_sig_mask_def){b[i].name, b[i].pattern, 0, NULL};
    pw_sig_config c;
    pw_error err = {0};
    pw_sig_config_default(&c);
    c.masks = plain;
    c.nmasks = n;
    pw_sig_miner *slow = pw_sig_miner_new(&c, NULL, &err), *fast = miner();
    ck_assert_ptr_nonnull(slow);
    static const char *lines[] = {
        "rhost=218.188.2.4 user=root uid=0", "Fri Jul  1 07:57:30 2005 from ns.example.com",
        "C:\\Windows\\x.sys and \\REGISTRY\\MACHINE at 12:00:01", "KB5062557 {6F9619FF-8B86-D011-B42D-00C04FC964FF}",
        "S-1-5-18 0xC00000B5 c00000b5 fe80::1 ::1 2001:db8::7", "https://x.y/z?q=1 /var/log/a.log 2025-07-08T01:02:03Z",
        "words only, no variables at all.", "", "a-b c:d e.f g/h i\\j K", "v6.1.7601.23505 ssh2 HTTP/1.1 -12 +3.5"};
    char a[512], o[512];
    for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
        pw_sig_mask_text(slow, lines[i], strlen(lines[i]), a, sizeof a);
        pw_sig_mask_text(fast, lines[i], strlen(lines[i]), o, sizeof o);
        ck_assert_msg(strcmp(a, o) == 0, "'%s': '%s' vs '%s'", lines[i], a, o);
    }
    /* and on real logs when the shared data is there */
    char path[4096];
    if (pw_test_shared_path(path, sizeof path, "loghub/Linux/Linux_2k.log")) {
        size_t len;
        char *text = pw_test_read_file(path, &len);
        ck_assert_ptr_nonnull(text);
        for (char *p = text, *e = text + len; p < e;) {
            char *nl = memchr(p, '\n', (size_t)(e - p));
            size_t l = nl ? (size_t)(nl - p) : (size_t)(e - p);
            pw_sig_mask_text(slow, p, l, a, sizeof a);
            pw_sig_mask_text(fast, p, l, o, sizeof o);
            ck_assert_msg(strcmp(a, o) == 0, "'%.*s'", (int)l, p);
            p += l + 1;
        }
        free(text);
    }
    pw_sig_miner_free(slow);
    pw_sig_miner_free(fast);
}
END_TEST

START_TEST(test_bad_configuration_and_state_are_errors_not_crashes)
{
    pw_sig_config c;
    pw_error err = {0};
    pw_sig_config_default(&c);
    c.similarity = 1.5;
    ck_assert_ptr_null(pw_sig_miner_new(&c, NULL, &err));
    ck_assert_msg(strstr(err.msg, "similarity") != NULL, "%s", err.msg);
    pw_sig_config_default(&c);
    c.depth = 2;
    ck_assert_ptr_null(pw_sig_miner_new(&c, NULL, &err));
    pw_sig_config_default(&c);
    c.max_clusters = 0;
    ck_assert_ptr_null(pw_sig_miner_new(&c, NULL, &err));

    pw_sig_miner *m = miner();
    ck_assert_int_eq(pw_sig_assign_text(m, "learned before the bad loads", 28, NULL, NULL, &err), 0);
    ck_assert_int_eq(pw_sig_load(m, "/nonexistent/state.json", &err), -1);
    char path[] = "/tmp/pw_sig_badXXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    static const char *bad[] = {"{\"format\":\"patchwatch-signatures\",\"version\":1,\"clusters\":[{\"id\":",
                                "[1,2,3]", "{\"format\":\"other\",\"version\":1,\"clusters\":[]}",
                                "{\"format\":\"patchwatch-signatures\",\"version\":1,\"clusters\":[{\"kind\":7}]}",
                                /* a good cluster, then a template that is not canonical: nothing is loaded */
                                "{\"format\":\"patchwatch-signatures\",\"version\":1,\"clusters\":["
                                "{\"id\":\"ID1\",\"kind\":\"text\",\"app\":\"\",\"code\":\"\",\"template\":\"a b\",\"count\":1},"
                                "{\"id\":\"ID2\",\"kind\":\"text\",\"app\":\"\",\"code\":\"\",\"template\":\"a  b\",\"count\":1}]}"};
    char ids[2][17], last[512];
    pw_hash_hex(pw_sig_id("text", "", "", "a b"), ids[0]);
    pw_hash_hex(pw_sig_id("text", "", "", "a  b"), ids[1]);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        const char *doc = bad[i];
        if (strstr(doc, "ID1")) { /* fill in the real ids */
            char *a = strstr(strcpy(last, doc), "ID1");
            memmove(a + 16, a + 3, strlen(a + 3) + 1);
            memcpy(a, ids[0], 16);
            a = strstr(last, "ID2");
            memmove(a + 16, a + 3, strlen(a + 3) + 1);
            memcpy(a, ids[1], 16);
            doc = last;
        }
        ck_assert_int_eq(ftruncate(fd, 0), 0);
        ck_assert_int_eq(pwrite(fd, doc, strlen(doc), 0), (ssize_t)strlen(doc));
        ck_assert_int_eq(pw_sig_load(m, path, &err), -1);
        ck_assert_msg(strstr(err.msg, path) != NULL, "%s", err.msg);
    }
    close(fd);
    unlink(path);
    /* failed loads leave the miner as it was */
    uint64_t id;
    ck_assert_msg(strstr(err.msg, "canonical") != NULL, "%s", err.msg);
    ck_assert_int_eq(pw_sig_match(m, "text", NULL, NULL, "learned before the bad loads", 28, &id, NULL, &err), 1);
    ck_assert_uint_eq(pw_sig_cluster_count(m), 1);
    ck_assert_int_eq(pw_sig_assign_text(m, "still fine", 10, &id, NULL, &err), 0);
    pw_sig_miner_free(m);
}
END_TEST

START_TEST(test_lines_differing_in_variables_share_one_signature)
{
    pw_sig_miner *m = miner();
    pw_error err = {0};
    uint64_t a, b, c, d;
    const char *t;
    static const char *l1 = "Accepted password for root from 10.0.0.1 port 5022 ssh2";
    static const char *l2 = "Accepted password for alice from 10.0.0.7 port 6022 ssh2";
    static const char *l3 = "Accepted password for bob from 10.0.0.9 port 7022 ssh2";
    static const char *l4 = "Connection closed by 10.0.0.1 [preauth]";
    ck_assert_int_eq(pw_sig_assign_text(m, l1, strlen(l1), &a, &t, &err), 0);
    ck_assert_int_eq(pw_sig_assign_text(m, l2, strlen(l2), &b, &t, &err), 0);
    ck_assert_str_eq(t, "Accepted password for <*> from <IP> port <NUM> ssh2");
    ck_assert_int_eq(pw_sig_assign_text(m, l3, strlen(l3), &c, &t, &err), 0);
    ck_assert_int_eq(pw_sig_assign_text(m, l4, strlen(l4), &d, &t, &err), 0);
    ck_assert(b == c);
    ck_assert(a != b); /* the first line joined before the template generalised */
    ck_assert(c != d);
    ck_assert_uint_eq(pw_sig_cluster_count(m), 2);
    pw_sig_miner_free(m);
}
END_TEST

/* Numbers with a unit become one <NUM>, the unit inside it: sizes and durations written with or without a
 * space, so "4.5 KB" and "2 MB" (a number and a differing word before) are the same variable. */
START_TEST(test_numbers_with_units_join_their_unit)
{
    pw_sig_miner *m = miner();
    expect_mask(m, "cache holds 4.5 KB of 2 MB", "cache holds <NUM> of <NUM>");
    expect_mask(m, "sent 77 bytes (3.1 KiB) total", "sent <NUM> (<NUM>) total");
    expect_mask(m, "buffer 64K heap 12G image 900 B", "buffer <NUM> heap <NUM> image <NUM>");
    expect_mask(m, "sync took 250 ms, retry in 3 sec", "sync took <NUM>, retry in <NUM>");
    expect_mask(m, "idle 15m after 2h and 12ms", "idle <NUM> after <NUM> and <NUM>");
    /* a spaced one-letter word is not a unit, a unit glued to a word is not a number */
    expect_mask(m, "row 5 s col 7 m", "row <NUM> s col <NUM> m");
    expect_mask(m, "HTTP/1.1 v2ms mp3 4x4", "HTTP/1.1 v2ms mp3 4x4");
    pw_sig_miner_free(m);

    /* and two lines that differ only there share a signature even though short */
    m = miner();
    pw_error err = {0};
    uint64_t a, b;
    const char *t;
    ck_assert_int_eq(pw_sig_assign_text(m, "flushed 3 MB", 12, &a, &t, &err), 0);
    ck_assert_int_eq(pw_sig_assign_text(m, "flushed 812 bytes", 17, &b, &t, &err), 0);
    ck_assert_str_eq(t, "flushed <NUM>");
    pw_sig_miner_free(m);
}
END_TEST

static uint64_t mine1(pw_sig_miner *m, const char *line, const char **tmpl)
{
    pw_error err = {0};
    uint64_t id = 0;
    pw_sig_ref r;
    ck_assert_int_eq(pw_sig_mine(m, "text", NULL, NULL, line, strlen(line), PW_TS_NONE, NULL, NULL, &r, &err), 0);
    ck_assert_int_eq(pw_sig_ref_get(m, r, &id, tmpl), 0);
    return id;
}

/* Switch values (true/false/null, any case, quoted or bracketed) are variables: a three-token line that
 * differs only in one joins its signature, where a differing ordinary word (1 of 3) does not. */
START_TEST(test_switch_values_are_variables)
{
    pw_sig_miner *m = miner();
    const char *t;
    uint64_t a = mine1(m, "cache warm: true", &t);
    uint64_t b = mine1(m, "cache warm: FALSE", &t);
    ck_assert_str_eq(t, "cache warm: <*>");
    ck_assert(mine1(m, "cache warm: (null),", &t) == b);
    ck_assert(mine1(m, "cache warm: 'False'", &t) == b);
    (void)a;
    uint64_t y = mine1(m, "pool drained: yes", &t);
    uint64_t n = mine1(m, "pool drained: no", &t);
    ck_assert(y != n);
    /* only the whole word: "trueness", "nullable" stay words */
    uint64_t w1 = mine1(m, "mode set: nullable", &t);
    uint64_t w2 = mine1(m, "mode set: trueness", &t);
    ck_assert(w1 != w2);
    ck_assert_uint_eq(pw_sig_cluster_count(m), 5);
    pw_sig_miner_free(m);
}
END_TEST

/* A run of same-shaped variables (a list whose length varies) is one token, so lists of 1, 3 and 5 ids
 * share a signature; neighbours of different shapes stay apart. */
START_TEST(test_lists_of_same_shaped_variables_are_one_variable)
{
    pw_sig_miner *m = miner();
    const char *t;
    uint64_t a = mine1(m, "purge queued for obj_17 now", &t);
    uint64_t b = mine1(m, "purge queued for obj_-4 obj_88 obj_3 now", &t);
    ck_assert_str_eq(t, "purge queued for <*> now");
    ck_assert(mine1(m, "purge queued for obj_1, obj_2, obj_3, obj_4, obj_5 now", &t) == b);
    (void)a;
    /* an address and a count side by side are two variables, not a list */
    (void)mine1(m, "retry from 10.1.2.3 7 times", &t);
    ck_assert_str_eq(t, "retry from <IP> <NUM> times");
    /* the <*> of a template is never folded into a run (a saved template reloads to the same tokens) */
    (void)mine1(m, "<*> <*> done", &t);
    ck_assert_str_eq(t, "<*> <*> done");
    pw_sig_miner_free(m);
}
END_TEST

/* A word with '@' between letters or digits (user@host, Class@instance) is a variable. */
START_TEST(test_at_addresses_are_variables)
{
    pw_sig_miner *m = miner();
    const char *t;
    uint64_t a = mine1(m, "login ok for carol@alpha", &t);
    uint64_t b = mine1(m, "login ok for dave@beta.example", &t);
    ck_assert_str_eq(t, "login ok for <*>");
    ck_assert(mine1(m, "login ok for Worker@ff", &t) == b);
    (void)a;
    /* a lone "@" or a trailing one is punctuation, not an address */
    uint64_t c = mine1(m, "login ok for @", &t);
    ck_assert(c != b);
    pw_sig_miner_free(m);
}
END_TEST

/* Tree depth by content: a compound leading token (file or host name, dotted identifier, key=value) does
 * not pick its own branch, so lines that differ there meet in one leaf and the similarity decides: one
 * signature for a long line, two when the compound word is a quarter of a short one (it still counts as a
 * constant in the comparison). */
/* The current id of the signature a line matches (0 when none): for comparing lines after mining. */
static uint64_t idof(pw_sig_miner *m, const char *line)
{
    pw_error err = {0};
    uint64_t id = 0;
    ck_assert_int_ge(pw_sig_match(m, "text", NULL, NULL, line, strlen(line), &id, NULL, &err), 0);
    return id;
}

/* Mines every line (NULL-terminated list) and returns the final template of the last one. */
static const char *mine_all(pw_sig_miner *m, const char *const *lines)
{
    const char *t = NULL;
    for (size_t i = 0; lines[i]; i++) (void)mine1(m, lines[i], &t);
    return t;
}

/* key=value: a value that is a number, a compound name, bracketed or quoted is a variable whose shape is
 * its key, so pairs of one key match whatever their values and pairs of two keys never do; a plain word
 * value stays a word. */
START_TEST(test_key_value_values_are_variables_of_their_key)
{
    pw_sig_miner *m = miner();
    static const char *const lines[] = {"set name=com.a.b mode=fast", "set name=org.c mode=fast",
                                        "set name=<root> mode=fast", "set name=com.a.b mode=slow",
                                        "conn uid=7 ok", "conn pid=7 ok", "conn uid=1000 ok",
                                        "lock tag=\"View Lock\" held", "lock tag=\"x\" held",
                                        "read b3:17 done", "read 00:0b done", "drop blk_7 now", "drop blk_-8 now", NULL};
    (void)mine_all(m, lines);
    const char *t;
    ck_assert(idof(m, "set name=com.a.b mode=fast") == idof(m, "set name=org.c mode=fast"));
    ck_assert(idof(m, "set name=com.a.b mode=fast") == idof(m, "set name=<root> mode=fast"));
    (void)mine1(m, "set name=org.c mode=fast", &t);
    ck_assert_str_eq(t, "set <*> mode=fast");
    ck_assert(idof(m, "set name=com.a.b mode=slow") != idof(m, "set name=com.a.b mode=fast")); /* a word value */
    /* the key tells variables apart: uid=7 is not pid=7 */
    ck_assert(idof(m, "conn uid=7 ok") != idof(m, "conn pid=7 ok"));
    ck_assert(idof(m, "conn uid=7 ok") == idof(m, "conn uid=1000 ok"));
    /* a quoted value is one token whatever its spaces */
    ck_assert(idof(m, "lock tag=\"View Lock\" held") == idof(m, "lock tag=\"x\" held"));
    (void)mine1(m, "lock tag=\"x\" held", &t);
    ck_assert_str_eq(t, "lock <*> held");
    /* ids and hex inside a variable do not make its shape: b3:17 ~ 00:0b, blk_7 ~ blk_-8 */
    ck_assert(idof(m, "read b3:17 done") == idof(m, "read 00:0b done"));
    ck_assert(idof(m, "drop blk_7 now") == idof(m, "drop blk_-8 now"));
    pw_sig_miner_free(m);
}
END_TEST

/* A qualified name (identifiers joined by two dots or more, '/' allowed: a class, a package, an Android
 * component) is a variable of its own kind: two of them match, a qualified name and a number do not; a
 * group keeps the type before its bracket; one-dot names ("main.c") and "e.g." stay words. */
START_TEST(test_qualified_names_are_variables_of_their_own_kind)
{
    pw_sig_miner *m = miner();
    static const char *const lines[] = {"Displayed com.google.clock/com.android.clock.Alarm: +136ms",
                                        "Displayed org.mozilla.firefox/.App: +1s255ms",
                                        "owner is com.a.b here", "owner is 42 here",
                                        "built main.c ok", "built util.c ok",
                                        "focus now Window{5f1 u0 com.x.y/.Main}", "focus now Token{5f1 u0 com.x.y/.Main}",
                                        NULL};
    (void)mine_all(m, lines);
    const char *t;
    ck_assert(idof(m, lines[0]) == idof(m, lines[1]));
    (void)mine1(m, lines[1], &t);
    ck_assert_str_eq(t, "Displayed <*> <*>"); /* "+1s255ms" is a variable, not a <NUM> */
    ck_assert(idof(m, lines[2]) != idof(m, lines[3]));
    ck_assert(idof(m, lines[4]) != idof(m, lines[5]));
    ck_assert(idof(m, lines[6]) != idof(m, lines[7]));
    pw_sig_miner_free(m);
}
END_TEST

/* A Java stack frame is one variable whatever its length ("(Native Method)" included), and a run of
 * qualified names (a call list) is one variable whatever its count. */
START_TEST(test_stack_frames_and_call_lists_share_one_signature)
{
    pw_sig_miner *m = miner();
    static const char *const lines[] = {"\tat android.view.ViewRootImpl.<init>(ViewRootImpl.java:418)",
                                        "\tat android.app.Dialog.show(Dialog.java:322)",
                                        "\tat dalvik.system.NativeStart.run(Native Method)",
                                        "no user: a.b.Ctx.send:12 c.d.Am.reg:7",
                                        "no user: a.b.Ctx.send:12 e.f.Q.run:1 g.h.Thread.run:9",
                                        NULL};
    (void)mine_all(m, lines);
    const char *t;
    ck_assert(idof(m, lines[0]) == idof(m, lines[1]));
    ck_assert(idof(m, lines[0]) == idof(m, lines[2]));
    (void)mine1(m, lines[2], &t);
    ck_assert_str_eq(t, "at <*>");
    ck_assert(idof(m, lines[3]) == idof(m, lines[4]));
    ck_assert(idof(m, lines[3]) != idof(m, lines[0]));
    pw_sig_miner_free(m);
}
END_TEST

/* key=true / key=false / key=null is a switch value of that key: it matches the same key with another
 * switch value, never another key (mined in this order: once a position is <*>, any variable fills it). */
START_TEST(test_key_switch_values_are_variables_of_their_key)
{
    pw_sig_miner *m = miner();
    static const char *const lines[] = {"windowFocusChanged hasFocus=true inTouchMode=true",
                                        "windowFocusChanged visible=true inTouchMode=true",
                                        "windowFocusChanged hasFocus=false inTouchMode=true",
                                        "windowFocusChanged hasFocus=NULL, inTouchMode=true",
                                        NULL};
    const char *t;
    uint64_t a = mine1(m, lines[0], &t), b = mine1(m, lines[1], &t);
    ck_assert(a != b);
    (void)mine1(m, lines[2], &t);
    ck_assert_str_eq(t, "windowFocusChanged <*> inTouchMode=true");
    (void)mine1(m, lines[3], &t);
    ck_assert_str_eq(t, "windowFocusChanged <*> inTouchMode=true");
    ck_assert_uint_eq(pw_sig_cluster_count(m), 2);
    pw_sig_miner_free(m);
}
END_TEST

/* true/false/null inside a compound variable are values, not names: "ready=true,policy=3" and
 * "ready=false,policy=3" have one shape. */
START_TEST(test_switch_words_do_not_shape_a_variable)
{
    pw_sig_miner *m = miner();
    const char *t;
    uint64_t a = mine1(m, "power ready=true,policy=3,mode=false", &t);
    uint64_t b = mine1(m, "power ready=false,policy=1,mode=TRUE", &t);
    ck_assert(a != 0 && b != 0);
    ck_assert_str_eq(t, "power <*>");
    ck_assert_uint_eq(pw_sig_cluster_count(m), 1);
    pw_sig_miner_free(m);
}
END_TEST

/* A list of hex ids written without 0x ("5f716bd a64f992") is one variable whatever its length, like a
 * list of numbers; words of hex letters only ("face", "added") are words. */
START_TEST(test_lists_of_bare_hex_ids_are_one_variable)
{
    pw_sig_miner *m = miner();
    static const char *const lines[] = {"purge ids 5f716bd a64f992 de9231d now", "purge ids 1a2b3c4 now",
                                        "sync face added ok", "sync bead added ok", NULL};
    (void)mine_all(m, lines);
    const char *t;
    ck_assert(idof(m, lines[0]) == idof(m, lines[1]));
    (void)mine1(m, lines[1], &t);
    ck_assert_str_eq(t, "purge ids <*> now");
    ck_assert(idof(m, lines[2]) != idof(m, lines[3]));
    pw_sig_miner_free(m);
}
END_TEST

/* A bracketed phrase after a variable describes the value and does not shape it ("(iio device 2:
 * MPU6050 Accelerometer)" ~ "(iio device 3: STK3310 Proximity)"); a one-word tag still names a case
 * ("(reserved)" is not "(usable)"). */
START_TEST(test_bracketed_phrases_after_a_variable_do_not_shape_it)
{
    pw_sig_miner *m = miner();
    static const char *const lines[] = {"Disabling sensor 2 (iio device 2: MPU6050 Accelerometer)",
                                        "Disabling sensor 6 (iio device 3: STK3310 Proximity)",
                                        "map 0x1000 - 0x2000 (reserved)", "map 0x3000 - 0x4000 (usable)", NULL};
    (void)mine_all(m, lines);
    ck_assert(idof(m, lines[0]) == idof(m, lines[1]));
    ck_assert(idof(m, lines[2]) != idof(m, lines[3]));
    pw_sig_miner_free(m);
}
END_TEST

/* An object reference Type@hash has its type as its shape: what follows the hash ("[LiveLogActivity]")
 * names the instance, so two DecorViews match and a DecorView and a PopupWindow do not. */
START_TEST(test_object_references_are_variables_of_their_type)
{
    pw_sig_miner *m = miner();
    static const char *const lines[] = {"onFocusChanged hasFocus: true, DecorView@6a1c668[LiveLogActivity]",
                                        "onFocusChanged hasFocus: true, PopupWindow@73ee595[FragmentMainActivity]",
                                        "onFocusChanged hasFocus: true, DecorView@73ee595[FragmentMainActivity]",
                                        NULL};
    const char *t;
    uint64_t a = mine1(m, lines[0], &t), b = mine1(m, lines[1], &t);
    ck_assert(a != b);
    (void)mine1(m, lines[2], &t);
    ck_assert_str_eq(t, "onFocusChanged hasFocus: true, <*>");
    ck_assert_uint_eq(pw_sig_cluster_count(m), 2);
    pw_sig_miner_free(m);
}
END_TEST

/* A bracketed group that holds a variable is one token (an object dump of varying word count); a group of
 * plain words and a quoted request line stay words. */
START_TEST(test_bracketed_groups_with_variables_are_one_token)
{
    pw_sig_miner *m = miner();
    static const char *const lines[] = {"show Window{5657bfd u0 d0 com.a/.B} now",
                                        "show Window{2147920 u0 d0 Starting com.c} now", "VM Started (Lifecycle Event)",
                                        "VM Paused (Lifecycle Event)",
                                        "10.0.0.1 \"GET /v2/a/servers HTTP/1.1\" status: 200 len: 10",
                                        "10.0.0.1 \"POST /v2/a/servers HTTP/1.1\" status: 200 len: 10", NULL};
    const char *t = mine_all(m, lines);
    ck_assert(idof(m, lines[0]) == idof(m, lines[1]));
    (void)mine1(m, lines[0], &t);
    ck_assert_str_eq(t, "show <*> now");
    /* plain words in brackets are the template: Started and Paused stay apart */
    ck_assert(idof(m, lines[2]) != idof(m, lines[3]));
    (void)mine1(m, lines[2], &t);
    ck_assert_str_eq(t, "VM Started (Lifecycle Event)");
    /* the method of a quoted request is the template */
    ck_assert(idof(m, lines[4]) != idof(m, lines[5]));
    /* an unclosed bracket leaves the words as they were (bounded look-ahead) */
    (void)mine1(m, "open {17 never closes here", &t);
    ck_assert_str_eq(t, "open {<NUM> never closes here");
    pw_sig_miner_free(m);
}
END_TEST

/* A one-word bracketed annotation folds into the word before: a bare number ("items (1.39 KB)"), an empty "()",
 * a parenthesised name after a value; a square tag after a value ("[preauth]") does not. */
START_TEST(test_bracketed_annotations_fold_into_the_word_before)
{
    pw_sig_miner *m = miner();
    static const char *const lines[] = {"sent 1432 items (1.39 KB) to peer", "sent 0 items to peer",
                                        "connection from 10.0.0.1 (host.example.at) at noon",
                                        "connection from 10.0.0.2 () at noon", "invalid user bob7 [preauth]",
                                        "invalid user bob7", NULL};
    const char *t = mine_all(m, lines);
    ck_assert(idof(m, lines[0]) == idof(m, lines[1]));
    (void)mine1(m, lines[1], &t);
    ck_assert_str_eq(t, "sent <NUM> <*> to peer");
    ck_assert(idof(m, lines[2]) == idof(m, lines[3]));
    ck_assert(idof(m, lines[4]) != idof(m, lines[5]));
    /* "(null)" is a switch value of its own, not an annotation */
    (void)mine1(m, "cache warm: (null)", &t);
    ck_assert_str_eq(t, "cache warm: (null)");
    pw_sig_miner_free(m);
}
END_TEST

START_TEST(test_compound_leading_tokens_do_not_split_the_tree)
{
    pw_sig_miner *m = miner();
    const char *t;
    (void)mine1(m, "alpha.exe - connect to store via relay now", &t);
    uint64_t b = mine1(m, "beta.exe - connect to store via relay now", &t);
    ck_assert_str_eq(t, "<*> - connect to store via relay now");
    ck_assert(mine1(m, "gamma.bin - connect to store via relay now", &t) == b);
    (void)mine1(m, "mode=fast - connect to store via relay now", &t);
    ck_assert(mine1(m, "mode=slow - connect to store via relay now", &t) == b);
    /* short: "x.y.z set to 3" and "a.b.c set to 4" differ in 1 of 4 tokens: two signatures */
    uint64_t s1 = mine1(m, "disk.cache.size set to 3", &t);
    uint64_t s2 = mine1(m, "net.retry.max set to 4", &t);
    ck_assert(s1 != s2);
    /* plain leading words still pick their branch: same shape, different first word, two signatures */
    uint64_t p1 = mine1(m, "opening store via relay now ok", &t);
    uint64_t p2 = mine1(m, "closing store via relay now ok", &t);
    ck_assert(p1 != p2);
    pw_sig_miner_free(m);
}
END_TEST

/* The id is the documented hash of (kind, app, code, template): pinned here so a change to it, which
 * would orphan every persisted and fleet-wide count, fails loudly. */
START_TEST(test_id_is_the_documented_hash_and_stable_across_runs)
{
    const char *f[4] = {"text", "", "", "Accepted password for <*> from <IP> port <NUM> ssh2"};
    size_t l[4] = {4, 0, 0, strlen(f[3])};
    uint64_t want = pw_hash_fields(f, l, 4);
    ck_assert(pw_sig_id("text", NULL, NULL, f[3]) == want);
    char hex[17];
    pw_hash_hex(want, hex);
    ck_assert_str_eq(hex, "66b8506d38c8841f");
}
END_TEST

static const char *corpus[] = {
    "Accepted password for root from 10.0.0.1 port 5022 ssh2",
    "Failed password for invalid user admin from 10.0.0.2 port 4411 ssh2",
    "Accepted password for alice from 10.0.0.7 port 6022 ssh2",
    "Failed password for invalid user test from 10.0.0.3 port 4412 ssh2",
    "session opened for user root by (uid=0)",
    "session opened for user alice by (uid=1000)",
    "Received disconnect from 10.0.0.9: 11: Bye Bye [preauth]",
    "Received disconnect from 10.0.0.4: 11: Bye Bye [preauth]",
    "kernel: EXT4-fs error (device sda1): ext4_find_entry:1455: inode #2: comm find: reading directory lblock 0",
    "kernel: EXT4-fs error (device sdb2): ext4_find_entry:1455: inode #7: comm ls: reading directory lblock 0",
    /* key=value values, a quoted value with spaces, an annotation, an object dump (grouped tokens must
     * reload to the same tokens) */
    "acquire lock=17, tag=\"View Lock\", name=com.android.systemui, uid=1000",
    "acquire lock=23, tag=\"*alarm*\", name=com.google.gms, uid=10037",
    "sent 1432 bytes (1.39 KB) to peer",
    "sent 0 bytes to peer",
    "addAppToken: AppWindowToken{c6c30fa token=Token{4c67725 ActivityRecord{de09f1c u0 com.x/.Main t115}}} to stack=1",
    "addAppToken: AppWindowToken{11aa token=Token{22bb ActivityRecord{33cc u0 com.y/.Other t7}}} to stack=2",
};
#define NCORPUS (sizeof corpus / sizeof corpus[0])

/* Final id of every corpus line after mining the corpus in the given order. */
static void final_ids(pw_sig_miner *m, int reverse, uint64_t *ids)
{
    pw_error err = {0};
    for (size_t k = 0; k < NCORPUS; k++) {
        size_t i = reverse ? NCORPUS - 1 - k : k;
        ck_assert_int_eq(pw_sig_assign_text(m, corpus[i], strlen(corpus[i]), NULL, NULL, &err), 0);
    }
    for (size_t i = 0; i < NCORPUS; i++) {
        ck_assert_int_eq(pw_sig_match(m, "text", NULL, NULL, corpus[i], strlen(corpus[i]), &ids[i], NULL, &err), 1);
    }
}

START_TEST(test_ids_agree_across_miners_and_insertion_orders)
{
    uint64_t a[NCORPUS], b[NCORPUS];
    pw_sig_miner *m1 = miner(), *m2 = miner();
    final_ids(m1, 0, a);
    final_ids(m2, 1, b);
    for (size_t i = 0; i < NCORPUS; i++) ck_assert_msg(a[i] == b[i], "line %zu: %016llx vs %016llx", i,
                                                        (unsigned long long)a[i], (unsigned long long)b[i]);
    pw_sig_miner_free(m1);
    pw_sig_miner_free(m2);
}
END_TEST

START_TEST(test_ids_survive_save_and_load)
{
    uint64_t before[NCORPUS], after[NCORPUS];
    pw_error err = {0};
    char path[] = "/tmp/pw_sig_stateXXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    close(fd);
    pw_sig_miner *m1 = miner();
    final_ids(m1, 0, before);
    size_t n = pw_sig_cluster_count(m1);
    ck_assert_msg(pw_sig_save(m1, path, &err) == 0, "%s", err.msg);
    pw_sig_miner_free(m1);

    pw_sig_miner *m2 = miner();
    ck_assert_msg(pw_sig_load(m2, path, &err) == 0, "%s", err.msg);
    ck_assert_uint_eq(pw_sig_cluster_count(m2), n);
    for (size_t i = 0; i < NCORPUS; i++) {
        uint64_t id;
        ck_assert_int_eq(pw_sig_match(m2, "text", NULL, NULL, corpus[i], strlen(corpus[i]), &id, NULL, &err), 1);
        ck_assert(id == before[i]);
    }
    /* and mining the same lines again after the reload changes nothing */
    final_ids(m2, 1, after);
    for (size_t i = 0; i < NCORPUS; i++) ck_assert(after[i] == before[i]);
    ck_assert_uint_eq(pw_sig_cluster_count(m2), n);
    pw_sig_miner_free(m2);

    FILE *fp = fopen(path, "w");
    fputs("{\"format\":\"patchwatch-signatures\",\"version\":1,\"clusters\":[{\"id\":\"0000000000000000\","
          "\"kind\":\"text\",\"app\":\"\",\"code\":\"\",\"template\":\"x\",\"count\":1}]}", fp);
    fclose(fp);
    pw_sig_miner *m3 = miner();
    ck_assert_int_eq(pw_sig_load(m3, path, &err), -1);
    ck_assert_msg(strstr(err.msg, "does not match") != NULL, "%s", err.msg);
    pw_sig_miner_free(m3);
    unlink(path);
}
END_TEST

static void event_5120(pw_event *ev, int64_t record_id, const char *time, const char *status, const char *volume)
{
    pw_error err = {0};
    int64_t ts;
    pw_event_reset(ev);
    ck_assert_int_eq(pw_time_parse(time, strlen(time), &ts, &err), 0);
    pw_event_set_time(ev, ts);
    ck_assert_int_eq(pw_event_set_cstr(ev, "host.name", "node1", &err), 0);
    ck_assert_int_eq(pw_event_set_cstr(ev, "event.provider", "Microsoft-Windows-FailoverClustering", &err), 0);
    ck_assert_int_eq(pw_event_set_cstr(ev, "event.code", "5120", &err), 0);
    ck_assert_int_eq(pw_event_set_int(ev, "winlog.record_id", record_id, &err), 0);
    ck_assert_int_eq(pw_event_set_cstr(ev, "winlog.event_data.VolumeName", volume, &err), 0);
    ck_assert_int_eq(pw_event_set_cstr(ev, "winlog.event_data.ResourceName", "Cluster Disk 1", &err), 0);
    ck_assert_int_eq(pw_event_set_cstr(ev, "winlog.event_data.ErrorCode", status, &err), 0);
    ck_assert_int_eq(pw_event_set_cstr(ev, "winlog.event_data.TimeCreated", time, &err), 0);
    char msg[256];
    snprintf(msg, sizeof msg, "Cluster Shared Volume '%s' ('Cluster Disk 1') has entered a paused state because of "
             "'(%s)'. All I/O will temporarily be queued until a path to the volume is reestablished.", volume, status);
    ck_assert_int_eq(pw_event_set_cstr(ev, "message", msg, &err), 0);
}

START_TEST(test_windows_5120_ignores_record_id_and_time_but_keeps_ntstatus)
{
    pw_sig_miner *m = miner();
    pw_error err = {0};
    static const int64_t ids[] = {5120};
    static const char *const params[] = {"ErrorCode"};
    ck_assert_int_eq(pw_sig_add_rule(m, "csv-paused", "microsoft-windows-failoverclustering", ids, 1, params, 1, &err), 0);
    pw_event *ev = pw_event_new();
    char s1[17], s2[17], s3[17];

    event_5120(ev, 1001, "2025-07-08T10:00:00Z", "c00000b5", "Volume1");
    ck_assert_msg(pw_sig_assign_event(m, ev, &err) == 0, "%s", err.msg);
    snprintf(s1, sizeof s1, "%s", pw_event_get_str(ev, "patchwatch.signature", NULL));
    ck_assert_str_eq(pw_event_get_str(ev, "patchwatch.template", NULL),
                     "Microsoft-Windows-FailoverClustering 5120: ErrorCode=0xc00000b5");

    event_5120(ev, 99871, "2025-07-09T23:59:59.123Z", "0xC00000B5", "Volume1");
    ck_assert_int_eq(pw_sig_assign_event(m, ev, &err), 0);
    snprintf(s2, sizeof s2, "%s", pw_event_get_str(ev, "patchwatch.signature", NULL));
    ck_assert_str_eq(s1, s2);

    event_5120(ev, 1002, "2025-07-08T10:00:01Z", "c000020c", "Volume1"); /* STATUS_CONNECTION_DISCONNECTED */
    ck_assert_int_eq(pw_sig_assign_event(m, ev, &err), 0);
    snprintf(s3, sizeof s3, "%s", pw_event_get_str(ev, "patchwatch.signature", NULL));
    ck_assert_str_ne(s1, s3);
    ck_assert_str_eq(pw_event_get_str(ev, "patchwatch.signature_name", NULL), "csv-paused");

    /* the same id from a fresh miner: it is the documented hash, not a counter */
    pw_sig_miner *m2 = miner();
    ck_assert_int_eq(pw_sig_add_rule(m2, "csv-paused", "Microsoft-Windows-FailoverClustering", ids, 1, params, 1, &err), 0);
    event_5120(ev, 5, "2026-01-01T00:00:00Z", "C00000B5", "Volume9");
    ck_assert_int_eq(pw_sig_assign_event(m2, ev, &err), 0);
    ck_assert_str_eq(pw_event_get_str(ev, "patchwatch.signature", NULL), s1);
    pw_sig_miner_free(m2);
    pw_event_destroy(ev);
    pw_sig_miner_free(m);
}
END_TEST

START_TEST(test_windows_without_rule_mines_the_message_in_its_event_scope)
{
    pw_sig_miner *m = miner();
    pw_error err = {0};
    pw_event *ev = pw_event_new();
    char s1[17];
    event_5120(ev, 1, "2025-07-08T10:00:00Z", "c00000b5", "Volume1");
    ck_assert_int_eq(pw_sig_assign_event(m, ev, &err), 0);
    event_5120(ev, 2, "2025-07-08T10:00:05Z", "c00000b5", "Volume2");
    ck_assert_int_eq(pw_sig_assign_event(m, ev, &err), 0);
    snprintf(s1, sizeof s1, "%s", pw_event_get_str(ev, "patchwatch.signature", NULL));
    const char *t = pw_event_get_str(ev, "patchwatch.template", NULL);
    ck_assert_msg(strstr(t, "paused state") != NULL && strstr(t, "'Volume1'") == NULL, "%s", t);
    pw_event_destroy(ev);
    pw_sig_miner_free(m);
}
END_TEST

START_TEST(test_shipped_rules_name_5120_by_its_ntstatus_in_any_spelling)
{
    char dir[4096];
    const char *src = getenv("PW_SOURCE_DIR");
    pw_error err = {0};
    snprintf(dir, sizeof dir, "%s/rules/signatures", src ? src : ".");
    pw_rules *rules = pw_rules_load(dir, &err);
    ck_assert_msg(rules != NULL, "%s", err.msg);
    ck_assert_uint_ge(pw_rules_count(rules, "signature"), 10);
    pw_sig_miner *m = pw_sig_miner_new(NULL, rules, &err);
    ck_assert_msg(m != NULL, "%s", err.msg);
    pw_event *ev = pw_event_new();
    char s1[17];
    event_5120(ev, 7, "2025-07-08T10:00:00Z", "STATUS_IO_TIMEOUT(c00000b5)", "Volume1");
    ck_assert_int_eq(pw_sig_assign_event(m, ev, &err), 0);
    ck_assert_str_eq(pw_event_get_str(ev, "patchwatch.template", NULL),
                     "Microsoft-Windows-FailoverClustering 5120: ErrorCode=0xc00000b5");
    ck_assert_str_eq(pw_event_get_str(ev, "patchwatch.signature_name", NULL), "csv-auto-paused");
    snprintf(s1, sizeof s1, "%s", pw_event_get_str(ev, "patchwatch.signature", NULL));
    event_5120(ev, 8, "2025-07-10T11:00:00Z", "c00000b5", "Volume2");
    ck_assert_int_eq(pw_sig_assign_event(m, ev, &err), 0);
    ck_assert_str_eq(pw_event_get_str(ev, "patchwatch.signature", NULL), s1);

    /* 1135 names no parameter: its message is mined, the node name becomes a variable */
    static const char *nodes[] = {"node1", "node2", "node3"};
    for (int i = 0; i < 3; i++) {
        char msg[128];
        pw_event_reset(ev);
        pw_event_set_cstr(ev, "event.provider", "Microsoft-Windows-FailoverClustering", &err);
        pw_event_set_cstr(ev, "event.code", "1135", &err);
        snprintf(msg, sizeof msg, "Cluster node '%s' was removed from the active failover cluster membership.", nodes[i]);
        pw_event_set_cstr(ev, "message", msg, &err);
        ck_assert_int_eq(pw_sig_assign_event(m, ev, &err), 0);
    }
    ck_assert_str_eq(pw_event_get_str(ev, "patchwatch.template", NULL),
                     "Cluster node <*> was removed from the active failover cluster membership.");
    ck_assert_str_eq(pw_event_get_str(ev, "patchwatch.signature_name", NULL), "cluster-node-removed");
    pw_event_destroy(ev);
    pw_sig_miner_free(m);
    pw_rules_free(rules);
}
END_TEST

START_TEST(test_windows_event_without_message_mines_its_event_data)
{
    pw_sig_miner *m = miner();
    pw_error err = {0};
    pw_event *ev = pw_event_new();
    static const char *vols[] = {"\\?\\Volume{95b548ac-9d1a-4f36-96fc-2c67e06caefb}", "\\?\\Volume{0b5f3c2a-1111-4f36-96fc-2c67e06caefb}"};
    for (int i = 0; i < 2; i++) {
        pw_event_reset(ev);
        pw_event_set_cstr(ev, "event.provider", "Microsoft-Windows-BitLocker-API", &err);
        pw_event_set_cstr(ev, "event.code", "796", &err);
        pw_event_set_int(ev, "winlog.record_id", 100 + i, &err);
        pw_event_set_cstr(ev, "winlog.event_data.VolumeName", vols[i], &err);
        pw_event_set_cstr(ev, "winlog.event_data.VolumeMountPoint", i ? "D:" : "C:", &err);
        ck_assert_int_eq(pw_sig_assign_event(m, ev, &err), 0);
    }
    const char *t = pw_event_get_str(ev, "patchwatch.template", NULL);
    ck_assert_msg(strstr(t, "VolumeName=") != NULL && strstr(t, "95b548ac") == NULL && strstr(t, "record") == NULL,
                  "%s", t);
    pw_event_destroy(ev);
    pw_sig_miner_free(m);
}
END_TEST

START_TEST(test_syslog_event_gets_signature_and_template)
{
    pw_sig_miner *m = miner();
    pw_error err = {0};
    pw_event *ev = pw_event_new();
    ck_assert_int_eq(pw_event_set_cstr(ev, "log.syslog.appname", "sshd", &err), 0);
    ck_assert_int_eq(pw_event_set_cstr(ev, "message", "Invalid user admin from 192.0.2.1 port 50000", &err), 0);
    ck_assert_int_eq(pw_sig_assign_event(m, ev, &err), 0);
    const char *sig = pw_event_get_str(ev, "patchwatch.signature", NULL);
    ck_assert_ptr_nonnull(sig);
    ck_assert_uint_eq(strlen(sig), 16);
    ck_assert_str_eq(pw_event_get_str(ev, "patchwatch.template", NULL), "Invalid user admin from <IP> port <NUM>");
    char want[17];
    pw_hash_hex(pw_sig_id("syslog", "sshd", "", "Invalid user admin from <IP> port <NUM>"), want);
    ck_assert_str_eq(sig, want);
    pw_event_destroy(ev);
    pw_sig_miner_free(m);
}
END_TEST

START_TEST(test_cluster_cap_evicts_least_recently_used)
{
    pw_sig_config c;
    pw_error err = {0};
    pw_sig_config_default(&c);
    c.max_clusters = 8;
    pw_sig_miner *m = pw_sig_miner_new(&c, NULL, &err);
    ck_assert_ptr_nonnull(m);
    static const char *keep = "the frequent one stays";
    uint64_t keep_id;
    ck_assert_int_eq(pw_sig_assign_text(m, keep, strlen(keep), &keep_id, NULL, &err), 0);
    char line[128];
    for (int i = 0; i < 1000; i++) {
        /* distinct token counts and words: every line is its own cluster */
        int n = snprintf(line, sizeof line, "w%c%c alpha%c beta", 'a' + i % 26, 'a' + (i / 26) % 26, 'a' + i % 7);
        for (int k = 0; k < i % 5; k++) n += snprintf(line + n, sizeof line - (size_t)n, " x%c", 'a' + (i + k) % 26);
        ck_assert_int_eq(pw_sig_assign_text(m, line, (size_t)n, NULL, NULL, &err), 0);
        ck_assert_uint_le(pw_sig_cluster_count(m), 8);
        if (i % 3 == 0) ck_assert_int_eq(pw_sig_assign_text(m, keep, strlen(keep), NULL, NULL, &err), 0);
    }
    uint64_t id;
    ck_assert_int_eq(pw_sig_match(m, "text", NULL, NULL, keep, strlen(keep), &id, NULL, &err), 1);
    ck_assert(id == keep_id);
    pw_sig_miner_free(m);
}
END_TEST

START_TEST(test_refs_follow_the_template_and_detect_eviction)
{
    pw_sig_config c;
    pw_error err = {0};
    pw_sig_config_default(&c);
    c.max_clusters = 2;
    pw_sig_miner *m = pw_sig_miner_new(&c, NULL, &err);
    pw_sig_ref r;
    uint64_t id;
    const char *t;
    static const char *a = "could not open file a for reading", *b = "could not open file b for reading";
    ck_assert_int_eq(pw_sig_mine(m, "text", NULL, NULL, a, strlen(a), PW_TS_NONE, NULL, NULL, &r, &err), 0);
    ck_assert_int_eq(pw_sig_mine(m, "text", NULL, NULL, b, strlen(b), PW_TS_NONE, NULL, NULL, NULL, &err), 0);
    ck_assert_int_eq(pw_sig_ref_get(m, r, &id, &t), 0);
    ck_assert_str_eq(t, "could not open file <*> for reading");
    ck_assert_int_eq(pw_sig_mine(m, "text", NULL, NULL, "x", 1, PW_TS_NONE, NULL, NULL, NULL, &err), 0);
    ck_assert_int_eq(pw_sig_mine(m, "text", NULL, NULL, "y y", 3, PW_TS_NONE, NULL, NULL, NULL, &err), 0);
    ck_assert_int_eq(pw_sig_ref_get(m, r, &id, &t), -1);
    pw_sig_miner_free(m);
}
END_TEST

START_TEST(test_hostile_input_is_bounded)
{
    pw_sig_miner *m = miner();
    pw_error err = {0};
    size_t n = 200000;
    char *big = malloc(n);
    for (size_t i = 0; i < n; i++) big[i] = (i % 3) ? (char)('a' + i % 23) : ' ';
    big[7] = '\0'; /* embedded NUL and invalid UTF-8 are bytes like any other */
    big[9] = (char)0xff;
    uint64_t id;
    const char *t;
    ck_assert_int_eq(pw_sig_assign_text(m, big, n, &id, &t, &err), 0);
    ck_assert_uint_le(strlen(t), PW_SIG_MAX_LINE * 2);
    ck_assert_int_eq(pw_sig_assign_text(m, "", 0, &id, &t, &err), 0);
    ck_assert_str_eq(t, "");
    free(big);
    pw_sig_miner_free(m);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("signature");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_masking_types_each_become_their_placeholder);
    tcase_add_test(tc, test_masks_are_configurable);
    tcase_add_test(tc, test_mask_promises_never_change_the_result);
    tcase_add_test(tc, test_bad_configuration_and_state_are_errors_not_crashes);
    tcase_add_test(tc, test_lines_differing_in_variables_share_one_signature);
    tcase_add_test(tc, test_numbers_with_units_join_their_unit);
    tcase_add_test(tc, test_switch_values_are_variables);
    tcase_add_test(tc, test_at_addresses_are_variables);
    tcase_add_test(tc, test_lists_of_same_shaped_variables_are_one_variable);
    tcase_add_test(tc, test_compound_leading_tokens_do_not_split_the_tree);
    tcase_add_test(tc, test_key_value_values_are_variables_of_their_key);
    tcase_add_test(tc, test_bracketed_groups_with_variables_are_one_token);
    tcase_add_test(tc, test_bracketed_annotations_fold_into_the_word_before);
    tcase_add_test(tc, test_id_is_the_documented_hash_and_stable_across_runs);
    tcase_add_test(tc, test_ids_agree_across_miners_and_insertion_orders);
    tcase_add_test(tc, test_ids_survive_save_and_load);
    tcase_add_test(tc, test_windows_5120_ignores_record_id_and_time_but_keeps_ntstatus);
    tcase_add_test(tc, test_windows_without_rule_mines_the_message_in_its_event_scope);
    tcase_add_test(tc, test_shipped_rules_name_5120_by_its_ntstatus_in_any_spelling);
    tcase_add_test(tc, test_windows_event_without_message_mines_its_event_data);
    tcase_add_test(tc, test_syslog_event_gets_signature_and_template);
    tcase_add_test(tc, test_cluster_cap_evicts_least_recently_used);
    tcase_add_test(tc, test_refs_follow_the_template_and_detect_eviction);
    tcase_add_test(tc, test_hostile_input_is_bounded);
    tcase_add_test(tc, test_qualified_names_are_variables_of_their_own_kind);
    tcase_add_test(tc, test_stack_frames_and_call_lists_share_one_signature);
    tcase_add_test(tc, test_key_switch_values_are_variables_of_their_key);
    tcase_add_test(tc, test_object_references_are_variables_of_their_type);
    tcase_add_test(tc, test_switch_words_do_not_shape_a_variable);
    tcase_add_test(tc, test_lists_of_bare_hex_ids_are_one_variable);
    tcase_add_test(tc, test_bracketed_phrases_after_a_variable_do_not_shape_it);
    suite_add_tcase(s, tc);
    return pw_test_run(s);
}
