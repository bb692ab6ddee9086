/* The GDB remote stub's protocol layer: framing, checksums, escapes, hex,
 * register packing, target.xml and the packets, driven without a socket;
 * then whole sessions over TCP. */
#define _POSIX_C_SOURCE 200809L /* sockets, nanosleep */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "gdbstub.h"
#include "harness.h"

/* ---- helpers ------------------------------------------------------------ */

static gdb_rx_event_t feed_str(gdb_rx_t *rx, const char *s)
{
    gdb_rx_event_t ev = GDB_RX_MORE;
    for (; *s; s++) {
        ev = gdb_rx_feed(rx, (uint8_t)*s);
        if (ev != GDB_RX_MORE && s[1])
            ck_abort_msg("event %d before the end of \"%s\"", ev, s);
    }
    return ev;
}

/* Frames body and feeds it: the packet must come out unchanged. */
static void framed(gdb_rx_t *rx, const char *body, char *frame, size_t cap)
{
    size_t n = gdb_frame(frame, cap, body, strlen(body));
    ck_assert_uint_gt(n, 0);
    frame[n] = '\0';
    gdb_rx_reset(rx);
    ck_assert_int_eq(feed_str(rx, frame), GDB_RX_PACKET);
}

/* Sends a packet body and returns the reply as a string (static). */
static const char *ask(gdbstub_t *g, const char *pkt, gdb_action_t *act)
{
    static char out[GDB_REPLY_MAX + 1];
    gdb_action_t a = gdb_handle_packet(g, pkt, strlen(pkt));
    if (act)
        *act = a;
    ck_assert(!g->reply.full);
    memcpy(out, g->reply.data, g->reply.len);
    out[g->reply.len] = '\0';
    return out;
}

#define ASK_EQ(g, pkt, want) ck_assert_str_eq(ask(g, pkt, NULL), want)

static gdbstub_t *stub_for(arm64emu_machine *m)
{
    gdbstub_t *g = gdbstub_new(m);
    ck_assert_ptr_nonnull(g);
    return g;
}

/* ---- framing ------------------------------------------------------------ */

START_TEST(packet_with_good_checksum_is_delivered)
{
    gdb_rx_t rx;
    gdb_rx_reset(&rx);
    ck_assert_int_eq(feed_str(&rx, "$g#67"), GDB_RX_PACKET);
    ck_assert_str_eq(rx.buf, "g");
    ck_assert_int_eq(feed_str(&rx, "$qSupported:swbreak+#E5"), GDB_RX_BAD);
    char want[8];
    snprintf(want, sizeof(want), "#%02x",
             gdb_checksum("qSupported:swbreak+", strlen("qSupported:swbreak+")));
    gdb_rx_reset(&rx);
    feed_str(&rx, "$qSupported:swbreak+");
    ck_assert_int_eq(feed_str(&rx, want), GDB_RX_PACKET);
    ck_assert_str_eq(rx.buf, "qSupported:swbreak+");
}
END_TEST

START_TEST(bad_or_non_hex_checksum_is_rejected)
{
    gdb_rx_t rx;
    gdb_rx_reset(&rx);
    ck_assert_int_eq(feed_str(&rx, "$g#68"), GDB_RX_BAD);
    ck_assert_int_eq(feed_str(&rx, "$g#6z"), GDB_RX_BAD);
    ck_assert_int_eq(feed_str(&rx, "$g#x"), GDB_RX_BAD);
    /* the stream recovers at the next packet */
    ck_assert_int_eq(feed_str(&rx, "$g#67"), GDB_RX_PACKET);
}
END_TEST

START_TEST(acks_and_ctrl_c_are_reported_between_packets)
{
    gdb_rx_t rx;
    gdb_rx_reset(&rx);
    ck_assert_int_eq(gdb_rx_feed(&rx, '+'), GDB_RX_ACK);
    ck_assert_int_eq(gdb_rx_feed(&rx, '-'), GDB_RX_NACK);
    ck_assert_int_eq(gdb_rx_feed(&rx, 0x03), GDB_RX_INTERRUPT);
    ck_assert_int_eq(gdb_rx_feed(&rx, 'x'), GDB_RX_MORE);
    /* inside a packet 0x03 is data */
    ck_assert_int_eq(gdb_rx_feed(&rx, '$'), GDB_RX_MORE);
    ck_assert_int_eq(gdb_rx_feed(&rx, 0x03), GDB_RX_MORE);
    ck_assert_int_eq(feed_str(&rx, "#03"), GDB_RX_PACKET);
    ck_assert_uint_eq(rx.len, 1);
}
END_TEST

START_TEST(dollar_inside_a_packet_restarts_it)
{
    gdb_rx_t rx;
    gdb_rx_reset(&rx);
    ck_assert_int_eq(feed_str(&rx, "$mangled$g#67"), GDB_RX_PACKET);
    ck_assert_str_eq(rx.buf, "g");
    ck_assert_int_eq(feed_str(&rx, "$cut#$g#67"), GDB_RX_PACKET);
    ck_assert_str_eq(rx.buf, "g");
    ck_assert_int_eq(feed_str(&rx, "$cut#6$g#67"), GDB_RX_PACKET);
    ck_assert_str_eq(rx.buf, "g");
}
END_TEST

