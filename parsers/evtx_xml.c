/* evtx_xml: renders a walked record (node list) as the XML Windows produces for it (wevtutil qe /f:xml
 * style, attributes in single quotes, the event namespace carried by the record itself), on one line: line
 * breaks inside values are written as the character references &#10; / &#13; (the same characters to any
 * XML reader, and CR LF survives the reader's line-end normalisation).
 * Values are formatted by evtx_value.c and escaped here; malformed node sequences (an element never
 * closed) are closed at the end so the output is always well-formed XML. */
#include <stdio.h>
#include <string.h>

#include "parsers/evtx_priv.h"

static int put_escaped(pw_buf *out, const char *s, size_t len, int attr)
{
    size_t start = 0;
    char ctl[8];
    for (size_t i = 0; i < len; i++) {
        const char *rep = NULL;
        switch (s[i]) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '\'': if (attr) rep = "&apos;"; break;
        case '"': if (attr) rep = "&quot;"; break;
        case '\n': rep = "&#10;"; break; /* one record per line; also keeps CR LF through XML parsers */
        case '\r': rep = "&#13;"; break;
        default:
            if ((unsigned char)s[i] < 0x20 && s[i] != '\t') { /* other controls: a reference, not a raw byte */
                snprintf(ctl, sizeof ctl, "&#%u;", (unsigned)(unsigned char)s[i]);
                rep = ctl;
            }
            break;
        }
        if (rep) {
            if (pw_buf_append(out, s + start, i - start) || pw_buf_puts(out, rep)) return -1;
            start = i + 1;
        }
    }
    return pw_buf_append(out, s + start, len - start);
}

int evtx_render_xml(pw_evtx_dec *d, pw_buf *out)
{
    uint16_t stack[EVTX_MAX_DEPTH * 4];
    int sp = 0, in_tag = 0, in_attr = 0, in_pi = 0, rc = 0;
    for (uint32_t i = 0; i < d->nnodes && !rc; i++) {
        const evtx_node *n = &d->nodes[i];
        if (in_attr && n->kind != N_VALUE && n->kind != N_CHARREF && n->kind != N_ENTREF) {
            rc |= pw_buf_putc(out, '\'');
            in_attr = 0;
        }
        if (in_pi && n->kind != N_PI_DATA) {
            rc |= pw_buf_puts(out, "?>");
            in_pi = 0;
        }
        if (in_tag && !in_attr &&
            (n->kind == N_OPEN || n->kind == N_VALUE || n->kind == N_CDATA || n->kind == N_END ||
             n->kind == N_PI_TARGET || n->kind == N_CHARREF || n->kind == N_ENTREF)) {
            rc |= pw_buf_putc(out, '>'); /* element content without a close-start token */
            in_tag = 0;
        }
        switch (n->kind) {
        case N_OPEN:
            if (sp == (int)(sizeof stack / sizeof stack[0])) return -1;
            stack[sp++] = n->name;
            rc |= pw_buf_putc(out, '<');
            rc |= pw_buf_puts(out, evtx_name_str(d, n->name, NULL));
            in_tag = 1;
            break;
        case N_ATTR:
            rc |= pw_buf_putc(out, ' ');
            rc |= pw_buf_puts(out, evtx_name_str(d, n->name, NULL));
            rc |= pw_buf_append(out, "='", 2);
            in_attr = 1;
            break;
        case N_CLOSE_START:
            if (in_tag) rc |= pw_buf_putc(out, '>');
            in_tag = 0;
            break;
        case N_CLOSE_EMPTY:
            if (in_tag) rc |= pw_buf_append(out, "/>", 2);
            else if (sp) {
                rc |= pw_buf_append(out, "</", 2);
                rc |= pw_buf_puts(out, evtx_name_str(d, stack[sp - 1], NULL));
                rc |= pw_buf_putc(out, '>');
            }
            if (sp) sp--;
            in_tag = 0;
            break;
        case N_END:
            if (!sp) break;
            rc |= pw_buf_append(out, "</", 2);
            rc |= pw_buf_puts(out, evtx_name_str(d, stack[--sp], NULL));
            rc |= pw_buf_putc(out, '>');
            break;
        case N_VALUE:
            pw_buf_reset(&d->scratch);
            if (pw_evtx_value_text(&d->scratch, n->vtype, n->data, n->len) == 0)
                rc |= put_escaped(out, d->scratch.data ? d->scratch.data : "", d->scratch.len, in_attr);
            break;
        case N_CDATA:
            pw_buf_reset(&d->scratch);
            rc |= evtx_utf16_to_utf8(&d->scratch, n->data, n->len);
            rc |= pw_buf_puts(out, "<![CDATA[");
            rc |= pw_buf_append(out, d->scratch.data, d->scratch.len);
            rc |= pw_buf_puts(out, "]]>");
            break;
        case N_CHARREF:
            rc |= pw_buf_printf(out, "&#%u;", (unsigned)n->len);
            break;
        case N_ENTREF:
            rc |= pw_buf_putc(out, '&');
            rc |= pw_buf_puts(out, evtx_name_str(d, n->name, NULL));
            rc |= pw_buf_putc(out, ';');
            break;
        case N_PI_TARGET:
            rc |= pw_buf_append(out, "<?", 2);
            rc |= pw_buf_puts(out, evtx_name_str(d, n->name, NULL));
            in_pi = 1;
            break;
        case N_PI_DATA:
            pw_buf_reset(&d->scratch);
            rc |= evtx_utf16_to_utf8(&d->scratch, n->data, n->len);
            rc |= pw_buf_putc(out, ' ');
            rc |= pw_buf_append(out, d->scratch.data, d->scratch.len);
            break;
        default: break;
        }
        if (out->len > EVTX_MAX_RENDER) return -1;
    }
    if (in_attr) rc |= pw_buf_putc(out, '\'');
    if (in_pi) rc |= pw_buf_puts(out, "?>");
    if (in_tag) {
        rc |= pw_buf_append(out, "/>", 2);
        sp--;
    }
    while (sp > 0) {
        rc |= pw_buf_append(out, "</", 2);
        rc |= pw_buf_puts(out, evtx_name_str(d, stack[--sp], NULL));
        rc |= pw_buf_putc(out, '>');
    }
    return rc ? -1 : 0;
}
