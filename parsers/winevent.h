/* winevent: Windows events that were rendered to text before they reached us, into the same pw_event the
 * EVTX parser produces for the same record.
 *
 *  - XML as written by `wevtutil qe LOG /f:xml` (a stream of <Event> elements, no root), `wevtutil ... /e:Events`
 *    or Get-WinEvent's ToXml() (with an <Events> root), and /f:RenderedXml (adds RenderingInfo/Message).
 *  - JSON lines as written by Winlogbeat or any ECS shipper, nested ({"winlog":{"event_id":...}}) or dotted.
 *
 * Fields (contracts.md): @timestamp (TimeCreated/@SystemTime), host.name and winlog.computer_name
 * (Computer), event.code and winlog.event_id (EventID, as a string), event.provider and winlog.provider_name
 * (Provider/@Name), winlog.provider_guid, winlog.channel, winlog.record_id (int), winlog.task, winlog.opcode,
 * winlog.keywords, log.level (Level 1..5 -> critical, error, warning, information, verbose; 0 -> information),
 * process.pid and process.thread.id (Execution, ints), winlog.user.identifier (Security/@UserID),
 * winlog.event_data.<Name> (unnamed <Data> become param1, param2, ... as Winlogbeat names them),
 * winlog.user_data.<Name>, message (RenderingInfo/Message), event.module "winevent".
 *
 * XML safety: libxml2's reader with XML_PARSE_NONET, no entity substitution and no DTD loading; each <Event>
 * is cut out of the stream and parsed on its own, so a damaged record becomes one parse-error event
 * (patchwatch.parse_error, event.original) and the records after it are still read. */
#ifndef PW_WINEVENT_H
#define PW_WINEVENT_H

#include <stddef.h>
#include <stdint.h>

#include "core/pw_buf.h"
#include "core/pw_error.h"
#include "core/pw_event.h"

/* 4 MiB: a Windows record is < 64 KiB (it must fit in one EVTX chunk); rendered XML with a long message is a
 * few times that. A larger "<Event>" is refused as one parse-error event. */
#define PW_WINEVENT_MAX_RECORD ((size_t)4 << 20)

typedef struct pw_winevent_xml pw_winevent_xml;

/* path "-" reads stdin. */
pw_winevent_xml *pw_winevent_xml_open(const char *path, pw_error *err);
/* buf is borrowed and must outlive the reader; name labels messages. */
pw_winevent_xml *pw_winevent_xml_open_mem(const char *buf, size_t len, const char *name, pw_error *err);
/* 1 with the next event in ev (possibly a parse-error event for a damaged record), 0 at the end, -1 on an
 * I/O error. */
int pw_winevent_xml_next(pw_winevent_xml *r, pw_event *ev, pw_error *err);
/* Byte offset of the last record returned (for messages). */
size_t pw_winevent_xml_offset(const pw_winevent_xml *r);
void pw_winevent_xml_close(pw_winevent_xml *r);

/* One <Event>...</Event> element into ev (reset first). 0, or -1 with err naming the XML error (ev then
 * holds what was read before it). */
int pw_winevent_xml_parse_record(const char *xml, size_t len, pw_event *ev, pw_error *err);

/* One JSON line into ev. Invalid JSON becomes a parse-error event (returns 0); -1 only on limits. */
int pw_winevent_json_parse_line(const char *line, size_t len, pw_event *ev, pw_error *err);
/* Fills the contract fields from what Winlogbeat wrote (winlog.event_id -> event.code, ...), in place. */
int pw_winevent_json_normalize(pw_event *ev, pw_error *err);

/* "critical", "error", "warning", "information", "verbose" for Level 0..5 (0 = LogAlways = information);
 * NULL above 5. */
const char *pw_winevent_level_name(long level);

/* Splits Windows JSON input into top-level objects: NDJSON, objects over several lines, or arrays of objects
 * (pretty-printed or not), streaming (winevent_json_split.c). next gives 1 and the object (valid until the
 * next call), 0 at the end, -1 with err naming the byte offset and line of broken structure. */
typedef struct pw_winevent_json_split {
    int fd, eof, in_array;
    char rd[65536];
    size_t rpos, rlen;
    unsigned long long off, line;         /* of rd[rpos] */
    unsigned long long val_off, val_line; /* of the value being returned */
    pw_buf val;
} pw_winevent_json_split;
void pw_winevent_json_split_init(pw_winevent_json_split *s, int fd);
int pw_winevent_json_split_next(pw_winevent_json_split *s, const char **val, size_t *len, pw_error *err);
void pw_winevent_json_split_free(pw_winevent_json_split *s);

/* Winlogbeat's names for the standard Windows values (winevent_fields.c). keyword_names writes the names of
 * the standard bits set in mask as a JSON array into out (cap >= 256) and returns its length, 0 when none is
 * set; opcode_name is NULL outside 0..9; ecs_category gives JSON arrays for event.category/event.type of a
 * (provider, event id) pair in the table, 0, or -1 when it is not there. */
size_t pw_winevent_keyword_names(uint64_t mask, char *out, size_t cap);
const char *pw_winevent_opcode_name(long opcode);
int pw_winevent_ecs_category(const char *provider, int64_t event_id, const char **category, const char **type);
/* Fills the Winlogbeat fields the EVTX path writes from what a rendered event has (provider_name,
 * winlog.process.*, keyword/opcode/task names, winlog.api = api when absent, event.category/type, event.kind);
 * never overwrites a field the input gave except to name a numeric keyword/opcode/task. */
int pw_winevent_winlogbeat_fields(pw_event *ev, const char *api, pw_error *err);

#endif