START_TEST(overlong_packet_is_dropped_without_overflow)
{
    gdb_rx_t rx;
    gdb_rx_reset(&rx);
    uint8_t sum = 0;
    gdb_rx_feed(&rx, '$');
    for (int i = 0; i < GDB_PKT_MAX * 3; i++) {
        ck_assert_int_eq(gdb_rx_feed(&rx, 'a'), GDB_RX_MORE);
        sum = (uint8_t)(sum + 'a');
    }
    char tail[8];
    snprintf(tail, sizeof(tail), "#%02x", sum);
    ck_assert_int_eq(feed_str(&rx, tail), GDB_RX_TOO_LONG);
    ck_assert_uint_eq(rx.len, GDB_PKT_MAX);
    ck_assert_int_eq(feed_str(&rx, "$g#67"), GDB_RX_PACKET);
}
END_TEST

START_TEST(frame_escapes_special_bytes_and_round_trips)
{
    gdb_rx_t rx;
    char frame[64];
    const char body[] = "a$b#c}d*e";
    framed(&rx, body, frame, sizeof(frame));
    ck_assert_str_eq(frame, "$a}\x04" "b}\x03" "c}]d}\x0a" "e#51");
    uint8_t out[16];
    size_t n;
    ck_assert(gdb_unescape(out, sizeof(out), &n, rx.buf, rx.len));
    ck_assert_uint_eq(n, strlen(body));
    ck_assert_mem_eq(out, body, n);
    /* too small a frame buffer: refused, never truncated */
    ck_assert_uint_eq(gdb_frame(frame, 10, body, strlen(body)), 0);
}
END_TEST

START_TEST(unescape_rejects_trailing_escape_and_overflow)
{
    uint8_t out[4];
    size_t n;
    ck_assert(!gdb_unescape(out, sizeof(out), &n, "ab}", 3));
    ck_assert(!gdb_unescape(out, sizeof(out), &n, "abcde", 5));
    ck_assert(gdb_unescape(out, sizeof(out), &n, "ab}]", 4));
    ck_assert_uint_eq(n, 3);
    ck_assert_uint_eq(out[2], '}');
}
END_TEST

START_TEST(hex_parsing_is_bounded_and_strict)
{
    const char *s = "ffffffffffffffff,1";
    const char *p = s;
    uint64_t v;
    ck_assert(gdb_parse_hex(&p, s + strlen(s), &v));
    ck_assert_uint_eq(v, UINT64_MAX);
    ck_assert_int_eq(*p, ',');
    s = "10000000000000000";
    p = s;
    ck_assert(!gdb_parse_hex(&p, s + strlen(s), &v)); /* 17 digits */
    s = ",1";
    p = s;
    ck_assert(!gdb_parse_hex(&p, s + 2, &v));
    s = "12";
    p = s;
    ck_assert(gdb_parse_hex(&p, s + 1, &v)); /* stops at end */
    ck_assert_uint_eq(v, 1);
    uint8_t b[2];
    ck_assert(gdb_hex_decode(b, "a0B1", 2));
    ck_assert_uint_eq(b[0], 0xa0);
    ck_assert_uint_eq(b[1], 0xb1);
    ck_assert(!gdb_hex_decode(b, "a0g1", 2));
}
END_TEST

START_TEST(reply_buffer_marks_overflow_instead_of_writing_past)
{
    static gdb_buf_t b;
    gdb_buf_clear(&b);
    uint8_t big[GDB_REPLY_MAX];
    memset(big, 0x5a, sizeof(big));
    gdb_buf_hex(&b, big, GDB_REPLY_MAX / 2);
    ck_assert(!b.full);
    gdb_buf_puts(&b, "x");
    ck_assert(b.full);
    ck_assert_uint_eq(b.len, GDB_REPLY_MAX);
}
END_TEST

START_TEST(random_byte_streams_stay_inside_the_packet_buffer)
{
    static gdb_rx_t rx;
    gdb_rx_reset(&rx);
    uint32_t seed = 777;
    unsigned packets = 0;
    for (int i = 0; i < 200000; i++) {
        seed = seed * 1103515245u + 12345u;
        uint8_t c = (uint8_t)(seed >> 16);
        if ((seed >> 8) % 97 == 0)
            c = '$';
        else if ((seed >> 8) % 89 == 0)
            c = '#';
        gdb_rx_event_t ev = gdb_rx_feed(&rx, c);
        ck_assert_uint_le(rx.len, GDB_PKT_MAX);
        if (ev == GDB_RX_PACKET) {
            ck_assert_uint_eq(strlen(rx.buf) <= rx.len, 1);
            packets++;
        }
    }
    ck_assert_int_eq(feed_str(&rx, "$g#67"), GDB_RX_PACKET);
    (void)packets;
}
END_TEST

/* ---- registers ---------------------------------------------------------- */

START_TEST(g_packet_packs_core_and_fp_registers_little_endian)
{
    arm64emu_machine *m = test_machine();
    gdbstub_t *g = stub_for(m);
    test_set_x(m, 0, 0x1122334455667788ull);
    test_set_x(m, 30, 0xfeedull);
    arm64emu_reg_write(m, 0, ARM64EMU_REG_PC, TEST_RAM_BASE + 0x40);
    arm64emu_reg_write(m, 0, ARM64EMU_REG_NZCV, 0x60000000u);
    uint8_t v1[16];
    for (int i = 0; i < 16; i++)
        v1[i] = (uint8_t)i;
    arm64emu_vreg_write(m, 0, 1, v1);
    arm64emu_reg_write(m, 0, ARM64EMU_REG_FPCR, 0x03000000u);
    const char *r = ask(g, "g", NULL);
    ck_assert_uint_eq(strlen(r), 2 * (33 * 8 + 4 + 32 * 16 + 4 + 4));
    ck_assert(!strncmp(r, "8877665544332211", 16));
    ck_assert(!strncmp(r + 30 * 16, "edfe000000000000", 16));
    ck_assert(!strncmp(r + 32 * 16, "4000004000000000", 16)); /* pc */
    ck_assert(!strncmp(r + 33 * 16, "00000060", 8));          /* cpsr: Z C */
    const char *v = r + 33 * 16 + 8 + 32;                        /* v1 */
    ck_assert(!strncmp(v, "000102030405060708090a0b0c0d0e0f", 32));
    ck_assert(!strncmp(r + 33 * 16 + 8 + 32 * 32 + 8, "00000003", 8)); /* fpcr */
    gdbstub_free(g);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(p_and_P_read_and_write_single_registers)
{
    arm64emu_machine *m = test_machine();
    gdbstub_t *g = stub_for(m);
    ASK_EQ(g, "P5=efbeadde00000000", "OK");
    ck_assert_uint_eq(test_x(m, 5), 0xdeadbeef);
    ASK_EQ(g, "p5", "efbeadde00000000");
    ASK_EQ(g, "P25=00112233445566778899aabbccddeeff", "OK"); /* v3 */
    ASK_EQ(g, "p25", "00112233445566778899aabbccddeeff");
    ASK_EQ(g, "P43=00000001", "OK"); /* fpcr: FZ */
    uint64_t fpcr;
    arm64emu_reg_read(m, 0, ARM64EMU_REG_FPCR, &fpcr);
    ck_assert_uint_eq(fpcr, 0x01000000);
    ASK_EQ(g, "P5=efbe", "E01");      /* wrong length */
    ASK_EQ(g, "P5=zzbeadde00000000", "E01");
    ASK_EQ(g, "p99999", "E01");       /* no such register */
    ASK_EQ(g, "p", "E01");
    ASK_EQ(g, "pffffffffffffffffff", "E01");
    gdbstub_free(g);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(G_packet_writes_registers_in_order)
{
    arm64emu_machine *m = test_machine();
    gdbstub_t *g = stub_for(m);
    char pkt[64] = "G";
    strcat(pkt, "0100000000000000" "0200000000000000");
    ASK_EQ(g, pkt, "OK");
    ck_assert_uint_eq(test_x(m, 0), 1);
    ck_assert_uint_eq(test_x(m, 1), 2);
    ASK_EQ(g, "G01000000000000", "E01"); /* a cut register */
    gdbstub_free(g);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(system_registers_are_named_and_readable)
{
    arm64emu_machine *m = test_machine();
    gdbstub_t *g = stub_for(m);
    unsigned sctlr = 0, vbar = 0;
    for (unsigned i = 0; i < g->regs.nsys; i++) {
        if (!strcmp(g->regs.sys[i].name, "SCTLR_EL1"))
            sctlr = GDB_REG_SYS0 + i;
        if (!strcmp(g->regs.sys[i].name, "VBAR_EL1"))
            vbar = GDB_REG_SYS0 + i;
        ck_assert_str_ne(g->regs.sys[i].name, "NZCV");
        ck_assert(strncmp(g->regs.sys[i].name, "ICC_IAR", 7) != 0);
    }
    ck_assert_uint_ne(sctlr, 0);
    ck_assert_uint_ne(vbar, 0);
    char pkt[64];
    snprintf(pkt, sizeof(pkt), "P%x=0008004000000000", vbar);
    ASK_EQ(g, pkt, "OK");
    uint64_t v;
    arm64emu_sysreg_read(m, 0, ARM64EMU_SYSREG(3, 0, 12, 0, 0), &v);
    ck_assert_uint_eq(v, 0x40000800);
    snprintf(pkt, sizeof(pkt), "p%x", vbar);
    ASK_EQ(g, pkt, "0008004000000000");
    gdbstub_free(g);
    arm64emu_destroy(m);
}
END_TEST

/* ---- target.xml --------------------------------------------------------- */

START_TEST(target_xml_reads_back_whole_in_chunks)
{
    arm64emu_machine *m = test_machine();
    gdbstub_t *g = stub_for(m);
    const char *x = g->regs.xml;
    ck_assert_ptr_nonnull(strstr(x, "<feature name=\"org.gnu.gdb.aarch64.core\">"));
    ck_assert_ptr_nonnull(strstr(x, "<feature name=\"org.gnu.gdb.aarch64.fpu\">"));
    ck_assert_ptr_nonnull(strstr(x, "<reg name=\"cpsr\" bitsize=\"32\""));
    ck_assert_ptr_nonnull(strstr(x, "<reg name=\"v31\" bitsize=\"128\" type=\"aarch64v\" regnum=\"65\"/>"));
    ck_assert_ptr_nonnull(strstr(x, "<reg name=\"fpcr\" bitsize=\"32\" regnum=\"67\"/>"));
    ck_assert_ptr_nonnull(strstr(x, "<field name=\"q\" type=\"vnq\"/>"));
    ck_assert_ptr_nonnull(strstr(x, "<reg name=\"SCTLR_EL1\" bitsize=\"64\""));
    ck_assert_ptr_nonnull(strstr(x, "name=\"CurrentEL\""));
    ck_assert_ptr_nonnull(strstr(x, "name=\"TTBR1_EL1\""));
    ck_assert_ptr_null(strstr(x, "ICC_IAR1_EL1"));

    char *all = calloc(1, g->regs.xml_len + 1);
    size_t have = 0;
    for (int guard = 0; guard < 1000; guard++) {
        char pkt[64];
        snprintf(pkt, sizeof(pkt), "qXfer:features:read:target.xml:%zx,3e8", have);
        const char *r = ask(g, pkt, NULL);
        ck_assert(r[0] == 'm' || r[0] == 'l');
        size_t n = strlen(r + 1);
        ck_assert_uint_le(have + n, g->regs.xml_len);
        memcpy(all + have, r + 1, n);
        have += n;
        if (r[0] == 'l')
            break;
    }
    ck_assert_uint_eq(have, g->regs.xml_len);
    ck_assert_str_eq(all, g->regs.xml);
    free(all);
    ASK_EQ(g, "qXfer:features:read:target.xml:ffffff,10", "l");
    ASK_EQ(g, "qXfer:features:read:other.xml:0,10", "E00");
    ASK_EQ(g, "qXfer:features:read:target.xml:0", "E01");
    gdbstub_free(g);
    arm64emu_destroy(m);
}
END_TEST

/* ---- memory ------------------------------------------------------------- */

START_TEST(m_and_M_access_memory_through_the_cpu)
{
    arm64emu_machine *m = test_machine();
    gdbstub_t *g = stub_for(m);
    ASK_EQ(g, "M40000100,4:deadbeef", "OK");
    uint8_t b[4];
    arm64emu_mem_read(m, TEST_RAM_BASE + 0x100, b, 4);
    ck_assert_uint_eq(b[0], 0xde);
    ck_assert_uint_eq(b[3], 0xef);
    ASK_EQ(g, "m40000100,4", "deadbeef");
    ASK_EQ(g, "m10,4", "E14");                      /* nothing mapped */
    ASK_EQ(g, "M10,1:00", "E14");
    /* the end of RAM: a short reply with what could be read */
    ASK_EQ(g, "m400ffffe,4", "0000");
    ck_assert_uint_eq(strlen(ask(g, "m40000000,100000", NULL)), GDB_REPLY_MAX);
    ASK_EQ(g, "m40000100", "E01");
    ASK_EQ(g, "m40000100,", "E01");
    ASK_EQ(g, "M40000100,4:dead", "E01");            /* too little data */
    ASK_EQ(g, "M40000100,2:deadbeef", "E01");        /* too much */
    ASK_EQ(g, "M40000100,ffffffffffffffff:00", "E01");
    gdbstub_free(g);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(X_writes_escaped_binary)
{
    arm64emu_machine *m = test_machine();
    gdbstub_t *g = stub_for(m);
    const char pkt[] = "X40000200,4:a}]}\x03" "b";
    ck_assert_int_eq(gdb_handle_packet(g, pkt, sizeof(pkt) - 1), GDB_ACT_REPLY);
    ck_assert_uint_eq(g->reply.len, 2);
    uint8_t b[4];
    arm64emu_mem_read(m, TEST_RAM_BASE + 0x200, b, 4);
    ck_assert_mem_eq(b, "a}#b", 4);
    ASK_EQ(g, "X40000200,0:", "OK");                 /* GDB's probe */
    ASK_EQ(g, "X40000200,2:a", "E01");
    ASK_EQ(g, "X40000200,1:a}", "E01");
    gdbstub_free(g);
    arm64emu_destroy(m);
}
END_TEST

/* ---- threads, queries, resumption --------------------------------------- */

static arm64emu_machine *two_cpu_machine(void)
{
    arm64emu_config *cfg;
    arm64emu_machine *m;
    arm64emu_config_new(&cfg);
    arm64emu_config_set_u64(cfg, ARM64EMU_CFG_RAM_SIZE, TEST_RAM_SIZE);
    arm64emu_config_set_u64(cfg, ARM64EMU_CFG_NUM_CPUS, 2);
    ck_assert_int_eq(arm64emu_create(cfg, &m), ARM64EMU_OK);
    arm64emu_config_free(cfg);
    return m;
}

START_TEST(cpus_are_threads_one_to_n)
{
    arm64emu_machine *m = two_cpu_machine();
    gdbstub_t *g = stub_for(m);
    ASK_EQ(g, "qfThreadInfo", "m1,2");
    ASK_EQ(g, "qsThreadInfo", "l");
    ASK_EQ(g, "qC", "QC1");
    ASK_EQ(g, "T2", "OK");
    ASK_EQ(g, "T3", "E01");
    ASK_EQ(g, "T0", "E01");
    ASK_EQ(g, "Hg2", "OK");
    ASK_EQ(g, "qC", "QC2");
    arm64emu_reg_write(m, 1, ARM64EMU_REG_X0 + 3, 0x77);
    ASK_EQ(g, "p3", "7700000000000000");
    ASK_EQ(g, "Hg0", "OK"); /* any thread: keeps the current one */
    ASK_EQ(g, "p3", "7700000000000000");
    ASK_EQ(g, "Hg-1", "OK");
    ASK_EQ(g, "Hg3", "E01");
    ASK_EQ(g, "Hx1", "E01");
    ASK_EQ(g, "Hc2", "OK");
    ck_assert_uint_eq(g->step_cpu, 1);
    ASK_EQ(g, "qThreadExtraInfo,2", "4350552031"); /* "CPU 1" */
    ASK_EQ(g, "qThreadExtraInfo,5", "E01");
    gdbstub_free(g);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(queries_answer_what_gdb_needs)
{
    arm64emu_machine *m = test_machine();
    gdbstub_t *g = stub_for(m);
    const char *r = ask(g, "qSupported:multiprocess+;swbreak+;hwbreak+;xmlRegisters=i386", NULL);
    ck_assert_ptr_nonnull(strstr(r, "PacketSize=1000"));
    ck_assert_ptr_nonnull(strstr(r, "qXfer:features:read+"));
    ck_assert_ptr_nonnull(strstr(r, "QStartNoAckMode+"));
    ck_assert_ptr_nonnull(strstr(r, "swbreak+"));
    ASK_EQ(g, "qAttached", "1");
    ASK_EQ(g, "qAttached:1", "1");
    ASK_EQ(g, "qOffsets", "");
    ASK_EQ(g, "qSymbol::", "");
    ASK_EQ(g, "vMustReplyEmpty", "");
    ASK_EQ(g, "vCont?", "vCont;c;C;s;S");
    ASK_EQ(g, "?", "T05thread:1;");
    ASK_EQ(g, "!", "");
    ASK_EQ(g, "Qbogus", "");
    ck_assert(!g->no_ack);
    ASK_EQ(g, "QStartNoAckMode", "OK");
    ck_assert(g->no_ack);
    gdbstub_free(g);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(resume_packets_choose_step_or_continue)
{
    arm64emu_machine *m = two_cpu_machine();
    gdbstub_t *g = stub_for(m);
    gdb_action_t a;
    ask(g, "c", &a);
    ck_assert_int_eq(a, GDB_ACT_CONTINUE);
    ask(g, "s", &a);
    ck_assert_int_eq(a, GDB_ACT_STEP);
    ask(g, "vCont;c", &a);
    ck_assert_int_eq(a, GDB_ACT_CONTINUE);
    ask(g, "vCont;s:2;c", &a);
    ck_assert_int_eq(a, GDB_ACT_STEP);
    ck_assert_uint_eq(g->step_cpu, 1);
    ask(g, "vCont;S05:1", &a);
    ck_assert_int_eq(a, GDB_ACT_STEP);
    ck_assert_uint_eq(g->step_cpu, 0);
    ask(g, "vCont;C0b", &a);
    ck_assert_int_eq(a, GDB_ACT_CONTINUE);
    ask(g, "c40000010", &a);
    ck_assert_int_eq(a, GDB_ACT_CONTINUE);
    ck_assert_uint_eq(test_x(m, ARM64EMU_REG_PC), TEST_RAM_BASE + 0x10);
    ASK_EQ(g, "vCont;t", "E01");
    ASK_EQ(g, "vCont;s:9", "E01");
    ASK_EQ(g, "vCont", "E01");
    ASK_EQ(g, "vCont;", "E01");
    ASK_EQ(g, "cxyz", "E01");
    ASK_EQ(g, "C", "E01");
    ask(g, "D", &a);
    ck_assert_int_eq(a, GDB_ACT_DETACH);
    ask(g, "k", &a);
    ck_assert_int_eq(a, GDB_ACT_KILL);
    gdbstub_free(g);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(z_packets_are_checked_before_use)
{
    arm64emu_machine *m = test_machine();
    gdbstub_t *g = stub_for(m);
    ASK_EQ(g, "Z5,40000000,4", "");       /* unknown type: unsupported */
    ASK_EQ(g, "Z2,40000000,0", "E16");    /* empty watch */
    ASK_EQ(g, "Z2,ffffffffffffffff,8", "E16"); /* wraps */
    ASK_EQ(g, "Z0,40000000", "E01");
    ASK_EQ(g, "Z0,40000000,4;X1,0", "E01"); /* conditions: refused */
    ASK_EQ(g, "z0,40000000,4", "OK");     /* removing a missing one */
    gdbstub_free(g);
    arm64emu_destroy(m);
}
END_TEST

/* ---- stop replies ------------------------------------------------------- */

START_TEST(stop_replies_name_thread_and_cause)
{
    arm64emu_machine *m = two_cpu_machine();
    gdbstub_t *g = stub_for(m);
    static gdb_buf_t b;
    arm64emu_exit e = {.struct_size = sizeof(e)};
    e.reason = ARM64EMU_EXIT_BREAKPOINT;
    e.cpu = 1;
    e.pc = 0x40000000;
    ck_assert(gdb_stop_reply(g, &e, &b));
    ck_assert_mem_eq(b.data, "T05thread:2;swbreak:;", b.len);
    e.reason = ARM64EMU_EXIT_STOP;
    e.cpu = 0;
    gdb_stop_reply(g, &e, &b);
    ck_assert_mem_eq(b.data, "T02thread:1;", b.len);
    e.reason = ARM64EMU_EXIT_UNMAPPED;
    gdb_stop_reply(g, &e, &b);
    ck_assert_mem_eq(b.data, "T0bthread:1;", b.len);
    e.reason = ARM64EMU_EXIT_UNDEFINED;
    gdb_stop_reply(g, &e, &b);
    ck_assert_mem_eq(b.data, "T04thread:1;", b.len);
    e.reason = ARM64EMU_EXIT_SEMIHOST_EXIT;
    e.imm = 7;
    ck_assert(!gdb_stop_reply(g, &e, &b));
    ck_assert_mem_eq(b.data, "W07", b.len);
    e.reason = ARM64EMU_EXIT_POWEROFF;
    ck_assert(!gdb_stop_reply(g, &e, &b));
    ck_assert_mem_eq(b.data, "W00", b.len);
    /* a watch the debugger set: the access inside its range is named */
    g->points[GDB_MAX_BREAKS] = (gdb_point_t){.addr = 0x40000104, .len = 4,
        .type = 2, .mask = 1u << ARM64EMU_ACCESS_WRITE, .used = true};
    e.reason = ARM64EMU_EXIT_WATCHPOINT;
    e.addr = 0x40000100;
    e.access = ARM64EMU_ACCESS_WRITE;
    e.access_size = 8;
    gdb_stop_reply(g, &e, &b);
    ck_assert_mem_eq(b.data, "T05thread:1;watch:40000104;", b.len);
    g->points[GDB_MAX_BREAKS].type = 3;
    g->points[GDB_MAX_BREAKS].mask = 1u << ARM64EMU_ACCESS_READ;
    e.access = ARM64EMU_ACCESS_READ;
    e.addr = 0x40000106;
    e.access_size = 1;
    gdb_stop_reply(g, &e, &b);
    ck_assert_mem_eq(b.data, "T05thread:1;rwatch:40000106;", b.len);
    g->points[GDB_MAX_BREAKS].used = false;
    gdbstub_free(g);
    arm64emu_destroy(m);
}
END_TEST

/* ---- robustness --------------------------------------------------------- */

START_TEST(random_packets_never_crash)
{
    arm64emu_machine *m = two_cpu_machine();
    gdbstub_t *g = stub_for(m);
    static const char *const seeds[] = {
        "m", "M", "X", "p", "P", "g", "G", "Z", "z", "H", "T", "q", "Q",
        "vCont;", "qXfer:features:read:target.xml:", "c", "s", "C", "S",
        "qThreadExtraInfo,", "?"};
    static const char alphabet[] = "0123456789abcdefABCDEF,:;=-}#$*xXps\x03\x7f\xff";
    uint32_t seed = 12345;
    char pkt[128];
    for (int i = 0; i < 20000; i++) {
        const char *s = seeds[i % (sizeof(seeds) / sizeof(seeds[0]))];
        size_t n = strlen(s);
        memcpy(pkt, s, n);
        seed = seed * 1103515245u + 12345u;
        size_t extra = (seed >> 16) % 60;
        for (size_t k = 0; k < extra; k++) {
            seed = seed * 1103515245u + 12345u;
            pkt[n++] = alphabet[(seed >> 16) % (sizeof(alphabet) - 1)];
        }
        gdb_action_t a = gdb_handle_packet(g, pkt, n);
        ck_assert_int_le(a, GDB_ACT_KILL);
        ck_assert_uint_le(g->reply.len, GDB_REPLY_MAX);
        g->no_ack = false;
    }
    gdbstub_free(g);
    arm64emu_destroy(m);
}
END_TEST

/* ---- over a socket ------------------------------------------------------ */

typedef struct served {
    arm64emu_machine *m;
    arm64emu_exit e;
    int rc;
} served_t;

static void *serve_thread(void *arg)
{
    served_t *s = arg;
    s->e.struct_size = sizeof(s->e);
    s->rc = arm64emu_gdb_serve(s->m, &s->e);
    return NULL;
}

static int dial(uint16_t port)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port),
                            .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(connect(fd, (struct sockaddr *)&a, sizeof(a)), 0);
    return fd;
}

static void tx(int fd, const char *s)
{
    ck_assert_int_eq(send(fd, s, strlen(s), 0), (ssize_t)strlen(s));
}

static void tx_packet(int fd, const char *body)
{
    char frame[256];
    size_t n = gdb_frame(frame, sizeof(frame) - 1, body, strlen(body));
    frame[n] = '\0';
    tx(fd, frame);
}

static char rx_byte(int fd)
{
    struct pollfd p = {.fd = fd, .events = POLLIN};
    char c;
    ck_assert_msg(poll(&p, 1, 5000) == 1, "no answer from the stub");
    ck_assert_int_eq(recv(fd, &c, 1, 0), 1);
    return c;
}

/* The next packet's body; '+' acks before it are skipped (when
 * want_ack, one must come first). */
static const char *rx_packet(int fd, bool want_ack)
{
    static gdb_rx_t rx;
    gdb_rx_reset(&rx);
    if (want_ack)
        ck_assert_int_eq(rx_byte(fd), '+');
    for (;;) {
        gdb_rx_event_t ev = gdb_rx_feed(&rx, (uint8_t)rx_byte(fd));
        ck_assert_int_ne(ev, GDB_RX_BAD);
        if (ev == GDB_RX_PACKET)
            return rx.buf;
    }
}

START_TEST(serve_acks_interrupts_breaks_and_detaches_over_tcp)
{
    arm64emu_machine *m = test_machine();
    const uint32_t loop[] = {0x14000000}; /* b . */
    test_load(m, TEST_RAM_BASE, loop, 1);
    arm64emu_exit e0 = {.struct_size = sizeof(e0)};
    ck_assert_int_eq(arm64emu_gdb_serve(m, &e0), ARM64EMU_ERR_INVALID_ARGUMENT);
    uint16_t port = 0;
    ck_assert_int_eq(arm64emu_gdb_listen(m, 0, &port), ARM64EMU_OK);
    ck_assert_uint_ne(port, 0);
    served_t s = {.m = m};
    pthread_t t;
    pthread_create(&t, NULL, serve_thread, &s);
    int fd = dial(port);
    tx(fd, "$?#00");                            /* bad checksum */
    ck_assert_int_eq(rx_byte(fd), '-');
    tx(fd, "$?#3f");
    ck_assert_str_eq(rx_packet(fd, true), "T05thread:1;");
    tx(fd, "+");
    tx_packet(fd, "QStartNoAckMode");
    ck_assert_str_eq(rx_packet(fd, true), "OK");
    tx(fd, "+");
    tx_packet(fd, "c");                         /* b . forever */
    nanosleep(&(struct timespec){.tv_nsec = 50000000}, NULL);
    tx(fd, "\x03");
    ck_assert_str_eq(rx_packet(fd, false), "T02thread:1;");
    ck_assert_uint_eq(test_x(m, ARM64EMU_REG_PC), TEST_RAM_BASE);
    tx_packet(fd, "Z0,40000000,4");
    ck_assert_str_eq(rx_packet(fd, false), "OK");
    tx_packet(fd, "s");
    ck_assert_str_eq(rx_packet(fd, false), "T05thread:1;");
    tx_packet(fd, "c");
    ck_assert_str_eq(rx_packet(fd, false), "T05thread:1;swbreak:;");
    tx_packet(fd, "D");
    ck_assert_str_eq(rx_packet(fd, false), "OK");
    pthread_join(t, NULL);
    close(fd);
    ck_assert_int_eq(s.rc, ARM64EMU_OK);
    ck_assert_uint_eq(s.e.reason, ARM64EMU_EXIT_STOP);
    ck_assert_uint_eq(s.e.imm, 0);
    ck_assert_uint_eq(s.e.pc, TEST_RAM_BASE);
    /* detaching removed the breakpoint */
    ck_assert_int_eq(arm64emu_debug_break_del(m, TEST_RAM_BASE),
                     ARM64EMU_ERR_INVALID_ARGUMENT);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(serve_ends_on_kill_and_on_a_lost_debugger)
{
    arm64emu_machine *m = test_machine();
    const uint32_t code[] = {0xd2800540, 0x00000000}; /* mov x0, #42; udf */
    test_load(m, TEST_RAM_BASE, code, 2);
    uint16_t port;
    ck_assert_int_eq(arm64emu_gdb_listen(m, 0, &port), ARM64EMU_OK);
    served_t s = {.m = m};
    pthread_t t;
    pthread_create(&t, NULL, serve_thread, &s);
    int fd = dial(port);
    tx_packet(fd, "c");
    ck_assert_str_eq(rx_packet(fd, true), "T04thread:1;");
    tx(fd, "+");
    tx_packet(fd, "p0");
    ck_assert_str_eq(rx_packet(fd, true), "2a00000000000000");
    tx(fd, "+");
    tx_packet(fd, "k");
    ck_assert_int_eq(rx_byte(fd), '+');
    pthread_join(t, NULL);
    close(fd);
    ck_assert_int_eq(s.rc, ARM64EMU_OK);
    ck_assert_uint_eq(s.e.reason, ARM64EMU_EXIT_STOP);
    ck_assert_uint_eq(s.e.imm, 9);

    /* a debugger that hangs up mid-packet ends the session too */
    ck_assert_int_eq(arm64emu_gdb_listen(m, 0, &port), ARM64EMU_OK);
    pthread_create(&t, NULL, serve_thread, &s);
    fd = dial(port);
    tx(fd, "$m4000");
    close(fd);
    pthread_join(t, NULL);
    ck_assert_int_eq(s.rc, ARM64EMU_OK);
    ck_assert_uint_eq(s.e.reason, ARM64EMU_EXIT_STOP);

    /* and so does one that hangs up while the guest runs */
    const uint32_t loop[] = {0x14000000}; /* b . */
    test_load(m, TEST_RAM_BASE, loop, 1);
    ck_assert_int_eq(arm64emu_gdb_listen(m, 0, &port), ARM64EMU_OK);
    pthread_create(&t, NULL, serve_thread, &s);
    fd = dial(port);
    tx_packet(fd, "c");
    ck_assert_int_eq(rx_byte(fd), '+');
    close(fd);
    pthread_join(t, NULL);
    ck_assert_int_eq(s.rc, ARM64EMU_OK);
    ck_assert_uint_eq(s.e.reason, ARM64EMU_EXIT_STOP);
    ck_assert_uint_eq(s.e.imm, 0);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(destroy_closes_a_server_never_served)
{
    arm64emu_machine *m = test_machine();
    uint16_t port;
    ck_assert_int_eq(arm64emu_gdb_listen(m, 0, &port), ARM64EMU_OK);
    ck_assert_int_eq(arm64emu_gdb_listen(m, 0, &port), ARM64EMU_OK); /* replaces */
    ck_assert_int_eq(arm64emu_gdb_listen(m, 0, NULL), ARM64EMU_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(arm64emu_gdb_listen(NULL, 0, &port), ARM64EMU_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(arm64emu_gdb_serve(m, NULL), ARM64EMU_ERR_INVALID_ARGUMENT);
    arm64emu_destroy(m);
}
END_TEST

START_TEST(z_packets_share_one_library_breakpoint_per_address)
{
    arm64emu_machine *m = test_machine();
    gdbstub_t *g = stub_for(m);
    ASK_EQ(g, "Z0,40000010,4", "OK");
    ASK_EQ(g, "Z0,40000010,4", "OK");   /* idempotent */
    ASK_EQ(g, "Z1,40000010,4", "OK");
    ASK_EQ(g, "z0,40000010,4", "OK");   /* Z1 still needs it */
    ck_assert_int_eq(arm64emu_debug_break_add(m, TEST_RAM_BASE + 0x10),
                     ARM64EMU_ERR_INVALID_ARGUMENT);
    ASK_EQ(g, "z1,40000010,4", "OK");
    ck_assert_int_eq(arm64emu_debug_break_del(m, TEST_RAM_BASE + 0x10),
                     ARM64EMU_ERR_INVALID_ARGUMENT);
    ASK_EQ(g, "Z2,40000100,8", "OK");
    ASK_EQ(g, "Z4,40000100,8", "OK");
    ck_assert_int_eq(arm64emu_debug_watch_del(m, TEST_RAM_BASE + 0x100, 8,
                                              1u << ARM64EMU_ACCESS_WRITE),
                     ARM64EMU_OK);
    ASK_EQ(g, "z2,40000100,8", "OK");   /* already gone below: still OK */
    gdb_points_clear(g);
    ck_assert_int_eq(arm64emu_debug_watch_del(m, TEST_RAM_BASE + 0x100, 8, 3),
                     ARM64EMU_ERR_INVALID_ARGUMENT);
    for (unsigned i = 0; i < GDB_MAX_BREAKS; i++) {
        char pkt[64];
        snprintf(pkt, sizeof(pkt), "Z0,%x,4", 0x40000000u + 4 * i);
        ASK_EQ(g, pkt, "OK");
    }
    ASK_EQ(g, "Z0,50000000,4", "E0c");  /* the table is full */
    gdbstub_free(g);
    arm64emu_destroy(m);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("gdbstub");
    TCase *t = tcase_create("gdbstub");
    tcase_add_test(t, packet_with_good_checksum_is_delivered);
    tcase_add_test(t, bad_or_non_hex_checksum_is_rejected);
    tcase_add_test(t, acks_and_ctrl_c_are_reported_between_packets);
    tcase_add_test(t, dollar_inside_a_packet_restarts_it);
    tcase_add_test(t, overlong_packet_is_dropped_without_overflow);
    tcase_add_test(t, frame_escapes_special_bytes_and_round_trips);
    tcase_add_test(t, unescape_rejects_trailing_escape_and_overflow);
    tcase_add_test(t, hex_parsing_is_bounded_and_strict);
    tcase_add_test(t, reply_buffer_marks_overflow_instead_of_writing_past);
    tcase_add_test(t, random_byte_streams_stay_inside_the_packet_buffer);
    tcase_add_test(t, g_packet_packs_core_and_fp_registers_little_endian);
    tcase_add_test(t, p_and_P_read_and_write_single_registers);
    tcase_add_test(t, G_packet_writes_registers_in_order);
    tcase_add_test(t, system_registers_are_named_and_readable);
    tcase_add_test(t, target_xml_reads_back_whole_in_chunks);
    tcase_add_test(t, m_and_M_access_memory_through_the_cpu);
    tcase_add_test(t, X_writes_escaped_binary);
    tcase_add_test(t, cpus_are_threads_one_to_n);
    tcase_add_test(t, queries_answer_what_gdb_needs);
    tcase_add_test(t, resume_packets_choose_step_or_continue);
    tcase_add_test(t, z_packets_are_checked_before_use);
    tcase_add_test(t, stop_replies_name_thread_and_cause);
    tcase_add_test(t, random_packets_never_crash);
    tcase_add_test(t, z_packets_share_one_library_breakpoint_per_address);
    tcase_add_test(t, serve_acks_interrupts_breaks_and_detaches_over_tcp);
    tcase_add_test(t, serve_ends_on_kill_and_on_a_lost_debugger);
    tcase_add_test(t, destroy_closes_a_server_never_served);
    tcase_set_timeout(t, 30);
    suite_add_tcase(s, t);
    return test_main(s);
}
